//! Every fixed vocabulary's options in one answer, for the window's forms, filters and
//! labels: the window holds no copy of a label or a list.

use serde::Serialize;

use crate::casework::age::{AGE_BANDS, NOT_KNOWN};
use crate::casework::consent::{ConsentBy, ConsentStatus};
use crate::casework::decision::HowReached;
use crate::casework::support::InterventionStatus;
use crate::casework::workflow::{DecisionKind, ExitReason, ScreeningOutcome, Stage};
use crate::common::vocabulary::{Choice, Vocabulary};
use crate::meetings::actions::ActionStatus;
use crate::meetings::attendance::AttendanceStatus;
use crate::plan::{Direction, MeasureUnit, PlanStatus, Rag};
use crate::reference::{ReferenceKind, VafDimension};
use crate::security::people::Role;
use crate::steering::meeting::SteeringAttendance;
use crate::store::audit::AuditAction;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Vocabularies {
    pub stages: Vec<Choice>,
    pub age_bands: Vec<Choice>,
    pub roles: Vec<Choice>,
    pub screening_outcomes: Vec<Choice>,
    pub decisions: Vec<Choice>,
    pub exit_reasons: Vec<Choice>,
    pub how_reached: Vec<Choice>,
    pub consent_statuses: Vec<Choice>,
    pub consent_by: Vec<Choice>,
    pub intervention_statuses: Vec<Choice>,
    pub attendance_statuses: Vec<Choice>,
    pub action_statuses: Vec<Choice>,
    pub reference_kinds: Vec<Choice>,
    pub vaf_dimensions: Vec<Choice>,
    pub plan_statuses: Vec<Choice>,
    pub rags: Vec<Choice>,
    pub measure_units: Vec<Choice>,
    pub directions: Vec<Choice>,
    pub steering_attendance: Vec<Choice>,
    pub audit_actions: Vec<Choice>,
}

pub fn vocabularies() -> Vocabularies {
    Vocabularies {
        stages: Stage::choices(),
        age_bands: AGE_BANDS
            .iter()
            .map(|(band, ..)| *band)
            .chain([NOT_KNOWN])
            .map(|band| Choice {
                code: band,
                label: band,
            })
            .collect(),
        roles: Role::choices(),
        screening_outcomes: ScreeningOutcome::choices(),
        decisions: DecisionKind::choices(),
        exit_reasons: ExitReason::choices(),
        how_reached: HowReached::choices(),
        consent_statuses: ConsentStatus::choices(),
        consent_by: ConsentBy::choices(),
        intervention_statuses: InterventionStatus::choices(),
        attendance_statuses: AttendanceStatus::choices(),
        action_statuses: ActionStatus::choices(),
        reference_kinds: ReferenceKind::choices(),
        vaf_dimensions: VafDimension::choices(),
        plan_statuses: PlanStatus::choices(),
        rags: Rag::choices(),
        measure_units: MeasureUnit::choices(),
        directions: Direction::choices(),
        steering_attendance: SteeringAttendance::choices(),
        audit_actions: AuditAction::choices(),
    }
}
