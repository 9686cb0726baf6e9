//! The whole-file check (SQLite's and SQLCipher's integrity checks and the audit chain) run
//! in the background at every unlock, on a connection of its own so that the window stays
//! responsive; administrators see the result on Home. Locking interrupts a check still
//! running, and its connection and key copy go with it.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use channel_desk_core::store::admin::{InterruptHandle, Verifier};
use chrono::{Local, SecondsFormat};
use serde::Serialize;

/// Where the check stands for the session now unlocked.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IntegrityStatus {
    NotRun,
    Running,
    Passed { checked_at: String, audit_rows: u64 },
    Failed { checked_at: String, message: String },
}

#[derive(Default)]
struct Current {
    /// Counts checks started, so that an interrupted one cannot report over a later one.
    run: u64,
    status: Option<IntegrityStatus>,
    interrupt: Option<InterruptHandle>,
    thread: Option<JoinHandle<()>>,
}

/// Shared with the thread running a check, which never holds the `Integrity` itself: dropping
/// that ends the check.
#[derive(Default)]
pub struct Integrity {
    current: Arc<Mutex<Current>>,
}

fn lock(current: &Mutex<Current>) -> std::sync::MutexGuard<'_, Current> {
    current.lock().unwrap_or_else(|e| e.into_inner())
}

impl Integrity {
    fn current(&self) -> std::sync::MutexGuard<'_, Current> {
        lock(&self.current)
    }

    pub fn status(&self) -> IntegrityStatus {
        self.current()
            .status
            .clone()
            .unwrap_or(IntegrityStatus::NotRun)
    }

    /// Starts a check of the file `verifier` opens, on a thread of its own.
    pub fn start(&self, verifier: Verifier) {
        self.stop();
        let run = {
            let mut current = self.current();
            current.run += 1;
            current.status = Some(IntegrityStatus::Running);
            current.run
        };
        let shared = Arc::clone(&self.current);
        let thread = std::thread::spawn(move || {
            let now = || Local::now().to_rfc3339_opts(SecondsFormat::Secs, true);
            let outcome = verifier.open().and_then(|open| {
                let mut current = lock(&shared);
                if current.run != run {
                    return Ok(None);
                }
                current.interrupt = Some(open.interrupt_handle());
                drop(current);
                open.run().map(Some)
            });
            let mut current = lock(&shared);
            if current.run != run {
                return;
            }
            current.interrupt = None;
            current.status = match outcome {
                Ok(None) => None,
                Ok(Some(v)) => Some(IntegrityStatus::Passed {
                    checked_at: now(),
                    audit_rows: v.audit_rows,
                }),
                Err(e) => Some(IntegrityStatus::Failed {
                    checked_at: now(),
                    message: e.to_string(),
                }),
            };
        });
        self.current().thread = Some(thread);
    }

    /// At lock: a check still running is interrupted and waited for (its connection and
    /// copy of the key end with it), and the result is forgotten.
    pub fn stop(&self) {
        let thread = {
            let mut current = self.current();
            current.run += 1;
            current.status = None;
            if let Some(handle) = current.interrupt.take() {
                handle.interrupt();
            }
            current.thread.take()
        };
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

/// A check is never left running as the process ends, where it would race the crypto
/// library's own clean-up.
impl Drop for Integrity {
    fn drop(&mut self) {
        self.stop();
    }
}
