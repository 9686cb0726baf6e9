//! One case's whole record, as the case record screen shows it. Viewing it is audited.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::common::dates::{self, today};
use crate::error::{CoreError, Result};
use crate::reference;
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::flags::{flag_dates, FLAG_PROBLEM};
use super::review::ReviewAfterExit;
use super::state::{load_state, CaseState};
use super::workflow::{NextSteps, Stage};

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub happened_on: String,
    pub episode: i64,
    pub kind: String,
    pub summary: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    pub factor: String,
    pub label: String,
    pub dimension: String,
    pub applies: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Row(pub serde_json::Map<String, serde_json::Value>);

/// The next review of a case: the panel's monthly review while in Channel, or the review
/// after exit (`months_after_exit`, which the page offers to record).
#[derive(Debug, Clone, Serialize)]
pub struct NextReview {
    pub what: String,
    pub due_on: String,
    pub months_after_exit: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
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
    pub referral: Row,
    pub concern_type_label: String,
    pub sector_label: String,
    pub timeline: Vec<Event>,
    pub screenings: Vec<Row>,
    pub assessments: Vec<Assessment>,
    pub consents: Vec<Row>,
    pub consent_withdrawn: bool,
    pub interventions: Vec<InterventionView>,
    pub decisions: Vec<Row>,
    pub notes: Vec<Row>,
}

/// Every column of a query as a JSON object, for the plain record sections.
fn rows(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mapped = stmt.query_map([id], |r| {
        let mut map = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match r.get::<_, Value>(i)? {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => n.into(),
                Value::Real(f) => f.into(),
                Value::Text(t) => t.into(),
                Value::Blob(_) => serde_json::Value::Null,
            };
            map.insert(name.clone(), value);
        }
        Ok(Row(map))
    })?;
    Ok(mapped.collect::<rusqlite::Result<_>>()?)
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

fn case_record(
    conn: &Connection,
    case_id: i64,
    today: NaiveDate,
    may_record: bool,
) -> Result<CaseRecord> {
    let state: CaseState = load_state(conn, case_id)?;
    let referral = rows(
        conn,
        "SELECT reference, received_on, referrer_name, referrer_organisation, referrer_sector, full_name, other_names,
                date_of_birth, approximate_age, gender, address, postcode, school_or_employer, languages, ethnicity,
                concern_type, concern, needs_mental_health, needs_neurodiversity, needs_sen, other_agencies,
                mash_informed, stage_since, exit_date, exit_reason
         FROM cases WHERE id = ?1",
        case_id,
    )?
    .pop()
    .ok_or(CoreError::NotFound("That case"))?;
    let field = |name: &str| {
        referral
            .0
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let row = |column: &str| format!("case {} ({column})", state.reference);
    let stage_since = dates::stored(&row("stage_since"), &field("stage_since"))?;
    let last_decision: Option<String> = conn.query_row(
        "SELECT max(decided_on) FROM decisions WHERE case_id = ?1 AND episode = ?2",
        params![case_id, state.episode],
        |r| r.get(0),
    )?;
    let after_exit = state
        .exit_date
        .and_then(|exit| ReviewAfterExit::of(state.stage, exit));
    let next_review = match after_exit {
        Some(review) => Some(NextReview {
            what: review.label(),
            due_on: review.due_on.to_string(),
            months_after_exit: Some(review.months),
        }),
        None if state.stage.is_adopted() => last_decision
            .map(|d| dates::stored(&row("decided_on"), &d))
            .transpose()?
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .map(|d| NextReview {
                what: "Panel review".to_owned(),
                due_on: d.to_string(),
                months_after_exit: None,
            }),
        None => None,
    };

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
    for a in rows(
        conn,
        "SELECT * FROM vaf_assessments WHERE case_id = ?1 ORDER BY assessed_on, id",
        case_id,
    )? {
        let get = |k: &str| a.0.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let id = a.0.get("id").and_then(|v| v.as_i64()).unwrap_or_default();
        let factors: Vec<FactorView> = rows(
            conn,
            "SELECT factor, applies, notes FROM vaf_factors WHERE assessment_id = ?1",
            id,
        )?
        .into_iter()
        .map(|f| {
            let code =
                f.0.get("factor")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned();
            let known = factors_known.iter().find(|k| k.code == code);
            FactorView {
                label: known
                    .map(|k| k.label.clone())
                    .unwrap_or_else(|| code.clone()),
                dimension: known.map(|k| k.grouping.clone()).unwrap_or_default(),
                factor: code,
                applies: f.0.get("applies").and_then(|v| v.as_i64()) == Some(1),
                notes: f
                    .0
                    .get("notes")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned(),
            }
        })
        .collect();
        let changes = match assessments.last() {
            None => Vec::new(),
            Some(before) => assessment_changes(
                before,
                &factors,
                [
                    &get("engagement_summary"),
                    &get("intent_summary"),
                    &get("capability_summary"),
                    &get("conclusion"),
                ],
            ),
        };
        assessments.push(Assessment {
            id,
            episode: a.0.get("episode").and_then(|v| v.as_i64()).unwrap_or(1),
            assessed_on: get("assessed_on"),
            assessor: get("assessor"),
            engagement_summary: get("engagement_summary"),
            intent_summary: get("intent_summary"),
            capability_summary: get("capability_summary"),
            conclusion: get("conclusion"),
            factors,
            changes,
        });
    }
    assessments.reverse();

    let consents = rows(
        conn,
        "SELECT * FROM consents WHERE case_id = ?1 ORDER BY status_on DESC, id DESC",
        case_id,
    )?;
    let consent_withdrawn = state.stage.is_adopted()
        && consents
            .iter()
            .find(|c| c.0.get("episode").and_then(|v| v.as_i64()) == Some(state.episode))
            .and_then(|c| c.0.get("status"))
            .and_then(|v| v.as_str())
            == Some("withdrawn");
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
        concern_type_label: reference::label(conn, "concern_type", &field("concern_type"))?,
        sector_label: reference::label(conn, "sector", &field("referrer_sector"))?,
        referral,
        timeline,
        screenings: rows(
            conn,
            "SELECT * FROM screenings WHERE case_id = ?1 ORDER BY screened_on DESC, id DESC",
            case_id,
        )?,
        assessments,
        consents,
        consent_withdrawn,
        interventions,
        decisions: rows(
            conn,
            "SELECT * FROM decisions WHERE case_id = ?1 ORDER BY decided_on DESC, id DESC",
            case_id,
        )?,
        notes: rows(
            conn,
            "SELECT * FROM case_notes WHERE case_id = ?1 ORDER BY written_on DESC, id DESC",
            case_id,
        )?,
    })
}

/// Factors that now apply or no longer apply, and summaries that changed.
fn assessment_changes(
    before: &Assessment,
    factors: &[FactorView],
    texts: [&str; 4],
) -> Vec<String> {
    let mut changes = Vec::new();
    for f in factors {
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
    let old = [
        &before.engagement_summary,
        &before.intent_summary,
        &before.capability_summary,
        &before.conclusion,
    ];
    for ((name, new), old) in [
        "Engagement summary",
        "Intent summary",
        "Capability summary",
        "Conclusion",
    ]
    .iter()
    .zip(texts)
    .zip(old)
    {
        if new != old.as_str() {
            changes.push(format!("{name} changed"));
        }
    }
    changes
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
