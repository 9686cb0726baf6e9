//! A table of figures as the screen, the report and the CSV show it: categories down the
//! side, one column per period (or per kind), small numbers suppressed.

use channel_desk_pdf::{Chart, Colour, Series};
use serde::Serialize;

use crate::plan::dashboard::{drawn, DashboardChart};

use super::suppress::{self, Cell, Line};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatRow {
    pub category: String,
    pub cells: Vec<Cell>,
    /// The row of totals.
    pub total: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatTable {
    /// Stable name, for the CSV's measure column and the window's ids: "referrals_by_sector".
    pub id: String,
    pub title: String,
    /// The heading over the categories: "Referrer sector".
    pub category: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
    /// How to read the table (what is counted, why figures do not add up).
    pub note: String,
    pub chart: Option<DashboardChart>,
}

/// How a table's figures sum, which decides what secondary suppression protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totals {
    /// No totals shown (a funnel; needs, where one person has several).
    None,
    /// A last row of column totals.
    Columns,
    /// A last row and a last column of totals.
    RowsAndColumns,
}

/// Builds a table from counts (`rows` in order, totals included as `totals` says),
/// suppressing small numbers unless `exact`.
pub struct Builder {
    pub id: &'static str,
    pub title: String,
    pub category: &'static str,
    pub columns: Vec<String>,
    pub note: String,
    pub threshold: u32,
    pub exact: bool,
}

impl Builder {
    pub fn build(self, rows: Vec<(String, Vec<u32>)>, totals: Totals) -> StatTable {
        let mut rows = rows;
        let width = rows.first().map_or(0, |r| r.1.len());
        if totals == Totals::RowsAndColumns {
            for (_, values) in &mut rows {
                values.push(values.iter().sum());
            }
        }
        if totals != Totals::None && !rows.is_empty() {
            let columns = rows[0].1.len();
            let sums = (0..columns)
                .map(|c| rows.iter().map(|r| r.1[c]).sum())
                .collect();
            rows.push(("Total".to_owned(), sums));
        }
        let values: Vec<Vec<u32>> = rows.iter().map(|r| r.1.clone()).collect();
        let lines: Vec<Line> = match (totals, values.len()) {
            (_, 0) | (Totals::None, _) => Vec::new(),
            (Totals::Columns, n) => suppress::column_totals(n, width),
            (Totals::RowsAndColumns, n) => suppress::row_and_column_totals(n, width + 1),
        };
        let hidden = suppress::suppress(&values, &lines, self.threshold);
        let count = rows.len();
        let mut columns = self.columns;
        if totals == Totals::RowsAndColumns {
            columns.push("Total".into());
        }
        StatTable {
            id: self.id.into(),
            title: self.title,
            category: self.category.into(),
            columns,
            rows: rows
                .into_iter()
                .zip(hidden)
                .enumerate()
                .map(|(i, ((category, values), hidden))| StatRow {
                    category,
                    cells: values
                        .into_iter()
                        .zip(hidden)
                        .map(|(v, h)| Cell::new(v, h, self.threshold, self.exact))
                        .collect(),
                    total: totals != Totals::None && i + 1 == count,
                })
                .collect(),
            note: self.note,
            chart: None,
        }
    }
}

impl StatTable {
    /// The figures of the first `series` columns as a chart (stacked when more than one),
    /// drawn from what the table shows: a hidden figure draws nothing.
    pub fn with_chart(mut self, series: &[(&str, Colour)]) -> StatTable {
        let rows: Vec<&StatRow> = self.rows.iter().filter(|r| !r.total).collect();
        let series: Vec<Series> = series
            .iter()
            .enumerate()
            .map(|(i, (name, colour))| Series {
                name: (*name).to_owned(),
                colour: *colour,
                values: rows
                    .iter()
                    .map(|r| r.cells[i].value.map_or(f64::NAN, f64::from))
                    .collect(),
            })
            .collect();
        let top = (0..rows.len())
            .map(|i| {
                let values = series.iter().map(|s| s.values[i]);
                values.filter(|v| !v.is_nan()).sum::<f64>()
            })
            .fold(1.0, f64::max);
        self.chart = Some(drawn(Chart {
            id: format!("chart-{}", self.id),
            title: self.title.clone(),
            categories: rows
                .iter()
                .map(|r| {
                    if r.cells.iter().any(|c| c.value.is_none()) {
                        format!(
                            "{} ({})",
                            r.category,
                            r.cells
                                .iter()
                                .find(|c| c.value.is_none())
                                .map_or("", |c| c.text.as_str())
                        )
                    } else {
                        r.category.clone()
                    }
                })
                .collect(),
            series,
            scale: top,
            marker: None,
        }));
        self
    }
}
