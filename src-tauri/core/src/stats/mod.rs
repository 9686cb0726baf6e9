//! Channel statistics for a period in the Home Office categories, beside the previous
//! period of the same length: referrals by sector, concern, age band, gender, ethnicity and
//! needs; the journey as a funnel; outcomes, consent, support and timings; panel meetings;
//! national figures to compare with. Small numbers are suppressed in everything circulated;
//! the chair may see exact figures on screen.

mod comparators;
mod compute;
mod events;
pub mod facts;
pub mod period;
mod referrals;
pub mod suppress;
pub mod table;
mod timings;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

use compute::Compute;
pub use period::{Period, PeriodView};
use suppress::Cell;
pub use table::{StatRow, StatTable};

/// Days from referral to a step: the median and 90th percentile, over the referrals of the
/// period that reached it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Timing {
    pub what: String,
    pub referrals: Cell,
    /// Whole days; `None` when too few referrals reached the step to show it.
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MeetingFigures {
    pub panel_held: u32,
    pub panel_with_police: u32,
    /// Percentage of panel meetings a police member attended, to the nearest whole number.
    pub police_rate: Option<u32>,
    pub steering_held: u32,
}

/// Local or national figures side by side.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Comparator {
    pub area: String,
    pub period: String,
    pub referrals: Cell,
    pub discussed: Option<Cell>,
    pub adopted: Option<Cell>,
    /// "12.9%" or "" when a figure is hidden or missing.
    pub discussed_rate: String,
    pub adopted_rate: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Statistics {
    pub period: PeriodView,
    pub previous: PeriodView,
    /// Exact figures (the chair's screen); otherwise small numbers are suppressed.
    pub exact: bool,
    pub threshold: u32,
    pub referrals: Cell,
    pub funnel: StatTable,
    pub tables: Vec<StatTable>,
    pub timings: Vec<Timing>,
    pub meetings: MeetingFigures,
    pub comparators: Vec<Comparator>,
}

/// The headings of a table's two columns of periods (their dates are in `Statistics`).
pub const THIS_PERIOD: &str = "This period";
pub const PREVIOUS_PERIOD: &str = "Previous period";

/// The suppression threshold setting: counts from 1 to one less are hidden.
pub(crate) fn threshold(conn: &Connection) -> Result<u32> {
    let text: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'suppression_threshold'",
        [],
        |r| r.get(0),
    )?;
    Ok(text.parse().unwrap_or(5))
}

/// The statistics of a period, exact or suppressed.
pub(crate) fn compute(conn: &Connection, period: Period, exact: bool) -> Result<Statistics> {
    let previous = period.previous();
    let threshold = threshold(conn)?;
    let c = Compute {
        conn,
        period,
        previous,
        now: facts::referrals(conn, period)?,
        before: facts::referrals(conn, previous)?,
        threshold,
        exact,
    };
    let funnel = c.funnel();
    let n = c.now.len() as u32;
    Ok(Statistics {
        period: period.view(),
        previous: previous.view(),
        exact,
        threshold,
        referrals: Cell::new(
            n,
            if n > 0 && n < threshold {
                suppress::Hidden::Small
            } else {
                suppress::Hidden::No
            },
            threshold,
            exact,
        ),
        tables: {
            let mut tables = c.referral_tables()?;
            tables.extend(c.event_tables()?);
            tables
        },
        timings: c.timings(),
        meetings: c.meetings()?,
        comparators: c.comparators(&funnel)?,
        funnel,
    })
}

impl Session {
    /// The statistics of a period (dates as typed). `exact` shows small numbers: the chair's
    /// screen only. Viewing is audited with the period and whether it was exact.
    pub fn statistics(&mut self, from: &str, to: &str, exact: bool) -> Result<Statistics> {
        self.require_statistics()?;
        if exact && !self.person.may.exact_statistics {
            return Err(CoreError::Forbidden(
                "see the statistics without suppression",
            ));
        }
        let period = Period::read(from, to)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let stats = compute(&tx, period, exact)?;
        let detail = serde_json::json!({ "period": period.key(), "exact": exact }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::StatisticsViewed,
            "statistics",
            &detail,
        )?;
        tx.commit()?;
        Ok(stats)
    }
}
