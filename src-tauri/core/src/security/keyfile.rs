//! The key file: the data key sealed under a random access key, and one key slot per person,
//! each holding the access key sealed under that person's passphrase. The data key can then
//! be replaced (with it the recovery key, which is the data key) without anyone's passphrase.
//! It holds usernames and ciphertext, never personal data.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::security::crypto::{DataKey, KdfParams, SealedKey, WrappedKey};
use crate::store::files::{read_json, write_json_atomic, Paths};

/// Slots hold the access key, and `data_key` holds the data key under it.
const FORMAT: u32 = 2;
/// A key file from before the access key: slots hold the data key itself. It opens as it is
/// and becomes format 2 when its recovery key is replaced.
const FORMAT_SLOTS_HOLD_DATA_KEY: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    pub format: u32,
    /// Matches `meta.database_id` inside the database: a key file belongs to one database.
    pub database_id: String,
    /// The data key under the access key (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_key: Option<WrappedKey>,
    /// While the recovery key is being replaced, the data key the database may still be
    /// encrypted with, so that an interruption between writing this file and re-encrypting
    /// the database locks nobody out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_data_key: Option<WrappedKey>,
    pub slots: Vec<KeySlot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeySlot {
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub sealed: SealedKey,
}

/// What a person's slot opens: the access key (to seal other slots with) and the data key,
/// with the one before it while the recovery key is being replaced.
pub(crate) struct Keys {
    pub access: DataKey,
    pub data: DataKey,
    pub previous: Option<DataKey>,
}

impl KeyFile {
    /// A key file whose slots will hold `access`, which opens `data`.
    pub fn new(database_id: String, data: &DataKey, access: &DataKey) -> Result<Self> {
        let mut file = KeyFile {
            format: FORMAT,
            database_id,
            data_key: None,
            previous_data_key: None,
            slots: Vec::new(),
        };
        file.set_data_key(data, None, access)?;
        Ok(file)
    }

    pub fn load(paths: &Paths) -> Result<Self> {
        let damaged = |reason: String| CoreError::KeyFileDamaged(paths.keys.clone(), reason);
        let file: KeyFile = read_json(&paths.keys)?
            .ok_or_else(|| CoreError::KeyFileMissing(paths.keys.clone()))?
            .map_err(damaged)?;
        match (file.format, &file.data_key) {
            (FORMAT, Some(_)) | (FORMAT_SLOTS_HOLD_DATA_KEY, None) => Ok(file),
            (FORMAT, None) => Err(damaged("the data key is missing".into())),
            (format, _) => Err(damaged(format!("unknown format {format}"))),
        }
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        write_json_atomic(&paths.keys, self)
    }

    fn context(&self, username: &str) -> String {
        format!("channel-desk/key-slot/v1/{}/{}", self.database_id, username)
    }

    fn data_context(&self) -> String {
        format!("channel-desk/data-key/v1/{}", self.database_id)
    }

    /// Whether the slots hold the data key itself (format 1).
    pub fn slots_hold_data_key(&self) -> bool {
        self.data_key.is_none()
    }

    pub fn slot(&self, username: &str) -> Option<&KeySlot> {
        self.slots.iter().find(|s| s.username == username)
    }

    /// Opens a person's slot. `Ok(None)` for an unknown username or a wrong passphrase alike.
    pub(crate) fn open(&self, username: &str, passphrase: &str) -> Result<Option<Keys>> {
        let access = match self.slot(username) {
            Some(slot) => slot.sealed.open(passphrase, &self.context(username))?,
            None => {
                crate::security::crypto::spend_equal_effort(passphrase);
                None
            }
        };
        let Some(access) = access else {
            return Ok(None);
        };
        let Some(wrapped) = &self.data_key else {
            return Ok(Some(Keys {
                data: access.clone(),
                access,
                previous: None,
            }));
        };
        let unwrap = |w: &WrappedKey| {
            w.unwrap(&access, &self.data_context()).ok_or_else(|| {
                CoreError::KeySlotDamaged(format!("{username}'s slot does not open the data key"))
            })
        };
        Ok(Some(Keys {
            data: unwrap(wrapped)?,
            previous: self.previous_data_key.as_ref().map(unwrap).transpose()?,
            access,
        }))
    }

    /// Adds or replaces a person's slot, holding `access`.
    pub fn set_slot(&mut self, access: &DataKey, username: &str, passphrase: &str) -> Result<()> {
        let sealed = SealedKey::seal(
            access,
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

    /// Seals a new data key under `access`, keeping `previous` until the database is
    /// encrypted with the new one (`None` once it is).
    pub(crate) fn set_data_key(
        &mut self,
        data: &DataKey,
        previous: Option<&DataKey>,
        access: &DataKey,
    ) -> Result<()> {
        let context = self.data_context();
        self.format = FORMAT;
        self.data_key = Some(WrappedKey::wrap(data, access, &context)?);
        self.previous_data_key = previous
            .map(|p| WrappedKey::wrap(p, access, &context))
            .transpose()?;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{create, unlock, FirstPerson};

    #[test]
    fn a_slot_sealed_at_an_older_strength_is_sealed_again_at_the_next_unlock() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("panel.db"));
        let pass = "lantern orchard velvet tide";
        let first = FirstPerson {
            full_name: "Chiamaka Obi",
            username: "chiamaka",
            passphrase: pass,
            passphrase_confirm: pass,
        };
        create(&paths, &first).unwrap().0.lock("test").unwrap();
        let mut file = KeyFile::load(&paths).unwrap();
        let keys = file.open("chiamaka", pass).unwrap().unwrap();
        let weak = KdfParams {
            memory_kib: 8 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let context = file.context("chiamaka");
        file.slots[0].sealed = SealedKey::seal(&keys.access, pass, &context, weak).unwrap();
        file.save(&paths).unwrap();

        let session = unlock(&paths, "chiamaka", pass, Utc::now())
            .unwrap()
            .session;
        let slot = KeyFile::load(&paths).unwrap().slots.remove(0);
        assert_eq!(slot.sealed.kdf, KdfParams::default());
        let actions: Vec<String> = session
            .audit_entries(5, 0)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(
            actions.contains(&"key_slot.strengthened".to_owned()),
            "{actions:?}"
        );
        session.lock("test").unwrap();
        assert!(unlock(&paths, "chiamaka", pass, Utc::now()).is_ok());
    }
}
