//! The report's figures as CSV: one row per figure (period, measure, category, breakdown,
//! value), UTF-8 with a header, suppressed exactly as the PDF prints them.

use crate::common::sheet::Sheet;
use crate::error::Result;
use crate::stats::{StatTable, Statistics, PREVIOUS_PERIOD};

fn table_rows(t: &StatTable, stats: &Statistics, out: &mut Sheet) -> Result<()> {
    // A column per period (this one and the one before), or per breakdown of this period.
    let by_period = t.columns.last().is_some_and(|c| c == PREVIOUS_PERIOD);
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            let (period, breakdown) = match (by_period, i) {
                (true, 1) => (stats.previous.key.as_str(), ""),
                (true, _) => (stats.period.key.as_str(), ""),
                (false, _) if t.columns.len() == 1 => (stats.period.key.as_str(), ""),
                (false, _) => (stats.period.key.as_str(), t.columns[i].as_str()),
            };
            out.row([period, &t.id, &row.category, breakdown, &cell.text])?;
        }
    }
    Ok(())
}

pub(crate) fn write(stats: &Statistics) -> Result<Vec<u8>> {
    let mut out = Sheet::new();
    out.row(["period", "measure", "category", "breakdown", "value"])?;
    let period = stats.period.key.as_str();
    out.row([
        period,
        "referrals",
        "All referrals",
        "",
        &stats.referrals.text,
    ])?;
    table_rows(&stats.funnel, stats, &mut out)?;
    for t in &stats.tables {
        table_rows(t, stats, &mut out)?;
    }
    for t in &stats.timings {
        let days = |d: Option<u32>| d.map_or_else(|| "not shown".to_owned(), |d| d.to_string());
        out.row([
            period,
            "days_from_referral",
            &t.what,
            "Referrals",
            &t.referrals.text,
        ])?;
        out.row([
            period,
            "days_from_referral",
            &t.what,
            "Median days",
            &days(t.median_days),
        ])?;
        out.row([
            period,
            "days_from_referral",
            &t.what,
            "90th percentile days",
            &days(t.p90_days),
        ])?;
    }
    let m = &stats.meetings;
    out.row([
        period,
        "meetings",
        "Channel Panel meetings held",
        "",
        &m.panel_held.to_string(),
    ])?;
    out.row([
        period,
        "meetings",
        "Channel Panel meetings with police present",
        "",
        &m.panel_with_police.to_string(),
    ])?;
    out.row([
        period,
        "meetings",
        "Steering group meetings held",
        "",
        &m.steering_held.to_string(),
    ])?;
    out.bytes()
}
