//! Panel meetings, their actions and the minutes export, with one command for each change
//! to a meeting; the core checks each one. An argument named `meeting_id` is the meeting's,
//! `item_id` an agenda item's, `attendance_id` an attendance line's.

use std::path::PathBuf;
use std::sync::Mutex;

use channel_desk_core::casework::DecisionInput;
use channel_desk_core::meetings::{Action, ActionFilter, ActionInput, AttendanceInput};
use channel_desk_core::meetings::{Export, MeetingInput, Minutes, Version};
use channel_desk_core::meetings::{MeetingSummary, Member};
use channel_desk_core::CoreError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// The last file this window exported: the only file it may ask the system to open.
#[derive(Default)]
pub struct LastExport(Mutex<Option<PathBuf>>);

#[tauri::command]
#[specta::specta]
pub async fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingSummary>> {
    state.with_session(|s| s.meetings())
}

#[tauri::command]
#[specta::specta]
pub async fn minutes(state: State<'_, AppState>, meeting_id: i64) -> CommandResult<Minutes> {
    state.with_session(|s| s.minutes(meeting_id))
}

#[tauri::command]
#[specta::specta]
pub async fn members(state: State<'_, AppState>) -> CommandResult<Vec<Member>> {
    state.with_session(|s| s.members())
}

/// Schedules a meeting with its proposed agenda; the new meeting's id.
#[tauri::command]
#[specta::specta]
pub async fn schedule_meeting(
    state: State<'_, AppState>,
    meeting: MeetingInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.schedule_meeting(&meeting))
}

/// Records who attends; the attendance line's id.
#[tauri::command]
#[specta::specta]
pub async fn record_attendance(
    state: State<'_, AppState>,
    meeting_id: i64,
    attendance: AttendanceInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.record_attendance(meeting_id, &attendance))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_attendance(
    state: State<'_, AppState>,
    attendance_id: i64,
) -> CommandResult<()> {
    state.with_session(|s| s.remove_attendance(attendance_id))
}

/// Adds a case (by its id) or another topic at the end of the agenda; the item's id.
#[tauri::command]
#[specta::specta]
pub async fn add_agenda_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    case_id: Option<i64>,
    topic: String,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_agenda_item(meeting_id, case_id, &topic))
}

/// Moves an item up (`by` negative) or down the agenda.
#[tauri::command]
#[specta::specta]
pub async fn move_agenda_item(
    state: State<'_, AppState>,
    item_id: i64,
    by: i64,
) -> CommandResult<()> {
    state.with_session(|s| s.move_agenda_item(item_id, by))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_agenda_item(
    state: State<'_, AppState>,
    item_id: i64,
    reason: String,
) -> CommandResult<()> {
    state.with_session(|s| s.remove_agenda_item(item_id, &reason))
}

#[tauri::command]
#[specta::specta]
pub async fn save_discussion(
    state: State<'_, AppState>,
    item_id: i64,
    discussion: String,
) -> CommandResult<()> {
    state.with_session(|s| s.save_discussion(item_id, &discussion))
}

/// The panel's decision on the case an agenda item is about, dated the day of the meeting.
#[tauri::command]
#[specta::specta]
pub async fn record_item_decision(
    state: State<'_, AppState>,
    item_id: i64,
    decision: DecisionInput,
) -> CommandResult<()> {
    state.with_session(|s| s.record_item_decision(item_id, &decision))
}

/// Records an action agreed at the meeting; its id.
#[tauri::command]
#[specta::specta]
pub async fn add_action(
    state: State<'_, AppState>,
    meeting_id: i64,
    action: ActionInput,
) -> CommandResult<i64> {
    state.with_session(|s| s.add_action(meeting_id, &action))
}

#[tauri::command]
#[specta::specta]
pub async fn approve_minutes(state: State<'_, AppState>, meeting_id: i64) -> CommandResult<()> {
    state.with_session(|s| s.approve_minutes(meeting_id))
}

#[tauri::command]
#[specta::specta]
pub async fn amend_minutes(
    state: State<'_, AppState>,
    meeting_id: i64,
    amendment: String,
) -> CommandResult<()> {
    state.with_session(|s| s.amend_minutes(meeting_id, &amendment))
}

#[tauri::command]
#[specta::specta]
pub async fn list_actions(
    state: State<'_, AppState>,
    filter: ActionFilter,
) -> CommandResult<Vec<Action>> {
    state.with_session(|s| s.actions(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn set_action_status(
    state: State<'_, AppState>,
    action_id: i64,
    status: String,
    reason: String,
) -> CommandResult<()> {
    state.with_session(|s| s.set_action_status(action_id, &status, &reason))
}

/// Asks where to save (or, when `CHANNEL_DESK_EXPORT_DIR` is set, saves there without
/// asking, for unattended runs) and writes the minutes. `None` if the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_minutes(
    app: AppHandle,
    state: State<'_, AppState>,
    last: State<'_, LastExport>,
    meeting_id: i64,
    version: Version,
) -> CommandResult<Option<Export>> {
    let held_on = state.with_session(|s| Ok(s.meeting_summary(meeting_id)?.held_on))?;
    let name = format!(
        "channel-panel-minutes-{held_on}-{}.pdf",
        if version == Version::Full {
            "full"
        } else {
            "redacted"
        }
    );
    let path = match std::env::var_os("CHANNEL_DESK_EXPORT_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(&name)),
        None => app
            .dialog()
            .file()
            .set_title("Save the minutes (OFFICIAL-SENSITIVE)")
            .set_file_name(&name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = path else {
        return Ok(None);
    };
    let export = state.with_session(|s| s.export_minutes(meeting_id, version, &path))?;
    *last.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(Some(export))
}

/// Opens the file this window last exported in the system's PDF viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_export(app: AppHandle, last: State<'_, LastExport>) -> CommandResult<()> {
    let path = last.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let path = path.ok_or(CoreError::NotFound("An exported file"))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::from(CoreError::Io(std::io::Error::other(e.to_string()))))
}
