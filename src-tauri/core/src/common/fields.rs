//! Checking what a person typed: trimmed text with a length limit, dates not in the future,
//! choices from a fixed list; each error names the field it belongs beside.

use chrono::NaiveDate;

use crate::common::dates::today;
use crate::error::{CoreError, Result};

/// A text field a person typed into, checked before it is stored: trimmed, required or not,
/// with a length limit, and each error naming the field it belongs beside. For example
/// `Text::new("rationale", "the rationale").required().max(20_000).read(&input.rationale)`.
pub(crate) struct Text<'a> {
    field: &'static str,
    label: &'a str,
    required: bool,
    max: usize,
}

impl<'a> Text<'a> {
    pub(crate) fn new(field: &'static str, label: &'a str) -> Self {
        Text {
            field,
            label,
            required: false,
            max: usize::MAX,
        }
    }

    pub(crate) fn required(self) -> Self {
        self.required_if(true)
    }

    pub(crate) fn required_if(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    pub(crate) fn max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }

    pub(crate) fn read(&self, value: &str) -> Result<String> {
        let value = value.trim();
        if self.required && value.is_empty() {
            return Err(CoreError::invalid(
                self.field,
                format!("Enter {}", self.label),
            ));
        }
        if value.chars().count() > self.max {
            return Err(CoreError::invalid(
                self.field,
                format!(
                    "{} must be {} characters or fewer",
                    capitalise(self.label),
                    self.max
                ),
            ));
        }
        Ok(value.to_owned())
    }
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
