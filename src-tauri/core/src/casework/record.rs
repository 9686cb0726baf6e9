//! One case's whole record, as the case record screen shows it. Viewing it is audited.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::common::dates::{self, today};
use crate::error::{CoreError, Result};
use crate::reference;
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::categories::{self, Categories};
use super::flags::{flag_dates, FLAG_PROBLEM};
use super::review::ReviewAfterExit;
use super::state::{load_state, CaseState};
use super::workflow::{NextSteps, Stage};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Event {
    pub happened_on: String,
    pub episode: i64,
    pub kind: String,
    pub summary: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FactorView {
    pub factor: String,
    pub label: String,
    pub dimension: String,
    pub applies: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Assessment {
    pub id: i64,
    pub episode: i64,
    pub assessed_on: String,
    pub assessor: String,
    pub engagement_summary: String,
    pub intent_summary: String,
    pub capability_summary: String,
    pub conclusion: String,
    pub factors: Vec<FactorView>,
    /// What changed since the assessment before it, in words.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct InterventionView {
    pub id: i64,
    pub kind: String,
    pub provider: String,
    pub start_on: String,
    pub planned_end_on: String,
    pub funding: String,
    pub sessions_planned: i64,
    pub sessions_delivered: i64,
    pub last_session_on: Option<String>,
    pub status: String,
    pub outcome: String,
    pub flag: Option<String>,
}

/// The referral as recorded on the case, with where the case stands.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Referral {
    pub reference: String,
    pub received_on: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_sector: String,
    pub full_name: String,
    pub other_names: String,
    pub date_of_birth: Option<String>,
    pub approximate_age: Option<u32>,
    pub address: String,
    pub postcode: String,
    pub school_or_employer: String,
    pub languages: String,
    pub concern_type: String,
    pub concern: String,
    pub other_agencies: String,
    /// Whether the children's safeguarding front door was told; `None` when not recorded.
    pub mash_informed: Option<bool>,
    pub stage_since: String,
    pub exit_date: Option<String>,
    pub exit_reason: Option<String>,
}

/// The next review of a case: the panel's monthly review while in Channel, or the review
/// after exit (`months_after_exit`, which the page offers to record); overdue once its day
/// has passed without it (holding it moves the case on, and with it the next review).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct NextReview {
    pub what: String,
    pub due_on: String,
    pub months_after_exit: Option<u8>,
    pub overdue: bool,
}

/// The one rule for a case's next review, for the case record and the case list: the review
/// after `exit` that the case's stage waits for, or, while adopted, the panel's review a month
/// after its latest decision.
pub(crate) fn next_review(
    stage: Stage,
    exit: Option<NaiveDate>,
    last_decision: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NextReview> {
    let (what, due_on, months_after_exit) =
        match exit.and_then(|exit| ReviewAfterExit::of(stage, exit)) {
            Some(review) => (review.label(), review.due_on, Some(review.months)),
            None if stage.is_adopted() => (
                "Panel review".to_owned(),
                last_decision?.checked_add_months(chrono::Months::new(1))?,
                None,
            ),
            None => return None,
        };
    Some(NextReview {
        what,
        due_on: due_on.to_string(),
        months_after_exit,
        overdue: dates::overdue(due_on, today),
    })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Screening {
    pub id: i64,
    pub episode: i64,
    pub screened_on: String,
    pub outcome: String,
    pub information_gathering: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Consent {
    pub id: i64,
    pub episode: i64,
    pub sought_on: String,
    pub sought_by: String,
    /// "given", "refused" or "withdrawn".
    pub status: String,
    pub status_on: String,
    /// "individual" or "parent_guardian".
    pub given_by: String,
    pub guardian_name: String,
    pub guardian_relationship: String,
    pub capacity_notes: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Decision {
    pub id: i64,
    pub episode: i64,
    pub decided_on: String,
    pub kind: String,
    pub rationale: String,
    pub how_reached: String,
    pub signposted_to: String,
    pub exit_reason: String,
    pub recorded_by: String,
    /// Why a decision recorded outside a panel meeting could not wait; empty for the
    /// panel's.
    pub urgent_reason: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Note {
    pub id: i64,
    pub written_on: String,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CaseRecord {
    pub id: i64,
    pub reference: String,
    pub episode: i64,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub days_in_stage: i64,
    pub age_today: Option<u32>,
    pub next_review: Option<NextReview>,
    /// Whether the viewer may record casework on this case, and the journey's next steps
    /// they may take (none for a reader).
    pub may_record: bool,
    pub next_steps: NextSteps,
    pub referral: Referral,
    pub concern_type_label: String,
    pub sector_label: String,
    pub categories: Categories,
    pub timeline: Vec<Event>,
    pub screenings: Vec<Screening>,
    pub assessments: Vec<Assessment>,
    pub consents: Vec<Consent>,
    pub consent_withdrawn: bool,
    pub interventions: Vec<InterventionView>,
    pub decisions: Vec<Decision>,
    pub notes: Vec<Note>,
}

/// One case's rows of a table, each read by `row`.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Session {
    /// One case's whole record. The view is audited in the same transaction as the read.
    pub fn case_record(&mut self, case_id: i64) -> Result<CaseRecord> {
        self.require_case_view()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let may_record = self.person.may.record_casework;
        let record = case_record(&tx, case_id, today(), may_record)?;
        audit::append(
            &tx,
            &actor,
            AuditAction::CaseViewed,
            &format!("case:{}", record.reference),
            "{}",
        )?;
        tx.commit()?;
        Ok(record)
    }
}

pub(crate) fn case_record(
    conn: &Connection,
    case_id: i64,
    today: NaiveDate,
    may_record: bool,
) -> Result<CaseRecord> {
    let state: CaseState = load_state(conn, case_id)?;
    let referral = conn
        .query_row(
            "SELECT reference, received_on, referrer_name, referrer_organisation, referrer_sector, full_name, other_names,
                    date_of_birth, approximate_age, address, postcode, school_or_employer, languages,
                    concern_type, concern, other_agencies,
                    mash_informed, stage_since, exit_date, exit_reason
             FROM cases WHERE id = ?1",
            [case_id],
            |r| {
                Ok(Referral {
                    reference: r.get("reference")?,
                    received_on: r.get("received_on")?,
                    referrer_name: r.get("referrer_name")?,
                    referrer_organisation: r.get("referrer_organisation")?,
                    referrer_sector: r.get("referrer_sector")?,
                    full_name: r.get("full_name")?,
                    other_names: r.get("other_names")?,
                    date_of_birth: r.get("date_of_birth")?,
                    approximate_age: r.get("approximate_age")?,
                    address: r.get("address")?,
                    postcode: r.get("postcode")?,
                    school_or_employer: r.get("school_or_employer")?,
                    languages: r.get("languages")?,
                    concern_type: r.get("concern_type")?,
                    concern: r.get("concern")?,
                    other_agencies: r.get("other_agencies")?,
                    mash_informed: r.get("mash_informed")?,
                    stage_since: r.get("stage_since")?,
                    exit_date: r.get("exit_date")?,
                    exit_reason: r.get("exit_reason")?,
                })
            },
        )
        .optional()?
        .ok_or(CoreError::NotFound("That case"))?;
    let row = |column: &str| format!("case {} ({column})", state.reference);
    let stage_since = dates::stored(&row("stage_since"), &referral.stage_since)?;
    let last_decision: Option<String> = conn.query_row(
        "SELECT max(decided_on) FROM decisions WHERE case_id = ?1 AND episode = ?2",
        params![case_id, state.episode],
        |r| r.get(0),
    )?;
    let last_decision = last_decision
        .map(|d| dates::stored(&row("decided_on"), &d))
        .transpose()?;
    let next_review = next_review(state.stage, state.exit_date, last_decision, today);

    let mut stmt = conn.prepare_cached(
        "SELECT happened_on, episode, kind, summary, recorded_by FROM case_events WHERE case_id = ?1 ORDER BY happened_on DESC, id DESC",
    )?;
    let timeline = stmt
        .query_map([case_id], |r| {
            Ok(Event {
                happened_on: r.get(0)?,
                episode: r.get(1)?,
                kind: r.get(2)?,
                summary: r.get(3)?,
                recorded_by: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let factors_known = reference::list(conn, "vaf_factor")?;
    let mut assessments: Vec<Assessment> = Vec::new();
    for mut assessment in rows(
        conn,
        "SELECT id, episode, assessed_on, assessor, engagement_summary, intent_summary,
                capability_summary, conclusion
         FROM vaf_assessments WHERE case_id = ?1 ORDER BY assessed_on, id",
        case_id,
        |r| {
            Ok(Assessment {
                id: r.get("id")?,
                episode: r.get("episode")?,
                assessed_on: r.get("assessed_on")?,
                assessor: r.get("assessor")?,
                engagement_summary: r.get("engagement_summary")?,
                intent_summary: r.get("intent_summary")?,
                capability_summary: r.get("capability_summary")?,
                conclusion: r.get("conclusion")?,
                factors: Vec::new(),
                changes: Vec::new(),
            })
        },
    )? {
        assessment.factors = rows(
            conn,
            "SELECT factor, applies, notes FROM vaf_factors WHERE assessment_id = ?1",
            assessment.id,
            |r| {
                let factor: String = r.get("factor")?;
                let known = factors_known.iter().find(|k| k.code == factor);
                Ok(FactorView {
                    label: known.map_or_else(|| factor.clone(), |k| k.label.clone()),
                    dimension: known.map(|k| k.grouping.clone()).unwrap_or_default(),
                    factor,
                    applies: r.get("applies")?,
                    notes: r.get("notes")?,
                })
            },
        )?;
        if let Some(before) = assessments.last() {
            assessment.changes = assessment_changes(before, &assessment);
        }
        assessments.push(assessment);
    }
    assessments.reverse();

    let consents = rows(
        conn,
        "SELECT id, episode, sought_on, sought_by, status, status_on, given_by, guardian_name,
                guardian_relationship, capacity_notes
         FROM consents WHERE case_id = ?1 ORDER BY status_on DESC, id DESC",
        case_id,
        |r| {
            Ok(Consent {
                id: r.get("id")?,
                episode: r.get("episode")?,
                sought_on: r.get("sought_on")?,
                sought_by: r.get("sought_by")?,
                status: r.get("status")?,
                status_on: r.get("status_on")?,
                given_by: r.get("given_by")?,
                guardian_name: r.get("guardian_name")?,
                guardian_relationship: r.get("guardian_relationship")?,
                capacity_notes: r.get("capacity_notes")?,
            })
        },
    )?;
    let consent_withdrawn = state.stage.is_adopted()
        && consents
            .iter()
            .find(|c| c.episode == state.episode)
            .is_some_and(|c| c.status == "withdrawn");
    // Support of earlier episodes is history: only the current episode's is flagged.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.id, i.kind, i.provider, i.start_on, i.planned_end_on, i.funding, i.sessions_planned,
                i.sessions_delivered, i.last_session_on, i.status, i.outcome,
                CASE WHEN i.episode = ?4 THEN {FLAG_PROBLEM} END
         FROM interventions i WHERE i.case_id = ?3 ORDER BY i.start_on DESC, i.id DESC"
    ))?;
    let [today_text, four_weeks_ago] = flag_dates(today);
    let interventions = stmt
        .query_map(
            params![today_text, four_weeks_ago, case_id, state.episode],
            |r| {
                Ok(InterventionView {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    provider: r.get(2)?,
                    start_on: r.get(3)?,
                    planned_end_on: r.get(4)?,
                    funding: r.get(5)?,
                    sessions_planned: r.get(6)?,
                    sessions_delivered: r.get(7)?,
                    last_session_on: r.get(8)?,
                    status: r.get(9)?,
                    outcome: r.get(10)?,
                    flag: r.get(11)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let interventions = interventions
        .into_iter()
        .map(|mut i| {
            i.kind = reference::label(conn, "intervention_type", &i.kind).unwrap_or(i.kind);
            i
        })
        .collect();

    Ok(CaseRecord {
        may_record,
        next_steps: if may_record {
            NextSteps::at(state.stage)
        } else {
            NextSteps::default()
        },
        id: state.id,
        reference: state.reference.clone(),
        episode: state.episode,
        stage: state.stage,
        stage_label: state.stage.label(),
        days_in_stage: (today - stage_since).num_days(),
        age_today: state.age_on(today),
        next_review,
        concern_type_label: reference::label(conn, "concern_type", &referral.concern_type)?,
        sector_label: reference::label(conn, "sector", &referral.referrer_sector)?,
        categories: categories::read(conn, case_id)?,
        referral,
        timeline,
        screenings: rows(
            conn,
            "SELECT id, episode, screened_on, outcome, information_gathering
             FROM screenings WHERE case_id = ?1 ORDER BY screened_on DESC, id DESC",
            case_id,
            |r| {
                Ok(Screening {
                    id: r.get("id")?,
                    episode: r.get("episode")?,
                    screened_on: r.get("screened_on")?,
                    outcome: r.get("outcome")?,
                    information_gathering: r.get("information_gathering")?,
                })
            },
        )?,
        assessments,
        consents,
        consent_withdrawn,
        interventions,
        decisions: rows(
            conn,
            "SELECT id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason,
                    recorded_by, urgent_reason
             FROM decisions WHERE case_id = ?1 ORDER BY decided_on DESC, id DESC",
            case_id,
            |r| {
                Ok(Decision {
                    id: r.get("id")?,
                    episode: r.get("episode")?,
                    decided_on: r.get("decided_on")?,
                    kind: r.get("kind")?,
                    rationale: r.get("rationale")?,
                    how_reached: r.get("how_reached")?,
                    signposted_to: r.get("signposted_to")?,
                    exit_reason: r.get("exit_reason")?,
                    recorded_by: r.get("recorded_by")?,
                    urgent_reason: r.get("urgent_reason")?,
                })
            },
        )?,
        notes: rows(
            conn,
            "SELECT id, written_on, author, text
             FROM case_notes WHERE case_id = ?1 ORDER BY written_on DESC, id DESC",
            case_id,
            |r| {
                Ok(Note {
                    id: r.get("id")?,
                    written_on: r.get("written_on")?,
                    author: r.get("author")?,
                    text: r.get("text")?,
                })
            },
        )?,
    })
}

/// Factors that now apply or no longer apply, and summaries that changed.
fn assessment_changes(before: &Assessment, after: &Assessment) -> Vec<String> {
    let mut changes = Vec::new();
    for f in &after.factors {
        let was = before
            .factors
            .iter()
            .find(|b| b.factor == f.factor)
            .is_some_and(|b| b.applies);
        match (was, f.applies) {
            (false, true) => changes.push(format!("Now applies: {}", f.label)),
            (true, false) => changes.push(format!("No longer applies: {}", f.label)),
            _ => {}
        }
    }
    for ((name, old), (_, new)) in summaries(before).into_iter().zip(summaries(after)) {
        if new != old {
            changes.push(format!("{name} changed"));
        }
    }
    changes
}

fn summaries(a: &Assessment) -> [(&'static str, &str); 4] {
    [
        ("Engagement summary", &a.engagement_summary),
        ("Intent summary", &a.intent_summary),
        ("Capability summary", &a.capability_summary),
        ("Conclusion", &a.conclusion),
    ]
}

#[cfg(test)]
mod tests {
    use crate::casework::{CaseQuery, ReferralInput};
    use crate::{create, CoreError, FirstPerson, Paths};

    #[test]
    fn a_stored_date_that_does_not_read_is_an_error_naming_the_case() {
        let dir = tempfile::tempdir().unwrap();
        let pass = "a long test passphrase";
        let (mut s, _) = create(
            &Paths::new(dir.path().join("cases.db")),
            &FirstPerson {
                full_name: "Ama Mensah",
                username: "ama",
                passphrase: pass,
                passphrase_confirm: pass,
            },
        )
        .unwrap();
        let id = s
            .record_referral(&ReferralInput {
                received_on: "2026-11-02".into(),
                referrer_name: "Safeguarding lead".into(),
                referrer_organisation: "Riverside Academy".into(),
                referrer_sector: "education".into(),
                full_name: "Jomo Otieno".into(),
                date_of_birth: "2001-05-04".into(),
                concern_type: "extreme_right_wing".into(),
                concern: "Shared extremist material".into(),
                categories: crate::casework::CategoriesInput {
                    gender: "male".into(),
                    ethnicity: "black_african".into(),
                    needs: Vec::new(),
                },
                ..Default::default()
            })
            .unwrap();
        s.conn
            .execute("UPDATE cases SET received_on = '31/02/2026'", [])
            .unwrap();
        for result in [
            s.case_record(id).map(drop),
            s.list_cases(&CaseQuery::default()).map(drop),
        ] {
            match result {
                Err(CoreError::StoredDate { row, text }) => {
                    assert_eq!(row, "case CH-2026-0001 (received_on)");
                    assert_eq!(text, "31/02/2026");
                }
                other => panic!("expected the damaged date named, got {other:?}"),
            }
        }
    }
}
