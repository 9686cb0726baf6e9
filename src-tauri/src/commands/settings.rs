//! Settings an administrator changes.

use channel_desk_core::store::admin::Settings;
use channel_desk_core::CoreError;
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
        let minutes = minutes.trim().parse().map_err(|_| {
            CoreError::invalid(
                "idle_lock_minutes",
                "Idle lock must be a whole number of minutes from 1 to 60",
            )
        })?;
        s.set_idle_lock_minutes(minutes)?;
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
