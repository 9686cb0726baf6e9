//! Panel meetings, their actions and the minutes export. Changes to a meeting go through one
//! command that names the action; the core checks each one.

use std::path::PathBuf;
use std::sync::Mutex;

use channel_desk_core::meetings::{Action, ActionFilter};
use channel_desk_core::meetings::{Export, Minutes, Version};
use channel_desk_core::meetings::{MeetingSummary, Member};
use channel_desk_core::CoreError;
use serde_json::Value;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::commands::cases::{field, form};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// The last file this window exported: the only file it may ask the system to open.
#[derive(Default)]
pub struct LastExport(Mutex<Option<PathBuf>>);

#[tauri::command]
pub async fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingSummary>> {
    state.with_session(|s| s.meetings())
}

#[tauri::command]
pub async fn minutes(state: State<'_, AppState>, id: i64) -> CommandResult<Minutes> {
    state.with_session(|s| s.minutes(id))
}

#[tauri::command]
pub async fn members(state: State<'_, AppState>) -> CommandResult<Vec<Member>> {
    state.with_session(|s| s.members())
}

#[tauri::command]
pub async fn schedule_meeting(state: State<'_, AppState>, form: Value) -> CommandResult<i64> {
    state.with_session(|s| s.schedule_meeting(&self::form(form)?))
}

fn id_of(data: &Value, name: &str) -> Option<i64> {
    data.get(name).and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    })
}

/// One change to a meeting: `id` is the meeting's, or for item actions the agenda item's,
/// for attendance removal the attendance line's.
#[tauri::command]
pub async fn meeting_action(
    state: State<'_, AppState>,
    id: i64,
    action: String,
    data: Value,
) -> CommandResult<()> {
    state.with_session(|s| match action.as_str() {
        "attendance" => s.record_attendance(id, &form(data)?).map(drop),
        "remove_attendance" => s.remove_attendance(id),
        "add_item" => s
            .add_agenda_item(id, id_of(&data, "case_id"), &field(&data, "topic"))
            .map(drop),
        "move_item" => s.move_agenda_item(id, id_of(&data, "by").unwrap_or(0)),
        "remove_item" => s.remove_agenda_item(id, &field(&data, "removed_reason")),
        "discussion" => s.save_discussion(id, &field(&data, "discussion")),
        "decision" => s.record_item_decision(id, &form(data)?),
        "action" => s.add_action(id, &form(data)?).map(drop),
        "approve" => s.approve_minutes(id),
        "amend" => s.amend_minutes(id, &field(&data, "amendment")),
        _ => Err(CoreError::NotFound("That action")),
    })
}

#[tauri::command]
pub async fn list_actions(
    state: State<'_, AppState>,
    filter: ActionFilter,
) -> CommandResult<Vec<Action>> {
    state.with_session(|s| s.actions(&filter))
}

#[tauri::command]
pub async fn set_action_status(
    state: State<'_, AppState>,
    id: i64,
    status: String,
    reason: String,
) -> CommandResult<()> {
    state.with_session(|s| s.set_action_status(id, &status, &reason))
}

/// Asks where to save (or, when `CHANNEL_DESK_EXPORT_DIR` is set, saves there without
/// asking, for unattended runs) and writes the minutes. `None` if the person cancelled.
#[tauri::command]
pub async fn export_minutes(
    app: AppHandle,
    state: State<'_, AppState>,
    last: State<'_, LastExport>,
    id: i64,
    version: String,
) -> CommandResult<Option<Export>> {
    let version = Version::parse(&version)
        .ok_or_else(|| CoreError::invalid("version", "Choose the full or redacted version"))?;
    let held_on = state.with_session(|s| Ok(s.meeting_summary(id)?.held_on))?;
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
    let export = state.with_session(|s| s.export_minutes(id, version, &path))?;
    *last.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(Some(export))
}

/// Opens the file this window last exported in the system's PDF viewer.
#[tauri::command]
pub async fn open_export(app: AppHandle, last: State<'_, LastExport>) -> CommandResult<()> {
    let path = last.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let path = path.ok_or(CoreError::NotFound("An exported file"))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::from(CoreError::Io(std::io::Error::other(e.to_string()))))
}
