//! Checking what a person typed: trimmed text with a length limit, dates not in the future,
//! choices from a fixed list; each error names the field it belongs beside, and a form's
//! checks all run so that every error shows at once.

use chrono::NaiveDate;

use crate::common::dates::today;
use crate::error::{CoreError, FieldError, Result};

/// A form's checks, all run before anything is written, keeping each field error so that the
/// person sees every one at once (GOV.UK's pattern); run them in the order of the form's
/// fields and the errors come back in that order. One error a field: the first found. A
/// failure that is not about a field (the database) stops at once.
#[derive(Default)]
pub(crate) struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    /// The checked value, or `None` once its field errors are kept.
    pub(crate) fn check<T>(&mut self, checked: Result<T>) -> Result<Option<T>> {
        match checked {
            Ok(value) => Ok(Some(value)),
            Err(CoreError::Invalid(errors)) => {
                errors.into_iter().for_each(|e| self.keep(e));
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    /// Keeps an error found by comparing fields already checked.
    pub(crate) fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.keep(FieldError {
            field,
            message: message.into(),
        });
    }

    fn keep(&mut self, error: FieldError) {
        if self.errors.iter().all(|kept| kept.field != error.field) {
            self.errors.push(error);
        }
    }

    /// As `check`, for a value used only once every check has passed: a failed check gives
    /// the default, which `finish` never lets through.
    pub(crate) fn value<T: Default>(&mut self, checked: Result<T>) -> Result<T> {
        Ok(self.check(checked)?.unwrap_or_default())
    }

    /// Every field error kept, in the order checked; `Ok` when every check passed.
    pub(crate) fn finish(self) -> Result<()> {
        self.finish_with(Some(()))
    }

    /// As `finish`, then the values of checks kept with `check` (`a.zip(b)` for several),
    /// which are there when every check passed.
    pub(crate) fn finish_with<T>(self, checked: Option<T>) -> Result<T> {
        if !self.errors.is_empty() {
            return Err(CoreError::Invalid(self.errors));
        }
        Ok(checked.expect("a check without a field error gives its value"))
    }
}

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
