//! What every table is built from: the period's referrals, counts of rows dated in each
//! period, and the rows of reference data or vocabularies they are counted under.

use rusqlite::Connection;

use crate::common::vocabulary::Vocabulary;
use crate::error::Result;
use crate::reference::{self, ReferenceItem};

use super::facts::{grouped, grouped2, Referral};
use super::period::Period;
use super::table::{Builder, Totals};
use super::{StatTable, PREVIOUS_PERIOD, THIS_PERIOD};
use channel_desk_pdf::Colour;

pub(super) struct Compute<'a> {
    pub conn: &'a Connection,
    pub period: Period,
    pub previous: Period,
    pub now: Vec<Referral>,
    pub before: Vec<Referral>,
    pub threshold: u32,
    pub exact: bool,
}

impl Compute<'_> {
    pub(super) fn builder(
        &self,
        id: &'static str,
        title: &str,
        category: &'static str,
        note: &str,
    ) -> Builder {
        Builder {
            id,
            title: title.to_owned(),
            category,
            columns: vec![THIS_PERIOD.into(), PREVIOUS_PERIOD.into()],
            note: note.to_owned(),
            threshold: self.threshold,
            exact: self.exact,
        }
    }

    /// Referrals of each period by a category of the referral, in the order of `rows`
    /// (code, label); codes met but not listed are added at the end under their own name.
    pub(super) fn by(
        &self,
        rows: Vec<(String, String)>,
        key: impl Fn(&Referral) -> Vec<String>,
    ) -> Vec<(String, Vec<u32>)> {
        let mut rows: Vec<(String, String, [u32; 2])> =
            rows.into_iter().map(|(c, l)| (c, l, [0, 0])).collect();
        for (i, set) in [&self.now, &self.before].into_iter().enumerate() {
            for r in set {
                for code in key(r) {
                    match rows.iter_mut().find(|row| row.0 == code) {
                        Some(row) => row.2[i] += 1,
                        None => {
                            let mut counts = [0, 0];
                            counts[i] = 1;
                            rows.push((code.clone(), code, counts));
                        }
                    }
                }
            }
        }
        rows.into_iter().map(|(_, l, c)| (l, c.to_vec())).collect()
    }

    /// Reference data of a kind as rows: current items, and retired ones still counted.
    pub(super) fn reference_rows(&self, kind: &str) -> Result<Vec<(String, String)>> {
        Ok(reference::list(self.conn, kind)?
            .into_iter()
            .map(|ReferenceItem { code, label, .. }| (code, label))
            .collect())
    }

    pub(super) fn drop_unused_retired(
        &self,
        kind: &str,
        rows: Vec<(String, Vec<u32>)>,
    ) -> Result<Vec<(String, Vec<u32>)>> {
        let retired: Vec<String> = reference::list(self.conn, kind)?
            .into_iter()
            .filter(|i| i.retired)
            .map(|i| i.label)
            .collect();
        Ok(rows
            .into_iter()
            .filter(|(label, v)| !retired.contains(label) || v.iter().any(|n| *n > 0))
            .collect())
    }

    pub(super) fn category_table(
        &self,
        id: &'static str,
        title: &str,
        category: &'static str,
        kind: &str,
        key: impl Fn(&Referral) -> Vec<String>,
    ) -> Result<StatTable> {
        let rows = self.by(self.reference_rows(kind)?, key);
        let rows = self.drop_unused_retired(kind, rows)?;
        Ok(self
            .builder(id, title, category, "")
            .build(rows, Totals::Columns)
            .with_chart(&[("Referrals", Colour::Blue)]))
    }

    /// Counts dated in each period from `sql` (`?1`, `?2` the period), labelled by `label`.
    pub(super) fn events(
        &self,
        sql: &str,
        order: Vec<(String, String)>,
    ) -> Result<Vec<(String, Vec<u32>)>> {
        let mut rows: Vec<(String, String, Vec<u32>)> =
            order.into_iter().map(|(c, l)| (c, l, vec![0, 0])).collect();
        for (i, period) in [self.period, self.previous].into_iter().enumerate() {
            for (code, n) in grouped(self.conn, sql, period)? {
                match rows.iter_mut().find(|r| r.0 == code) {
                    Some(r) => r.2[i] += n,
                    None => {
                        let mut v = vec![0, 0];
                        v[i] = n;
                        rows.push((code.clone(), code, v));
                    }
                }
            }
        }
        Ok(rows.into_iter().map(|(_, l, v)| (l, v)).collect())
    }

    pub(super) fn two_way(
        &self,
        sql: &str,
        rows: Vec<(String, String)>,
        columns: &[(&str, &str)],
    ) -> Result<Vec<(String, Vec<u32>)>> {
        let mut out: Vec<(String, String, Vec<u32>)> = rows
            .into_iter()
            .map(|(c, l)| (c, l, vec![0; columns.len()]))
            .collect();
        for (row, column, n) in grouped2(self.conn, sql, self.period)? {
            let Some(c) = columns.iter().position(|(code, _)| *code == column) else {
                continue;
            };
            match out.iter_mut().find(|r| r.0 == row) {
                Some(r) => r.2[c] += n,
                None => {
                    let mut v = vec![0; columns.len()];
                    v[c] = n;
                    out.push((row.clone(), row, v));
                }
            }
        }
        Ok(out.into_iter().map(|(_, l, v)| (l, v)).collect())
    }
}

/// A category's unknowns ("Not recorded", "To be categorised") are listed only when used.
pub(super) fn drop_empty_unknowns(rows: Vec<(String, Vec<u32>)>) -> Vec<(String, Vec<u32>)> {
    rows.into_iter()
        .filter(|(label, v)| {
            !(matches!(label.as_str(), "Not recorded" | "To be categorised")
                && v.iter().all(|n| *n == 0))
        })
        .collect()
}

pub(super) fn choices<V: Vocabulary>() -> Vec<(String, String)> {
    V::ALL
        .iter()
        .map(|v| (v.code().to_owned(), v.label().to_owned()))
        .collect()
}
