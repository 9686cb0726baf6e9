//! Rotating the data key: the database encrypted again under a fresh random key (the new
//! recovery key), under a fresh access key sealed to everyone who keeps access. Someone who
//! leaves, or anyone who saw the old recovery key, then holds nothing that opens the file,
//! even with an old copy of the key file. It runs when a person is removed, and whenever an
//! administrator asks.
//!
//! The order makes an interruption harmless: the key file (new keys, the old data key kept
//! beside them) is written with the audited change in one step; then the database is
//! encrypted again; then the old key is dropped from the key file. Stopped anywhere, the file
//! opens with one of the two keys, and the next unlock finishes the rotation.

use rusqlite::{params, Connection};
use zeroize::Zeroizing;

use crate::common::dates::now_text;
use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::keyfile::{commit_with_keyfile, KeyFile, Keys};
use crate::security::people::{self, audit_person, Person};
use crate::security::session::Session;
use crate::store::files::Paths;
use crate::store::{self, audit, audit::AuditAction};

/// A rotated data key: the new recovery key, to show once and have typed back.
pub struct Rotated {
    pub recovery_key: Zeroizing<String>,
    /// People whose slots could not be given the new access key (slots from before each
    /// person had a key pair, not opened since): an administrator gives each a new
    /// temporary passphrase.
    pub without_access: Vec<Person>,
}

impl Session {
    /// An administrator rotates the data key, for example when the recovery key may have
    /// been seen. Their passphrase again first.
    pub fn rotate_data_key(&mut self, passphrase: &str) -> Result<Rotated> {
        self.require_admin("rotate the data key")?;
        if passphrase.is_empty() {
            return Err(CoreError::invalid("passphrase", "Enter your passphrase"));
        }
        let keyfile = KeyFile::load(&self.paths)?;
        if keyfile.open(&self.person.username, passphrase)?.is_none() {
            return Err(CoreError::invalid(
                "passphrase",
                "Your passphrase is not right",
            ));
        }
        // The administrator's own slot has a key pair to seal to: unlocking gave it one.
        self.rotate(None)
    }

    /// Removes `leaving` (if any) and rotates the data key, in one audited step.
    pub(crate) fn rotate(&mut self, leaving: Option<&Person>) -> Result<Rotated> {
        self.access_key()?;
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        if let Some(person) = leaving {
            keyfile.remove_slot(&person.username);
        }
        let access = DataKey::generate();
        let gone = keyfile.reseal_access(&access)?;
        let mut without_access = Vec::new();
        for username in &gone {
            without_access.extend(people::find_active(&self.conn, username)?);
        }
        let new_key = DataKey::generate();
        keyfile.set_data_key(&new_key, Some(&self.key), &access)?;
        keyfile.resign_heads(&self.key, &new_key);
        let actor = self.actor().to_owned();
        let detail = serde_json::json!({
            "reason": if leaving.is_some() { "person_removed" } else { "requested" },
            "people_without_access": gone,
        });
        let tx = self.conn.transaction()?;
        if let Some(person) = leaving {
            tx.execute(
                "UPDATE people SET removed_at = ?1 WHERE id = ?2",
                params![now_text(), person.id],
            )?;
            audit_person(&tx, &actor, AuditAction::PersonRemoved, person)?;
        }
        audit::append(
            &tx,
            &actor,
            AuditAction::DataKeyRotated,
            "database",
            &detail.to_string(),
        )?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)?;
        self.access = Some(access.clone());
        // Recorded: if this stops now, the next unlock encrypts the file again.
        store::rekey(&self.conn, &new_key)?;
        self.key = new_key;
        keyfile.set_data_key(&self.key, None, &access)?;
        keyfile.save(&self.paths)?;
        Ok(Rotated {
            recovery_key: self.key.recovery_key(),
            without_access,
        })
    }
}

/// At unlock, a rotation that was stopped before it ended: the database is encrypted with
/// the new key if it is not yet, and the old key leaves the key file. Returns the key the
/// database is now encrypted with.
pub(crate) fn finish_interrupted(
    paths: &Paths,
    conn: &Connection,
    keyfile: &mut KeyFile,
    keys: &Keys,
    opened_with: DataKey,
    username: &str,
) -> Result<DataKey> {
    let Some(previous) = &keys.previous else {
        return Ok(opened_with);
    };
    if opened_with != keys.data {
        store::rekey(conn, &keys.data)?;
    }
    keyfile.set_data_key(&keys.data, None, &keys.access)?;
    keyfile.resign_heads(previous, &keys.data);
    keyfile.save(paths)?;
    audit::append(
        conn,
        username,
        AuditAction::DataKeyRotationFinished,
        "database",
        "{}",
    )?;
    Ok(keys.data.clone())
}
