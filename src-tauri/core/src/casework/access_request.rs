//! A subject access request: everything Channel Desk holds about one person, as a PDF marked
//! and laid out as the minutes are, written with its audit row or not at all. The person is
//! the one of the case chosen, and of any other case recorded for the same name and date of
//! birth (a new referral recorded as a case of its own).

use std::path::Path;

use channel_desk_pdf::{render, Block, Document};
use rusqlite::{Connection, Transaction};

use crate::common::dates::{self, today};
use crate::common::unprintable::{unprintable, Unprintable};
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::meetings::actions::ActionStatus;
use crate::meetings::minutes::{exported_note, table, MARKING};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};
use crate::store::files::{write_then_commit, IfExists};

use super::consent::{ConsentBy, ConsentStatus};
use super::decision::HowReached;
use super::record::{case_record, CaseRecord};
use super::support::InterventionStatus;
use super::workflow::{DecisionKind, ExitReason, ScreeningOutcome};

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
    }
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "None recorded".to_owned()
    } else {
        text.to_owned()
    }
}

/// A section's table, or a line saying there is nothing in it.
fn section(blocks: &mut Vec<Block>, title: &str, headers: &[&str], widths: &[f32], rows: Rows) {
    blocks.push(heading(3, title));
    blocks.push(if rows.is_empty() {
        Block::Paragraph("None recorded.".into())
    } else {
        table(headers, widths, rows)
    });
}

/// The ids of the person's cases: the case chosen first, then any other not erased with the
/// same name (accents and case ignored) and date of birth.
fn person_cases(conn: &Connection, case_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id FROM cases c JOIN cases o ON o.id = c.id
            OR (c.date_of_birth IS NOT NULL AND o.date_of_birth = c.date_of_birth
                AND fold(o.full_name) = fold(c.full_name) AND o.erased_on IS NULL)
         WHERE c.id = ?1 AND c.erased_on IS NULL
         ORDER BY o.id <> c.id, o.received_on, o.id",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Err(CoreError::NotFound("That case"));
    }
    Ok(ids)
}

/// A table's rows, as printed.
type Rows = Vec<Vec<String>>;

/// What the panel's meetings recorded about a case: (meeting day, why it was on the agenda,
/// discussion) and its actions (what, owner, due, status).
fn meeting_items(tx: &Transaction, case_id: i64) -> Result<(Rows, Rows)> {
    let mut stmt = tx.prepare_cached(
        "SELECT m.held_on, a.reason, a.discussion, coalesce(a.removed_reason, '')
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.case_id = ?1 ORDER BY m.held_on, a.position",
    )?;
    let items = stmt
        .query_map([case_id], |r| {
            let removed: String = r.get(3)?;
            let reason: String = r.get(1)?;
            Ok(vec![
                dates::long_text(&r.get::<_, String>(0)?),
                if removed.is_empty() {
                    reason
                } else {
                    format!("{reason} (removed from the agenda: {removed})")
                },
                or_none(&r.get::<_, String>(2)?),
            ])
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare_cached(
        "SELECT what, owner, due_on, status, dropped_reason FROM actions
         WHERE case_id = ?1 ORDER BY due_on, id",
    )?;
    let actions = stmt
        .query_map([case_id], |r| {
            let dropped: String = r.get(4)?;
            let status = ActionStatus::label_of(&r.get::<_, String>(3)?);
            Ok(vec![
                r.get(0)?,
                r.get(1)?,
                dates::long_text(&r.get::<_, String>(2)?),
                if dropped.is_empty() {
                    status
                } else {
                    format!("{status}: {dropped}")
                },
            ])
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((items, actions))
}

/// One case's part of the document.
fn case_blocks(c: &CaseRecord, items: Rows, actions: Rows) -> Vec<Block> {
    let r = &c.referral;
    let born = match (&r.date_of_birth, r.approximate_age) {
        (Some(born), _) => dates::long_text(born),
        (None, Some(age)) => format!("Not known (about {age} when referred)"),
        (None, None) => "Not known".to_owned(),
    };
    let needs: Vec<&str> = c
        .categories
        .needs
        .iter()
        .map(|n| n.label.as_str())
        .collect();
    let mut blocks = vec![
        heading(2, &format!("Case {}", c.reference)),
        Block::Fields(vec![
            ("Name".into(), r.full_name.clone()),
            ("Other names".into(), or_none(&r.other_names)),
            ("Date of birth".into(), born),
            ("Address".into(), or_none(&r.address)),
            ("Postcode".into(), or_none(&r.postcode)),
            ("School or employer".into(), or_none(&r.school_or_employer)),
            ("Languages".into(), or_none(&r.languages)),
            ("Sex or gender".into(), or_none(&c.categories.gender.label)),
            ("Ethnicity".into(), or_none(&c.categories.ethnicity.label)),
            ("Needs".into(), or_none(&needs.join(", "))),
            ("Referral received".into(), dates::long_text(&r.received_on)),
            (
                "Referred by".into(),
                format!(
                    "{} ({}), {}",
                    r.referrer_name, c.sector_label, r.referrer_organisation
                ),
            ),
            ("Type of concern".into(), c.concern_type_label.clone()),
            ("Concern".into(), or_none(&r.concern)),
            ("Other agencies".into(), or_none(&r.other_agencies)),
            ("Stage".into(), c.stage_label.to_owned()),
        ]),
    ];
    section(
        &mut blocks,
        "Timeline",
        &["Date", "What happened", "Recorded by"],
        &[1.0, 3.0, 1.0],
        c.timeline
            .iter()
            .map(|e| {
                vec![
                    dates::long_text(&e.happened_on),
                    e.summary.clone(),
                    e.recorded_by.clone(),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        "Police screening",
        &["Date", "Outcome", "Information gathered"],
        &[1.0, 1.5, 3.0],
        c.screenings
            .iter()
            .map(|s| {
                vec![
                    dates::long_text(&s.screened_on),
                    ScreeningOutcome::label_of(&s.outcome),
                    or_none(&s.information_gathering),
                ]
            })
            .collect(),
    );
    blocks.push(heading(3, "Vulnerability assessments"));
    if c.assessments.is_empty() {
        blocks.push(Block::Paragraph("None recorded.".into()));
    }
    for a in &c.assessments {
        let applying: Vec<String> = a
            .factors
            .iter()
            .filter(|f| f.applies || !f.notes.is_empty())
            .map(|f| {
                let applies = if f.applies {
                    "applies"
                } else {
                    "does not apply"
                };
                if f.notes.is_empty() {
                    format!("{} ({applies})", f.label)
                } else {
                    format!("{} ({applies}): {}", f.label, f.notes)
                }
            })
            .collect();
        blocks.push(Block::Fields(vec![
            ("Assessed".into(), dates::long_text(&a.assessed_on)),
            ("Assessor".into(), a.assessor.clone()),
            ("Factors".into(), or_none(&applying.join("; "))),
            ("Engagement".into(), or_none(&a.engagement_summary)),
            ("Intent".into(), or_none(&a.intent_summary)),
            ("Capability".into(), or_none(&a.capability_summary)),
            ("Conclusion".into(), or_none(&a.conclusion)),
        ]));
    }
    section(
        &mut blocks,
        "Consent",
        &["Sought", "By", "Answer", "Given by", "Notes"],
        &[1.0, 1.2, 1.2, 1.4, 2.0],
        c.consents
            .iter()
            .map(|k| {
                let guardian = if k.guardian_name.is_empty() {
                    String::new()
                } else {
                    format!(" ({}, {})", k.guardian_name, k.guardian_relationship)
                };
                vec![
                    dates::long_text(&k.sought_on),
                    k.sought_by.clone(),
                    format!(
                        "{} on {}",
                        ConsentStatus::label_of(&k.status),
                        dates::long_text(&k.status_on)
                    ),
                    format!("{}{guardian}", ConsentBy::label_of(&k.given_by)),
                    or_none(&k.capacity_notes),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        "Support",
        &["Type", "Provider", "Dates", "Sessions", "Status", "Outcome"],
        &[1.4, 1.2, 1.4, 0.8, 0.9, 1.5],
        c.interventions
            .iter()
            .map(|i| {
                vec![
                    i.kind.clone(),
                    i.provider.clone(),
                    format!(
                        "{} to {}",
                        dates::long_text(&i.start_on),
                        dates::long_text(&i.planned_end_on)
                    ),
                    format!("{} of {}", i.sessions_delivered, i.sessions_planned),
                    InterventionStatus::label_of(&i.status),
                    or_none(&i.outcome),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        "Decisions",
        &["Date", "Decision", "How reached", "Rationale"],
        &[1.0, 1.5, 1.1, 3.0],
        c.decisions
            .iter()
            .map(|d| {
                let mut decision = DecisionKind::label_of(&d.kind);
                for (label, text) in [
                    ("signposted to", d.signposted_to.clone()),
                    ("reason", ExitReason::label_of(&d.exit_reason)),
                    ("why it could not wait", d.urgent_reason.clone()),
                ] {
                    if !text.is_empty() {
                        decision.push_str(&format!("; {label}: {text}"));
                    }
                }
                vec![
                    dates::long_text(&d.decided_on),
                    decision,
                    HowReached::label_of(&d.how_reached),
                    or_none(&d.rationale),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        "Panel meetings",
        &["Meeting", "On the agenda", "Discussion"],
        &[1.0, 1.6, 3.4],
        items,
    );
    section(
        &mut blocks,
        "Actions",
        &["Action", "Owner", "Due", "Status"],
        &[3.0, 1.2, 1.0, 1.2],
        actions,
    );
    section(
        &mut blocks,
        "Notes",
        &["Date", "Author", "Note"],
        &[1.0, 1.0, 4.0],
        c.notes
            .iter()
            .map(|n| {
                vec![
                    dates::long_text(&n.written_on),
                    n.author.clone(),
                    n.text.clone(),
                ]
            })
            .collect(),
    );
    blocks
}

impl Session {
    /// Writes everything held about the person of `case_id` to `out` as PDF (owner-only
    /// permissions), audited with the cases it holds: the file and the audit row are written
    /// together or not at all. Administrators only. Any characters printed as empty boxes.
    pub fn export_subject_access(
        &mut self,
        case_id: i64,
        out: &Path,
        if_exists: IfExists,
    ) -> Result<Vec<Unprintable>> {
        self.require_admin("export everything held about a person")?;
        let actor = self.actor().to_owned();
        let exporter = self.person.full_name.clone();
        let tx = self.conn.transaction()?;
        let mut records = Vec::new();
        for id in person_cases(&tx, case_id)? {
            let record = case_record(&tx, id, today(), false)?;
            let (items, actions) = meeting_items(&tx, id)?;
            records.push((record, items, actions));
        }
        let name = records[0].0.referral.full_name.clone();
        let references: Vec<String> = records.iter().map(|r| r.0.reference.clone()).collect();
        let mut blocks = vec![
            heading(1, &format!("Subject access request: {name}")),
            Block::Paragraph(format!(
                "Everything Channel Desk holds about {name}, prepared on {} for a subject \
                 access request: {} ({}). The audit trail records who saw or changed these \
                 records and when.",
                dates::long(today()),
                if records.len() == 1 {
                    "one case record".to_owned()
                } else {
                    format!("{} case records", records.len())
                },
                references.join(", "),
            )),
        ];
        for (record, items, actions) in records {
            blocks.extend(case_blocks(&record, items, actions));
        }
        let document = Document {
            title: format!("Subject access request, {name}"),
            marking: MARKING.into(),
            footer_note: format!("{}.", exported_note(&tx, Some(&exporter))?),
            subject: String::new(),
            blocks,
        };
        let pdf = render(&document)?;
        let detail = serde_json::json!({
            "file": out.display().to_string(),
            "cases": references,
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::SubjectAccessExported,
            &format!("case:{}", references[0]),
            &detail.to_string(),
        )?;
        write_then_commit(tx, out, &pdf.bytes, if_exists)?;
        Ok(unprintable(pdf.missing))
    }
}
