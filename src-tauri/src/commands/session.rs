//! Start screens: status, create, unlock (by passphrase or recovery key), lock, passphrase;
//! and the recovery key: confirmed by typing it back, or replaced by an administrator.

use channel_desk_core::security::head::AuditCut;
use channel_desk_core::security::rotation::Rotated;
use channel_desk_core::{
    create, database_state, unlock, unlock_with_recovery_key, DatabaseState, FirstPerson, Person,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::Secret;
use crate::error::{CommandError, CommandResult};
use crate::state::{Access, AppState};

#[derive(Serialize, specta::Type)]
pub struct Status {
    database: String,
    path: String,
    state: DatabaseState,
    person: Option<Person>,
    recovery: bool,
    demo: bool,
    /// Whether the open database's recovery key has been typed back; `None` when locked.
    recovery_key_confirmed: Option<bool>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<Status> {
    let access = state.access();
    let (person, recovery, demo, recovery_key_confirmed) = match &*access {
        Access::Open(session) => (
            Some(session.person().clone()),
            false,
            session.is_demo(),
            Some(session.recovery_key_confirmed()?),
        ),
        Access::Recovery(_) => (None, true, false, None),
        Access::Locked => (None, false, false, None),
    };
    Ok(Status {
        database: state.paths.display_name(),
        path: state.paths.db.display().to_string(),
        state: database_state(&state.paths),
        person,
        recovery,
        demo,
        recovery_key_confirmed,
    })
}

/// The create and set-up-administrator forms.
#[derive(Deserialize, specta::Type)]
pub struct AdministratorForm {
    full_name: String,
    username: String,
    passphrase: Secret,
    passphrase_confirm: Secret,
}

impl AdministratorForm {
    fn first_person(&self) -> FirstPerson<'_> {
        FirstPerson {
            full_name: &self.full_name,
            username: self.username.trim(),
            passphrase: &self.passphrase,
            passphrase_confirm: &self.passphrase_confirm,
        }
    }
}

#[derive(Serialize, specta::Type)]
pub struct Created {
    recovery_key: String,
    person: Person,
}

#[tauri::command]
#[specta::specta]
pub async fn create_database(
    state: State<'_, AppState>,
    form: AdministratorForm,
) -> CommandResult<Created> {
    let (session, recovery) = create(&state.paths, &form.first_person())?;
    let person = session.person().clone();
    state.open(session)?;
    Ok(Created {
        recovery_key: recovery.to_string(),
        person,
    })
}

#[derive(Serialize, specta::Type)]
pub struct UnlockedView {
    person: Person,
    last_failed_attempt: Option<DateTime<Utc>>,
    /// The record of failed attempts was missing or replaced since the last unlock.
    attempts_record_lost: bool,
    /// The audit trail no longer reaches the head the key file last recorded.
    audit_cut: Option<AuditCut>,
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_database(
    state: State<'_, AppState>,
    username: String,
    passphrase: Secret,
) -> CommandResult<UnlockedView> {
    let unlocked = unlock(&state.paths, username.trim(), &passphrase, Utc::now())?;
    let person = unlocked.session.person().clone();
    state.open(unlocked.session)?;
    Ok(UnlockedView {
        person,
        last_failed_attempt: unlocked.last_failed_attempt,
        attempts_record_lost: unlocked.attempts_record_lost,
        audit_cut: unlocked.audit_cut,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_with_recovery(
    state: State<'_, AppState>,
    recovery_key: Secret,
) -> CommandResult<()> {
    let access = unlock_with_recovery_key(&state.paths, &recovery_key)?;
    state.touch();
    *state.access() = Access::Recovery(access);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_up_administrator(
    state: State<'_, AppState>,
    form: AdministratorForm,
) -> CommandResult<Person> {
    let mut access = state.access();
    let Access::Recovery(recovery) = &mut *access else {
        return Err(CommandError::locked());
    };
    let person = recovery.set_up_administrator(&form.first_person())?;
    let Access::Recovery(recovery) = std::mem::replace(&mut *access, Access::Locked) else {
        return Err(CommandError::locked());
    };
    drop(access);
    state.open(recovery.into_session())?;
    Ok(person)
}

#[tauri::command]
#[specta::specta]
pub async fn lock(state: State<'_, AppState>) -> CommandResult<()> {
    state.lock("locked by the person");
    Ok(())
}

/// The page reports keyboard and mouse activity so that the idle lock counts from it.
#[tauri::command]
#[specta::specta]
pub async fn activity(state: State<'_, AppState>) -> CommandResult<()> {
    state.touch();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current_passphrase: Secret,
    passphrase: Secret,
    passphrase_confirm: Secret,
) -> CommandResult<Person> {
    state.with_session(|s| {
        s.change_passphrase(&current_passphrase, &passphrase, &passphrase_confirm)?;
        Ok(s.person().clone())
    })
}

/// The recovery key typed back from the council's copy, at creation or later by an
/// administrator.
#[tauri::command]
#[specta::specta]
pub async fn confirm_recovery_key(
    state: State<'_, AppState>,
    recovery_key: Secret,
) -> CommandResult<()> {
    state.with_session(|s| s.confirm_recovery_key(&recovery_key))
}

/// A rotated data key: the new recovery key, to show once and have typed back.
#[derive(Serialize, specta::Type)]
pub struct NewRecoveryKey {
    recovery_key: String,
    /// People who need a new temporary passphrase from an administrator.
    without_access: Vec<Person>,
}

impl From<Rotated> for NewRecoveryKey {
    fn from(rotated: Rotated) -> Self {
        NewRecoveryKey {
            recovery_key: rotated.recovery_key.to_string(),
            without_access: rotated.without_access,
        }
    }
}

/// The data key rotated: the database encrypted under a new key, the new recovery key, and
/// the old one (with every old copy of the key file) opening nothing; the administrator's
/// passphrase again first.
#[tauri::command]
#[specta::specta]
pub async fn rotate_data_key(
    state: State<'_, AppState>,
    passphrase: Secret,
) -> CommandResult<NewRecoveryKey> {
    state.with_session(|s| Ok(s.rotate_data_key(&passphrase)?.into()))
}
