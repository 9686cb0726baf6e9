//! Backup and restore: "Back up now" to a file the person chooses, with progress; when the
//! last backup was made and the reminder's setting; and restoring a backup, opened and shown
//! first, on a new laptop (no database yet) or by an administrator over the current one.
//! Files are chosen through the system's dialogs, so the page never names a path.

use std::path::PathBuf;

use channel_desk_core::store::backup::{BackupMade, BackupProgress, BackupStatus, EXTENSION};
use channel_desk_core::store::restore::{
    open_backup as open, BackupKey, BackupSummary, RestoreDone,
};
use channel_desk_core::{CoreError, IfExists};
use serde::Deserialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::exports::save_path;
use super::Secret;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn backup_status(state: State<'_, AppState>) -> CommandResult<BackupStatus> {
    state.with_session(|s| s.backup_status())
}

/// Takes the text as typed, so that "a week" gets a message beside the field.
#[tauri::command]
#[specta::specta]
pub async fn set_backup_reminder_days(
    state: State<'_, AppState>,
    days: String,
) -> CommandResult<BackupStatus> {
    state.with_session(|s| s.set_backup_reminder_days(&days))
}

/// Writes a backup where the person chooses, reporting progress on `progress`, and checks
/// it. `None` if the person cancelled. The save dialog asks before replacing a file.
#[tauri::command]
#[specta::specta]
pub async fn back_up<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    progress: Channel<BackupProgress>,
) -> CommandResult<Option<BackupMade>> {
    state.with_session(|s| s.backup_status())?;
    let name = format!(
        "channel-desk-backup-{}.{EXTENSION}",
        chrono::Local::now().format("%Y-%m-%d-%H%M")
    );
    let Some(path) = save_path(&app, &name, "the backup") else {
        return Ok(None);
    };
    state
        .with_session(|s| {
            s.back_up(&path, IfExists::Replace, &mut |p| {
                let _ = progress.send(p);
            })
        })
        .map(Some)
}

/// What opens a backup, as the restore form sends it: a username and passphrase, or the
/// recovery key.
#[derive(Deserialize, specta::Type)]
pub struct BackupKeyForm {
    /// "passphrase" or "recovery_key".
    with: String,
    #[serde(default)]
    username: String,
    passphrase: Option<Secret>,
    recovery_key: Option<Secret>,
}

/// The backup file the person picks. Only a test build (feature `e2e`) takes one without
/// asking: `CHANNEL_DESK_BACKUP_FILE`, else the newest backup in `CHANNEL_DESK_EXPORT_DIR`.
fn pick_backup<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(feature = "e2e")]
    if let Some(file) = std::env::var_os("CHANNEL_DESK_BACKUP_FILE") {
        return Some(PathBuf::from(file));
    }
    #[cfg(feature = "e2e")]
    if let Some(dir) = std::env::var_os("CHANNEL_DESK_EXPORT_DIR") {
        return std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == EXTENSION))
            .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok());
    }
    app.dialog()
        .file()
        .set_title("Choose a Channel Desk backup to restore")
        .add_filter("Channel Desk backup", &[EXTENSION])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for the backup file, opens it with the form's passphrase or recovery key and checks
/// it whole, reporting progress; returns what it holds, replacing nothing yet. `None` if the
/// person cancelled. On a database that is there, only an administrator may.
#[tauri::command]
#[specta::specta]
pub async fn open_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: BackupKeyForm,
    progress: Channel<BackupProgress>,
) -> CommandResult<Option<BackupSummary>> {
    let replacing = state.has_session();
    if replacing {
        state.with_session(|s| s.backup_status())?;
    }
    let blank =
        |field: &'static str, message: &str| CommandError::from(CoreError::invalid(field, message));
    let key = match form.with.as_str() {
        "passphrase" => BackupKey::Person {
            username: form.username.trim(),
            passphrase: form
                .passphrase
                .as_deref()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| blank("passphrase", "Enter your passphrase"))?,
        },
        "recovery_key" => BackupKey::RecoveryKey(
            form.recovery_key
                .as_deref()
                .filter(|k| !k.is_empty())
                .ok_or_else(|| blank("recovery_key", "Enter the recovery key of the backup"))?,
        ),
        _ => return Err(blank("with", "Choose how to open the backup")),
    };
    let Some(file) = pick_backup(&app) else {
        return Ok(None);
    };
    let opened = open(&file, &state.paths, &key, &mut |p| {
        let _ = progress.send(p);
    })?;
    let summary = opened.summary().clone();
    state.hold_restore(opened, replacing);
    Ok(Some(summary))
}

/// Restores the backup opened last. Over a database, the administrator's session closes and
/// the database is kept beside under a dated name; either way the app is then locked, to be
/// unlocked with a passphrase from the backup.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>) -> CommandResult<RestoreDone> {
    let Some((opened, replacing)) = state.take_restore() else {
        return Err(CoreError::NotFound("A backup opened for restoring").into());
    };
    let current = if replacing {
        state.with_session(|s| s.backup_status())?;
        Some(state.take_session().ok_or_else(CommandError::locked)?)
    } else {
        None
    };
    Ok(opened.restore(&state.paths, current)?)
}

/// Forgets the backup opened for restoring (its checked copy goes).
#[tauri::command]
#[specta::specta]
pub async fn cancel_restore(state: State<'_, AppState>) -> CommandResult<()> {
    state.take_restore();
    Ok(())
}
