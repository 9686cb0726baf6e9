//! Casework: the case list, a case's record, flags, today's figures, reference data, and one
//! command for each step of the case journey. The core checks each step's rules. An
//! argument named `case_id` is the case's; `intervention_id` is one of its interventions.

use channel_desk_core::casework::{
    CasePage, CaseQuery, CaseRecord, CategoriesInput, ConsentInput, DecisionInput, Flag,
    InterventionInput, InterventionUpdate, ReferralInput, ReviewInput, ScreeningInput, VafInput,
};
use channel_desk_core::home::Today;
use channel_desk_core::reference::ReferenceItem;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn reference_items(
    state: State<'_, AppState>,
    kind: String,
) -> CommandResult<Vec<ReferenceItem>> {
    state.with_session(|s| s.reference_items(&kind))
}

#[tauri::command]
#[specta::specta]
pub async fn add_reference_item(
    state: State<'_, AppState>,
    kind: String,
    label: String,
    grouping: String,
) -> CommandResult<ReferenceItem> {
    state.with_session(|s| s.add_reference_item(&kind, &label, &grouping))
}

#[tauri::command]
#[specta::specta]
pub async fn retire_reference_item(
    state: State<'_, AppState>,
    kind: String,
    code: String,
) -> CommandResult<()> {
    state.with_session(|s| s.retire_reference_item(&kind, &code))
}

#[tauri::command]
#[specta::specta]
pub async fn list_cases(state: State<'_, AppState>, query: CaseQuery) -> CommandResult<CasePage> {
    state.with_session(|s| s.list_cases(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn case_record(state: State<'_, AppState>, case_id: i64) -> CommandResult<CaseRecord> {
    state.with_session(|s| s.case_record(case_id))
}

#[tauri::command]
#[specta::specta]
pub async fn today(state: State<'_, AppState>) -> CommandResult<Today> {
    state.with_session(|s| s.today())
}

#[tauri::command]
#[specta::specta]
pub async fn support_flags(state: State<'_, AppState>) -> CommandResult<Vec<Flag>> {
    state.with_session(|s| s.flags())
}

/// Records a new referral; the new case's id.
#[tauri::command]
#[specta::specta]
pub async fn record_referral(
    state: State<'_, AppState>,
    referral: ReferralInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_referral(&referral))
}

/// Records or corrects a person's sex or gender, ethnicity and needs.
#[tauri::command]
#[specta::specta]
pub async fn set_categories(
    state: State<'_, AppState>,
    case_id: i64,
    categories: CategoriesInput,
) -> CommandResult<()> {
    state.with_session(|s| s.set_categories(case_id, &categories))
}

#[tauri::command]
#[specta::specta]
pub async fn start_screening(state: State<'_, AppState>, case_id: i64) -> CommandResult<()> {
    state.with_session(|s| s.start_screening(case_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_screening(
    state: State<'_, AppState>,
    case_id: i64,
    screening: ScreeningInput,
) -> CommandResult<()> {
    state.with_session(|s| s.record_screening(case_id, &screening))
}

/// Records a VAF assessment; its id.
#[tauri::command]
#[specta::specta]
pub async fn record_assessment(
    state: State<'_, AppState>,
    case_id: i64,
    assessment: VafInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_assessment(case_id, &assessment))
}

#[tauri::command]
#[specta::specta]
pub async fn send_to_panel(state: State<'_, AppState>, case_id: i64) -> CommandResult<()> {
    state.with_session(|s| s.send_to_panel(case_id))
}

/// A decision outside a panel meeting: the chair's, with why it could not wait.
#[tauri::command]
#[specta::specta]
pub async fn record_decision(
    state: State<'_, AppState>,
    case_id: i64,
    decision: DecisionInput,
    urgent_reason: String,
) -> CommandResult<()> {
    state.with_session(|s| s.record_decision(case_id, &decision, &urgent_reason))
}

#[tauri::command]
#[specta::specta]
pub async fn record_consent(
    state: State<'_, AppState>,
    case_id: i64,
    consent: ConsentInput,
) -> CommandResult<()> {
    state.with_session(|s| s.record_consent(case_id, &consent))
}

/// Plans support for the case; the intervention's id.
#[tauri::command]
#[specta::specta]
pub async fn add_intervention(
    state: State<'_, AppState>,
    case_id: i64,
    intervention: InterventionInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_intervention(case_id, &intervention))
}

#[tauri::command]
#[specta::specta]
pub async fn update_intervention(
    state: State<'_, AppState>,
    intervention_id: i64,
    update: InterventionUpdate,
) -> CommandResult<()> {
    state.with_session(|s| s.update_intervention(intervention_id, &update))
}

#[tauri::command]
#[specta::specta]
pub async fn record_session(
    state: State<'_, AppState>,
    intervention_id: i64,
    session_on: String,
) -> CommandResult<()> {
    state.with_session(|s| s.record_session(intervention_id, &session_on))
}

#[tauri::command]
#[specta::specta]
pub async fn record_review(
    state: State<'_, AppState>,
    case_id: i64,
    review: ReviewInput,
) -> CommandResult<()> {
    state.with_session(|s| s.record_review(case_id, &review))
}

/// A new referral for a closed or not adopted case: a new episode, the history kept.
#[tauri::command]
#[specta::specta]
pub async fn re_refer(
    state: State<'_, AppState>,
    case_id: i64,
    received_on: String,
    concern: String,
) -> CommandResult<()> {
    state.with_session(|s| s.re_refer(case_id, &received_on, &concern))
}

#[tauri::command]
#[specta::specta]
pub async fn add_note(state: State<'_, AppState>, case_id: i64, note: String) -> CommandResult<()> {
    state.with_session(|s| s.add_note(case_id, &note))
}
