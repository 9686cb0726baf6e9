//! The audit trail and the file's integrity, for administrators.

use channel_desk_core::common::dates::today;
use channel_desk_core::store::admin::Verification;
use channel_desk_core::store::audit::{AuditPage, AuditQuery};
use channel_desk_core::store::audit_export::AuditExport;
use channel_desk_core::IfExists;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::exports::save_path;
use crate::error::{CommandError, CommandResult};
use crate::integrity::IntegrityStatus;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, query: AuditQuery) -> CommandResult<AuditPage> {
    state.with_session(|s| s.audit_events(&query))
}

/// Writes the rows the query selects, every page, to a CSV file the person chooses; `None` if
/// they cancelled. A query the core refuses is refused before the dialog opens.
#[tauri::command]
#[specta::specta]
pub async fn export_audit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: AuditQuery,
) -> CommandResult<Option<AuditExport>> {
    query.applied().map_err(CommandError::from)?;
    let name = format!("channel-desk-audit-trail-{}.csv", today());
    let Some(path) = save_path(&app, &name, "the audit trail") else {
        return Ok(None);
    };
    state
        .with_session(|s| s.export_audit(&query, &path, IfExists::Replace))
        .map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn verify_database(state: State<'_, AppState>) -> CommandResult<Verification> {
    state.with_session(|s| s.verify())
}

/// The background check of the file and where the audit trail ends, for administrators.
#[derive(Serialize, specta::Type)]
pub struct IntegrityView {
    status: IntegrityStatus,
    /// The audit trail's newest row and hash, as exported PDFs print it.
    head: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn integrity_status(state: State<'_, AppState>) -> CommandResult<IntegrityView> {
    state.with_session(|s| {
        Ok(IntegrityView {
            head: s.audit_head()?.map(|h| h.short()),
            status: state.integrity.status(),
        })
    })
}
