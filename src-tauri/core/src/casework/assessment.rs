//! The Vulnerability Assessment Framework (VAF): 22 factors in three dimensions, their
//! summaries and a conclusion; then the case goes to the panel.

use rusqlite::params;
use serde::Deserialize;

use crate::common::dates::{self};
use crate::common::fields::{not_future, Checks, Text};
use crate::error::Result;
use crate::reference;
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::state::not_before;
use super::workflow::{apply, Step};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct VafFactorInput {
    pub factor: String,
    pub applies: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct VafInput {
    pub assessed_on: String,
    pub assessor: String,
    pub factors: Vec<VafFactorInput>,
    pub engagement_summary: String,
    pub intent_summary: String,
    pub capability_summary: String,
    pub conclusion: String,
}

impl Session {
    pub fn record_assessment(&mut self, case_id: i64, input: &VafInput) -> Result<i64> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let on = checks.value(
            dates::parse("assessed_on", "assessment date", &input.assessed_on)
                .and_then(|d| not_future("assessed_on", "assessment date", d)),
        )?;
        let assessor = checks.value(
            Text::new("assessor", "the assessor's name")
                .required()
                .max(200)
                .read(&input.assessor),
        )?;
        let mut summary = |field, label, value: &str| {
            checks.value(Text::new(field, label).required().max(20_000).read(value))
        };
        let summaries = [
            summary(
                "engagement_summary",
                "an engagement summary",
                &input.engagement_summary,
            )?,
            summary("intent_summary", "an intent summary", &input.intent_summary)?,
            summary(
                "capability_summary",
                "a capability summary",
                &input.capability_summary,
            )?,
        ];
        let conclusion = checks.value(
            Text::new("conclusion", "a conclusion")
                .required()
                .max(20_000)
                .read(&input.conclusion),
        )?;
        checks.finish()?;
        self.change(case_id, AuditAction::CaseVafAssessed, |tx, case| {
            let next = apply(case.stage, Step::RecordAssessment)?;
            not_before(case, on, "assessed_on", "assessment")?;
            tx.execute(
                "INSERT INTO vaf_assessments (case_id, episode, assessed_on, assessor, engagement_summary, intent_summary,
                    capability_summary, conclusion) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![case.id, case.episode, on.to_string(), assessor, summaries[0], summaries[1], summaries[2], conclusion],
            )?;
            let id = tx.last_insert_rowid();
            let known = reference::list(tx, "vaf_factor")?;
            for factor in &known {
                let given = input.factors.iter().find(|f| f.factor == factor.code);
                let notes = Text::new("factors", "factor notes").max(5_000).read(given.map(|f| f.notes.as_str()).unwrap_or(""))?;
                tx.execute(
                    "INSERT INTO vaf_factors (assessment_id, factor, applies, notes) VALUES (?1, ?2, ?3, ?4)",
                    params![id, factor.code, given.is_some_and(|f| f.applies), notes],
                )?;
            }
            Self::set_stage(tx, case, next, on)?;
            Ok((id, on, "VAF assessment recorded".into()))
        })
    }

    pub fn send_to_panel(&mut self, case_id: i64) -> Result<()> {
        self.require_casework()?;
        let day = self.day();
        self.change(case_id, AuditAction::CaseSentToPanel, |tx, case| {
            let has_assessment: bool = tx.query_row(
                "SELECT count(*) > 0 FROM vaf_assessments WHERE case_id = ?1 AND episode = ?2",
                params![case.id, case.episode],
                |r| r.get(0),
            )?;
            let next = apply(case.stage, Step::SendToPanel { has_assessment })?;
            Self::set_stage(tx, case, next, day)?;
            Ok(((), day, "Ready for the panel".into()))
        })
    }
}
