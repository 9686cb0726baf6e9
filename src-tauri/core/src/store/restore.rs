//! Restoring a backup (`store::backup`): opened with a passphrase of a person in it or its
//! recovery key, checked whole and summarised before anything is replaced, then put in place
//! of the database and key file, the ones it replaces kept beside them under a dated name.
//!
//! Two files (the database and its key file, with the record of failed attempts) cannot be
//! replaced by one rename, so the restore is journalled: the restored files are made whole
//! under staged names, then a journal is written, then the renames are done and the journal
//! removed. A restore stopped before the journal leaves the database as it was; one stopped
//! after it is finished by the next thing that opens the database (`finish_interrupted`).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::security::attempts::Attempts;
use crate::security::crypto::DataKey;
use crate::security::people::{self, Person, Role};
use crate::security::session::{Session, RECOVERY_ACTOR};
use crate::store::audit::{self, AuditAction};
use crate::store::backup::{report, set_last_backup, verify_copy, BackupFile, Header, OnProgress};
use crate::store::files::{self, read_json, write_json_atomic, Paths};
use crate::store::migrations::SCHEMA_VERSION;
use crate::store::{self, exclusive, meta};

/// What opens a backup: a person's username and passphrase, or the recovery key.
pub enum BackupKey<'a> {
    Person {
        username: &'a str,
        passphrase: &'a str,
    },
    RecoveryKey(&'a str),
}

/// How many of one kind of record a backup holds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct BackupCount {
    pub label: String,
    pub count: i64,
}

/// What a backup holds, shown before anything is replaced.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupSummary {
    pub file: String,
    pub made_at: String,
    pub database_created_at: String,
    pub schema_version: i64,
    /// From an earlier version: brought up to this version's schema when restored.
    pub upgraded_when_restored: bool,
    pub people: Vec<Person>,
    pub counts: Vec<BackupCount>,
    /// The newest audit row it holds, as exported PDFs print it.
    pub audit_head: String,
    /// Whose passphrase opened it, or "(recovery key)".
    pub opened_by: String,
}

/// A restore done: where the database it replaced was kept, if there was one.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RestoreDone {
    pub kept_as: Option<String>,
    /// Set when the replaced database could not be given its audit row (the restore itself
    /// is done).
    pub warning: Option<String>,
}

/// The records a summary counts, by table, with their labels.
const COUNTED: &[(&str, &str)] = &[
    ("cases", "Cases"),
    ("meetings", "Panel meetings"),
    ("actions", "Panel actions"),
    ("minutes_exports", "Minutes exports kept"),
    ("plan_actions", "Delivery plan actions"),
    ("training_sessions", "Training sessions"),
    ("steering_meetings", "Steering group meetings"),
    ("audit", "Audit rows"),
];

/// A backup opened and checked, waiting to be restored. Its copy of the database is in a
/// folder beside the database it will replace, removed if it is dropped unrestored.
pub struct OpenedBackup {
    header: Header,
    file: PathBuf,
    key: DataKey,
    actor: String,
    work: tempfile::TempDir,
    summary: BackupSummary,
}

/// Opens a backup for restoring to `target`: checks the file is whole, opens a key slot
/// (or takes the recovery key), checks the database inside as `verify` does and that it is
/// the one the key slots belong to. Only an administrator in the backup, or the holder of
/// its recovery key, may restore it. Nothing outside a temporary folder is written.
pub fn open_backup(
    file: &Path,
    target: &Paths,
    key: &BackupKey,
    progress: OnProgress,
) -> Result<OpenedBackup> {
    report(progress, "Reading the backup", 0);
    let backup = BackupFile::read(file)?;
    report(progress, "Opening the backup", 30);
    let (data, actor) = match key {
        BackupKey::Person {
            username,
            passphrase,
        } => {
            if username.is_empty() {
                return Err(CoreError::invalid("username", "Enter your username"));
            }
            if passphrase.is_empty() {
                return Err(CoreError::invalid("passphrase", "Enter your passphrase"));
            }
            let keys = match backup.header.keys.open(username, passphrase) {
                Ok(Some(keys)) => keys,
                Ok(None) => return Err(CoreError::NotRecognised),
                Err(CoreError::KeySlotDamaged(_)) => return Err(CoreError::BackupKeysMismatch),
                Err(e) => return Err(e),
            };
            let data = [Some(keys.data), keys.previous]
                .into_iter()
                .flatten()
                .find(|k| backup.header_holds(k))
                .ok_or(CoreError::BackupKeysMismatch)?;
            (data, (*username).to_owned())
        }
        BackupKey::RecoveryKey(typed) => {
            let data = DataKey::from_recovery_key(typed)?;
            if !backup.header_holds(&data) {
                return Err(CoreError::RecoveryKeyNotRecognised);
            }
            (data, RECOVERY_ACTOR.to_owned())
        }
    };
    report(progress, "Checking the database inside it", 40);
    let folder = files::folder_of(&target.db);
    fs::create_dir_all(folder)?;
    let work = tempfile::Builder::new()
        .prefix(".channel-desk-")
        .tempdir_in(folder)?;
    let copy = work.path().join("copy.db");
    let conn = backup.open_database(&data, &copy)?;
    verify_copy(&conn, &copy, file)?;
    let described = store::user_version(&conn)? == backup.header.schema_version
        && audit::head(&conn)? == backup.header.audit_head;
    if !described {
        return Err(CoreError::BackupDamaged(
            file.to_owned(),
            "its header does not describe the database inside it".into(),
        ));
    }
    if meta(&conn, "database_id")? != backup.header.keys.database_id {
        return Err(CoreError::BackupKeysMismatch);
    }
    if actor != RECOVERY_ACTOR {
        let administrator =
            people::find_active(&conn, &actor)?.is_some_and(|p| p.role == Role::Administrator);
        if !administrator {
            return Err(CoreError::Forbidden(
                "restore a backup: only an administrator in it, or the holder of its recovery key, can",
            ));
        }
    }
    let summary = summarise(&conn, &backup.header, file, &actor)?;
    report(progress, "Checked", 100);
    Ok(OpenedBackup {
        header: backup.header,
        file: file.to_owned(),
        key: data,
        actor,
        work,
        summary,
    })
}

fn summarise(
    conn: &rusqlite::Connection,
    header: &Header,
    file: &Path,
    actor: &str,
) -> Result<BackupSummary> {
    let counts = COUNTED
        .iter()
        .map(|(table, label)| {
            let count =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(BackupCount {
                label: (*label).to_owned(),
                count,
            })
        })
        .collect::<Result<_>>()?;
    Ok(BackupSummary {
        file: file.display().to_string(),
        made_at: header.made_at.clone(),
        database_created_at: meta(conn, "created_at")?,
        schema_version: header.schema_version,
        upgraded_when_restored: header.schema_version < SCHEMA_VERSION,
        people: people::list_active(conn)?,
        counts,
        audit_head: header
            .audit_head
            .as_ref()
            .map_or_else(|| "none".to_owned(), |h| h.short()),
        opened_by: actor.to_owned(),
    })
}

/// The journal of a restore under way: the time that names the files kept aside.
#[derive(Serialize, Deserialize)]
struct Journal {
    stamp: String,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn journal_path(paths: &Paths) -> PathBuf {
    with_suffix(&paths.db, ".restore-journal")
}

/// The restored files before they take their places.
fn staged(paths: &Paths) -> Paths {
    Paths::new(with_suffix(&paths.db, ".restoring"))
}

/// Where a replaced database and its side files are kept: `panel.before-restore-STAMP.db`
/// beside `panel.db`, its key file named as any database's, so it opens as it is.
fn kept(paths: &Paths, stamp: &str) -> Paths {
    let db = &paths.db;
    let name = match (db.file_stem(), db.extension()) {
        (Some(stem), Some(ext)) => format!(
            "{}.before-restore-{stamp}.{}",
            stem.to_string_lossy(),
            ext.to_string_lossy()
        ),
        _ => format!(
            "{}.before-restore-{stamp}",
            db.file_name().unwrap_or_default().to_string_lossy()
        ),
    };
    Paths::new(db.with_file_name(name))
}

const DATABASE_FILES: &[&str] = &["", "-wal", "-shm", "-journal"];

impl OpenedBackup {
    pub fn summary(&self) -> &BackupSummary {
        &self.summary
    }

    /// Puts the backup in place of `target`. Where a database is there already, `current` is
    /// its open session (an administrator's): it is closed, and its files are kept beside it
    /// under a dated name, given an audit row saying what replaced them. Without one, an
    /// existing database is refused untouched. The restored database records that it was
    /// restored, from what and by whom.
    pub fn restore(self, target: &Paths, current: Option<Session>) -> Result<RestoreDone> {
        let exists = target.db.exists() || target.keys.exists();
        if let Some(session) = &current {
            session.require_admin("replace the database with a backup")?;
        } else if exists {
            return Err(CoreError::AlreadyExists(target.db.clone()));
        }
        // Held throughout; shared with `current`, whose own hold goes when it is closed.
        let _exclusive = exclusive::hold(target)?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let kept = exists.then(|| kept(target, &stamp));
        self.stage(target, kept.as_ref())?;
        let old = current.map(close_for_replacing).transpose()?;
        write_json_atomic(&journal_path(target), &Journal { stamp })?;
        finish_interrupted(target)?;
        let warning = match (&kept, old) {
            (Some(kept), Some((key, actor))) => {
                self.record_replaced(kept, &key, &actor).err().map(|e| {
                    format!("The database replaced was kept, but not given its audit row: {e}")
                })
            }
            _ => None,
        };
        Ok(RestoreDone {
            kept_as: kept.map(|k| k.db.display().to_string()),
            warning,
        })
    }

    /// Makes the restored files whole under staged names: the database (brought to this
    /// version's schema, with its audit row and a fresh record of failed attempts), its key
    /// file and that record. Leftovers of a restore stopped before its journal go first.
    fn stage(&self, target: &Paths, kept: Option<&Paths>) -> Result<()> {
        let staged = staged(target);
        for path in DATABASE_FILES
            .iter()
            .map(|s| with_suffix(&staged.db, s))
            .chain([staged.keys.clone(), staged.attempts.clone()])
        {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        let copy = self.work.path().join("copy.db");
        let attempts = {
            let mut conn = store::open(&copy, &self.key)?;
            let tx = conn.transaction()?;
            let detail = serde_json::json!({
                "file": self.file.display().to_string(),
                "backup_made_at": self.header.made_at,
                "kept_as": kept.map(|k| k.db.display().to_string()),
            });
            audit::append(
                &tx,
                &self.actor,
                AuditAction::BackupRestored,
                "database",
                &detail.to_string(),
            )?;
            // Its data are those of the backup: the reminder counts from when it was made.
            set_last_backup(&tx, &self.header.made_at)?;
            let attempts = Attempts::start(&tx)?;
            tx.commit()?;
            conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
            attempts
        };
        fs::rename(&copy, &staged.db)?;
        write_json_atomic(&staged.keys, &self.header.keys)?;
        write_json_atomic(&staged.attempts, &attempts)?;
        Ok(())
    }

    /// The replaced database's own audit row: replaced by which backup, restored by whom.
    fn record_replaced(&self, kept: &Paths, key: &DataKey, actor: &str) -> Result<()> {
        let conn = store::open(&kept.db, key)?;
        let detail = serde_json::json!({
            "file": self.file.display().to_string(),
            "backup_made_at": self.header.made_at,
            "by": self.actor,
            "kept_as": kept.db.display().to_string(),
        });
        audit::append(
            &conn,
            actor,
            AuditAction::ReplacedByRestore,
            "database",
            &detail.to_string(),
        )?;
        conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        Ok(())
    }
}

/// Closes the database being replaced with everything in its main file (no write-ahead log
/// left at the name the restored database takes). Returns its key and who closed it.
fn close_for_replacing(session: Session) -> Result<(DataKey, String)> {
    let mode: String = session
        .conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if mode != "delete" {
        return Err(CoreError::InUse("another connection in this app".into()));
    }
    let key = session.key.clone();
    let actor = session.actor().to_owned();
    session.lock("replaced by a restore")?;
    Ok((key, actor))
}

/// Finishes a restore whose journal is there: each restored file takes its place, the one
/// it replaces (if any) moving to the kept name first. Every step can be done again, so a
/// restore stopped anywhere after its journal was written is finished by the next call,
/// made before a database is looked at or opened. Does nothing when there is no journal.
pub(crate) fn finish_interrupted(target: &Paths) -> Result<()> {
    let journal_file = journal_path(target);
    if !journal_file.exists() {
        return Ok(());
    }
    // Not while another process has the database open (it may be the restore itself), nor
    // beside another call in this one (the window asking for the status meanwhile).
    let _exclusive = exclusive::hold(target)?;
    static FINISHING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = FINISHING.lock().unwrap_or_else(|e| e.into_inner());
    if !journal_file.exists() {
        return Ok(());
    }
    let journal: Journal = match read_json(&journal_file)? {
        Some(Ok(journal)) => journal,
        None => return Ok(()),
        Some(Err(reason)) => return Err(CoreError::Damaged(journal_file, reason)),
    };
    let staged = staged(target);
    let kept = kept(target, &journal.stamp);
    for (from, to, aside, extras) in [
        (&staged.db, &target.db, &kept.db, DATABASE_FILES),
        (&staged.keys, &target.keys, &kept.keys, &[""][..]),
        (
            &staged.attempts,
            &target.attempts,
            &kept.attempts,
            &[""][..],
        ),
    ] {
        if !from.exists() {
            continue;
        }
        for extra in extras {
            let current = with_suffix(to, extra);
            if current.exists() {
                fs::rename(&current, with_suffix(aside, extra))?;
            }
        }
        fs::rename(from, to)?;
    }
    let folder = files::folder_of(&target.db);
    File::open(folder)?.sync_all()?;
    fs::remove_file(&journal_file)?;
    File::open(folder)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::session::{create, database_state, unlock, DatabaseState, FirstPerson};
    use crate::store::files::IfExists;

    const PASS: &str = "lantern orchard velvet tide";

    /// A database with one person, backed up, then changed: its folder, paths, session and
    /// the backup opened for restoring over it.
    fn backed_up_then_changed() -> (tempfile::TempDir, Paths, Session, OpenedBackup) {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("panel.db"));
        let first = FirstPerson {
            full_name: "Chiamaka Obi",
            username: "chiamaka",
            passphrase: PASS,
            passphrase_confirm: PASS,
        };
        let (mut session, _) = create(&paths, &first).unwrap();
        let file = dir.path().join("panel.cdbackup");
        session
            .back_up(&file, IfExists::Refuse, &mut |_| {})
            .unwrap();
        session.set_idle_lock_minutes(42).unwrap();
        let key = BackupKey::Person {
            username: "chiamaka",
            passphrase: PASS,
        };
        let opened = open_backup(&file, &paths, &key, &mut |_| {}).unwrap();
        (dir, paths, session, opened)
    }

    fn idle_minutes(paths: &Paths) -> u32 {
        let session = unlock(paths, "chiamaka", PASS, Utc::now()).unwrap().session;
        let minutes = session.settings().unwrap().idle_lock_minutes;
        session.lock("test").unwrap();
        minutes
    }

    #[test]
    fn a_restore_stopped_after_its_journal_is_finished_by_whatever_opens_the_database_next() {
        let (_dir, paths, session, opened) = backed_up_then_changed();
        let stamp = "20260101T000000Z";
        let kept = kept(&paths, stamp);
        // What `restore` does up to its journal, and the first of the renames after it.
        opened.stage(&paths, Some(&kept)).unwrap();
        close_for_replacing(session).unwrap();
        let journal = Journal {
            stamp: stamp.into(),
        };
        write_json_atomic(&journal_path(&paths), &journal).unwrap();
        fs::rename(&paths.db, &kept.db).unwrap();

        assert_eq!(database_state(&paths), DatabaseState::Ready);
        assert!(!journal_path(&paths).exists());
        assert_eq!(idle_minutes(&paths), 10, "the backup's data");
        assert_eq!(idle_minutes(&kept), 42, "the database replaced, kept whole");
    }

    #[test]
    fn a_restore_stopped_before_its_journal_leaves_the_database_as_it_was() {
        let (dir, paths, session, opened) = backed_up_then_changed();
        opened
            .stage(&paths, Some(&kept(&paths, "20260101T000000Z")))
            .unwrap();
        drop(opened);
        session.lock("test").unwrap();
        assert_eq!(database_state(&paths), DatabaseState::Ready);
        assert_eq!(idle_minutes(&paths), 42, "the database as it was");

        // A later restore starts afresh over the leftovers of the one stopped.
        let key = BackupKey::Person {
            username: "chiamaka",
            passphrase: PASS,
        };
        let file = dir.path().join("panel.cdbackup");
        let opened = open_backup(&file, &paths, &key, &mut |_| {}).unwrap();
        let session = unlock(&paths, "chiamaka", PASS, Utc::now())
            .unwrap()
            .session;
        opened.restore(&paths, Some(session)).unwrap();
        assert_eq!(idle_minutes(&paths), 10);
        assert!(!staged(&paths).db.exists());
    }
}
