//! The report's figures as CSV: one row per figure (period, measure, category, breakdown,
//! value), UTF-8 with a header, suppressed exactly as the PDF prints them.

use crate::error::{CoreError, Result};
use crate::stats::{StatTable, Statistics, PREVIOUS_PERIOD};

fn table_rows(
    t: &StatTable,
    stats: &Statistics,
    out: &mut csv::Writer<Vec<u8>>,
) -> csv::Result<()> {
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
            out.write_record([period, &t.id, &row.category, breakdown, &cell.text])?;
        }
    }
    Ok(())
}

pub(crate) fn write(stats: &Statistics) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = (|| -> csv::Result<()> {
        out.write_record(["period", "measure", "category", "breakdown", "value"])?;
        let period = stats.period.key.as_str();
        out.write_record([
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
            out.write_record([
                period,
                "days_from_referral",
                &t.what,
                "Referrals",
                &t.referrals.text,
            ])?;
            out.write_record([
                period,
                "days_from_referral",
                &t.what,
                "Median days",
                &days(t.median_days),
            ])?;
            out.write_record([
                period,
                "days_from_referral",
                &t.what,
                "90th percentile days",
                &days(t.p90_days),
            ])?;
        }
        let m = &stats.meetings;
        out.write_record([
            period,
            "meetings",
            "Channel Panel meetings held",
            "",
            &m.panel_held.to_string(),
        ])?;
        out.write_record([
            period,
            "meetings",
            "Channel Panel meetings with police present",
            "",
            &m.panel_with_police.to_string(),
        ])?;
        out.write_record([
            period,
            "meetings",
            "Steering group meetings held",
            "",
            &m.steering_held.to_string(),
        ])?;
        out.flush()?;
        Ok(())
    })();
    written.map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    out.into_inner()
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))
}
