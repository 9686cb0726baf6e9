//! Failed unlock attempts. They are kept beside the database, because a failed attempt has
//! no key to write into it, and moved into the audit trail at the next successful unlock.
//! After five failures in a row each further attempt must wait, doubling from 2 seconds to
//! at most 5 minutes; the record on disk makes the wait survive a restart.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::store::files::{read_json, write_json_atomic, Paths};

const FREE_FAILURES: u32 = 5;
const FIRST_WAIT_SECONDS: i64 = 2;
const MAX_WAIT_SECONDS: i64 = 300;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attempts {
    pub consecutive_failures: u32,
    pub failures: Vec<FailedAttempt>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FailedAttempt {
    pub at: DateTime<Utc>,
    pub username: String,
}

impl Attempts {
    /// An unreadable record is treated as five failures at the file's last change, so
    /// damaging it cannot lift the wait.
    pub fn load(paths: &Paths) -> Result<Self> {
        Ok(match read_json::<Attempts>(&paths.attempts)? {
            None => Attempts::default(),
            Some(Ok(attempts)) => attempts,
            Some(Err(_)) => {
                let at = std::fs::metadata(&paths.attempts)?.modified()?.into();
                Attempts {
                    consecutive_failures: FREE_FAILURES,
                    failures: vec![FailedAttempt {
                        at,
                        username: "(unreadable attempts record)".into(),
                    }],
                }
            }
        })
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        write_json_atomic(&paths.attempts, self)
    }

    pub fn last_failure(&self) -> Option<DateTime<Utc>> {
        self.failures.last().map(|f| f.at)
    }

    /// How long the next attempt must still wait at `now`, if at all.
    pub fn wait_at(&self, now: DateTime<Utc>) -> Option<Duration> {
        let over = self.consecutive_failures.checked_sub(FREE_FAILURES)?;
        let wait_seconds = FIRST_WAIT_SECONDS
            .checked_shl(over)
            .filter(|s| *s <= MAX_WAIT_SECONDS)
            .unwrap_or(MAX_WAIT_SECONDS);
        let ready = self.last_failure()? + Duration::seconds(wait_seconds);
        (ready > now).then(|| ready - now)
    }

    /// Refuses an attempt made before the wait is over, saying how long is left.
    pub fn refuse_early(&self, now: DateTime<Utc>) -> Result<()> {
        match self.wait_at(now) {
            Some(wait) => Err(CoreError::Backoff {
                seconds: (wait.num_milliseconds() as u64).div_ceil(1000),
            }),
            None => Ok(()),
        }
    }

    pub fn record_failure(&mut self, username: &str, at: DateTime<Utc>) {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        self.failures.push(FailedAttempt {
            at,
            username: username.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(n: u32, at: DateTime<Utc>) -> Attempts {
        let mut a = Attempts::default();
        for _ in 0..n {
            a.record_failure("someone", at);
        }
        a
    }

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_from_two_seconds_to_five_minutes() {
        let t = Utc::now();
        assert_eq!(after(4, t).wait_at(t), None);
        let waits: Vec<i64> = (5..=14)
            .map(|n| after(n, t).wait_at(t).unwrap().num_seconds())
            .collect();
        assert_eq!(waits, vec![2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(after(40, t).wait_at(t).unwrap().num_seconds(), 300);
    }

    #[test]
    fn the_wait_runs_out() {
        let t = Utc::now();
        let a = after(6, t);
        assert!(a.wait_at(t + Duration::seconds(3)).is_some());
        assert_eq!(a.wait_at(t + Duration::seconds(4)), None);
    }
}
