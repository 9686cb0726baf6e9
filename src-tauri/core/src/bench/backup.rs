//! The backup round trip on synthetic cases: a backup made and restored to a new place,
//! each timed beside `cp` of the database file in the same run, with the sizes, and the
//! restored database compared with the original table by table.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::error::{CoreError, Result};
use crate::security::session::{unlock, Session};
use crate::store::files::{IfExists, Paths};
use crate::store::restore::{open_backup, BackupKey};

/// One table's rows and their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    pub table: String,
    pub rows: i64,
    pub sha256: String,
}

/// `meta` keys that an unlock or a restore writes, left out of a comparison.
const UNLOCK_META: &[&str] = &["attempts_record_id", "last_backup_at"];

impl Session {
    /// Every table's row count and digest (`table_digests`), to compare two databases: the
    /// audit trail up to row `audit_rows`, `meta` without the keys that unlocking and
    /// restoring write.
    pub fn table_sums(&self, audit_rows: i64) -> Result<Vec<TableSum>> {
        let condition = |table: &str| match table {
            "audit" => Some(format!("id <= {audit_rows}")),
            "meta" => Some(format!("key NOT IN ('{}')", UNLOCK_META.join("', '"))),
            _ => None,
        };
        self.table_digests_where(condition)?
            .into_iter()
            .map(|(table, sha256)| {
                let rows = self.conn.query_row(
                    &format!(
                        "SELECT count(*) FROM \"{table}\" WHERE {}",
                        condition(&table).as_deref().unwrap_or("1")
                    ),
                    [],
                    |r| r.get(0),
                )?;
                Ok(TableSum {
                    table,
                    rows,
                    sha256,
                })
            })
            .collect()
    }
}

pub struct BackupBench {
    pub database_bytes: u64,
    pub backup_bytes: u64,
    /// Backup made and checked.
    pub backup_ms: f64,
    /// Backup opened, checked and restored to a new place.
    pub restore_ms: f64,
    /// `cp` of the database file, median of three.
    pub cp_ms: f64,
    pub tables: usize,
    pub rows: i64,
    /// Every table's rows and checksum, and the audit head, equal after the round trip.
    pub equal: bool,
    /// How long each step the progress bar names took, backup then restore, in order.
    pub steps: Vec<(String, f64)>,
}

/// Progress reports turned into how long each step took: from its first report to the
/// next step's (the last step ends at `end`).
fn step_times(reports: &[(String, Instant)], end: Instant) -> Vec<(String, f64)> {
    let mut steps: Vec<(String, Instant)> = Vec::new();
    for (step, at) in reports {
        if steps.last().is_none_or(|(last, _)| last != step) {
            steps.push((step.clone(), *at));
        }
    }
    let ends: Vec<Instant> = steps
        .iter()
        .skip(1)
        .map(|(_, at)| *at)
        .chain([end])
        .collect();
    steps
        .into_iter()
        .zip(ends)
        .map(|((step, start), end)| (step, (end - start).as_secs_f64() * 1000.0))
        .collect()
}

/// Backs `session` up into `dir`, restores it to a new place there and compares the two,
/// timing each beside `cp` of the database file. `username` and `passphrase` open the backup.
pub fn backup_round_trip(
    session: &mut Session,
    dir: &Path,
    username: &str,
    passphrase: &str,
) -> Result<BackupBench> {
    // Everything in the main file, so that `cp` copies the whole database.
    session
        .conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let db = session.paths.db.clone();
    let mut cp_times = (0..3)
        .map(|i| {
            let start = Instant::now();
            let copied = Command::new("cp")
                .arg(&db)
                .arg(dir.join(format!("cp-{i}.db")))
                .status()?;
            if !copied.success() {
                return Err(CoreError::Io(std::io::Error::other("cp failed")));
            }
            Ok(start.elapsed().as_secs_f64() * 1000.0)
        })
        .collect::<Result<Vec<f64>>>()?;
    cp_times.sort_by(|a, b| a.total_cmp(b));

    let file = dir.join("round-trip.cdbackup");
    let mut reports = Vec::new();
    let start = Instant::now();
    let made = session.back_up(&file, IfExists::Refuse, &mut |p| {
        reports.push((p.step, Instant::now()))
    })?;
    let backup_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut steps = step_times(&reports, Instant::now());
    let before = session.table_sums(made.audit_rows)?;

    let target = Paths::new(dir.join("restored").join("bench.db"));
    let start = Instant::now();
    let key = BackupKey::Person {
        username,
        passphrase,
    };
    let mut reports = Vec::new();
    let opened = open_backup(&file, &target, &key, &mut |p| {
        reports.push((p.step, Instant::now()))
    })?;
    reports.push(("Putting it in place".to_owned(), Instant::now()));
    opened.restore(&target, None)?;
    let restore_ms = start.elapsed().as_secs_f64() * 1000.0;
    steps.extend(step_times(&reports, Instant::now()));

    let restored = unlock(&target, username, passphrase, chrono::Utc::now())?.session;
    let after = restored.table_sums(made.audit_rows)?;
    restored.lock("benchmark finished")?;
    Ok(BackupBench {
        database_bytes: std::fs::metadata(&db)?.len(),
        backup_bytes: made.bytes,
        backup_ms,
        restore_ms,
        cp_ms: cp_times[1],
        tables: before.len(),
        rows: before.iter().map(|t| t.rows).sum(),
        equal: before == after,
        steps,
    })
}
