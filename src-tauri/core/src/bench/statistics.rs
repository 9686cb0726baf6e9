//! The statistics and the annual report at scale: journeys for the bulk cases, then the
//! statistics of one financial year and the whole report against the same counts by plain
//! `GROUP BY` queries over an unencrypted copy of the same rows.

use std::path::Path;

use rusqlite::Connection;

use crate::common::dates::today;
use crate::error::Result;
use crate::report::document;
use crate::security::session::Session;
use crate::stats::{self, Period};

use super::{median_ms, Timing};

/// Gives each bulk case the screening, decisions, consent, support and reviews its stage
/// implies, at random intervals after it was received; and a panel meeting each month.
pub fn journeys(session: &mut Session) -> Result<()> {
    let after =
        |days: u32| format!("date(received_on, '+' || (abs(random()) % {days} + 1) || ' days')");
    let beyond = |stages: &str| format!("stage IN ({stages})");
    let screened = "'assessment', 'awaiting_panel', 'adopted', 'not_adopted', 'support', 'exited', 'six_month_review_done', 'closed'";
    let adopted = "'adopted', 'support', 'exited', 'six_month_review_done'";
    let supported = "'support', 'exited', 'six_month_review_done'";
    let exited = "'exited', 'six_month_review_done'";
    let sql = format!(
        "INSERT INTO screenings (case_id, episode, screened_on, outcome, information_gathering)
            SELECT id, 1, {s}, CASE WHEN stage = 'closed' THEN 'not_appropriate_no_further_action'
                ELSE 'suitable_for_channel' END, '' FROM cases WHERE {screened_in};
         INSERT INTO decisions (case_id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason, recorded_by)
            SELECT id, 1, {d}, CASE WHEN stage = 'not_adopted' THEN 'not_adopt' ELSE 'adopt' END, 'Bulk', 'consensus',
                CASE WHEN stage = 'not_adopted' THEN 'Early help' ELSE '' END, '', 'bench'
            FROM cases WHERE {decided};
         INSERT INTO consents (case_id, episode, sought_on, sought_by, status, status_on, given_by, guardian_name,
                guardian_relationship, capacity_notes)
            SELECT id, 1, date(received_on, '+45 days'), 'bench', 'given', date(received_on, '+46 days'),
                CASE WHEN id % 3 = 0 THEN 'parent_guardian' ELSE 'individual' END, '', '', '' FROM cases WHERE {supported_in};
         INSERT INTO interventions (case_id, episode, kind, provider, start_on, planned_end_on, funding, sessions_planned,
                sessions_delivered, status, outcome)
            SELECT id, 1, CASE id % 3 WHEN 0 THEN 'mental_health' WHEN 1 THEN 'intervention_provider' ELSE 'education' END,
                'Provider', date(received_on, '+50 days'), date(received_on, '+150 days'), '', 6, id % 7,
                CASE WHEN stage = 'support' THEN 'active' ELSE 'completed' END, '' FROM cases WHERE {supported_in};
         INSERT INTO decisions (case_id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason, recorded_by)
            SELECT id, 1, date(received_on, '+200 days'), 'exit', 'Bulk', 'consensus', '', 'risk_removed_or_reduced', 'bench'
            FROM cases WHERE {exited_in};
         INSERT INTO reviews (case_id, episode, months, reviewed_on)
            SELECT id, 1, 6, date(received_on, '+385 days') FROM cases WHERE stage = 'six_month_review_done';
         INSERT INTO case_needs (case_id, code) SELECT id, CASE id % 4 WHEN 0 THEN 'nd_autism' WHEN 1 THEN 'mh_anxiety'
                ELSE 'none' END FROM cases;
         ANALYZE;",
        s = after(10),
        screened_in = beyond(screened),
        d = after(40),
        decided = beyond(&format!("{adopted}, 'not_adopted'")),
        supported_in = beyond(supported),
        exited_in = beyond(exited),
    );
    let tx = session.conn.transaction()?;
    tx.execute_batch(&sql)?;
    let first = today() - chrono::Duration::days(3650);
    for month in (Period {
        from: first,
        to: today(),
    })
    .months()
    {
        tx.execute(
            "INSERT INTO meetings (held_on, starts_at, place, chair, created_by, created_at)
             VALUES (?1, '14:00', 'Committee room', 'Chair', 'bench', datetime('now'))",
            [month.to_string()],
        )?;
        tx.execute(
            "INSERT INTO attendance (meeting_id, name, organisation, role, police, status)
             VALUES (last_insert_rowid(), 'PC Synthetic', 'Police', 'Member', 1, 'present')",
            [],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The counts the statistics show, by plain `GROUP BY` queries with no suppression, for a
/// period and the one before.
fn plain_counts(conn: &Connection, period: Period) -> Result<()> {
    for p in [period, period.previous()] {
        let args = [p.from.to_string(), p.to.to_string()];
        let mut total = 0i64;
        for column in [
            "referrer_sector",
            "concern_type",
            "gender_code",
            "ethnicity_code",
        ] {
            let sql = format!(
                "SELECT c.{column}, count(*) FROM episodes e JOIN cases c ON c.id = e.case_id
                 WHERE e.received_on BETWEEN ?1 AND ?2 GROUP BY 1"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(&args), |r| r.get::<_, i64>(1))?;
            total += rows.sum::<rusqlite::Result<i64>>()?;
        }
        for sql in [
            "SELECT outcome, count(*) FROM screenings WHERE screened_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT kind, count(*) FROM decisions WHERE decided_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT status || given_by, count(*) FROM consents WHERE status_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT kind || status, count(*) FROM interventions WHERE start_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT months, count(*) FROM reviews WHERE reviewed_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT n.code, count(*) FROM episodes e JOIN case_needs n ON n.case_id = e.case_id
             WHERE e.received_on BETWEEN ?1 AND ?2 GROUP BY 1",
            "SELECT (SELECT count(*) FROM screenings s WHERE s.case_id = e.case_id) > 0,
                (SELECT count(*) FROM decisions d WHERE d.case_id = e.case_id) > 0, count(*)
             FROM episodes e WHERE e.received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2",
        ] {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(&args))?;
            while let Some(row) = rows.next()? {
                total += row.get::<_, i64>(row.as_ref().column_count() - 1)?;
            }
        }
        std::hint::black_box(total);
    }
    Ok(())
}

/// One financial year's statistics and the report of the same year, against
/// the plain counts over an unencrypted copy; and the year's referrals.
pub fn statistics(session: &mut Session, dir: &Path, runs: usize) -> Result<(Vec<Timing>, String)> {
    // 2018/19: the borough's plan covers it, and the bulk cases (received over the last ten
    // years) fill it and the year before.
    let year = Period::financial_year(2018);
    session.load_seed_plan()?;
    let plain = dir.join("plain-copy.db");
    // The connection may not create files: the copy starts as an empty one.
    std::fs::File::create(&plain)?;
    session.conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_string_lossy()],
    )?;
    session
        .conn
        .query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))?;
    session.conn.execute_batch("DETACH DATABASE plain;")?;
    let copy = Connection::open(&plain)?;
    let baseline = median_ms(runs, || plain_counts(&copy, year))?;
    let conn = &session.conn;
    let stats_ms = median_ms(runs, || stats::compute(conn, year, false).map(drop))?;
    let report_ms = median_ms(runs.min(5), || {
        let s = stats::compute(conn, year, false)?;
        let doc = document::report(conn, year, &s, "Benchmark")?;
        document::render_with_contents(doc).map(drop)
    })?;
    let referrals = stats::compute(conn, year, false)?.referrals.text;
    drop(copy);
    let _ = std::fs::remove_file(&plain);
    let timings = vec![
        Timing {
            what: "statistics of one financial year, suppressed",
            median_ms: stats_ms,
            baseline: "the same counts by plain GROUP BY over an unencrypted copy",
            baseline_median_ms: Some(baseline),
        },
        Timing {
            what: "the annual report PDF of that year (statistics, plan, charts, contents)",
            median_ms: report_ms,
            baseline: "the same counts by plain GROUP BY over an unencrypted copy",
            baseline_median_ms: Some(baseline),
        },
    ];
    Ok((timings, referrals))
}
