//! The Prevent steering group's delivery plan: periods with their vision, objectives,
//! priorities, headings and actions (the borough's plan is loaded from `assets/plan`); each
//! action tracked (lead, target, status, RAG, dated progress updates); success measures with
//! targets; training delivered; and the dashboard over them. Nothing here refers to a case.
//! The steering group's meetings are in `steering`.

pub mod dashboard;
pub mod flags;
pub mod measures;
pub mod period;
pub mod seed;
pub mod tracking;
pub mod training;

use crate::common::vocabulary::vocabulary;

pub use dashboard::Dashboard;
pub use measures::{Measure, MeasureInput, MeasureValue, MeasureValueInput};
pub use period::{NewActionInput, NewPeriodInput, Plan, PlanAction, PlanFilter, PlanPeriod};
pub use tracking::{PlanActionRecord, ProgressInput, ProgressUpdate, TrackingInput};
pub use training::{BaselineInput, CohortInput, TrainingSessionInput, TrainingSummary};

vocabulary! {
    /// Where a plan action stands. Complete and dropped actions are closed: never overdue or
    /// stale.
    PlanStatus "Choose where the action stands" {
        NotStarted = "not_started" "Not started",
        OnTrack = "on_track" "On track",
        AtRisk = "at_risk" "At risk",
        OffTrack = "off_track" "Off track",
        Complete = "complete" "Complete",
        Dropped = "dropped" "Dropped",
    }
}

impl PlanStatus {
    pub fn is_open(self) -> bool {
        !matches!(self, PlanStatus::Complete | PlanStatus::Dropped)
    }
}

vocabulary! {
    /// The steering group's red, amber or green rating of an action.
    Rag "Choose a RAG rating" {
        Unrated = "none" "Not rated",
        Green = "green" "Green",
        Amber = "amber" "Amber",
        Red = "red" "Red",
    }
}

vocabulary! {
    MeasureUnit "Choose the unit" {
        Percent = "percent" "Per cent",
        Count = "count" "Number",
    }
}

vocabulary! {
    /// Whether a measure meets its target at or above it (compliance) or at or below it.
    Direction "Choose whether the target is a minimum or a maximum" {
        AtLeast = "at_least" "At least the target",
        AtMost = "at_most" "At most the target",
    }
}
