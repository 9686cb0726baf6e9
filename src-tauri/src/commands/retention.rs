//! Retention and erasure, and the subject access request export (administrators; the core
//! checks the role).

use channel_desk_core::casework::retention::RetentionReview;
use channel_desk_core::common::dates::today;
use channel_desk_core::common::unprintable::Unprintable;
use channel_desk_core::IfExists;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::exports::save_path;
use crate::error::CommandResult;
use crate::state::AppState;

/// The cases whose retention period has passed, longest closed first.
#[tauri::command]
#[specta::specta]
pub async fn cases_past_retention(state: State<'_, AppState>) -> CommandResult<RetentionReview> {
    state.with_session(|s| s.cases_past_retention())
}

/// Erases the cases chosen, all or none; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn erase_cases(state: State<'_, AppState>, case_ids: Vec<i64>) -> CommandResult<u32> {
    state.with_session(|s| Ok(s.erase_cases(&case_ids)? as u32))
}

/// Where the subject access request was saved, and any characters printed as empty boxes.
#[derive(Debug, Serialize, specta::Type)]
pub struct SubjectAccessSaved {
    pub path: String,
    pub unprintable: Vec<Unprintable>,
}

/// Writes everything held about the person of a case where the person chooses; `None` if
/// they cancelled. The file's suggested name holds no name.
#[tauri::command]
#[specta::specta]
pub async fn export_subject_access<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<Option<SubjectAccessSaved>> {
    let name = format!("subject-access-request-{}.pdf", today());
    let Some(path) = save_path(&app, &name, "the subject access request") else {
        return Ok(None);
    };
    let unprintable =
        state.with_session(|s| s.export_subject_access(case_id, &path, IfExists::Replace))?;
    state.remember_export(path.clone());
    Ok(Some(SubjectAccessSaved {
        path: path.display().to_string(),
        unprintable,
    }))
}
