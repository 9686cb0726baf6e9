//! Consent to Channel support: from the person, or from a parent or guardian under 18.

use rusqlite::params;
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::state::not_before;
use super::workflow::{apply, Step};

vocabulary! {
    /// The answer to a request for consent.
    ConsentStatus "Choose whether consent was given, refused or withdrawn" {
        Given = "given" "Given",
        Refused = "refused" "Refused",
        Withdrawn = "withdrawn" "Withdrawn",
    }
}

vocabulary! {
    /// Who answered: the person, or for someone under 18 a parent or guardian.
    ConsentBy "Choose who answered: the person or a parent or guardian" {
        Individual = "individual" "The person",
        ParentGuardian = "parent_guardian" "A parent or guardian",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ConsentInput {
    pub sought_on: String,
    pub sought_by: String,
    pub status: String,
    pub status_on: String,
    /// "individual" or "parent_guardian".
    pub given_by: String,
    pub guardian_name: String,
    pub guardian_relationship: String,
    pub capacity_notes: String,
}

impl Session {
    pub fn record_consent(&mut self, case_id: i64, input: &ConsentInput) -> Result<()> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let date = |field, label, text: &str| {
            dates::parse(field, label, text).and_then(|d| not_future(field, label, d))
        };
        let sought_on = checks.check(date(
            "sought_on",
            "date consent was sought",
            &input.sought_on,
        ))?;
        let sought_by = checks.value(
            Text::new("sought_by", "who sought consent")
                .required()
                .max(200)
                .read(&input.sought_by),
        )?;
        let status = checks.check(ConsentStatus::parse("status", &input.status))?;
        let status_on = checks.check(date("status_on", "date of the answer", &input.status_on))?;
        if sought_on.zip(status_on).is_some_and(|(s, a)| a < s) {
            checks.add(
                "status_on",
                "The date of the answer cannot be before consent was sought",
            );
        }
        let given_by = checks.check(ConsentBy::parse("given_by", &input.given_by))?;
        // A guardian's name and relationship are asked for only when a guardian answered.
        let (guardian_name, guardian_relationship) = match given_by {
            Some(ConsentBy::ParentGuardian) => (
                checks.value(
                    Text::new("guardian_name", "the parent or guardian's name")
                        .required()
                        .max(200)
                        .read(&input.guardian_name),
                )?,
                checks.value(
                    Text::new("guardian_relationship", "their relationship to the person")
                        .required()
                        .max(100)
                        .read(&input.guardian_relationship),
                )?,
            ),
            _ => Default::default(),
        };
        let capacity_notes = checks.value(
            Text::new("capacity_notes", "capacity notes")
                .max(5_000)
                .read(&input.capacity_notes),
        )?;
        let ((sought_on, status_on), (status, given_by)) =
            checks.finish_with(sought_on.zip(status_on).zip(status.zip(given_by)))?;
        self.change(case_id, AuditAction::CaseConsent, |tx, case| {
            apply(case.stage, Step::RecordConsent)?;
            not_before(case, sought_on, "sought_on", "consent")?;
            let minor = case.age_on(status_on).is_none_or(|a| a < 18);
            if given_by == ConsentBy::Individual && minor && status == ConsentStatus::Given {
                return Err(CoreError::RuleBroken {
                    rule: "under_18_needs_parent_consent",
                    message: "The person is under 18 on that date: consent must come from a parent or guardian".into(),
                });
            }
            tx.execute(
                "INSERT INTO consents (case_id, episode, sought_on, sought_by, status, status_on, given_by, guardian_name,
                    guardian_relationship, capacity_notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![case.id, case.episode, sought_on.to_string(), sought_by, status.code(), status_on.to_string(), given_by.code(), guardian_name, guardian_relationship, capacity_notes],
            )?;
            let by = if given_by == ConsentBy::ParentGuardian { format!("by {guardian_name} ({guardian_relationship})") } else { "by the person".into() };
            let mut summary = format!("Consent {} {by}", status.code());
            if status == ConsentStatus::Withdrawn {
                summary.push_str(": the chair should consider exit or other support");
            }
            Ok(((), status_on, summary))
        })
    }
}
