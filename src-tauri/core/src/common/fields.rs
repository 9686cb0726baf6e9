//! Checking what a person typed: trimmed text with a length limit, dates not in the future,
//! choices from a fixed list; each error names the field it belongs beside.

use chrono::NaiveDate;

use crate::common::dates::today;
use crate::error::{CoreError, Result};

/// Free text a person typed: trimmed, with a length limit and a message naming the field.
pub(crate) fn text(
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(CoreError::invalid(field, format!("Enter {label}")));
    }
    if value.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    Ok(value.to_owned())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(crate) fn not_future(field: &'static str, label: &str, date: NaiveDate) -> Result<NaiveDate> {
    if date > today() {
        return Err(CoreError::invalid(
            field,
            format!("The {label} must be today or in the past"),
        ));
    }
    Ok(date)
}
