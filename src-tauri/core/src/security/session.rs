//! Creating, unlocking and locking a database, and what an unlocked session may do.
//! A `Session` holds the open connection and the data key; dropping it (locking) closes the
//! connection and wipes the key.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::common::dates::{now_text, today};
use crate::error::{CoreError, Result};
use crate::security::attempts::{self, Attempts};
use crate::security::crypto::{random_id, DataKey};
use crate::security::head::{self, AuditCut};
use crate::security::keyfile::{commit_with_keyfile, KeyFile, KeySlot};
use crate::security::people::{self, audit_person, check_new_passphrase, NewPerson, Person, Role};
use crate::security::recovery::mark_confirmed;
use crate::security::rotation;
use crate::store::audit::AuditAction;
use crate::store::audit::{self};
use crate::store::exclusive::{self, Exclusive};
use crate::store::files::Paths;
use crate::store::restore;
use crate::store::{self, meta};

/// What the start screen should offer for a database path: to create one (`Missing`: no file
/// yet), to unlock it (`Ready`: file and key file present), or the recovery key
/// (`NeedsRecovery`: the file is there but its key file is missing or damaged).
// One comment for all variants: specta-typescript 0.0.13 writes variant docs as JSDoc that
// does not parse.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
#[serde(tag = "state", content = "message", rename_all = "snake_case")]
pub enum DatabaseState {
    Missing,
    Ready,
    NeedsRecovery(String),
}

pub fn database_state(paths: &Paths) -> DatabaseState {
    if let Err(e) = restore::finish_interrupted(paths) {
        return DatabaseState::NeedsRecovery(e.to_string());
    }
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
    /// The key the database is encrypted with: the recovery key.
    pub(crate) key: DataKey,
    /// The key every slot holds; `None` when opened with the recovery key alone, which
    /// cannot make slots.
    pub(super) access: Option<DataKey>,
    pub(crate) paths: Paths,
    pub(crate) person: Person,
    /// The day steps without a date of their own are recorded on: today, except while the
    /// demo data writes a case's history.
    pub(crate) history_day: Option<NaiveDate>,
    /// No other process opens the file while this session has it open; released after the
    /// connection closes (fields drop in order).
    _exclusive: Exclusive,
}

impl FirstPerson<'_> {
    fn check(&self) -> Result<()> {
        people::check_full_name(self.full_name)?;
        people::check_username(self.username)?;
        check_new_passphrase(self.username, self.passphrase, self.passphrase_confirm)
    }
}

/// A successful unlock, when the last failed attempt before it happened, and whether the
/// database's recovery key was ever confirmed (typed back by someone holding it).
pub struct Unlocked {
    pub session: Session,
    /// The audit trail no longer reaches the head this key file last recorded.
    pub audit_cut: Option<AuditCut>,
    pub last_failed_attempt: Option<DateTime<Utc>>,
    pub recovery_key_confirmed: bool,
    /// The record of failed attempts was missing, unreadable or not the one the last unlock
    /// wrote: failures since then may be unknown (audited too).
    pub attempts_record_lost: bool,
}

/// The database opened with its recovery key: the only thing to do is set up an administrator.
pub struct RecoveryAccess {
    conn: Connection,
    key: DataKey,
    paths: Paths,
    /// The administrator set up in this recovery, once there is one, and the key their slot
    /// holds.
    administrator: Option<(Person, DataKey)>,
    exclusive: Exclusive,
}

pub(crate) const RECOVERY_ACTOR: &str = "(recovery key)";

/// Creates the database, its key file and the first administrator. Returns the session and
/// the recovery key, which is shown once, never stored, and unconfirmed until typed back.
pub fn create(paths: &Paths, first: &FirstPerson) -> Result<(Session, Zeroizing<String>)> {
    first.check()?;
    if paths.keys.exists() {
        return Err(CoreError::AlreadyExists(paths.keys.clone()));
    }
    if let Some(dir) = paths.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let exclusive = exclusive::hold(paths)?;
    let key = DataKey::generate();
    let access = DataKey::generate();
    let database_id = random_id();
    let mut keyfile = KeyFile::new(database_id.clone(), &key, &access)?;
    keyfile.set_slot(&access, first.username, first.passphrase)?;
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
        audit::append(
            &tx,
            &person.username,
            AuditAction::DatabaseCreated,
            "database",
            "{}",
        )?;
        audit_person(&tx, &person.username, AuditAction::PersonAdded, &person)?;
        // So that the first unlock finds the record it expects. Written before the commit:
        // should the commit fail, the next create writes it again.
        Attempts::start(&tx)?.save(paths)?;
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
                    access: Some(access),
                    paths: paths.clone(),
                    person,
                    history_day: None,
                    _exclusive: exclusive,
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
    restore::finish_interrupted(paths)?;
    if !paths.db.exists() {
        return Err(CoreError::NoDatabase(paths.db.clone()));
    }
    let mut keyfile = KeyFile::load(paths)?;
    // Before the attempts' record is opened: a read-only folder is named, whatever the
    // passphrase.
    exclusive::writable(paths)?;
    // Held to the end: from reading the record, through the key derivation, to writing it.
    let _turn = attempts::take_turn(paths)?;
    // Waiting for the turn took time, in which others may have failed.
    let now = now.max(Utc::now());
    let attempts = Attempts::load(paths)?;
    attempts.refuse_early(now)?;
    let fail = |mut attempts: Attempts, keyfile: &KeyFile| -> Result<Unlocked> {
        // The wait counts from when the attempt failed, after the key derivation.
        attempts.record_failure(keyfile, username, now.max(Utc::now()));
        attempts.save(paths)?;
        Err(CoreError::NotRecognised)
    };
    let Some(keys) = keyfile.open(username, passphrase)? else {
        return fail(attempts, &keyfile);
    };
    // Taken once the passphrase is known good: failed attempts made at once from several
    // processes are still each counted (under the attempts' own turn).
    let exclusive = exclusive::hold(paths)?;
    let (mut conn, opened_with) = open_current(paths, keys.data.clone(), keys.previous.clone())
        .map_err(|e| match e {
            // The key file's own key does not open the file beside it.
            CoreError::NotChannelDesk(_, store::WRONG_KEY) => CoreError::KeyFileDamaged(
                paths.keys.clone(),
                "it does not open this database: it is another database's, or a copy from \
                 before the database's key was changed"
                    .into(),
            ),
            other => other,
        })?;
    if meta(&conn, "database_id")? != keyfile.database_id {
        return Err(CoreError::KeyFileDamaged(
            paths.keys.clone(),
            "it belongs to another database".into(),
        ));
    }
    let Some(person) = people::find_active(&conn, username)? else {
        return fail(attempts, &keyfile);
    };
    let key = rotation::finish_interrupted(
        paths,
        &conn,
        &mut keyfile,
        &keys,
        opened_with,
        &person.username,
    )?;
    let audit_cut = head::check(&conn, &keyfile, &key)?;
    let tx = conn.transaction()?;
    if let Some(cut) = &audit_cut {
        head::record_cut(&tx, &person.username, cut)?;
    }
    let attempts_record_lost = attempts.audit(&tx, &person.username)?;
    audit::append(&tx, &person.username, AuditAction::Unlock, "session", "{}")?;
    let fresh = Attempts::start(&tx)?;
    // A slot of an older format or a cheaper strength is sealed again while its passphrase
    // is at hand.
    let reseal = keyfile.slot(username).is_some_and(KeySlot::needs_resealing);
    if reseal {
        let mut stronger = keyfile.clone();
        stronger.set_slot(&keys.access, username, passphrase)?;
        audit::append(
            &tx,
            &person.username,
            AuditAction::KeySlotStrengthened,
            "session",
            "{}",
        )?;
        commit_with_keyfile(tx, paths, Some(&keyfile), &stronger)?;
    } else {
        tx.commit()?;
    }
    // Saved after the commit: were it lost between the two, the next unlock would audit these
    // failures twice and report the record replaced, rather than lose them.
    fresh.save(paths)?;
    let session = Session {
        conn,
        key,
        access: Some(keys.access),
        paths: paths.clone(),
        person,
        history_day: None,
        _exclusive: exclusive,
    };
    if audit_cut.is_some() {
        head::forget_cut_heads(paths)?;
    }
    session.record_audit_head()?;
    Ok(Unlocked {
        recovery_key_confirmed: session.recovery_key_confirmed()?,
        audit_cut,
        session,
        last_failed_attempt: attempts.last_failure(),
        attempts_record_lost,
    })
}

/// Opens the database with its data key or, when replacing the recovery key stopped before
/// the database was encrypted with the new one, with the key before it.
fn open_current(
    paths: &Paths,
    data: DataKey,
    previous: Option<DataKey>,
) -> Result<(Connection, DataKey)> {
    match (store::open(&paths.db, &data), previous) {
        (Err(CoreError::NotChannelDesk(_, store::WRONG_KEY)), Some(previous)) => {
            Ok((store::open(&paths.db, &previous)?, previous))
        }
        (opened, _) => Ok((opened?, data)),
    }
}

/// Opens the database with its recovery key, for when the key file is lost or damaged or
/// no administrator can unlock. Nothing is written unless the key fits.
pub fn unlock_with_recovery_key(paths: &Paths, recovery_key: &str) -> Result<RecoveryAccess> {
    let key = DataKey::from_recovery_key(recovery_key)?;
    restore::finish_interrupted(paths)?;
    let exclusive = exclusive::hold(paths)?;
    let mut conn = store::open(&paths.db, &key).map_err(|e| match e {
        CoreError::NotChannelDesk(_, store::WRONG_KEY) => CoreError::RecoveryKeyNotRecognised,
        other => other,
    })?;
    let tx = conn.transaction()?;
    audit::append(
        &tx,
        RECOVERY_ACTOR,
        AuditAction::UnlockRecoveryKey,
        "session",
        "{}",
    )?;
    tx.commit()?;
    Ok(RecoveryAccess {
        conn,
        key,
        paths: paths.clone(),
        administrator: None,
        exclusive,
    })
}

impl RecoveryAccess {
    /// Adds a new administrator with a key slot. A damaged key file, or one of another
    /// database, is set aside (renamed, never overwritten) and a new one started. The
    /// recovery key does not open the access key the other slots hold: a new one is sealed
    /// to each slot with a key pair of its own; anyone whose slot has none needs a new
    /// passphrase from the administrator. On bad input nothing changes and the recovery
    /// access stays open.
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
        let (mut keyfile, access) = match old.clone() {
            Some(file) if file.slots_hold_data_key() => (file, self.key.clone()),
            // The recovery key does not open the access key, but a new one can be sealed to
            // everyone whose slot has a key pair of its own: they keep their passphrases.
            Some(mut file) => {
                let access = DataKey::generate();
                file.reseal_access(&access)?;
                file.set_data_key(&self.key, None, &access)?;
                (file, access)
            }
            None => {
                let access = DataKey::generate();
                (KeyFile::new(database_id, &self.key, &access)?, access)
            }
        };
        keyfile.set_slot(&access, first.username, first.passphrase)?;
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
        audit_person(&tx, RECOVERY_ACTOR, AuditAction::PersonAdded, &person)?;
        // The key was typed from the council's copy and opened the file: it is confirmed.
        mark_confirmed(&tx, &self.key, RECOVERY_ACTOR)?;
        commit_with_keyfile(tx, &self.paths, old.as_ref(), &keyfile)?;
        self.administrator = Some((person.clone(), access));
        Ok(person)
    }

    pub fn lock(self) -> Result<()> {
        audit::append(
            &self.conn,
            RECOVERY_ACTOR,
            AuditAction::Lock,
            "session",
            "{}",
        )
    }

    /// A session as the administrator just set up or, for the headless command, as the
    /// holder of the recovery key (who can read everything anyway), audited as "(recovery key)".
    pub fn into_session(self) -> Session {
        let (person, access) = self.administrator.map_or_else(
            || (recovery_key_holder(), None),
            |(person, access)| (person, Some(access)),
        );
        Session {
            conn: self.conn,
            key: self.key,
            access,
            paths: self.paths,
            person,
            history_day: None,
            _exclusive: self.exclusive,
        }
    }
}

fn recovery_key_holder() -> Person {
    Person {
        id: 0,
        full_name: "Recovery key holder".into(),
        username: RECOVERY_ACTOR.into(),
        role: Role::Administrator,
        role_label: Role::Administrator.label(),
        may: Role::Administrator.permissions(),
        must_change_passphrase: false,
        created_at: now_text(),
    }
}

impl Session {
    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Refuses everything but a passphrase change while a temporary passphrase is in use.
    pub(crate) fn ready(&self) -> Result<()> {
        if self.person.must_change_passphrase {
            return Err(CoreError::PassphraseChangeRequired);
        }
        Ok(())
    }

    /// Recording casework: the chair, the secretariat and administrators.
    pub(crate) fn require_casework(&self) -> Result<()> {
        self.ready()?;
        if !self.person.may.record_casework {
            return Err(CoreError::Forbidden("record casework"));
        }
        Ok(())
    }

    pub(crate) fn require_case_view(&self) -> Result<()> {
        self.ready()?;
        if !self.person.may.read_cases {
            return Err(CoreError::Forbidden("read case records"));
        }
        Ok(())
    }

    pub(crate) fn require_plan_read(&self) -> Result<()> {
        self.ready()?;
        if !self.person.may.read_plan {
            return Err(CoreError::Forbidden("read the delivery plan"));
        }
        Ok(())
    }

    pub(crate) fn require_plan_edit(&self) -> Result<()> {
        self.ready()?;
        if !self.person.may.edit_plan {
            return Err(CoreError::Forbidden("change the delivery plan"));
        }
        Ok(())
    }

    pub(crate) fn require_statistics(&self) -> Result<()> {
        self.ready()?;
        if !self.person.may.read_statistics {
            return Err(CoreError::Forbidden("read the statistics"));
        }
        Ok(())
    }

    pub(crate) fn require_admin(&self, what: &'static str) -> Result<()> {
        self.ready()?;
        if !self.person.may.administer {
            return Err(CoreError::Forbidden(what));
        }
        Ok(())
    }

    pub(crate) fn actor(&self) -> &str {
        &self.person.username
    }

    /// The key every slot holds, to give someone access with.
    pub(crate) fn access_key(&self) -> Result<&DataKey> {
        self.access.as_ref().ok_or(CoreError::Forbidden(
            "give people access with the recovery key alone: set up an administrator",
        ))
    }

    /// The day a step without a date of its own (such as sending a case to the panel) is
    /// recorded on.
    pub(crate) fn day(&self) -> NaiveDate {
        self.history_day.unwrap_or_else(today)
    }

    /// Locks: records it, then closes the connection and wipes the key.
    pub fn lock(self, reason: &str) -> Result<()> {
        let detail = serde_json::json!({ "reason": reason }).to_string();
        audit::append(
            &self.conn,
            self.actor(),
            AuditAction::Lock,
            "session",
            &detail,
        )?;
        self.record_audit_head()?;
        // Keeps the query planner's statistics fresh, as SQLite advises before closing.
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }
}
