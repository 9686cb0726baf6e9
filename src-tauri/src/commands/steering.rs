//! The steering group's meetings: the list, one meeting, one command for each change, and
//! the minutes as PDF through a save dialog.

use channel_desk_core::common::unprintable::Unprintable;
use channel_desk_core::steering::{
    AgreedInput, SteeringAttendeeInput, SteeringInput, SteeringItemInput, SteeringMeeting,
    SteeringSummary,
};
use channel_desk_core::IfExists;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::exports::save_path;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn steering_meetings(state: State<'_, AppState>) -> CommandResult<Vec<SteeringSummary>> {
    state.with_session(|s| s.steering_meetings())
}

#[tauri::command]
#[specta::specta]
pub async fn steering_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CommandResult<SteeringMeeting> {
    state.with_session(|s| s.steering_meeting(meeting_id))
}

/// Schedules a meeting with its agenda proposed from the plan; its id.
#[tauri::command]
#[specta::specta]
pub async fn schedule_steering_meeting(
    state: State<'_, AppState>,
    meeting: SteeringInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.schedule_steering_meeting(&meeting))
}

#[tauri::command]
#[specta::specta]
pub async fn record_steering_attendance(
    state: State<'_, AppState>,
    meeting_id: i64,
    attendee: SteeringAttendeeInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_steering_attendance(meeting_id, &attendee))
}

#[tauri::command]
#[specta::specta]
pub async fn record_steering_item(
    state: State<'_, AppState>,
    item_id: i64,
    item: SteeringItemInput,
) -> CommandResult<()> {
    state.with_session(|s| s.record_steering_item(item_id, &item))
}

#[tauri::command]
#[specta::specta]
pub async fn add_steering_agreed(
    state: State<'_, AppState>,
    meeting_id: i64,
    agreed: AgreedInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_steering_agreed(meeting_id, &agreed))
}

#[tauri::command]
#[specta::specta]
pub async fn approve_steering_minutes(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CommandResult<()> {
    state.with_session(|s| s.approve_steering_minutes(meeting_id))
}

/// Where the steering minutes were saved, and any characters printed as empty boxes.
#[derive(Debug, Serialize, specta::Type)]
pub struct SteeringSaved {
    pub path: String,
    pub unprintable: Vec<Unprintable>,
}

/// Writes the minutes where the person chooses; `None` if they cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_steering_minutes<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CommandResult<Option<SteeringSaved>> {
    let held_on = state.with_session(|s| Ok(s.steering_meeting(meeting_id)?.summary.held_on))?;
    let Some(path) = save_path(
        &app,
        &format!("steering-group-minutes-{held_on}.pdf"),
        "the minutes",
    ) else {
        return Ok(None);
    };
    let unprintable =
        state.with_session(|s| s.export_steering_minutes(meeting_id, &path, IfExists::Replace))?;
    state.remember_export(path.clone());
    Ok(Some(SteeringSaved {
        path: path.display().to_string(),
        unprintable,
    }))
}
