//! A person's age, and ages as the Home Office statistics band them.

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::common::dates::{age_on, stored_sql};

/// A person's age on a date: from their date of birth, else from the approximate age given
/// at referral plus the years since. The one rule for the case record, the list, the agenda
/// and the minutes, and (through `register_sql`) for queries.
pub fn person_age(
    date_of_birth: Option<NaiveDate>,
    approximate_age: Option<u32>,
    received_on: NaiveDate,
    on: NaiveDate,
) -> Option<u32> {
    match (date_of_birth, approximate_age) {
        (Some(born), _) => Some(age_on(born, on)),
        (None, Some(age)) => Some(age + age_on(received_on, on)),
        _ => None,
    }
}

/// `person_age(date_of_birth, approximate_age, received_on, on)` in SQL, registered on every
/// connection so that queries filter by the same rule the records show.
pub(crate) fn register_sql(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "person_age",
        4,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                ctx.get::<Option<String>>(i)?
                    .map(|t| stored_sql("a case's dates", &t))
                    .transpose()
            };
            let (Some(received_on), Some(on)) = (date(2)?, date(3)?) else {
                return Ok(None);
            };
            Ok(person_age(date(0)?, ctx.get(1)?, received_on, on))
        },
    )
}

/// Age bands of the Home Office statistics.
pub const AGE_BANDS: [(&str, u32, u32); 9] = [
    ("10 or under", 0, 10),
    ("11-15", 11, 15),
    ("16-17", 16, 17),
    ("18-20", 18, 20),
    ("21-30", 21, 30),
    ("31-40", 31, 40),
    ("41-50", 41, 50),
    ("51-60", 51, 60),
    ("61+", 61, 200),
];

/// The band of an age that is not known.
pub const NOT_KNOWN: &str = "Not known";

/// The band of an age, or "Not known": the one definition for the case list and the
/// statistics.
pub fn age_band_of(age: Option<u32>) -> &'static str {
    age.and_then(|age| {
        AGE_BANDS
            .iter()
            .find(|(_, lo, hi)| (*lo..=*hi).contains(&age))
            .map(|b| b.0)
    })
    .unwrap_or(NOT_KNOWN)
}
