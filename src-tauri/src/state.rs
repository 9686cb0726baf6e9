//! The app's one piece of state: which database, and whether it is locked. Locking drops the
//! session, which closes the connection and wipes the key from memory.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use channel_desk_core::store::restore::OpenedBackup;
use channel_desk_core::{CoreError, Paths, RecoveryAccess, Session};

use crate::error::{CommandError, CommandResult};
use crate::integrity::Integrity;

pub enum Access {
    Locked,
    /// Opened with the recovery key: only setting up an administrator is possible.
    Recovery(RecoveryAccess),
    Open(Session),
}

/// Reads the time, as a duration since some fixed point, from a clock that keeps counting
/// while the computer sleeps: a laptop closed for longer than the idle period is locked the
/// moment it wakes. (`Instant` stops during suspend on Linux and macOS.)
pub type Clock = Box<dyn Fn() -> Duration + Send + Sync>;

/// CLOCK_BOOTTIME on Linux and CLOCK_MONOTONIC on macOS count time asleep.
#[cfg(unix)]
fn awake_or_asleep() -> Duration {
    #[cfg(target_os = "linux")]
    const CLOCK: libc::clockid_t = libc::CLOCK_BOOTTIME;
    #[cfg(not(target_os = "linux"))]
    const CLOCK: libc::clockid_t = libc::CLOCK_MONOTONIC;
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: it writes only into `now`, a valid timespec; with a clock these systems have
    // and a valid pointer it cannot fail.
    unsafe { libc::clock_gettime(CLOCK, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Windows' `Instant` (QueryPerformanceCounter) counts time asleep.
#[cfg(not(unix))]
fn awake_or_asleep() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

pub struct AppState {
    pub paths: Paths,
    access: Mutex<Access>,
    clock: Clock,
    last_activity: Mutex<Duration>,
    idle_lock_minutes: AtomicU32,
    /// The last file this session exported: the only file the window may ask the system to
    /// open. Forgotten on lock, so the next person cannot open it.
    last_export: Mutex<Option<PathBuf>>,
    /// The whole-file check started at each unlock.
    pub integrity: Integrity,
    /// A backup opened and checked, waiting for the person to restore it, and whether it
    /// replaces the open database. It holds the backup's key: locking forgets it.
    pending_restore: Mutex<Option<(OpenedBackup, bool)>>,
}

impl AppState {
    pub fn new(paths: Paths) -> Self {
        AppState::with_clock(paths, Box::new(awake_or_asleep))
    }

    fn with_clock(paths: Paths, clock: Clock) -> Self {
        AppState {
            paths,
            access: Mutex::new(Access::Locked),
            last_activity: Mutex::new(clock()),
            clock,
            idle_lock_minutes: AtomicU32::new(10),
            last_export: Mutex::new(None),
            integrity: Integrity::default(),
            pending_restore: Mutex::new(None),
        }
    }

    /// A poisoned lock only means another command panicked; the state itself is still whole.
    pub fn access(&self) -> MutexGuard<'_, Access> {
        self.access.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|e| e.into_inner()) = (self.clock)();
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

    pub fn remember_export(&self, path: PathBuf) {
        *self.last_export.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    }

    /// The file this session last exported, while it is unlocked.
    pub fn last_export(&self) -> CommandResult<PathBuf> {
        self.with_session(|_| Ok(()))?;
        self.last_export
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or(CommandError::from(CoreError::NotFound("An exported file")))
    }

    /// Installs a freshly unlocked session.
    pub fn open(&self, session: Session) -> CommandResult<()> {
        let minutes = session.settings()?.idle_lock_minutes;
        self.set_idle_lock_minutes(minutes);
        self.touch();
        self.integrity.start(session.verifier());
        *self.access() = Access::Open(session);
        Ok(())
    }

    pub fn has_session(&self) -> bool {
        matches!(*self.access(), Access::Open(_))
    }

    pub fn hold_restore(&self, opened: OpenedBackup, replacing: bool) {
        *self.pending() = Some((opened, replacing));
    }

    pub fn take_restore(&self) -> Option<(OpenedBackup, bool)> {
        self.pending().take()
    }

    fn pending(&self) -> MutexGuard<'_, Option<(OpenedBackup, bool)>> {
        self.pending_restore
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Ends the session as locking does, handing it over (to be replaced by a restore)
    /// instead of closing it.
    pub fn take_session(&self) -> Option<Session> {
        match self.leave() {
            Access::Open(session) => Some(session),
            _ => None,
        }
    }

    /// Locked: returns what was open; the export remembered, a pending restore and the file
    /// check are forgotten.
    fn leave(&self) -> Access {
        let previous = std::mem::replace(&mut *self.access(), Access::Locked);
        *self.last_export.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.pending().take();
        self.integrity.stop();
        previous
    }

    /// Locks now. Returns whether anything was unlocked.
    pub fn lock(&self, reason: &str) -> bool {
        let previous = self.leave();
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
        let last = *self.last_activity.lock().unwrap_or_else(|e| e.into_inner());
        let idle_for = (self.clock)().saturating_sub(last);
        let limit =
            Duration::from_secs(60 * u64::from(self.idle_lock_minutes.load(Ordering::Relaxed)));
        idle_for >= limit && self.lock("idle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use channel_desk_core::{create, FirstPerson};
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    /// A clock the test moves by hand, in seconds.
    #[derive(Clone, Default)]
    struct TestClock(Arc<AtomicU64>);

    impl TestClock {
        fn forward(&self, seconds: u64) {
            self.0.fetch_add(seconds, Ordering::Relaxed);
        }
    }

    fn unlocked_state(dir: &tempfile::TempDir) -> AppState {
        unlocked_state_with(dir, TestClock::default())
    }

    fn unlocked_state_with(dir: &tempfile::TempDir, clock: TestClock) -> AppState {
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
        let state = AppState::with_clock(
            paths,
            Box::new(move || Duration::from_secs(clock.0.load(Ordering::Relaxed))),
        );
        state.open(session).unwrap();
        state
    }

    #[test]
    fn the_session_locks_after_the_idle_period_and_then_answers_locked() {
        let dir = tempfile::tempdir().unwrap();
        let clock = TestClock::default();
        let state = unlocked_state_with(&dir, clock.clone());
        assert!(!state.lock_if_idle(), "fresh activity keeps it open");
        assert!(state.with_session(|s| s.settings()).is_ok());
        state.set_idle_lock_minutes(1);
        clock.forward(61);
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
        let clock = TestClock::default();
        let state = unlocked_state_with(&dir, clock.clone());
        state.set_idle_lock_minutes(1);
        clock.forward(59);
        assert!(!state.lock_if_idle());
        state.touch();
        clock.forward(59);
        assert!(!state.lock_if_idle(), "59 seconds since the last activity");
        clock.forward(1);
        assert!(state.lock_if_idle());
    }

    /// The clock jumps as a suspend makes it jump: the idle check, which runs every second,
    /// sees the time before the lid closed and then the time after it opened, nothing between.
    #[test]
    fn a_computer_asleep_past_the_idle_period_is_locked_when_it_wakes() {
        let dir = tempfile::tempdir().unwrap();
        let clock = TestClock::default();
        let state = unlocked_state_with(&dir, clock.clone());
        clock.forward(30);
        state.with_session(|s| s.settings()).unwrap();
        assert!(!state.lock_if_idle());
        clock.forward(45 * 60);
        assert!(
            state.lock_if_idle(),
            "10 minutes, the default, have passed asleep"
        );
        assert!(matches!(*state.access(), Access::Locked));
    }

    #[test]
    fn the_last_export_opens_only_while_unlocked_and_is_forgotten_on_lock() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(&dir);
        assert_eq!(state.last_export().unwrap_err().code, "not_found");
        let file = dir.path().join("minutes.pdf");
        state.remember_export(file.clone());
        assert_eq!(state.last_export().unwrap(), file);
        state.lock("test");
        assert_eq!(state.last_export().unwrap_err(), CommandError::locked());
        let paths = Paths::new(dir.path().join("panel.db"));
        let session =
            channel_desk_core::unlock(&paths, "kofi", "idle lock test phrase", chrono::Utc::now())
                .unwrap()
                .session;
        state.open(session).unwrap();
        assert_eq!(
            state.last_export().unwrap_err().code,
            "not_found",
            "the next session cannot open the file the last one exported"
        );
    }
}
