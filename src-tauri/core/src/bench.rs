//! Side-by-side timings of the case list and search against naive baselines, on synthetic
//! data, for BENCHMARKS.md. Run with `channel-desk-cli bench`.

use std::time::Instant;

use rusqlite::Connection;

use crate::caseview::{list_cases, CaseQuery};
use crate::dates::today;
use crate::error::Result;
use crate::session::Session;

pub struct Timing {
    pub what: &'static str,
    pub median_ms: f64,
    pub baseline: &'static str,
    pub baseline_median_ms: f64,
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

pub fn case_list(session: &mut Session, runs: usize) -> Result<Vec<Timing>> {
    let conn = &session.conn;
    let today = today();
    let page =
        |q: CaseQuery| move || list_cases(conn, &q, today).map(|p| drop(std::hint::black_box(p)));
    let mut out = Vec::new();
    out.push(Timing {
        what: "first page of the list, newest first",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                descending: true,
                ..Default::default()
            }),
        )?,
        baseline: "count and sort every case, no index",
        baseline_median_ms: median_ms(runs, || {
            naive(conn, "?1 <> ''", "lower(received_on) DESC", 0, "x")
        })?,
    });
    out.push(Timing {
        what: "page 200 of the list sorted by name",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                sort: "name".into(),
                page: 200,
                ..Default::default()
            }),
        )?,
        baseline: "count and sort every case by lower(name)",
        baseline_median_ms: median_ms(runs, || {
            naive(conn, "?1 <> ''", "lower(full_name)", 5000, "x")
        })?,
    });
    out.push(Timing {
        what: "filter: in support, extreme right-wing",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                stage: "support".into(),
                concern_type: "extreme_right_wing".into(),
                ..Default::default()
            }),
        )?,
        baseline: "scan every case for both columns, then sort",
        baseline_median_ms: median_ms(runs, || {
            naive(
                conn,
                "stage || '' = 'support' AND concern_type || '' = ?1",
                "lower(received_on)",
                0,
                "extreme_right_wing",
            )
        })?,
    });
    out.push(Timing {
        what: "search \"wisniewski\" (finds Wiśniewski)",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                search: "wisniewski".into(),
                ..Default::default()
            }),
        )?,
        baseline: "LIKE over every name and other name, then sort",
        baseline_median_ms: median_ms(runs, || {
            naive(
                conn,
                "lower(full_name || ' ' || other_names) LIKE ?1",
                "lower(received_on)",
                0,
                "%wisniewski%",
            )
        })?,
    });
    out.push(Timing {
        what: "search \"陈伟\" (other name in its own script)",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                search: "陈伟".into(),
                ..Default::default()
            }),
        )?,
        baseline: "LIKE over every name and other name, then sort",
        baseline_median_ms: median_ms(runs, || {
            naive(
                conn,
                "lower(full_name || ' ' || other_names) LIKE ?1",
                "lower(received_on)",
                0,
                "%陈伟%",
            )
        })?,
    });
    out.push(Timing {
        what: "search one person by full name \"chen wei 4242\"",
        median_ms: median_ms(
            runs,
            page(CaseQuery {
                search: "chen wei 4242".into(),
                ..Default::default()
            }),
        )?,
        baseline: "LIKE over every name and other name, then sort",
        baseline_median_ms: median_ms(runs, || {
            naive(
                conn,
                "lower(full_name || ' ' || other_names) LIKE ?1",
                "lower(received_on)",
                0,
                "%chen wei 4242%",
            )
        })?,
    });
    Ok(out)
}
