//! Failed unlock attempts. They are kept beside the database, because a failed attempt has
//! no key to write into it, and moved into the audit trail at the next successful unlock.
//! After five failures in a row each further attempt must wait, doubling from 2 seconds to
//! at most 5 minutes; the record on disk makes the wait survive a restart.
//!
//! The wait slows guessing at the window only. Whoever can delete or replace the record can
//! also copy the database and key file and guess against Argon2id elsewhere, so deleting it
//! does lift the wait, but it is noticed: each successful unlock writes a fresh random id
//! into the record and, in the same transaction as its audit row, into the database, and the
//! next unlock audits and reports a record that is missing, unreadable or carries another id.
//! Attempts take turns under a lock file of their own, so that unlocks made at once (two
//! windows, several runs of the command) cannot lose each other's failures.

use std::fs::File;
use std::path::Path;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::security::crypto::random_id;
use crate::security::keyfile::KeyFile;
use crate::store::audit::{self, AuditAction};
use crate::store::files::{open_lock_file, read_json, write_json_atomic, Paths};

const FREE_FAILURES: u32 = 5;
const FIRST_WAIT_SECONDS: i64 = 2;
const MAX_WAIT_SECONDS: i64 = 300;
/// A failure later than now by more than this is not counted: a clock set wrong once, or a
/// record edited, must not lock everyone out for months. Within it, a clock stepped back a
/// little still counts the failures just made.
const FUTURE_TOLERANCE_SECONDS: i64 = 60;
/// What is recorded, and audited, for a username that names no key slot: what was typed there
/// may be a passphrase typed in the wrong box.
const UNKNOWN_USERNAME: &str = "(unknown username)";
/// The database's copy of the record's id (in `meta`).
const META_ID: &str = "attempts_record_id";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attempts {
    /// The id the database holds too; `None` in a record started afresh because the file was
    /// missing or unreadable.
    #[serde(default)]
    pub id: Option<String>,
    pub failures: Vec<FailedAttempt>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FailedAttempt {
    pub at: DateTime<Utc>,
    pub username: String,
}

/// A turn at the attempts record, held from reading it to writing it; released when dropped
/// (the operating system releases it too if the process dies).
pub(crate) struct AttemptsTurn {
    _lock: File,
}

/// Waits for the turn. The lock is on a file of its own (`<database>.attempts.lock`), never
/// on the record: each write replaces the record by a rename, and a lock on the file replaced
/// would guard nothing.
pub(crate) fn take_turn(paths: &Paths) -> Result<AttemptsTurn> {
    let mut name = paths.attempts.clone().into_os_string();
    name.push(".lock");
    let lock = open_lock_file(Path::new(&name))?;
    lock.lock()?;
    Ok(AttemptsTurn { _lock: lock })
}

impl Attempts {
    /// A missing or unreadable record starts afresh, without an id: the next successful
    /// unlock reports it.
    pub fn load(paths: &Paths) -> Result<Self> {
        Ok(match read_json::<Attempts>(&paths.attempts)? {
            Some(Ok(attempts)) => attempts,
            None | Some(Err(_)) => Attempts::default(),
        })
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        write_json_atomic(&paths.attempts, self)
    }

    /// A record for a new database or a successful unlock: no failures and a new id, written
    /// into the database on `tx`. Save it once `tx` is committed.
    pub(crate) fn start(tx: &Connection) -> Result<Self> {
        let id = random_id();
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![META_ID, id],
        )?;
        Ok(Attempts {
            id: Some(id),
            failures: Vec::new(),
        })
    }

    /// Moves the failures into the audit trail on `tx`, the unlock's transaction, with a row
    /// of its own if this is not the record the database last started (a database from
    /// before the id has none, nor has its record). Returns whether it was not.
    pub(crate) fn audit(&self, tx: &Connection, actor: &str) -> Result<bool> {
        for failed in &self.failures {
            // A record written before usernames were checked may name nobody.
            let username = if known_username(tx, &failed.username)? {
                failed.username.as_str()
            } else {
                UNKNOWN_USERNAME
            };
            let detail = serde_json::json!({
                "attempted_at": failed.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                "username_tried": username,
            });
            audit::append(
                tx,
                username,
                AuditAction::UnlockFailed,
                "session",
                &detail.to_string(),
            )?;
        }
        let expected: Option<String> = tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [META_ID], |r| {
                r.get(0)
            })
            .optional()?;
        let lost = self.id != expected;
        if lost {
            audit::append(tx, actor, AuditAction::AttemptsRecordLost, "session", "{}")?;
        }
        Ok(lost)
    }

    /// The latest failure, to tell the person who unlocks.
    pub fn last_failure(&self) -> Option<DateTime<Utc>> {
        self.failures.iter().map(|f| f.at).max()
    }

    /// How long the next attempt must still wait at `now`, if at all: never longer than the
    /// wait itself, and failures too far in the future are left out.
    pub fn wait_at(&self, now: DateTime<Utc>) -> Option<Duration> {
        let latest_counted = now + Duration::seconds(FUTURE_TOLERANCE_SECONDS);
        let counted: Vec<DateTime<Utc>> = self
            .failures
            .iter()
            .map(|f| f.at)
            .filter(|at| *at <= latest_counted)
            .collect();
        let over = u32::try_from(counted.len())
            .unwrap_or(u32::MAX)
            .checked_sub(FREE_FAILURES)?;
        let wait = Duration::seconds(
            2i64.saturating_pow(over)
                .saturating_mul(FIRST_WAIT_SECONDS)
                .min(MAX_WAIT_SECONDS),
        );
        let ready = counted.into_iter().max()? + wait;
        (ready > now).then(|| (ready - now).min(wait))
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

    /// Records a failure under the username tried only if it names a key slot.
    pub(crate) fn record_failure(&mut self, keyfile: &KeyFile, username: &str, at: DateTime<Utc>) {
        let username = match keyfile.slot(username) {
            Some(_) => username,
            None => UNKNOWN_USERNAME,
        };
        self.failures.push(FailedAttempt {
            at,
            username: username.to_owned(),
        });
    }
}

/// Whether anyone, now or once, had this username.
fn known_username(conn: &Connection, username: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM people WHERE username = ?1)",
        [username],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed_at(times: impl IntoIterator<Item = DateTime<Utc>>) -> Attempts {
        Attempts {
            id: None,
            failures: times
                .into_iter()
                .map(|at| FailedAttempt {
                    at,
                    username: "someone".into(),
                })
                .collect(),
        }
    }

    fn after(n: usize, at: DateTime<Utc>) -> Attempts {
        failed_at(std::iter::repeat_n(at, n))
    }

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_from_two_seconds_to_five_minutes() {
        let t = Utc::now();
        assert_eq!(after(4, t).wait_at(t), None);
        let waits: Vec<i64> = (5..=14)
            .map(|n| after(n, t).wait_at(t).unwrap().num_seconds())
            .collect();
        assert_eq!(waits, vec![2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        // However many failures: a shift past 64 bits once wrapped round to no wait at all.
        for n in [40, 67, 68, 69, 100, 10_000] {
            assert_eq!(after(n, t).wait_at(t).unwrap().num_seconds(), 300, "{n}");
        }
    }

    #[test]
    fn the_wait_runs_out() {
        let t = Utc::now();
        let a = after(6, t);
        assert!(a.wait_at(t + Duration::seconds(3)).is_some());
        assert_eq!(a.wait_at(t + Duration::seconds(4)), None);
    }

    #[test]
    fn the_wait_counts_from_the_latest_failure_whatever_their_order() {
        let t = Utc::now();
        let mut times = vec![t; 5];
        times[1] = t + Duration::seconds(1);
        assert_eq!(
            failed_at(times).wait_at(t + Duration::seconds(1)),
            Some(Duration::seconds(2))
        );
    }

    #[test]
    fn failures_far_in_the_future_are_not_counted() {
        let t = Utc::now();
        let months = t + Duration::days(90);
        // All five in the future: no wait at all, not three months of it.
        assert_eq!(after(5, months).wait_at(t), None);
        // Four now and one in the future are four: still free.
        let mut times = vec![t; 4];
        times.push(months);
        assert_eq!(failed_at(times.clone()).wait_at(t), None);
        // With a fifth now, the wait is the usual two seconds from now.
        times.push(t);
        assert_eq!(failed_at(times).wait_at(t), Some(Duration::seconds(2)),);
    }

    #[test]
    fn a_failure_a_little_ahead_still_counts_but_never_waits_longer_than_the_wait() {
        let t = Utc::now();
        let ahead = t + Duration::seconds(FUTURE_TOLERANCE_SECONDS);
        assert_eq!(after(5, ahead).wait_at(t), Some(Duration::seconds(2)));
        assert_eq!(after(40, ahead).wait_at(t), Some(Duration::seconds(300)));
        assert_eq!(
            after(40, ahead + Duration::seconds(1)).wait_at(t),
            None,
            "past the tolerance"
        );
    }

    #[test]
    fn a_record_from_before_the_id_still_reads_and_damage_reads_as_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("c.db"));
        assert_eq!(Attempts::load(&paths).unwrap(), Attempts::default());
        std::fs::write(
            &paths.attempts,
            r#"{"consecutive_failures": 1,
               "failures": [{"at": "2024-05-01T09:00:00Z", "username": "ana.silva"}]}"#,
        )
        .unwrap();
        let old = Attempts::load(&paths).unwrap();
        assert_eq!((old.id, old.failures.len()), (None, 1));
        std::fs::write(&paths.attempts, b"{\"failures\": [").unwrap();
        assert_eq!(Attempts::load(&paths).unwrap(), Attempts::default());
    }

    #[cfg(unix)]
    #[test]
    fn the_turn_is_a_file_of_its_own_owner_only_and_taken_by_one_at_a_time() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("c.db"));
        let turn = take_turn(&paths).unwrap();
        let lock = dir.path().join("c.db.attempts.lock");
        assert_eq!(
            std::fs::metadata(&lock).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Another open of the file (as another process would make) cannot take it meanwhile.
        let other = File::open(&lock).unwrap();
        assert!(other.try_lock().is_err());
        drop(turn);
        assert!(other.try_lock().is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_lock_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("c.db"));
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, dir.path().join("c.db.attempts.lock")).unwrap();
        assert!(take_turn(&paths).is_err());
        assert!(!target.exists());
    }
}
