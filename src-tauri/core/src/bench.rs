//! Side-by-side timings against baselines, on synthetic data, for BENCHMARKS.md: the case
//! list and search against naive queries, the minutes export against headless Chromium, and
//! the statistics and annual report against plain `GROUP BY` counts. Run with `channel-desk-cli bench`.

use std::sync::atomic::Ordering;
use std::time::Instant;

use rusqlite::Connection;

use crate::casework::list::{list_cases, CaseQuery};
use crate::common::dates::today;
use crate::error::Result;
use crate::security::process;
use crate::security::session::Session;
use crate::store;

mod backup;
mod minutes;
mod statistics;
pub use backup::{backup_round_trip, BackupBench, TableSum};
pub use minutes::{minutes, MinutesBench, Pdf, GROWTH_EXPORTS, MEETING_CASES};
pub use statistics::{journeys, statistics};

pub struct Timing {
    pub what: &'static str,
    pub median_ms: f64,
    pub baseline: &'static str,
    /// `None` when the baseline could not run here.
    pub baseline_median_ms: Option<f64>,
}

fn median_ms(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok(times[runs / 2])
}

/// The same work done naively: count the matches and fetch the page with `condition` and
/// `order` written so that no index can help.
fn naive(conn: &Connection, condition: &str, order: &str, offset: u32, arg: &str) -> Result<()> {
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM cases WHERE {condition}"))?
        .query_row([arg], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT reference FROM cases WHERE {condition} ORDER BY {order} LIMIT 25 OFFSET {offset}"
    ))?;
    let rows: Vec<String> = stmt
        .query_map([arg], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    std::hint::black_box((total, rows));
    Ok(())
}

/// (what, the query, the baseline's description, its condition, order, offset and argument).
type Case = (
    &'static str,
    CaseQuery,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
);

/// The case list's operations timed, each with its baseline.
fn operations() -> Vec<Case> {
    let any = "?1 <> ''";
    let like = "lower(full_name || ' ' || other_names) LIKE ?1";
    let like_text = "LIKE over every name and other name, then sort";
    let search = |term: &str| CaseQuery {
        search: term.into(),
        ..Default::default()
    };
    vec![
        (
            "first page of the list, newest first",
            CaseQuery {
                descending: true,
                ..Default::default()
            },
            "count and sort every case, no index",
            any,
            "lower(received_on) DESC",
            0,
            "x",
        ),
        (
            "page 200 of the list sorted by name",
            CaseQuery {
                sort: "name".into(),
                page: 200,
                ..Default::default()
            },
            "count and sort every case by lower(name)",
            any,
            "lower(full_name)",
            5000,
            "x",
        ),
        (
            "filter: in support, extreme right-wing",
            CaseQuery {
                stage: "support".into(),
                concern_type: "extreme_right_wing".into(),
                ..Default::default()
            },
            "scan every case for both columns, then sort",
            "stage || '' = 'support' AND concern_type || '' = ?1",
            "lower(received_on)",
            0,
            "extreme_right_wing",
        ),
        (
            "search \"wisniewski\" (finds Wiśniewski)",
            search("wisniewski"),
            like_text,
            like,
            "lower(received_on)",
            0,
            "%wisniewski%",
        ),
        (
            "search \"陈伟\" (other name in its own script)",
            search("陈伟"),
            like_text,
            like,
            "lower(received_on)",
            0,
            "%陈伟%",
        ),
        (
            "search one person by full name \"chen wei 4242\"",
            search("chen wei 4242"),
            like_text,
            like,
            "lower(received_on)",
            0,
            "%chen wei 4242%",
        ),
    ]
}

pub fn case_list(session: &mut Session, runs: usize) -> Result<Vec<Timing>> {
    let conn = &session.conn;
    let today = today();
    operations()
        .into_iter()
        .map(|(what, query, baseline, condition, order, offset, arg)| {
            Ok(Timing {
                what,
                median_ms: median_ms(runs, || {
                    list_cases(conn, &query, today).map(|p| drop(std::hint::black_box(p)))
                })?,
                baseline,
                baseline_median_ms: Some(median_ms(runs, || {
                    naive(conn, condition, order, offset, arg)
                })?),
            })
        })
        .collect()
}

/// A memory setting of the case-list comparison.
pub struct MemorySetting {
    /// SQLCipher's memory security: every SQLite allocation wiped when freed.
    pub memory_security: bool,
    /// Freed Rust and C blocks wiped (`process::wipe_freed_memory`).
    pub wipe_freed: bool,
    pub cache_kib: u32,
}

/// The settings compared, in order: the store's before memory security, then each change.
/// Memory security comes after the settings without it, as it cannot be turned off again.
pub const MEMORY_SETTINGS: [MemorySetting; 4] = [
    MemorySetting {
        memory_security: false,
        wipe_freed: false,
        cache_kib: 65_536,
    },
    MemorySetting {
        memory_security: true,
        wipe_freed: false,
        cache_kib: 65_536,
    },
    MemorySetting {
        memory_security: true,
        wipe_freed: true,
        cache_kib: 65_536,
    },
    MemorySetting {
        memory_security: true,
        wipe_freed: true,
        cache_kib: 8_192,
    },
];

/// One case-list operation's median under each of `MEMORY_SETTINGS`, in order.
pub struct SettingTimings {
    pub what: &'static str,
    pub medians_ms: Vec<f64>,
}

/// Keeps the connections this process opens from now on from turning SQLCipher's memory
/// security on, until `memory_settings` does: call it before the first connection.
pub fn hold_memory_security_off() {
    store::MEMORY_SECURITY.store(false, Ordering::Relaxed);
}

/// The case list under each of `MEMORY_SETTINGS`, on a database opened after
/// `hold_memory_security_off`. Each setting starts from an emptied cache, so that its
/// pages are allocated (and with memory security, locked in memory) under it. Leaves
/// memory security and wiping on, and the store's own cache size.
pub fn memory_settings(session: &mut Session, runs: usize) -> Result<Vec<SettingTimings>> {
    let conn = &session.conn;
    let today = today();
    let operations = operations();
    let mut timings: Vec<SettingTimings> = operations
        .iter()
        .map(|op| SettingTimings {
            what: op.0,
            medians_ms: Vec::new(),
        })
        .collect();
    for setting in &MEMORY_SETTINGS {
        if setting.memory_security {
            store::MEMORY_SECURITY.store(true, Ordering::Relaxed);
            conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
        }
        process::set_wiping(setting.wipe_freed);
        conn.execute_batch(&format!(
            "PRAGMA cache_size = -{}; PRAGMA shrink_memory;",
            setting.cache_kib
        ))?;
        for (timing, op) in timings.iter_mut().zip(&operations) {
            timing.medians_ms.push(median_ms(runs, || {
                list_cases(conn, &op.1, today).map(|p| drop(std::hint::black_box(p)))
            })?);
        }
    }
    process::set_wiping(true);
    conn.execute_batch(&format!(
        "PRAGMA cache_size = -{}; PRAGMA shrink_memory;",
        store::CACHE_KIB
    ))?;
    Ok(timings)
}

/// The cost of one unlock's key derivation with the default parameters.
pub fn key_derivation(runs: usize) -> Result<f64> {
    median_ms(runs, || {
        crate::security::crypto::spend_equal_effort("benchmark passphrase");
        Ok(())
    })
}
