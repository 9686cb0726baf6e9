//! Creating, unlocking and locking a database, and what an unlocked session may do.
//! A `Session` holds the open connection and the data key; dropping it (locking) closes the
//! connection and wipes the key.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::attempts::Attempts;
use crate::audit::{self, AuditEntry};
use crate::crypto::{random_id, DataKey};
use crate::error::{CoreError, Result};
use crate::files::Paths;
use crate::keyfile::KeyFile;
use crate::migrations::SCHEMA_VERSION;
use crate::people::{self, check_new_passphrase, NewPerson, Person, Role};
use crate::store;

/// What the start screen should offer for a database path.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "state", content = "message", rename_all = "snake_case")]
pub enum DatabaseState {
    /// No file yet: offer to create one.
    Missing,
    /// File and key file present: offer to unlock.
    Ready,
    /// The file is there but its key file is missing or damaged: offer the recovery key.
    NeedsRecovery(String),
}

pub fn database_state(paths: &Paths) -> DatabaseState {
    if !paths.db.exists() {
        return DatabaseState::Missing;
    }
    match KeyFile::load(paths) {
        Ok(_) => DatabaseState::Ready,
        Err(e) => DatabaseState::NeedsRecovery(e.to_string()),
    }
}

/// The first administrator's details for a new database.
pub struct FirstPerson<'a> {
    pub full_name: &'a str,
    pub username: &'a str,
    pub passphrase: &'a str,
    pub passphrase_confirm: &'a str,
}

pub struct Session {
    pub(crate) conn: Connection,
    key: DataKey,
    paths: Paths,
    pub(crate) person: Person,
}

impl FirstPerson<'_> {
    fn check(&self) -> Result<()> {
        people::check_full_name(self.full_name)?;
        people::check_username(self.username)?;
        check_new_passphrase(self.username, self.passphrase, self.passphrase_confirm)
    }
}

/// A successful unlock, and when the last failed attempt before it happened.
pub struct Unlocked {
    pub session: Session,
    pub last_failed_attempt: Option<DateTime<Utc>>,
}

/// The database opened with its recovery key: the only thing to do is set up an administrator.
pub struct RecoveryAccess {
    conn: Connection,
    key: DataKey,
    paths: Paths,
    /// The administrator set up in this recovery, once there is one.
    administrator: Option<Person>,
}

const RECOVERY_ACTOR: &str = "(recovery key)";

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn meta(conn: &Connection, key: &str) -> Result<String> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))?)
}

/// Saves the key file, then commits; if the commit fails the old key file is put back, so
/// the database and its key file never disagree.
fn commit_with_keyfile(
    tx: Transaction,
    paths: &Paths,
    old: Option<&KeyFile>,
    new: &KeyFile,
) -> Result<()> {
    new.save(paths)?;
    if let Err(e) = tx.commit() {
        match old {
            Some(old) => old.save(paths)?,
            None => std::fs::remove_file(&paths.keys)?,
        }
        return Err(e.into());
    }
    Ok(())
}

/// Creates the database, its key file and the first administrator. Returns the session and
/// the recovery key, which is shown once and never stored.
pub fn create(paths: &Paths, first: &FirstPerson) -> Result<(Session, Zeroizing<String>)> {
    first.check()?;
    if paths.keys.exists() {
        return Err(CoreError::AlreadyExists(paths.keys.clone()));
    }
    let key = DataKey::generate();
    let database_id = random_id();
    let mut keyfile = KeyFile::new(database_id.clone());
    keyfile.set_slot(&key, first.username, first.passphrase)?;
    let result = (|| {
        let mut conn = store::create(&paths.db, &key)?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('database_id', ?1), ('created_at', ?2)",
            params![database_id, now_text()],
        )?;
        let person = people::insert(
            &tx,
            &NewPerson {
                full_name: first.full_name,
                username: first.username,
                role: Role::Administrator,
                must_change_passphrase: false,
            },
        )?;
        audit::append(&tx, &person.username, "database.created", "database", "{}")?;
        audit_person(&tx, &person.username, "person.added", &person)?;
        commit_with_keyfile(tx, paths, None, &keyfile)?;
        Ok((conn, person))
    })();
    match result {
        Ok((conn, person)) => {
            let recovery = key.recovery_key();
            Ok((
                Session {
                    conn,
                    key,
                    paths: paths.clone(),
                    person,
                },
                recovery,
            ))
        }
        Err(e) => {
            // Nothing half-made stays behind: the file did not exist before this call.
            if !matches!(e, CoreError::AlreadyExists(_)) {
                remove_database_files(paths);
            }
            Err(e)
        }
    }
}

fn remove_database_files(paths: &Paths) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = paths.db.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

fn audit_person(tx: &Connection, actor: &str, action: &str, person: &Person) -> Result<()> {
    let detail =
        serde_json::json!({ "username": person.username, "role": person.role }).to_string();
    audit::append(tx, actor, action, &format!("person:{}", person.id), &detail)
}

/// Unlocks with a username and passphrase. Failures are recorded in the attempts file (the
/// database cannot be written without the key) and cost a growing wait after five in a row.
pub fn unlock(
    paths: &Paths,
    username: &str,
    passphrase: &str,
    now: DateTime<Utc>,
) -> Result<Unlocked> {
    // A blank form is a slip, not a guess: it is not counted as a failed attempt.
    if username.is_empty() {
        return Err(CoreError::invalid("username", "Enter your username"));
    }
    if passphrase.is_empty() {
        return Err(CoreError::invalid("passphrase", "Enter your passphrase"));
    }
    if !paths.db.exists() {
        return Err(CoreError::NoDatabase(paths.db.clone()));
    }
    let keyfile = KeyFile::load(paths)?;
    let attempts = Attempts::load(paths)?;
    if let Some(wait) = attempts.wait_at(now) {
        let seconds = (wait.num_milliseconds() as u64).div_ceil(1000);
        return Err(CoreError::Backoff { seconds });
    }
    let fail = |mut attempts: Attempts| -> Result<Unlocked> {
        // The wait counts from when the attempt failed, after the key derivation.
        attempts.record_failure(username, now.max(Utc::now()));
        attempts.save(paths)?;
        Err(CoreError::NotRecognised)
    };
    let Some(key) = keyfile.open(username, passphrase)? else {
        return fail(attempts);
    };
    let mut conn = store::open(&paths.db, &key)?;
    if meta(&conn, "database_id")? != keyfile.database_id {
        return Err(CoreError::KeyFileDamaged(
            paths.keys.clone(),
            "it belongs to another database".into(),
        ));
    }
    let Some(person) = people::find_active(&conn, username)? else {
        return fail(attempts);
    };
    let tx = conn.transaction()?;
    for failed in &attempts.failures {
        let detail = serde_json::json!({
            "attempted_at": failed.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "username_tried": failed.username,
        });
        audit::append(
            &tx,
            &failed.username,
            "unlock.failed",
            "session",
            &detail.to_string(),
        )?;
    }
    audit::append(&tx, &person.username, "unlock", "session", "{}")?;
    tx.commit()?;
    Attempts::default().save(paths)?;
    Ok(Unlocked {
        session: Session {
            conn,
            key,
            paths: paths.clone(),
            person,
        },
        last_failed_attempt: attempts.last_failure(),
    })
}

/// Opens the database with its recovery key, for when the key file is lost or damaged or
/// no administrator can unlock. Nothing is written unless the key fits.
pub fn unlock_with_recovery_key(paths: &Paths, recovery_key: &str) -> Result<RecoveryAccess> {
    let key = DataKey::from_recovery_key(recovery_key)?;
    let mut conn = store::open(&paths.db, &key).map_err(|e| match e {
        CoreError::NotChannelDesk(_, store::WRONG_KEY) => CoreError::RecoveryKeyNotRecognised,
        other => other,
    })?;
    let tx = conn.transaction()?;
    audit::append(&tx, RECOVERY_ACTOR, "unlock.recovery_key", "session", "{}")?;
    tx.commit()?;
    Ok(RecoveryAccess {
        conn,
        key,
        paths: paths.clone(),
        administrator: None,
    })
}

impl RecoveryAccess {
    /// Adds a new administrator with a key slot. A damaged key file, or one of another
    /// database, is set aside (renamed, never overwritten) and a new one started.
    /// On bad input nothing changes and the recovery access stays open to try again.
    pub fn set_up_administrator(&mut self, first: &FirstPerson) -> Result<Person> {
        first.check()?;
        let database_id = meta(&self.conn, "database_id")?;
        let old = match KeyFile::load(&self.paths) {
            Ok(file) if file.database_id == database_id => Some(file),
            Err(CoreError::KeyFileMissing(_)) => None,
            _ => {
                let aside = self.paths.keys.with_extension(format!(
                    "keys.set-aside-{}",
                    Utc::now().format("%Y%m%dT%H%M%S")
                ));
                std::fs::rename(&self.paths.keys, aside)?;
                None
            }
        };
        let mut keyfile = old.clone().unwrap_or_else(|| KeyFile::new(database_id));
        keyfile.set_slot(&self.key, first.username, first.passphrase)?;
        let tx = self.conn.transaction()?;
        let person = people::insert(
            &tx,
            &NewPerson {
                full_name: first.full_name,
                username: first.username,
                role: Role::Administrator,
                must_change_passphrase: false,
            },
        )?;
        audit_person(&tx, RECOVERY_ACTOR, "person.added", &person)?;
        commit_with_keyfile(tx, &self.paths, old.as_ref(), &keyfile)?;
        self.administrator = Some(person.clone());
        Ok(person)
    }

    pub fn lock(self) -> Result<()> {
        audit::append(&self.conn, RECOVERY_ACTOR, "lock", "session", "{}")
    }

    /// A session as the administrator just set up or, for the headless command, as the
    /// holder of the recovery key (who can read everything anyway), audited as "(recovery key)".
    pub fn into_session(self) -> Session {
        let person = self.administrator.clone().unwrap_or_else(|| Person {
            id: 0,
            full_name: "Recovery key holder".into(),
            username: RECOVERY_ACTOR.into(),
            role: Role::Administrator,
            role_label: Role::Administrator.label(),
            must_change_passphrase: false,
            created_at: now_text(),
        });
        Session {
            conn: self.conn,
            key: self.key,
            paths: self.paths,
            person,
        }
    }
}

/// What `info` reports about a database.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseInfo {
    pub schema_version: i64,
    pub database_id: String,
    pub created_at: String,
    pub people: Vec<Person>,
    pub cases: i64,
    pub audit_rows: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Settings {
    pub idle_lock_minutes: u32,
    pub retention_years: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verification {
    pub integrity: String,
    pub cipher_integrity: Vec<String>,
    pub audit_rows: u64,
}

impl Session {
    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Refuses everything but a passphrase change while a temporary passphrase is in use.
    fn ready(&self) -> Result<()> {
        if self.person.must_change_passphrase {
            return Err(CoreError::PassphraseChangeRequired);
        }
        Ok(())
    }

    /// Recording casework: the chair, the secretariat and administrators.
    pub(crate) fn require_casework(&self) -> Result<()> {
        self.ready()?;
        match self.person.role {
            Role::Chair | Role::Secretariat | Role::Administrator => Ok(()),
            _ => Err(CoreError::Forbidden("record casework")),
        }
    }

    /// Reading case records: also panel members (read only); not the steering group lead,
    /// who works with the plan and anonymised figures.
    pub(crate) fn require_case_view(&self) -> Result<()> {
        self.ready()?;
        match self.person.role {
            Role::SteeringLead => Err(CoreError::Forbidden("read case records")),
            _ => Ok(()),
        }
    }

    pub(crate) fn require_admin(&self, what: &'static str) -> Result<()> {
        self.ready()?;
        if self.person.role != Role::Administrator {
            return Err(CoreError::Forbidden(what));
        }
        Ok(())
    }

    pub(crate) fn actor(&self) -> &str {
        &self.person.username
    }

    /// Locks: records it, then closes the connection and wipes the key.
    pub fn lock(self, reason: &str) -> Result<()> {
        let detail = serde_json::json!({ "reason": reason }).to_string();
        audit::append(&self.conn, self.actor(), "lock", "session", &detail)?;
        // Keeps the query planner's statistics fresh, as SQLite advises before closing.
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    pub fn change_passphrase(&mut self, current: &str, new: &str, confirm: &str) -> Result<()> {
        let username = self.person.username.clone();
        let old = KeyFile::load(&self.paths)?;
        if current.is_empty() {
            return Err(CoreError::invalid(
                "current_passphrase",
                "Enter your current passphrase",
            ));
        }
        if old.open(&username, current)?.is_none() {
            return Err(CoreError::invalid(
                "current_passphrase",
                "Your current passphrase is not right",
            ));
        }
        check_new_passphrase(&username, new, confirm)?;
        if new == current {
            return Err(CoreError::invalid(
                "passphrase",
                "Choose a passphrase different from the current one",
            ));
        }
        let mut keyfile = old.clone();
        keyfile.set_slot(&self.key, &username, new)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE people SET must_change_passphrase = 0 WHERE id = ?1",
            [self.person.id],
        )?;
        audit::append(
            &tx,
            &username,
            "passphrase.changed",
            &format!("person:{}", self.person.id),
            "{}",
        )?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)?;
        self.person.must_change_passphrase = false;
        Ok(())
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        self.require_admin("see the people with access")?;
        people::list_active(&self.conn)
    }

    /// Adds a person with a temporary passphrase they must change at first unlock.
    pub fn add_person(
        &mut self,
        full_name: &str,
        username: &str,
        role: Role,
        temporary: &str,
        confirm: &str,
    ) -> Result<Person> {
        self.require_admin("add people")?;
        people::check_full_name(full_name)?;
        people::check_username(username)?;
        check_new_passphrase(username, temporary, confirm)?;
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        keyfile.set_slot(&self.key, username, temporary)?;
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        let person = people::insert(
            &tx,
            &NewPerson {
                full_name,
                username,
                role,
                must_change_passphrase: true,
            },
        )?;
        audit_person(&tx, &actor, "person.added", &person)?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)?;
        Ok(person)
    }

    /// Removes a person's access: their key slot goes; their row stays for the audit trail.
    pub fn remove_person(&mut self, id: i64) -> Result<()> {
        self.require_admin("remove people")?;
        let person = people::get_active(&self.conn, id)?;
        if person.id == self.person.id {
            return Err(CoreError::invalid("person", "You cannot remove yourself"));
        }
        let admins = people::list_active(&self.conn)?
            .iter()
            .filter(|p| p.role == Role::Administrator)
            .count();
        if person.role == Role::Administrator && admins <= 1 {
            return Err(CoreError::invalid(
                "person",
                "The last administrator cannot be removed",
            ));
        }
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        keyfile.remove_slot(&person.username);
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE people SET removed_at = ?1 WHERE id = ?2",
            params![now_text(), id],
        )?;
        audit_person(&tx, &actor, "person.removed", &person)?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)
    }

    /// Gives a person a new temporary passphrase (a new key slot) to change at next unlock.
    pub fn reset_passphrase(&mut self, id: i64, temporary: &str, confirm: &str) -> Result<()> {
        self.require_admin("reset passphrases")?;
        let person = people::get_active(&self.conn, id)?;
        check_new_passphrase(&person.username, temporary, confirm)?;
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        keyfile.set_slot(&self.key, &person.username, temporary)?;
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE people SET must_change_passphrase = 1 WHERE id = ?1",
            [id],
        )?;
        audit_person(&tx, &actor, "person.passphrase_reset", &person)?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)
    }

    pub fn settings(&self) -> Result<Settings> {
        let get = |key: &str| -> Result<u32> {
            let text: String =
                self.conn
                    .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })?;
            text.parse()
                .map_err(|_| CoreError::Damaged(self.paths.db.clone(), format!("setting {key}")))
        };
        Ok(Settings {
            idle_lock_minutes: get("idle_lock_minutes")?,
            retention_years: get("retention_years")?,
        })
    }

    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        self.require_admin("change settings")?;
        if !(1..=60).contains(&minutes) {
            return Err(CoreError::invalid(
                "idle_lock_minutes",
                "Idle lock must be a whole number of minutes from 1 to 60",
            ));
        }
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE settings SET value = ?1 WHERE key = 'idle_lock_minutes'",
            [minutes.to_string()],
        )?;
        let detail = serde_json::json!({ "idle_lock_minutes": minutes }).to_string();
        audit::append(&tx, &actor, "settings.changed", "settings", &detail)?;
        tx.commit()?;
        Ok(())
    }

    pub fn audit_entries(&self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        self.require_admin("read the audit trail")?;
        audit::list(&self.conn, limit.min(500), offset)
    }

    pub fn info(&self) -> Result<DatabaseInfo> {
        self.require_admin("read database information")?;
        Ok(DatabaseInfo {
            schema_version: store::user_version(&self.conn)?,
            database_id: meta(&self.conn, "database_id")?,
            created_at: meta(&self.conn, "created_at")?,
            people: people::list_active(&self.conn)?,
            cases: self
                .conn
                .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?,
            audit_rows: self
                .conn
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?,
        })
    }

    /// SQLite's integrity check, SQLCipher's page authentication check and the audit chain.
    /// The first failure is the error.
    pub fn verify(&self) -> Result<Verification> {
        self.require_admin("verify the database")?;
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            return Err(CoreError::Damaged(self.paths.db.clone(), integrity));
        }
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let cipher_integrity: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(first) = cipher_integrity.first() {
            return Err(CoreError::Damaged(self.paths.db.clone(), first.clone()));
        }
        let audit_rows = audit::verify(&self.conn)?;
        Ok(Verification {
            integrity,
            cipher_integrity,
            audit_rows,
        })
    }
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    SCHEMA_VERSION
}
