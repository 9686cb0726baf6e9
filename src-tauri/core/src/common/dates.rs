//! Calendar dates as people type them (day, month, year) and ages.

use chrono::{Datelike, Local, NaiveDate, SecondsFormat, Utc};

use crate::error::{CoreError, Result};

/// Today in the laptop's time zone (Europe/London for the council).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Reads "D/M/YYYY" (what the three-field date input sends) or ISO "YYYY-MM-DD".
pub fn parse(field: &'static str, label: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    if text.is_empty() || text == "//" {
        return Err(CoreError::invalid(field, format!("Enter the {label}")));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let example = "for example 27 3 2011";
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        let missing = ["day", "month", "year"]
            .iter()
            .zip(parts.iter().chain(std::iter::repeat(&"")))
            .filter(|(_, p)| p.is_empty())
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(" and ");
        return Err(CoreError::invalid(
            field,
            format!("The {label} must include a {missing}"),
        ));
    }
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let date = numbers.and_then(|n| {
        if n[2] < 1000 {
            return None;
        }
        NaiveDate::from_ymd_opt(n[2] as i32, n[1], n[0])
    });
    date.ok_or_else(|| {
        CoreError::invalid(field, format!("The {label} must be a real date, {example}"))
    })
}

/// Optional date: empty means none.
pub fn parse_optional(field: &'static str, label: &str, text: &str) -> Result<Option<NaiveDate>> {
    let t = text.trim();
    if t.is_empty() || t.chars().all(|c| c == '/' || c.is_whitespace()) {
        return Ok(None);
    }
    parse(field, label, t).map(Some)
}

/// A date as the database stores it ("YYYY-MM-DD"). Text that does not read as one means the
/// file was changed outside Channel Desk: an error naming the row, never a default date.
pub(crate) fn stored(row: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| CoreError::StoredDate {
        row: row.to_owned(),
        text: text.to_owned(),
    })
}

/// "29 November 2026" for a stored date that was checked when its row was read.
pub(crate) fn long_text(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(long)
        .unwrap_or_else(|_| iso.to_owned())
}

/// `stored` inside a query's row mapping, which can only fail with rusqlite's error: the core
/// error travels inside it and comes out again as itself (see `CoreError::from`).
pub(crate) fn stored_sql(row: &str, text: &str) -> rusqlite::Result<NaiveDate> {
    stored(row, text).map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
}

/// Now, as stored: an RFC 3339 UTC instant to the second.
pub(crate) fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// "14 March 2026 at 14:05" in the laptop's time zone, for an instant stored by `now_text`.
pub(crate) fn moment_text(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            let t = t.with_timezone(&Local);
            format!("{} at {}", long(t.date_naive()), t.format("%H:%M"))
        })
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// Whether something due on `due_on` and not yet done is overdue on `today`: the one rule
/// behind every "Overdue" the app shows (actions, reviews, plan targets).
pub fn overdue(due_on: NaiveDate, today: NaiveDate) -> bool {
    due_on < today
}

/// Whole years from `born` to `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// "29 November 2026".
pub fn long(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_day_month_year_with_specific_errors() {
        assert_eq!(
            parse("d", "date", "5/3/2011").unwrap(),
            NaiveDate::from_ymd_opt(2011, 3, 5).unwrap()
        );
        assert_eq!(
            parse("d", "date", "2011-03-05").unwrap(),
            NaiveDate::from_ymd_opt(2011, 3, 5).unwrap()
        );
        assert_eq!(
            parse("d", "date of birth", "5//2011")
                .unwrap_err()
                .to_string(),
            "The date of birth must include a month"
        );
        assert!(parse("d", "date", "31/2/2011")
            .unwrap_err()
            .to_string()
            .contains("real date"));
        assert_eq!(
            parse("d", "date", "").unwrap_err().to_string(),
            "Enter the date"
        );
        assert_eq!(parse_optional("d", "date", "//").unwrap(), None);
    }

    #[test]
    fn ages_turn_over_on_the_birthday() {
        let born = NaiveDate::from_ymd_opt(2011, 3, 5).unwrap();
        assert_eq!(
            age_on(born, NaiveDate::from_ymd_opt(2029, 3, 4).unwrap()),
            17
        );
        assert_eq!(
            age_on(born, NaiveDate::from_ymd_opt(2029, 3, 5).unwrap()),
            18
        );
        assert_eq!(long(born), "5 March 2011");
    }
}
