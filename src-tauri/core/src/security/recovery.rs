//! The recovery key after it is first shown: whether anyone has typed it back (confirmed
//! it), and an administrator confirming it or replacing it with a new one.
//!
//! The confirmation is kept inside the encrypted database as a hash of the key it confirms:
//! nobody can write it without the key, and replacing the key ends it. Both are audited.

use rusqlite::{Connection, OptionalExtension};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::keyfile::KeyFile;
use crate::security::people::{self, Person};
use crate::security::session::Session;
use crate::store::{self, audit, audit::AuditAction};

const CONFIRMED: &str = "recovery_key_confirmed";

/// Records, audited, that `key` was typed back by `actor`.
pub(crate) fn mark_confirmed(conn: &Connection, key: &DataKey, actor: &str) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [CONFIRMED, &key.confirmation_mark()],
    )?;
    audit::append(
        conn,
        actor,
        AuditAction::RecoveryKeyConfirmed,
        "database",
        "{}",
    )
}

/// A new recovery key, to show once and have typed back.
pub struct IssuedRecoveryKey {
    pub recovery_key: Zeroizing<String>,
    /// People whose passphrase no longer opens the file: their slots, in a key file from
    /// before the access key, held the data key that was replaced. An administrator gives
    /// each a new temporary passphrase.
    pub without_access: Vec<Person>,
}

impl Session {
    /// Whether the recovery key the database is encrypted with has been typed back.
    pub fn recovery_key_confirmed(&self) -> Result<bool> {
        let mark: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [CONFIRMED], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(mark.is_some_and(|m| m == self.key.confirmation_mark()))
    }

    /// An administrator types the recovery key back from the council's copy: it is checked
    /// against the key the database is encrypted with.
    pub fn confirm_recovery_key(&mut self, typed: &str) -> Result<()> {
        self.require_admin("confirm the recovery key")?;
        if DataKey::from_recovery_key(typed)? != self.key {
            return Err(CoreError::invalid(
                "recovery_key",
                "That is not this database's recovery key: check each group against the copy",
            ));
        }
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        mark_confirmed(&tx, &self.key, &actor)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the recovery key: the database is encrypted again under a fresh random key,
    /// which is the new recovery key, and the old one opens nothing from then on. The
    /// administrator gives their passphrase again for it. The new key is unconfirmed until
    /// typed back.
    pub fn issue_recovery_key(&mut self, passphrase: &str) -> Result<IssuedRecoveryKey> {
        self.require_admin("issue a new recovery key")?;
        if passphrase.is_empty() {
            return Err(CoreError::invalid("passphrase", "Enter your passphrase"));
        }
        let username = self.person.username.clone();
        let old = KeyFile::load(&self.paths)?;
        if old.open(&username, passphrase)?.is_none() {
            return Err(CoreError::invalid(
                "passphrase",
                "Your passphrase is not right",
            ));
        }
        let mut keyfile = old.clone();
        let mut without_access = Vec::new();
        // Slots from before the access key hold the data key itself, which is being
        // replaced: the administrator's is sealed again under a new access key; the others
        // would open nothing, so they go.
        let access = if old.slots_hold_data_key() {
            let access = DataKey::generate();
            for slot in old.slots.iter().filter(|s| s.username != username) {
                keyfile.remove_slot(&slot.username);
                without_access.extend(people::find_active(&self.conn, &slot.username)?);
            }
            keyfile.set_slot(&access, &username, passphrase)?;
            access
        } else {
            self.access_key()?.clone()
        };
        let new_key = DataKey::generate();
        // The key file keeps the old data key beside the new one until the database is
        // encrypted with the new one: an interruption in between locks nobody out.
        keyfile.set_data_key(&new_key, Some(&self.key), &access)?;
        keyfile.save(&self.paths)?;
        if let Err(e) = store::rekey(&self.conn, &new_key) {
            old.save(&self.paths)?;
            return Err(e);
        }
        keyfile.set_data_key(&new_key, None, &access)?;
        keyfile.save(&self.paths)?;
        self.key = new_key;
        self.access = Some(access);
        let detail = serde_json::json!({
            "people": without_access.iter().map(|p| p.username.as_str()).collect::<Vec<_>>(),
        });
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [CONFIRMED])?;
        audit::append(
            &tx,
            &username,
            AuditAction::RecoveryKeyIssued,
            "database",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(IssuedRecoveryKey {
            recovery_key: self.key.recovery_key(),
            without_access,
        })
    }
}
