//! Home: what needs attention today.

use chrono::Duration;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::casework::flags::flags;
use crate::casework::review::ReviewAfterExit;
use crate::casework::workflow::Stage;
use crate::common::dates::{self, today};
use crate::error::Result;
use crate::security::session::Session;
use crate::store::backup::BackupStatus;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Today {
    pub new_referrals: u32,
    pub awaiting_screening: u32,
    pub awaiting_panel: u32,
    pub in_support: u32,
    pub flagged_support: u32,
    /// Reviews after exit due within 30 days or overdue, soonest first.
    pub reviews_due: Vec<ReviewDue>,
    /// The next panel meeting from today.
    pub next_meeting: Option<NextMeeting>,
    pub overdue_actions: u32,
    /// For administrators, when a backup is due (never made, or older than the setting).
    pub backup_due: Option<BackupStatus>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReviewDue {
    pub case_id: i64,
    pub reference: String,
    pub full_name: String,
    /// "6-month review" or "12-month review".
    pub review: String,
    pub due_on: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct NextMeeting {
    pub id: i64,
    pub held_on: String,
    /// Items on its agenda, not counting removed ones.
    pub agenda_items: u32,
}

impl Session {
    pub fn today(&self) -> Result<Today> {
        self.require_case_view()?;
        let now = today();
        let count = |stage: Stage| -> Result<u32> {
            Ok(self.conn.query_row(
                "SELECT count(*) FROM cases WHERE stage = ?1",
                [stage.as_str()],
                |r| r.get(0),
            )?)
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, reference, full_name, stage, exit_date FROM cases
             WHERE stage IN ({}) AND exit_date IS NOT NULL",
            Stage::sql_list(&Stage::AWAITING_REVIEW)
        ))?;
        let horizon = now + Duration::days(30);
        let mut due_soon = Vec::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (id, reference, name, stage, exit) = row?;
            let exit = dates::stored(&format!("case {reference} (exit_date)"), &exit)?;
            let review = Stage::parse(&stage).and_then(|s| ReviewAfterExit::of(s, exit));
            if let Some(review) = review.filter(|r| r.due_on <= horizon) {
                due_soon.push(ReviewDue {
                    case_id: id,
                    reference,
                    full_name: name,
                    review: review.label(),
                    due_on: review.due_on.to_string(),
                    overdue: dates::overdue(review.due_on, now),
                });
            }
        }
        due_soon.sort_by(|a, b| a.due_on.cmp(&b.due_on));
        Ok(Today {
            new_referrals: count(Stage::ReferralReceived)?,
            awaiting_screening: count(Stage::Screening)?,
            awaiting_panel: count(Stage::AwaitingPanel)?,
            in_support: count(Stage::Support)?,
            flagged_support: flags(&self.conn, now)?.len() as u32,
            reviews_due: due_soon,
            next_meeting: self
                .conn
                .query_row(
                    "SELECT m.id, m.held_on, (SELECT count(*) FROM agenda_items a
                       WHERE a.meeting_id = m.id AND a.removed_reason IS NULL)
                     FROM meetings m WHERE m.held_on >= ?1 ORDER BY m.held_on, m.id LIMIT 1",
                    [now.to_string()],
                    |r| {
                        Ok(NextMeeting {
                            id: r.get(0)?,
                            held_on: r.get(1)?,
                            agenda_items: r.get(2)?,
                        })
                    },
                )
                .optional()?,
            overdue_actions: self.conn.query_row(
                "SELECT count(*) FROM actions WHERE status = 'open' AND due_on < ?1",
                [now.to_string()],
                |r| r.get(0),
            )?,
            backup_due: self.backup_reminder()?,
        })
    }
}
