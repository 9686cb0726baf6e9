//! Panel meetings and their actions, with one command for each change
//! to a meeting; the core checks each one. An argument named `meeting_id` is the meeting's,
//! `item_id` an agenda item's, `attendance_id` an attendance line's.

use channel_desk_core::casework::DecisionInput;
use channel_desk_core::meetings::{ActionFilter, ActionInput, ActionPage, AttendanceInput};
use channel_desk_core::meetings::{MeetingInput, Minutes};
use channel_desk_core::meetings::{MeetingSummary, Member};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

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
) -> CommandResult<ActionPage> {
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
