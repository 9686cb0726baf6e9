//! Minutes exports: writing the PDF, the exports the database keeps, saving a kept copy
//! again and checking a copy that turned up. Files are chosen through the system's dialogs,
//! so the page never names a path.

use std::path::PathBuf;

use channel_desk_core::meetings::{Export, ExportCheck, StoredExport, Version};
use channel_desk_core::{CoreError, IfExists};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Asks where to save `name`; `None` if the person cancelled. The system's dialog asks before
/// replacing a file, so the path it gives is written with `IfExists::Replace`. Only a test
/// build (feature `e2e`) saves into `CHANNEL_DESK_EXPORT_DIR` without asking.
pub(crate) fn save_path<R: Runtime>(app: &AppHandle<R>, name: &str, what: &str) -> Option<PathBuf> {
    #[cfg(feature = "e2e")]
    if let Some(dir) = std::env::var_os("CHANNEL_DESK_EXPORT_DIR") {
        return Some(PathBuf::from(dir).join(name));
    }
    let extension = name.rsplit('.').next().unwrap_or("pdf");
    app.dialog()
        .file()
        .set_title(format!("Save {what} (OFFICIAL-SENSITIVE)"))
        .set_file_name(name)
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Writes the minutes where the person chooses and keeps a copy in the database. `None` if
/// the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_minutes<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
    version: Version,
) -> CommandResult<Option<Export>> {
    let name = state.with_session(|s| s.minutes_file_name(meeting_id, version))?;
    let Some(path) = save_path(&app, &name, "the minutes") else {
        return Ok(None);
    };
    let export =
        state.with_session(|s| s.export_minutes(meeting_id, version, &path, IfExists::Replace))?;
    state.remember_export(path);
    Ok(Some(export))
}

/// The exports of a meeting's minutes, newest first.
#[tauri::command]
#[specta::specta]
pub async fn minutes_exports(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CommandResult<Vec<StoredExport>> {
    state.with_session(|s| s.minutes_exports(meeting_id))
}

/// Saves exactly the stored bytes of an export again. `None` if the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_export_again<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    export_id: i64,
) -> CommandResult<Option<Export>> {
    let name = state.with_session(|s| s.export_again_file_name(export_id))?;
    let Some(path) = save_path(&app, &name, "the minutes") else {
        return Ok(None);
    };
    let export =
        state.with_session(|s| s.save_export_again(export_id, &path, IfExists::Replace))?;
    state.remember_export(path);
    Ok(Some(export))
}

/// "Is this ours?": the person chooses a PDF and hears whether it is a recorded export.
/// `None` if the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn check_export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<ExportCheck>> {
    state.with_session(|s| s.may_check_export_file())?;
    let path = app
        .dialog()
        .file()
        .set_title("Choose a copy of the minutes to check")
        .add_filter("PDF", &["pdf"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok());
    let Some(path) = path else {
        return Ok(None);
    };
    state.with_session(|s| s.check_export_file(&path)).map(Some)
}

/// Opens the file this window last exported in the system's PDF viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<()> {
    let path = state.last_export()?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::from(CoreError::Io(std::io::Error::other(e.to_string()))))
}
