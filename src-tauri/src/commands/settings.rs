//! Settings an administrator changes.

use channel_desk_core::store::admin::Settings;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> CommandResult<Settings> {
    state.with_session(|s| s.settings())
}

/// Takes the text as typed, so that "ten" gets a message beside the field.
#[tauri::command]
#[specta::specta]
pub async fn set_idle_lock_minutes(
    state: State<'_, AppState>,
    minutes: String,
) -> CommandResult<Settings> {
    let settings = state.with_session(|s| {
        s.set_idle_lock_minutes_as_typed(&minutes)?;
        s.settings()
    })?;
    state.set_idle_lock_minutes(settings.idle_lock_minutes);
    Ok(settings)
}

/// The report's settings as typed: the borough's name and the suppression threshold.
#[tauri::command]
#[specta::specta]
pub async fn set_report_settings(
    state: State<'_, AppState>,
    borough: String,
    threshold: String,
) -> CommandResult<Settings> {
    state.with_session(|s| {
        s.set_report_settings(&borough, &threshold)?;
        s.settings()
    })
}

/// The retention period as typed, in whole years.
#[tauri::command]
#[specta::specta]
pub async fn set_retention_years(
    state: State<'_, AppState>,
    years: String,
) -> CommandResult<Settings> {
    state.with_session(|s| {
        s.set_retention_years(&years)?;
        s.settings()
    })
}
