//! The plan's flags, written once: the list, the dashboard, the steering agenda and the
//! tests all ask these.

use chrono::NaiveDate;

use crate::common::dates;
use crate::plan::{Direction, PlanStatus};

/// An open action whose target date has passed.
pub fn overdue(status: PlanStatus, target_on: NaiveDate, today: NaiveDate) -> bool {
    status.is_open() && dates::overdue(target_on, today)
}

/// An open action with no progress update for more than `stale_days` days; one never updated
/// counts from the day it was added to the plan.
pub fn stale(
    status: PlanStatus,
    last_update: NaiveDate,
    today: NaiveDate,
    stale_days: u32,
) -> bool {
    status.is_open() && (today - last_update).num_days() > i64::from(stale_days)
}

/// A measure whose latest value misses its target.
pub fn below_target(direction: Direction, value: f64, target: f64) -> bool {
    match direction {
        Direction::AtLeast => value < target,
        Direction::AtMost => value > target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlanStatus::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_is_an_open_action_past_its_target() {
        let today = d("2019-04-01");
        for (status, target, expected) in [
            (NotStarted, "2019-03-31", true),
            (OnTrack, "2019-03-31", true),
            (AtRisk, "2019-04-01", false),
            (OffTrack, "2019-04-02", false),
            (Complete, "2018-01-01", false),
            (Dropped, "2018-01-01", false),
        ] {
            assert_eq!(
                overdue(status, d(target), today),
                expected,
                "{status:?} {target}"
            );
        }
    }

    #[test]
    fn stale_is_an_open_action_without_an_update_for_more_than_the_setting() {
        let today = d("2018-07-01");
        for (status, last, days, expected) in [
            (OnTrack, "2018-04-02", 90, false),
            (OnTrack, "2018-04-01", 90, true),
            (NotStarted, "2018-05-31", 30, true),
            (AtRisk, "2018-06-01", 30, false),
            (Complete, "2017-01-01", 90, false),
            (Dropped, "2017-01-01", 90, false),
        ] {
            assert_eq!(
                stale(status, d(last), today, days),
                expected,
                "{status:?} {last} {days}"
            );
        }
    }

    #[test]
    fn below_target_follows_the_measure_direction() {
        for (direction, value, target, expected) in [
            (Direction::AtLeast, 64.0, 70.0, true),
            (Direction::AtLeast, 70.0, 70.0, false),
            (Direction::AtLeast, 81.5, 80.0, false),
            (Direction::AtMost, 12.0, 10.0, true),
            (Direction::AtMost, 10.0, 10.0, false),
        ] {
            assert_eq!(
                below_target(direction, value, target),
                expected,
                "{direction:?} {value}"
            );
        }
    }
}
