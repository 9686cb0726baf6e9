//! The audit trail, for administrators.

use channel_desk_core::store::admin::Verification;
use channel_desk_core::store::audit::AuditEntry;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

pub const PAGE: u32 = 50;

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, page: u32) -> CommandResult<Vec<AuditEntry>> {
    state.with_session(|s| s.audit_entries(PAGE, page.saturating_mul(PAGE)))
}

#[tauri::command]
#[specta::specta]
pub async fn verify_database(state: State<'_, AppState>) -> CommandResult<Verification> {
    state.with_session(|s| s.verify())
}
