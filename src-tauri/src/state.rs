//! The app's one piece of state: which database, and whether it is locked. Locking drops the
//! session, which closes the connection and wipes the key from memory.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use channel_desk_core::{CoreError, Paths, RecoveryAccess, Session};

use crate::error::{CommandError, CommandResult};

pub enum Access {
    Locked,
    /// Opened with the recovery key: only setting up an administrator is possible.
    Recovery(RecoveryAccess),
    Open(Session),
}

pub struct AppState {
    pub paths: Paths,
    access: Mutex<Access>,
    last_activity: Mutex<Instant>,
    idle_lock_minutes: AtomicU32,
}

impl AppState {
    pub fn new(paths: Paths) -> Self {
        AppState {
            paths,
            access: Mutex::new(Access::Locked),
            last_activity: Mutex::new(Instant::now()),
            idle_lock_minutes: AtomicU32::new(10),
        }
    }

    /// A poisoned lock only means another command panicked; the state itself is still whole.
    pub fn access(&self) -> MutexGuard<'_, Access> {
        self.access.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    pub fn set_idle_lock_minutes(&self, minutes: u32) {
        self.idle_lock_minutes.store(minutes, Ordering::Relaxed);
    }

    /// Runs `f` on the open session, or answers "locked".
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, CoreError>,
    ) -> CommandResult<T> {
        let mut access = self.access();
        match &mut *access {
            Access::Open(session) => {
                self.touch();
                f(session).map_err(CommandError::from)
            }
            _ => Err(CommandError::locked()),
        }
    }

    /// Installs a freshly unlocked session.
    pub fn open(&self, session: Session) -> CommandResult<()> {
        let minutes = session.settings()?.idle_lock_minutes;
        self.set_idle_lock_minutes(minutes);
        self.touch();
        *self.access() = Access::Open(session);
        Ok(())
    }

    /// Locks now. Returns whether anything was unlocked.
    pub fn lock(&self, reason: &str) -> bool {
        let previous = std::mem::replace(&mut *self.access(), Access::Locked);
        // The lock is recorded if it can be; the key is dropped either way.
        match previous {
            Access::Locked => false,
            Access::Recovery(recovery) => {
                let _ = recovery.lock();
                true
            }
            Access::Open(session) => {
                let _ = session.lock(reason);
                true
            }
        }
    }

    /// Locks if nothing has happened for the idle period. Returns whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let idle_for = self
            .last_activity
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed();
        let limit =
            Duration::from_secs(60 * u64::from(self.idle_lock_minutes.load(Ordering::Relaxed)));
        idle_for >= limit && self.lock("idle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use channel_desk_core::{create, FirstPerson};

    fn unlocked_state(dir: &tempfile::TempDir) -> AppState {
        let paths = Paths::new(dir.path().join("panel.db"));
        let pass = "idle lock test phrase";
        let (session, _) = create(
            &paths,
            &FirstPerson {
                full_name: "Kofi Mensah",
                username: "kofi",
                passphrase: pass,
                passphrase_confirm: pass,
            },
        )
        .unwrap();
        let state = AppState::new(paths);
        state.open(session).unwrap();
        state
    }

    #[test]
    fn the_session_locks_after_the_idle_period_and_then_answers_locked() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(&dir);
        assert!(!state.lock_if_idle(), "fresh activity keeps it open");
        assert!(state.with_session(|s| s.settings()).is_ok());
        state.set_idle_lock_minutes(1);
        *state.last_activity.lock().unwrap() = Instant::now() - Duration::from_secs(61);
        assert!(state.lock_if_idle());
        assert!(matches!(*state.access(), Access::Locked));
        assert_eq!(
            state.with_session(|s| s.settings()).err(),
            Some(CommandError::locked())
        );
    }

    #[test]
    fn activity_postpones_the_idle_lock() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(&dir);
        state.set_idle_lock_minutes(1);
        *state.last_activity.lock().unwrap() = Instant::now() - Duration::from_secs(59);
        assert!(!state.lock_if_idle());
        *state.last_activity.lock().unwrap() = Instant::now() - Duration::from_secs(120);
        state.touch();
        assert!(!state.lock_if_idle());
    }
}
