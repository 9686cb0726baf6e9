//! Reviews at 6 and 12 months after a case leaves Channel.

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::workflow::{apply, Stage, Step};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ReviewInput {
    pub months: u8,
    pub reviewed_on: String,
    pub notes: String,
    /// Why the review is held before its due date; needed then, and only then.
    pub early_reason: String,
}

impl Session {
    /// Records the review after exit the case waits for. A review before its due date needs
    /// the reason it was held early, which the timeline keeps with it.
    pub fn record_review(&mut self, case_id: i64, input: &ReviewInput) -> Result<()> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let on = checks.check(
            dates::parse("reviewed_on", "review date", &input.reviewed_on)
                .and_then(|d| not_future("reviewed_on", "review date", d)),
        )?;
        let notes = checks.value(
            Text::new("notes", "review notes")
                .required()
                .max(20_000)
                .read(&input.notes),
        )?;
        let early_reason = checks.value(
            Text::new("early_reason", "why the review is held early")
                .max(2_000)
                .read(&input.early_reason),
        )?;
        let on = checks.finish_with(on)?;
        self.change(case_id, AuditAction::CaseReview, |tx, case| {
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
            let due = case
                .exit_date
                .and_then(|exit| ReviewAfterExit::of(case.stage, exit))
                .map(|review| review.due_on);
            let held = match due {
                Some(due) if on < due && early_reason.is_empty() => {
                    return Err(CoreError::RuleBroken {
                        rule: "review_not_before_due",
                        message: format!(
                            "The {}-month review is due on {}. To record it before then, give the reason it was held early",
                            input.months,
                            dates::long(due)
                        ),
                    })
                }
                Some(due) if on < due => format!(
                    ", held before its due date of {} (reason: {early_reason})",
                    dates::long(due)
                ),
                _ if !early_reason.is_empty() => {
                    return Err(CoreError::invalid(
                        "early_reason",
                        "This review is not early: leave the reason for an early review blank",
                    ))
                }
                _ => String::new(),
            };
            tx.execute(
                "INSERT INTO reviews (case_id, episode, months, reviewed_on) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![case.id, case.episode, input.months, on.to_string()],
            )?;
            Self::set_stage(tx, case, next, on)?;
            Ok((
                (),
                on,
                format!("{}-month review after exit{held}: {notes}", input.months),
            ))
        })
    }
}

/// A review after exit that a case waits for: which one, and when it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewAfterExit {
    pub months: u8,
    pub due_on: NaiveDate,
}

impl ReviewAfterExit {
    /// The review a case at `stage` that left Channel on `exit` waits for, if any. The one
    /// rule for the case record, Home, the proposed agenda and the page.
    pub fn of(stage: Stage, exit: NaiveDate) -> Option<ReviewAfterExit> {
        let months = stage.review_months()?;
        Some(ReviewAfterExit {
            months,
            due_on: exit
                .checked_add_months(Months::new(months.into()))
                .unwrap_or(exit),
        })
    }

    /// "6-month review".
    pub fn label(self) -> String {
        format!("{}-month review", self.months)
    }
}
