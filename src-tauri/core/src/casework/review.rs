//! Reviews at 6 and 12 months after a case leaves Channel.

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, text};
use crate::error::{CoreError, Result};
use crate::security::session::Session;

use super::workflow::{apply, Step};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ReviewInput {
    pub months: u8,
    pub reviewed_on: String,
    pub notes: String,
}

impl Session {
    pub fn record_review(&mut self, case_id: i64, input: &ReviewInput) -> Result<()> {
        let on = not_future(
            "reviewed_on",
            "review date",
            dates::parse("reviewed_on", "review date", &input.reviewed_on)?,
        )?;
        let notes = text("notes", "review notes", &input.notes, true, 20_000)?;
        self.change(case_id, "case.review", |tx, case| {
            let next = apply(
                case.stage,
                Step::Review {
                    months: input.months,
                },
            )?;
            if case.exit_date.is_some_and(|exit| on < exit) {
                return Err(CoreError::invalid(
                    "reviewed_on",
                    "The review date cannot be before the exit",
                ));
            }
            Self::set_stage(tx, case, next, on)?;
            Ok((
                (),
                on,
                format!("{}-month review after exit: {notes}", input.months),
            ))
        })
    }
}

/// The 6- and 12-month reviews after an exit.
pub fn reviews_due(exit: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        exit.checked_add_months(Months::new(6)).unwrap_or(exit),
        exit.checked_add_months(Months::new(12)).unwrap_or(exit),
    )
}
