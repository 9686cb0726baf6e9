//! A writer for crash tests: synthetic referrals, panel meetings and the panel's decisions,
//! one transaction at a time, each reported once it has committed, so that a process killed
//! at any moment can be checked for every write it acknowledged.

use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::SeedableRng;

use crate::common::dates::today;
use crate::error::{CoreError, Result};
use crate::security::session::Session;

use super::panel::Panel;
use super::{assess_and_send, refer, screen};

/// A write that has committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A referral: the new case's id.
    Referral(i64),
    /// A panel meeting with its attendance: the meeting's id.
    Meeting(i64),
    /// The case screened, assessed and sent to the panel.
    SentToPanel(i64),
    /// The panel's decision on the case at the meeting, with discussion and an action.
    Decision { meeting: i64, case: i64 },
}

/// Records `rounds` synthetic cases from referral to the panel's decision, every step on
/// the day `on`, a meeting for every ten, calling `committed` after each write commits. Only
/// on a demo database, so it can never add invented people to a real record.
pub fn churn(
    session: &mut Session,
    rounds: u32,
    seed: u64,
    on: NaiveDate,
    mut committed: impl FnMut(Written),
) -> Result<()> {
    session.require_admin("record synthetic cases")?;
    if !session.is_demo() {
        return Err(CoreError::invalid(
            "db",
            "synthetic cases are only recorded in a demo database",
        ));
    }
    if on > today() {
        return Err(CoreError::invalid(
            "on",
            "the day must not be in the future",
        ));
    }
    let mut rng = SmallRng::seed_from_u64(seed);
    // Steps without a date of their own (starting screening) are recorded on `on` too.
    session.history_day = Some(on);
    let mut panel = None;
    for n in 0..rounds {
        if n % 10 == 0 {
            let scheduled = Panel::meeting_on(session, vec![on])?;
            committed(Written::Meeting(scheduled.meeting(0)));
            panel = Some(scheduled);
        }
        let (id, _) = refer(session, &mut rng, n, on, on)?;
        committed(Written::Referral(id));
        session.start_screening(id)?;
        screen(session, id, on, "suitable_for_channel")?;
        assess_and_send(session, &mut rng, id, on, on)?;
        committed(Written::SentToPanel(id));
        if let Some(panel) = panel.as_mut() {
            let kind = if n % 3 == 0 { "not_adopt" } else { "adopt" };
            panel.decide(session, id, kind, 0, false)?;
            committed(Written::Decision {
                meeting: panel.meeting(0),
                case: id,
            });
        }
    }
    session.history_day = None;
    Ok(())
}
