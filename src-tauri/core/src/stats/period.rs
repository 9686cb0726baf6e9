//! The period statistics and reports cover: a financial year, a quarter or any two dates,
//! compared with the period of the same length just before it.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::common::dates;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A period as the window shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct PeriodView {
    pub from: String,
    pub to: String,
    /// "1 April 2017 to 31 March 2018".
    pub label: String,
    /// "2017-04-01..2018-03-31", as the CSV and the headless command write it.
    pub key: String,
}

impl Period {
    /// Reads two dates (each "D/M/YYYY" or "YYYY-MM-DD"), naming the field at fault.
    pub fn read(from: &str, to: &str) -> Result<Period> {
        let from = dates::parse("period_from", "first day of the period", from)?;
        let to = dates::parse("period_to", "last day of the period", to)?;
        if to < from {
            return Err(CoreError::invalid(
                "period_to",
                "The last day of the period must be on or after the first",
            ));
        }
        if (to - from).num_days() > 366 * 10 {
            return Err(CoreError::invalid(
                "period_to",
                "A period can be at most ten years long",
            ));
        }
        Ok(Period { from, to })
    }

    /// Reads "2017-04-01..2019-03-31", as the headless command takes it.
    pub fn parse(text: &str) -> Result<Period> {
        let (from, to) = text.split_once("..").ok_or_else(|| {
            CoreError::invalid(
                "period",
                "Give the period as FIRST..LAST, for example 2017-04-01..2018-03-31",
            )
        })?;
        Period::read(from, to)
    }

    /// The financial year that starts on 1 April of `year`.
    pub fn financial_year(year: i32) -> Period {
        let from = NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April is a date");
        let to = NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March is a date");
        Period { from, to }
    }

    /// The financial year holding `day`.
    pub fn financial_year_of(day: NaiveDate) -> Period {
        let year = if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        };
        Period::financial_year(year)
    }

    pub fn days(self) -> u64 {
        (self.to - self.from).num_days() as u64 + 1
    }

    /// The period of the same length ending the day before this one starts. A whole
    /// financial year or quarter is compared with the one before it.
    pub fn previous(self) -> Period {
        let whole_months = self.from.day() == 1 && self.to.succ_opt().is_some_and(|d| d.day() == 1);
        if whole_months {
            let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32
                - self.from.month() as i32
                + 1;
            let from = self
                .from
                .checked_sub_months(chrono::Months::new(months as u32))
                .unwrap_or(self.from);
            return Period {
                from,
                to: self.from.pred_opt().unwrap_or(self.from),
            };
        }
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to
            .checked_sub_days(Days::new(self.days() - 1))
            .unwrap_or(to);
        Period { from, to }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }

    pub fn key(self) -> String {
        format!("{}..{}", self.from, self.to)
    }

    pub fn view(self) -> PeriodView {
        PeriodView {
            from: self.from.to_string(),
            to: self.to.to_string(),
            label: format!("{} to {}", dates::long(self.from), dates::long(self.to)),
            key: self.key(),
        }
    }

    /// The first day of each month the period touches, for a monthly trend.
    pub fn months(self) -> Vec<NaiveDate> {
        let mut month = self
            .from
            .with_day(1)
            .expect("the first of a month is a date");
        let mut out = Vec::new();
        while month <= self.to {
            out.push(month);
            month = month
                .checked_add_months(chrono::Months::new(1))
                .expect("a month later is a date");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_financial_year_or_quarter_is_compared_with_the_one_before() {
        let year = Period::financial_year(2017);
        assert_eq!(year.previous(), Period::financial_year(2016));
        let q = Period::parse("2018-01-01..2018-03-31").unwrap();
        assert_eq!(
            q.previous(),
            Period::parse("2017-10-01..2017-12-31").unwrap()
        );
        let two_years = Period::parse("2017-04-01..2019-03-31").unwrap();
        assert_eq!(
            two_years.previous(),
            Period::parse("2015-04-01..2017-03-31").unwrap()
        );
    }

    #[test]
    fn other_periods_are_compared_with_as_many_days_before() {
        let p = Period::parse("2018-03-10..2018-03-19").unwrap();
        assert_eq!(
            p.previous(),
            Period {
                from: d("2018-02-28"),
                to: d("2018-03-09")
            }
        );
        assert_eq!(p.previous().days(), p.days());
    }

    #[test]
    fn a_period_that_ends_before_it_starts_names_the_field() {
        let err = Period::parse("2018-03-10..2018-03-01").unwrap_err();
        assert_eq!(err.field(), Some("period_to"), "{err:?}");
        let err = Period::parse("2018-03-10").unwrap_err();
        assert_eq!(err.field(), Some("period"), "{err:?}");
        assert_eq!(
            Period::financial_year_of(d("2018-03-31")),
            Period::financial_year(2017)
        );
        assert_eq!(
            Period::financial_year_of(d("2018-04-01")),
            Period::financial_year(2018)
        );
    }
}
