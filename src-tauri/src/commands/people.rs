//! People with access: listed, added, removed and reset by an administrator.

use channel_desk_core::{Person, Role};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Serialize)]
pub struct RoleOption {
    value: &'static str,
    label: &'static str,
}

#[tauri::command]
pub async fn roles() -> CommandResult<Vec<RoleOption>> {
    Ok(Role::ALL
        .iter()
        .map(|r| RoleOption {
            value: r.as_str(),
            label: r.label(),
        })
        .collect())
}

#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> CommandResult<Vec<Person>> {
    state.with_session(|s| s.people())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_person(
    state: State<'_, AppState>,
    full_name: String,
    username: String,
    role: String,
    passphrase: Zeroizing<String>,
    passphrase_confirm: Zeroizing<String>,
) -> CommandResult<Person> {
    state.with_session(|s| {
        let role = Role::parse(&role)?;
        s.add_person(
            &full_name,
            username.trim(),
            role,
            &passphrase,
            &passphrase_confirm,
        )
    })
}

#[tauri::command]
pub async fn remove_person(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.with_session(|s| s.remove_person(id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reset_passphrase(
    state: State<'_, AppState>,
    id: i64,
    passphrase: Zeroizing<String>,
    passphrase_confirm: Zeroizing<String>,
) -> CommandResult<()> {
    state.with_session(|s| s.reset_passphrase(id, &passphrase, &passphrase_confirm))
}
