//! Casework: the case list, a case's record, flags, and every change to a case through one
//! command that names the action. The core checks each action's rules.

use channel_desk_core::casework::*;
use channel_desk_core::casework::{CasePage, CaseQuery, CaseRecord, Flag};
use channel_desk_core::home::Today;
use channel_desk_core::reference::ReferenceItem;
use channel_desk_core::CoreError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn reference_items(
    state: State<'_, AppState>,
    kind: String,
) -> CommandResult<Vec<ReferenceItem>> {
    state.with_session(|s| s.reference_items(&kind))
}

#[tauri::command]
pub async fn add_reference_item(
    state: State<'_, AppState>,
    kind: String,
    label: String,
    grouping: String,
) -> CommandResult<ReferenceItem> {
    state.with_session(|s| s.add_reference_item(&kind, &label, &grouping))
}

#[tauri::command]
pub async fn retire_reference_item(
    state: State<'_, AppState>,
    kind: String,
    code: String,
) -> CommandResult<()> {
    state.with_session(|s| s.retire_reference_item(&kind, &code))
}

#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>, query: CaseQuery) -> CommandResult<CasePage> {
    state.with_session(|s| s.list_cases(&query))
}

#[tauri::command]
pub async fn case_record(state: State<'_, AppState>, id: i64) -> CommandResult<CaseRecord> {
    state.with_session(|s| s.case_record(id))
}

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> CommandResult<Today> {
    state.with_session(|s| s.today())
}

#[tauri::command]
pub async fn support_flags(state: State<'_, AppState>) -> CommandResult<Vec<Flag>> {
    state.with_session(|s| s.flags())
}

#[tauri::command]
pub async fn record_referral(
    state: State<'_, AppState>,
    form: ReferralInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_referral(&form))
}

pub(crate) fn form<T: DeserializeOwned>(value: Value) -> Result<T, CoreError> {
    serde_json::from_value(value)
        .map_err(|e| CoreError::invalid("form", format!("The form could not be read: {e}")))
}

pub(crate) fn field(value: &Value, name: &str) -> String {
    value
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// One change to a case (or, for intervention actions, to one of its interventions).
#[tauri::command]
pub async fn case_action(
    state: State<'_, AppState>,
    id: i64,
    action: String,
    data: Value,
) -> CommandResult<()> {
    state.with_session(|s| match action.as_str() {
        "start_screening" => s.start_screening(id),
        "screening" => s.record_screening(id, &form(data)?),
        "assessment" => s.record_assessment(id, &form(data)?).map(drop),
        "send_to_panel" => s.send_to_panel(id),
        "decision" => s.record_decision(id, &form(data)?),
        "consent" => s.record_consent(id, &form(data)?),
        "add_intervention" => s.add_intervention(id, &form(data)?).map(drop),
        "update_intervention" => s.update_intervention(id, &form(data)?),
        "session" => s.record_session(id, &field(&data, "session_on")),
        "review" => s.record_review(id, &form(data)?),
        "re_refer" => s.re_refer(id, &field(&data, "received_on"), &field(&data, "concern")),
        "note" => s.add_note(id, &field(&data, "note")),
        _ => Err(CoreError::NotFound("That action")),
    })
}
