//! Police screening and information gathering: whether the case is suitable for Channel.

use rusqlite::params;
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::vocabulary::Vocabulary;
use crate::error::Result;
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::state::not_before;
use super::workflow::{apply, ScreeningOutcome, Step};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ScreeningInput {
    pub screened_on: String,
    pub outcome: String,
    pub information_gathering: String,
}

impl Session {
    pub fn start_screening(&mut self, case_id: i64) -> Result<()> {
        self.require_casework()?;
        let day = self.day();
        self.change(case_id, AuditAction::CaseScreeningStarted, |tx, case| {
            let next = apply(case.stage, Step::StartScreening)?;
            Self::set_stage(tx, case, next, day)?;
            Ok(((), day, "Sent for police screening".into()))
        })
    }

    pub fn record_screening(&mut self, case_id: i64, input: &ScreeningInput) -> Result<()> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let on = checks.value(
            dates::parse("screened_on", "screening date", &input.screened_on)
                .and_then(|d| not_future("screened_on", "screening date", d)),
        )?;
        let outcome = checks.check(ScreeningOutcome::parse("outcome", &input.outcome))?;
        let gathering = checks.value(
            Text::new("information_gathering", "information gathering notes")
                .max(20_000)
                .read(&input.information_gathering),
        )?;
        let outcome = checks.finish_with(outcome)?;
        self.change(case_id, AuditAction::CaseScreened, |tx, case| {
            let next = apply(case.stage, Step::Screen(outcome))?;
            not_before(case, on, "screened_on", "screening")?;
            tx.execute(
                "INSERT INTO screenings (case_id, episode, screened_on, outcome, information_gathering) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case.id, case.episode, on.to_string(), input.outcome, gathering],
            )?;
            let screened_out = outcome != ScreeningOutcome::SuitableForChannel;
            tx.execute("UPDATE cases SET screened_out = ?2 WHERE id = ?1", params![case.id, screened_out])?;
            Self::set_stage(tx, case, next, on)?;
            Ok(((), on, format!("Police screening: {}", outcome.label())))
        })
    }
}
