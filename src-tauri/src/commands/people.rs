//! People with access: listed, added, removed and reset by an administrator; and the fixed
//! vocabularies (roles among them) the window's forms offer.

use channel_desk_core::vocabularies::Vocabularies;
use channel_desk_core::Person;
use tauri::State;

use super::session::NewRecoveryKey;
use super::Secret;
use crate::error::CommandResult;
use crate::state::AppState;

/// Every fixed vocabulary's codes and labels: the window's forms, filters and labels.
#[tauri::command]
#[specta::specta]
pub async fn vocabularies() -> CommandResult<Vocabularies> {
    Ok(channel_desk_core::vocabularies::vocabularies())
}

#[tauri::command]
#[specta::specta]
pub async fn list_people(state: State<'_, AppState>) -> CommandResult<Vec<Person>> {
    state.with_session(|s| s.people())
}

#[tauri::command]
#[specta::specta]
pub async fn add_person(
    state: State<'_, AppState>,
    full_name: String,
    username: String,
    role: String,
    passphrase: Secret,
    passphrase_confirm: Secret,
) -> CommandResult<Person> {
    state.with_session(|s| {
        s.add_person_as_typed(
            &full_name,
            username.trim(),
            &role,
            &passphrase,
            &passphrase_confirm,
        )
    })
}

#[tauri::command]
#[specta::specta]
pub async fn remove_person(
    state: State<'_, AppState>,
    person_id: i64,
) -> CommandResult<NewRecoveryKey> {
    state.with_session(|s| Ok(s.remove_person(person_id)?.into()))
}

#[tauri::command]
#[specta::specta]
pub async fn reset_passphrase(
    state: State<'_, AppState>,
    person_id: i64,
    passphrase: Secret,
    passphrase_confirm: Secret,
) -> CommandResult<()> {
    state.with_session(|s| s.reset_passphrase(person_id, &passphrase, &passphrase_confirm))
}
