//! The panel's decisions (adopt, not adopt, remain, exit) under the same rules wherever they
//! are taken: at a meeting, or outside one by the chair when it could not wait.

use rusqlite::{params, Transaction};
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::state::{change_in, not_before};
use super::workflow::{apply, DecisionKind, ExitReason, Step};

vocabulary! {
    /// How the panel reached a decision.
    HowReached "Choose how the decision was reached" {
        Consensus = "consensus" "Consensus",
        Majority = "majority" "Majority",
        ChairCasting = "chair_casting" "Chair's casting decision",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct DecisionInput {
    pub decided_on: String,
    pub kind: String,
    pub rationale: String,
    pub how_reached: String,
    pub signposted_to: String,
    pub exit_reason: String,
}

/// Where a decision is taken: at a panel meeting, or outside one, with the reason it could
/// not wait for the next meeting.
pub(crate) enum Taken<'a> {
    AtMeeting,
    OutsideMeeting { urgent_reason: &'a str },
}

/// Records a decision on `tx` under the same rules wherever it is taken. Returns the
/// decision's id.
pub(crate) fn decide_in(
    tx: &Transaction,
    actor: &str,
    case_id: i64,
    input: &DecisionInput,
    taken: Taken,
) -> Result<i64> {
    let mut checks = Checks::default();
    // The form outside a meeting asks first why it could not wait.
    let urgent_reason = match taken {
        Taken::AtMeeting => None,
        Taken::OutsideMeeting { urgent_reason } => {
            let reason = checks.value(
                Text::new("urgent_reason", "why the decision could not wait")
                    .max(2_000)
                    .read(urgent_reason),
            )?;
            if reason.is_empty() {
                checks.add(
                    "urgent_reason",
                    "Say why this decision could not wait for the next panel meeting",
                );
            }
            Some(reason)
        }
    };
    let kind = checks.check(DecisionKind::parse("kind", &input.kind))?;
    let on = checks.value(
        dates::parse("decided_on", "decision date", &input.decided_on)
            .and_then(|d| not_future("decided_on", "decision date", d)),
    )?;
    let rationale = checks.value(
        Text::new("rationale", "the rationale")
            .required()
            .max(20_000)
            .read(&input.rationale),
    )?;
    checks.check(HowReached::parse("how_reached", &input.how_reached))?;
    let signposted_to = checks.value(
        Text::new("signposted_to", "the service the person was signposted to")
            .required_if(kind == Some(DecisionKind::NotAdopt))
            .max(500)
            .read(&input.signposted_to),
    )?;
    let exit_reason = match kind {
        Some(DecisionKind::Exit) => {
            checks.check(ExitReason::parse("exit_reason", &input.exit_reason))?
        }
        _ => None,
    };
    let kind = checks.finish_with(kind)?;
    // Outside a meeting the audit row carries the reason, and has an event type of its own.
    let (action, detail) = match &urgent_reason {
        None => (AuditAction::CaseDecision, "{}".to_owned()),
        Some(reason) => (
            AuditAction::CaseDecisionOutsideMeeting,
            serde_json::json!({ "reason": reason }).to_string(),
        ),
    };
    change_in(tx, actor, case_id, action, &detail, |tx, case| {
        let next = apply(
            case.stage,
            Step::Decide {
                kind,
                exit_reason,
                screened_out: case.screened_out,
            },
        )?;
        not_before(case, on, "decided_on", "decision")?;
        tx.execute(
            "INSERT INTO decisions (case_id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason, recorded_by, urgent_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![case.id, case.episode, on.to_string(), input.kind, rationale, input.how_reached, signposted_to, input.exit_reason, actor, urgent_reason.as_deref().unwrap_or_default()],
        )?;
        let id = tx.last_insert_rowid();
        if kind == DecisionKind::Exit {
            tx.execute(
                "UPDATE cases SET exit_date = ?2, exit_reason = ?3 WHERE id = ?1",
                params![case.id, on.to_string(), input.exit_reason],
            )?;
        }
        Session::set_stage(tx, case, next, on)?;
        let summary = match &urgent_reason {
            None => format!("Panel decision: {}", kind.label()),
            Some(reason) => format!(
                "Decision by the chair outside a panel meeting: {}. It could not wait for the panel because: {reason}",
                kind.label()
            ),
        };
        Ok((id, on, summary))
    })
}

impl Session {
    /// Records a decision outside a panel meeting, on the case record: only the chair may, and
    /// only saying why it could not wait for the next meeting. The panel's decisions are
    /// recorded in the meeting (`record_item_decision`), where the police must be present.
    pub fn record_decision(
        &mut self,
        case_id: i64,
        input: &DecisionInput,
        urgent_reason: &str,
    ) -> Result<()> {
        self.require_casework()?;
        if !self.person.may.decide_outside_meeting {
            return Err(CoreError::Forbidden(
                "record a decision outside a panel meeting (the chair does, when it cannot wait)",
            ));
        }
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        decide_in(
            &tx,
            &actor,
            case_id,
            input,
            Taken::OutsideMeeting { urgent_reason },
        )?;
        tx.commit()?;
        Ok(())
    }
}
