//! The key file: one key slot per person, each holding the data key sealed under that
//! person's passphrase. It holds usernames and ciphertext, never personal data.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::security::crypto::{DataKey, KdfParams, SealedKey};
use crate::store::files::{read_json, write_json_atomic, Paths};

const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    pub format: u32,
    /// Matches `meta.database_id` inside the database: a key file belongs to one database.
    pub database_id: String,
    pub slots: Vec<KeySlot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeySlot {
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub sealed: SealedKey,
}

impl KeyFile {
    pub fn new(database_id: String) -> Self {
        KeyFile {
            format: FORMAT,
            database_id,
            slots: Vec::new(),
        }
    }

    pub fn load(paths: &Paths) -> Result<Self> {
        let damaged = |reason: String| CoreError::KeyFileDamaged(paths.keys.clone(), reason);
        let file: KeyFile = read_json(&paths.keys)?
            .ok_or_else(|| CoreError::KeyFileMissing(paths.keys.clone()))?
            .map_err(damaged)?;
        if file.format != FORMAT {
            return Err(damaged(format!("unknown format {}", file.format)));
        }
        Ok(file)
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        write_json_atomic(&paths.keys, self)
    }

    fn context(&self, username: &str) -> String {
        format!("channel-desk/key-slot/v1/{}/{}", self.database_id, username)
    }

    pub fn slot(&self, username: &str) -> Option<&KeySlot> {
        self.slots.iter().find(|s| s.username == username)
    }

    /// Opens a person's slot. `Ok(None)` for an unknown username or a wrong passphrase alike.
    pub fn open(&self, username: &str, passphrase: &str) -> Result<Option<DataKey>> {
        match self.slot(username) {
            Some(slot) => slot.sealed.open(passphrase, &self.context(username)),
            None => {
                crate::security::crypto::spend_equal_effort(passphrase);
                Ok(None)
            }
        }
    }

    /// Adds or replaces a person's slot.
    pub fn set_slot(&mut self, key: &DataKey, username: &str, passphrase: &str) -> Result<()> {
        let sealed = SealedKey::seal(
            key,
            passphrase,
            &self.context(username),
            KdfParams::default(),
        )?;
        self.remove_slot(username);
        self.slots.push(KeySlot {
            username: username.to_owned(),
            created_at: Utc::now(),
            sealed,
        });
        Ok(())
    }

    pub fn remove_slot(&mut self, username: &str) {
        self.slots.retain(|s| s.username != username);
    }
}

/// Saves the key file, then commits; if the commit fails the old key file is put back, so
/// the database and its key file never disagree.
pub(crate) fn commit_with_keyfile(
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
