//! The audit trail, for administrators.

use channel_desk_core::store::admin::Verification;
use channel_desk_core::store::audit::{AuditPage, AuditQuery};
use tauri::State;

use crate::error::CommandResult;
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
