//! Support interventions: planned, started, sessions delivered, ended.

use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::reference;
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::state::consent_state;
use super::workflow::{apply, Step};

vocabulary! {
    /// Where a support intervention stands.
    InterventionStatus "Choose the status" {
        Planned = "planned" "Planned",
        Active = "active" "Active",
        Paused = "paused" "Paused",
        Completed = "completed" "Completed",
        Stopped = "stopped" "Stopped",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct InterventionInput {
    pub kind: String,
    pub provider: String,
    pub start_on: String,
    pub planned_end_on: String,
    pub funding: String,
    pub sessions_planned: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct InterventionUpdate {
    pub status: String,
    pub outcome: String,
}

impl Session {
    pub fn add_intervention(&mut self, case_id: i64, input: &InterventionInput) -> Result<i64> {
        self.require_casework()?;
        let mut checks = Checks::default();
        checks.check(reference::check_current(
            &self.conn,
            "intervention_type",
            &input.kind,
            "kind",
            "type of support",
        ))?;
        let provider = checks.value(
            Text::new("provider", "the provider")
                .required()
                .max(200)
                .read(&input.provider),
        )?;
        let start = checks.check(dates::parse("start_on", "start date", &input.start_on))?;
        let end = checks.check(dates::parse(
            "planned_end_on",
            "planned end date",
            &input.planned_end_on,
        ))?;
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                checks.add(
                    "planned_end_on",
                    "The planned end date cannot be before the start date",
                );
            }
        }
        let funding = checks.value(
            Text::new("funding", "the funding source")
                .max(200)
                .read(&input.funding),
        )?;
        let sessions: u32 = checks.value(
            input
                .sessions_planned
                .trim()
                .parse()
                .ok()
                .filter(|n| *n <= 1000)
                .ok_or_else(|| {
                    CoreError::invalid(
                        "sessions_planned",
                        "Sessions planned must be a whole number from 0 to 1,000",
                    )
                }),
        )?;
        let (start, end) = checks.finish_with(start.zip(end))?;
        let day = self.day();
        self.change(case_id, AuditAction::CaseInterventionAdded, |tx, case| {
            if !case.stage.is_adopted() {
                return Err(CoreError::RuleBroken { rule: "support_needs_adopted", message: "Support is for adopted cases".into() });
            }
            tx.execute(
                "INSERT INTO interventions (case_id, episode, kind, provider, start_on, planned_end_on, funding, sessions_planned, status, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'planned', '')",
                params![case.id, case.episode, input.kind, provider, start.to_string(), end.to_string(), funding, sessions],
            )?;
            let id = tx.last_insert_rowid();
            let label = reference::label(tx, "intervention_type", &input.kind)?;
            Ok((id, day, format!("Support planned: {label} with {provider}")))
        })
    }

    fn intervention_case(&self, intervention_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT case_id FROM interventions WHERE id = ?1",
                [intervention_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That support intervention"))
    }

    /// Changes an intervention's status. Making it active starts support and needs consent.
    pub fn update_intervention(
        &mut self,
        intervention_id: i64,
        input: &InterventionUpdate,
    ) -> Result<()> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let status = checks.check(InterventionStatus::parse("status", &input.status))?;
        let outcome = checks.value(
            Text::new("outcome", "the outcome")
                .required_if(matches!(
                    status,
                    Some(InterventionStatus::Completed | InterventionStatus::Stopped)
                ))
                .max(5_000)
                .read(&input.outcome),
        )?;
        let status = checks.finish_with(status)?;
        let case_id = self.intervention_case(intervention_id)?;
        let day = self.day();
        self.change(case_id, AuditAction::CaseInterventionUpdated, |tx, case| {
            if status == InterventionStatus::Active {
                let consent = consent_state(tx, case)?;
                let next = apply(case.stage, Step::StartSupport { consent })?;
                Self::set_stage(tx, case, next, day)?;
            }
            tx.execute(
                "UPDATE interventions SET status = ?2, outcome = ?3 WHERE id = ?1",
                params![intervention_id, status.code(), outcome],
            )?;
            Ok(((), day, format!("Support {}", status.code())))
        })
    }

    pub fn record_session(&mut self, intervention_id: i64, on: &str) -> Result<()> {
        self.require_casework()?;
        let on = not_future(
            "session_on",
            "session date",
            dates::parse("session_on", "session date", on)?,
        )?;
        let case_id = self.intervention_case(intervention_id)?;
        self.change(case_id, AuditAction::CaseSession, |tx, _case| {
            let status: String = tx.query_row(
                "SELECT status FROM interventions WHERE id = ?1",
                [intervention_id],
                |r| r.get(0),
            )?;
            if status != "active" {
                return Err(CoreError::RuleBroken {
                    rule: "sessions_need_active_support",
                    message: "Sessions are recorded for active support".into(),
                });
            }
            tx.execute(
                "UPDATE interventions SET sessions_delivered = sessions_delivered + 1,
                    last_session_on = max(coalesce(last_session_on, ''), ?2) WHERE id = ?1",
                params![intervention_id, on.to_string()],
            )?;
            Ok(((), on, "Support session delivered".into()))
        })
    }
}
