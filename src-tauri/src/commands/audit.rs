//! The audit trail and the file's integrity, for administrators.

use channel_desk_core::store::admin::Verification;
use channel_desk_core::store::audit::{AuditPage, AuditQuery};
use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::integrity::IntegrityStatus;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, query: AuditQuery) -> CommandResult<AuditPage> {
    state.with_session(|s| s.audit_events(&query))
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
