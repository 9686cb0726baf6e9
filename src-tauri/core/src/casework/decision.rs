//! The panel's decisions (adopt, not adopt, remain, exit) under the same rules wherever they
//! are taken: on the case record or at a meeting.

use rusqlite::{params, Transaction};
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::Result;
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

/// Records a panel decision on `tx` under the same rules wherever it is taken (case record
/// or meeting). Returns the decision's id.
pub(crate) fn decide_in(
    tx: &Transaction,
    actor: &str,
    case_id: i64,
    input: &DecisionInput,
) -> Result<i64> {
    let mut checks = Checks::default();
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
    change_in(tx, actor, case_id, AuditAction::CaseDecision, |tx, case| {
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
            "INSERT INTO decisions (case_id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![case.id, case.episode, on.to_string(), input.kind, rationale, input.how_reached, signposted_to, input.exit_reason, actor],
        )?;
        let id = tx.last_insert_rowid();
        if kind == DecisionKind::Exit {
            tx.execute(
                "UPDATE cases SET exit_date = ?2, exit_reason = ?3 WHERE id = ?1",
                params![case.id, on.to_string(), input.exit_reason],
            )?;
        }
        Session::set_stage(tx, case, next, on)?;
        Ok((id, on, format!("Panel decision: {}", kind.label())))
    })
}

impl Session {
    pub fn record_decision(&mut self, case_id: i64, input: &DecisionInput) -> Result<()> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        decide_in(&tx, &actor, case_id, input)?;
        tx.commit()?;
        Ok(())
    }
}
