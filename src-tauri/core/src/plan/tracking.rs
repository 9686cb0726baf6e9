//! Tracking an action: its lead and partners, target date, status and RAG with their
//! reasons (each change kept in `plan_action_states` so the dashboard can compare with an
//! earlier date), and dated progress updates. Every change is audited.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::plan::measures::{self, Measure};
use crate::plan::period::{self, PlanAction};
use crate::plan::{PlanStatus, Rag};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct TrackingInput {
    /// A named person or a role.
    pub lead: String,
    pub partners: String,
    pub target_on: String,
    pub status: String,
    /// Required when the action is dropped.
    pub status_reason: String,
    pub rag: String,
    /// Required for amber and red.
    pub rag_reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ProgressInput {
    pub made_on: String,
    pub text: String,
    /// Where the evidence is kept, for example a document reference.
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ProgressUpdate {
    pub id: i64,
    pub made_on: String,
    pub made_by: String,
    pub text: String,
    pub evidence: String,
    /// The steering meeting it was recorded at, if any.
    pub steering_meeting_id: Option<i64>,
    /// The period's key when the update was made on the action this one carries over.
    pub earlier_period: Option<String>,
}

/// One action with everything recorded about it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PlanActionRecord {
    pub action: PlanAction,
    pub priority_title: String,
    pub heading: String,
    pub period_key: String,
    /// Whether it belongs to the latest period (earlier periods are read only).
    pub latest: bool,
    pub updates: Vec<ProgressUpdate>,
    pub measures: Vec<Measure>,
}

/// A progress update read from its columns in this order: id, made_on, made_by, text,
/// evidence, steering_meeting_id, and the earlier period's key (or NULL).
pub(crate) fn update_row(r: &rusqlite::Row) -> rusqlite::Result<ProgressUpdate> {
    Ok(ProgressUpdate {
        id: r.get(0)?,
        made_on: r.get(1)?,
        made_by: r.get(2)?,
        text: r.get(3)?,
        evidence: r.get(4)?,
        steering_meeting_id: r.get(5)?,
        earlier_period: r.get(6)?,
    })
}

/// Records a progress update on an action: also used by the steering group's meetings.
pub(crate) fn insert_update(
    conn: &Connection,
    action_id: i64,
    input: &ProgressInput,
    made_by: &str,
    meeting: Option<i64>,
) -> Result<i64> {
    let made_on = dates::parse("made_on", "date of the update", &input.made_on)?;
    if made_on > today() {
        return Err(CoreError::invalid(
            "made_on",
            "The date of the update must be today or in the past",
        ));
    }
    let text = Text::new("text", "progress update")
        .required()
        .max(4_000)
        .read(&input.text)?;
    let evidence = Text::new("evidence", "evidence reference")
        .max(300)
        .read(&input.evidence)?;
    conn.execute(
        "INSERT INTO plan_updates (action_id, made_on, made_by, text, evidence, steering_meeting_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![action_id, made_on.to_string(), made_by, text, evidence, meeting, dates::now_text()],
    )?;
    conn.execute(
        "UPDATE plan_actions SET updated_at = ?2 WHERE id = ?1",
        params![action_id, dates::now_text()],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Session {
    /// Changes an action's lead, partners, target, status or RAG.
    pub fn track_plan_action(&mut self, action_id: i64, input: &TrackingInput) -> Result<()> {
        self.require_plan_edit()?;
        let lead = Text::new("lead", "lead").max(200).read(&input.lead)?;
        let partners = Text::new("partners", "partners")
            .max(1_000)
            .read(&input.partners)?;
        let target = dates::parse("target_on", "target date", &input.target_on)?;
        let status = PlanStatus::parse("status", &input.status)?;
        let status_reason = Text::new("status_reason", "reason the action is dropped")
            .required_if(status == PlanStatus::Dropped)
            .max(1_000)
            .read(&input.status_reason)?;
        let rag = Rag::parse("rag", &input.rag)?;
        let rag_reason = Text::new("rag_reason", "reason for the RAG rating")
            .required_if(matches!(rag, Rag::Amber | Rag::Red))
            .max(1_000)
            .read(&input.rag_reason)?;
        let now = dates::now_text();
        self.plan_action_change(action_id, AuditAction::PlanActionTracked, |tx| {
            let (was_status, was_rag): (String, String) = tx.query_row(
                "SELECT status, rag FROM plan_actions WHERE id = ?1",
                [action_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            tx.execute(
                "UPDATE plan_actions SET lead = ?2, partners = ?3, target_on = ?4, status = ?5,
                   status_reason = ?6, rag = ?7, rag_reason = ?8, updated_at = ?9 WHERE id = ?1",
                params![
                    action_id,
                    lead,
                    partners,
                    target.to_string(),
                    status.code(),
                    if status == PlanStatus::Dropped { status_reason.as_str() } else { "" },
                    rag.code(),
                    rag_reason,
                    now
                ],
            )?;
            if was_status != status.code() || was_rag != rag.code() {
                tx.execute(
                    "INSERT INTO plan_action_states (action_id, since, status, rag) VALUES (?1, ?2, ?3, ?4)",
                    params![action_id, today().to_string(), status.code(), rag.code()],
                )?;
            }
            Ok(serde_json::json!({
                "status": status.code(),
                "rag": rag.code(),
                "target_on": target.to_string(),
                "lead": lead,
            }))
        })
    }

    /// A dated progress update on an action; its id.
    pub fn add_progress_update(&mut self, action_id: i64, input: &ProgressInput) -> Result<i64> {
        self.require_plan_edit()?;
        let actor = self.actor().to_owned();
        let made_by = self.person.full_name.clone();
        let mut id = 0;
        self.plan_action_change(action_id, AuditAction::PlanProgress, |tx| {
            id = insert_update(tx, action_id, input, &made_by, None)?;
            Ok(serde_json::json!({ "update": id, "by": actor }))
        })?;
        Ok(id)
    }

    /// One action with its updates (those of the action it carries over too) and measures.
    pub fn plan_action(&self, action_id: i64) -> Result<PlanActionRecord> {
        self.require_plan_read()?;
        let action = period::action_summary(&self.conn, action_id)?;
        let (priority_title, heading, period_key, latest): (String, String, String, bool) =
            self.conn.query_row(
                "SELECT p.title, h.text, pp.key, a.period_id = (SELECT max(id) FROM plan_periods)
                 FROM plan_actions a JOIN plan_headings h ON h.id = a.heading_id
                 JOIN plan_priorities p ON p.id = h.priority_id
                 JOIN plan_periods pp ON pp.id = a.period_id WHERE a.id = ?1",
                [action_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.id, u.made_on, u.made_by, u.text, u.evidence, u.steering_meeting_id,
               CASE WHEN u.action_id = ?1 THEN NULL ELSE pp.key END
             FROM plan_updates u JOIN plan_actions a ON a.id = u.action_id
             JOIN plan_periods pp ON pp.id = a.period_id
             WHERE u.action_id = ?1
                OR u.action_id = (SELECT carried_from FROM plan_actions WHERE id = ?1)
             ORDER BY u.made_on DESC, u.id DESC",
        )?;
        let updates = stmt
            .query_map([action_id], update_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(PlanActionRecord {
            measures: measures::of_action(&self.conn, action_id)?,
            action,
            priority_title,
            heading,
            period_key,
            latest,
            updates,
        })
    }
}
