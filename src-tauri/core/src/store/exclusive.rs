//! One process at a time has a database open. Every opening (the window's session, each run
//! of the headless command, restoring over it) holds an exclusive lock on `<database>.lock`
//! for as long as its connection is open, and writes into that file who holds it, so that a
//! second process is told what to close. The operating system releases the lock when the
//! process ends, however it ends: a killed process leaves no stale lock behind.
//!
//! Openings within one process share the lock: SQLite already coordinates the connections of
//! one process (the background file check, a second person's session in tests).

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::common::dates::{moment_text, now_text};
use crate::error::{CoreError, Result};
use crate::store::files::{open_lock_file, Paths};

/// What this process calls itself in the lock file, unless `set_program` said otherwise.
const DEFAULT_PROGRAM: &str = "Channel Desk";

static PROGRAM: OnceLock<String> = OnceLock::new();

/// Names this process in the lock files it holds, as a person would recognise it
/// ("channel-desk-cli verify"). Called once, at start, before any database is opened.
pub fn set_program(name: impl Into<String>) {
    let _ = PROGRAM.set(name.into());
}

/// Who holds a lock, as written into its file.
#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    program: String,
    process: u32,
    /// The operating system's user, when the environment names one.
    user: Option<String>,
    since: String,
}

impl Holder {
    fn this_process() -> Self {
        Holder {
            program: PROGRAM
                .get()
                .map_or(DEFAULT_PROGRAM, String::as_str)
                .to_owned(),
            process: std::process::id(),
            user: ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty())),
            since: now_text(),
        }
    }

    fn describe(&self) -> String {
        let user = self
            .user
            .as_ref()
            .map_or_else(String::new, |u| format!(", user {u}"));
        format!(
            "{} (process {}{user}) since {}",
            self.program,
            self.process,
            moment_text(&self.since)
        )
    }
}

/// The locks this process holds, each with the number of openings sharing it.
struct Held {
    lock: PathBuf,
    file: File,
    openings: usize,
}

static HELD: Mutex<Vec<Held>> = Mutex::new(Vec::new());

fn held() -> MutexGuard<'static, Vec<Held>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

/// This process's hold on a database; the lock goes with the last one dropped.
#[derive(Debug)]
pub(crate) struct Exclusive {
    lock: PathBuf,
}

/// Takes the database's lock for this process, or refuses with `CoreError::InUse` naming the
/// process that holds it.
pub(crate) fn hold(paths: &Paths) -> Result<Exclusive> {
    // One name for the file however the path was written, so that openings share it.
    let dir = paths.lock.parent().filter(|d| !d.as_os_str().is_empty());
    let lock = match fs::canonicalize(dir.unwrap_or(Path::new("."))) {
        Ok(dir) => dir.join(paths.lock.file_name().unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CoreError::NoDatabase(paths.db.clone()))
        }
        Err(e) => return Err(e.into()),
    };
    writable(paths)?;
    // Held throughout, so that a lock being released in this process is not seen as another's.
    let mut held = held();
    if let Some(h) = held.iter_mut().find(|h| h.lock == lock) {
        h.openings += 1;
        return Ok(Exclusive { lock });
    }
    let mut file = open_lock_file(&lock)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(CoreError::InUse(holder_of(&mut file)))
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
    }
    // Only to name the holder: written over the last holder's name, never emptied first, so
    // that a full disk (which the next write reports) does not stop the opening here.
    if let Ok(json) = serde_json::to_vec(&Holder::this_process()) {
        let _ = file
            .write_all(&json)
            .and_then(|()| file.set_len(json.len() as u64));
    }
    held.push(Held {
        lock: lock.clone(),
        file,
        openings: 1,
    });
    Ok(Exclusive { lock })
}

/// Refuses a folder this process cannot create files in, before anything is opened: every
/// opening writes beside the database (its lock, SQLite's journal, the side files).
pub(crate) fn writable(paths: &Paths) -> Result<()> {
    let dir = paths.db.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    match tempfile::tempfile_in(dir) {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Err(CoreError::FolderReadOnly(dir.to_owned()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Who holds the lock, read from its file. The holder writes it just after taking the lock,
/// so an empty file is read again for a moment before giving up on a name.
fn holder_of(file: &mut File) -> String {
    for _ in 0..20 {
        let mut text = String::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_string(&mut text));
        if let (Ok(_), Ok(holder)) = (read, serde_json::from_str::<Holder>(&text)) {
            return holder.describe();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "another program".into()
}

impl Drop for Exclusive {
    fn drop(&mut self) {
        let mut held = held();
        if let Some(i) = held.iter().position(|h| h.lock == self.lock) {
            held[i].openings -= 1;
            if held[i].openings == 0 {
                // Closing the file releases the lock.
                drop(held.swap_remove(i).file);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_in_one_process_share_the_lock_and_the_last_releases_it() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("c.db"));
        let first = hold(&paths).unwrap();
        // The same database by another spelling of its path.
        let second = hold(&Paths::new(dir.path().join(".").join("c.db"))).unwrap();
        // Another process opens the file afresh; an open of its own stands in for it.
        let other = File::open(&paths.lock).unwrap();
        drop(first);
        assert!(other.try_lock().is_err(), "still held by the second");
        drop(second);
        assert!(other.try_lock().is_ok(), "released with the last");
    }

    #[test]
    fn the_holder_is_named_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("c.db"));
        let _held = hold(&paths).unwrap();
        let mut other = File::open(&paths.lock).unwrap();
        let named = holder_of(&mut other);
        assert!(
            named.starts_with(&format!("Channel Desk (process {}", std::process::id())),
            "{named}"
        );
    }
}
