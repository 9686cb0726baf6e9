//! The steering group's delivery plan: loading the borough's plan, the plan with filters, one
//! command for each change to an action, measures, training, the dashboard and the plan's
//! settings. The core checks each one against the person's role.

use channel_desk_core::plan::dashboard::Dashboard;
use channel_desk_core::plan::training::TrainingSummary;
use channel_desk_core::plan::{
    BaselineInput, CohortInput, Measure, MeasureInput, MeasureValueInput, NewActionInput,
    NewPeriodInput, Plan, PlanActionRecord, PlanFilter, ProgressInput, TrackingInput,
    TrainingSessionInput,
};
use channel_desk_core::store::admin::Settings;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn load_seed_plan(state: State<'_, AppState>) -> CommandResult<i64> {
    state.with_session(|s| s.load_seed_plan())
}

/// `None` before any plan is loaded.
#[tauri::command]
#[specta::specta]
pub async fn plan(state: State<'_, AppState>, filter: PlanFilter) -> CommandResult<Option<Plan>> {
    state.with_session(|s| s.plan(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn plan_action(
    state: State<'_, AppState>,
    action_id: i64,
) -> CommandResult<PlanActionRecord> {
    state.with_session(|s| s.plan_action(action_id))
}

#[tauri::command]
#[specta::specta]
pub async fn track_plan_action(
    state: State<'_, AppState>,
    action_id: i64,
    tracking: TrackingInput,
) -> CommandResult<()> {
    state.with_session(|s| s.track_plan_action(action_id, &tracking))
}

#[tauri::command]
#[specta::specta]
pub async fn add_progress_update(
    state: State<'_, AppState>,
    action_id: i64,
    progress: ProgressInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_progress_update(action_id, &progress))
}

#[tauri::command]
#[specta::specta]
pub async fn add_plan_action(
    state: State<'_, AppState>,
    action: NewActionInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_plan_action(&action))
}

#[tauri::command]
#[specta::specta]
pub async fn retire_plan_action(
    state: State<'_, AppState>,
    action_id: i64,
    reason: String,
) -> CommandResult<()> {
    state.with_session(|s| s.retire_plan_action(action_id, &reason))
}

#[tauri::command]
#[specta::specta]
pub async fn renumber_plan_action(
    state: State<'_, AppState>,
    action_id: i64,
    number: String,
) -> CommandResult<()> {
    state.with_session(|s| s.renumber_plan_action(action_id, &number))
}

#[tauri::command]
#[specta::specta]
pub async fn correct_plan_heading(
    state: State<'_, AppState>,
    heading_id: i64,
    text: String,
) -> CommandResult<()> {
    state.with_session(|s| s.correct_plan_heading(heading_id, &text))
}

#[tauri::command]
#[specta::specta]
pub async fn start_plan_period(
    state: State<'_, AppState>,
    period: NewPeriodInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.start_plan_period(&period))
}

#[tauri::command]
#[specta::specta]
pub async fn add_measure(state: State<'_, AppState>, measure: MeasureInput) -> CommandResult<i64> {
    state.with_session(|s| s.add_measure(&measure))
}

#[tauri::command]
#[specta::specta]
pub async fn record_measure_value(
    state: State<'_, AppState>,
    measure_id: i64,
    value: MeasureValueInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_measure_value(measure_id, &value))
}

/// The measures of a period (the latest unless chosen).
#[tauri::command]
#[specta::specta]
pub async fn measures(
    state: State<'_, AppState>,
    period_id: Option<i64>,
) -> CommandResult<Vec<Measure>> {
    state.with_session(|s| s.measures(period_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_training_session(
    state: State<'_, AppState>,
    session: TrainingSessionInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_training_session(&session))
}

#[tauri::command]
#[specta::specta]
pub async fn record_training_baseline(
    state: State<'_, AppState>,
    baseline: BaselineInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_training_baseline(&baseline))
}

#[tauri::command]
#[specta::specta]
pub async fn record_cohort(state: State<'_, AppState>, cohort: CohortInput) -> CommandResult<i64> {
    state.with_session(|s| s.record_cohort(&cohort))
}

/// Training from `from` to `to` ("YYYY-MM-DD" or "D/M/YYYY"), with refreshers due today.
#[tauri::command]
#[specta::specta]
pub async fn training(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<TrainingSummary> {
    state.with_session(|s| s.training(&from, &to))
}

/// `None` before any plan is loaded.
#[tauri::command]
#[specta::specta]
pub async fn plan_dashboard(state: State<'_, AppState>) -> CommandResult<Option<Dashboard>> {
    state.with_session(|s| s.plan_dashboard())
}

#[tauri::command]
#[specta::specta]
pub async fn set_plan_settings(
    state: State<'_, AppState>,
    stale_days: String,
    refresher_years: String,
) -> CommandResult<Settings> {
    state.with_session(|s| {
        s.set_plan_settings(&stale_days, &refresher_years)?;
        s.settings()
    })
}
