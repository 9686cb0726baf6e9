//! The key file: the data key sealed under a random access key, and one key slot per person.
//! A slot holds the person's own secret key under their passphrase, and the access key sealed
//! to the public half of it. The data key can then be replaced (with it the recovery key,
//! which is the data key) without anyone's passphrase, and so can the access key when someone
//! leaves: it is sealed again to everyone who stays. It holds usernames, public keys and
//! ciphertext, never personal data.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::security::crypto::{BoxedKey, DataKey, KdfParams, SealedKey, WrappedKey};
use crate::store::audit::AuditHead;
use crate::store::files::{read_json, write_json_atomic, Paths};

/// Slots may hold a person's own key pair (format 3); `data_key` holds the data key under
/// the access key.
const FORMAT: u32 = 3;
/// Slots hold the access key itself under the passphrase. Each is given a key pair at its
/// owner's next unlock.
const FORMAT_SLOTS_HOLD_ACCESS_KEY: u32 = 2;
/// A key file from before the access key: slots hold the data key itself. It opens as it is
/// and becomes format 3 when its data key is rotated.
const FORMAT_SLOTS_HOLD_DATA_KEY: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    pub format: u32,
    /// Matches `meta.database_id` inside the database: a key file belongs to one database.
    pub database_id: String,
    /// The data key under the access key (formats 2 and 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_key: Option<WrappedKey>,
    /// While the data key is being rotated, the data key the database may still be
    /// encrypted with, so that an interruption between writing this file and re-encrypting
    /// the database locks nobody out; the next unlock finishes the rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_data_key: Option<WrappedKey>,
    pub slots: Vec<KeySlot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeySlot {
    pub username: String,
    pub created_at: DateTime<Utc>,
    /// The person's own secret key under their passphrase; in a slot without `person_key`,
    /// the access key (or, in format 1, the data key).
    pub sealed: SealedKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_key: Option<PersonKey>,
    /// The audit chain's head as this person's last session left it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<SignedHead>,
}

/// An audit head with the time it was seen, signed with the data key: only someone holding
/// the key can write one, and the next unlock checks the chain still reaches it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedHead {
    pub row: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    #[serde(with = "hex")]
    pub mac: Vec<u8>,
}

/// The public half of a person's own key, and the access key sealed to it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PersonKey {
    #[serde(with = "hex")]
    pub public: Vec<u8>,
    pub access: BoxedKey,
}

impl KeySlot {
    /// Whether the slot should be sealed again while its owner's passphrase is at hand: it
    /// has no key pair of its own, or was sealed at an older, cheaper strength.
    pub fn needs_resealing(&self) -> bool {
        self.person_key.is_none() || self.sealed.kdf.weaker_than_default()
    }
}

/// What a person's slot opens: the access key (to seal other slots with) and the data key,
/// with the one before it while the data key is being rotated.
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
            (FORMAT | FORMAT_SLOTS_HOLD_ACCESS_KEY, Some(_))
            | (FORMAT_SLOTS_HOLD_DATA_KEY, None) => Ok(file),
            (FORMAT | FORMAT_SLOTS_HOLD_ACCESS_KEY, None) => {
                Err(damaged("the data key is missing".into()))
            }
            (format, _) => Err(damaged(format!("unknown format {format}"))),
        }
    }

    pub fn save(&self, paths: &Paths) -> Result<()> {
        write_json_atomic(&paths.keys, self)
    }

    fn context(&self, username: &str) -> String {
        format!("channel-desk/key-slot/v1/{}/{}", self.database_id, username)
    }

    /// The person's secret key is sealed under its own context, so a slot stripped of its
    /// public half cannot pass the secret key off as the access key.
    fn person_context(&self, username: &str) -> String {
        format!(
            "channel-desk/person-key/v1/{}/{}",
            self.database_id, username
        )
    }

    fn access_context(&self, username: &str) -> String {
        format!(
            "channel-desk/access-key/v1/{}/{}",
            self.database_id, username
        )
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
        let Some(slot) = self.slot(username) else {
            crate::security::crypto::spend_equal_effort(passphrase);
            return Ok(None);
        };
        let damaged =
            || CoreError::KeySlotDamaged(format!("{username}'s slot does not open the data key"));
        let access = match &slot.person_key {
            None => slot.sealed.open(passphrase, &self.context(username))?,
            Some(person) => match slot
                .sealed
                .open(passphrase, &self.person_context(username))?
            {
                Some(secret) => Some(
                    person
                        .access
                        .open(&secret, &self.access_context(username))
                        .ok_or_else(damaged)?,
                ),
                None => None,
            },
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
        let unwrap = |w: &WrappedKey| w.unwrap(&access, &self.data_context()).ok_or_else(damaged);
        Ok(Some(Keys {
            data: unwrap(wrapped)?,
            previous: self.previous_data_key.as_ref().map(unwrap).transpose()?,
            access,
        }))
    }

    /// Adds or replaces a person's slot: a new key pair of their own, the secret half under
    /// their passphrase, `access` sealed to the public half.
    pub fn set_slot(&mut self, access: &DataKey, username: &str, passphrase: &str) -> Result<()> {
        let secret = DataKey::generate();
        let public = secret.public_key();
        let sealed = SealedKey::seal(
            &secret,
            passphrase,
            &self.person_context(username),
            KdfParams::default(),
        )?;
        let access = BoxedKey::seal(access, &public, &self.access_context(username))?;
        let audit_head = self.slot(username).and_then(|s| s.audit_head.clone());
        self.remove_slot(username);
        self.slots.push(KeySlot {
            username: username.to_owned(),
            created_at: Utc::now(),
            sealed,
            person_key: Some(PersonKey {
                public: public.to_vec(),
                access,
            }),
            audit_head,
        });
        Ok(())
    }

    fn head_message(&self, username: &str, row: i64, hash: &str, at: &DateTime<Utc>) -> String {
        format!(
            "channel-desk/audit-head/v1/{}/{username}/{row}/{hash}/{}",
            self.database_id,
            at.to_rfc3339()
        )
    }

    /// Records in `username`'s slot the head their session leaves, signed with `key`.
    pub(crate) fn record_head(&mut self, username: &str, head: &AuditHead, key: &DataKey) {
        let at = Utc::now();
        let mac = key.mac(&self.head_message(username, head.row, &head.hash, &at));
        if let Some(slot) = self.slots.iter_mut().find(|s| s.username == username) {
            slot.audit_head = Some(SignedHead {
                row: head.row,
                hash: head.hash.clone(),
                at,
                mac,
            });
        }
    }

    /// The signed text of `slot`'s head, if it has one whose signature holds under one of
    /// `keys`.
    fn holding_head(&self, slot: &KeySlot, keys: &[&DataKey]) -> Option<String> {
        let h = slot.audit_head.as_ref()?;
        let message = self.head_message(&slot.username, h.row, &h.hash, &h.at);
        keys.iter()
            .any(|k| k.verify_mac(&message, &h.mac))
            .then_some(message)
    }

    /// The newest head any slot recorded whose signature holds under one of `keys`, with
    /// when it was seen. Heads that do not hold are ignored: anyone can delete a head, so
    /// only the heads kept elsewhere (exported PDFs) prove the chain was not cut.
    pub(crate) fn last_seen_head(&self, keys: &[&DataKey]) -> Option<(AuditHead, DateTime<Utc>)> {
        self.slots
            .iter()
            .filter_map(|slot| {
                self.holding_head(slot, keys)?;
                let h = slot.audit_head.as_ref()?;
                let head = AuditHead {
                    row: h.row,
                    hash: h.hash.clone(),
                };
                Some((head, h.at))
            })
            .max_by_key(|(head, _)| head.row)
    }

    /// Signs every head that holds under `old` again under `new`, when the data key changes;
    /// the others stay as they are.
    pub(crate) fn resign_heads(&mut self, old: &DataKey, new: &DataKey) {
        let messages: Vec<Option<String>> = self
            .slots
            .iter()
            .map(|slot| self.holding_head(slot, &[old]))
            .collect();
        for (slot, message) in self.slots.iter_mut().zip(messages) {
            slot.audit_head = match (slot.audit_head.take(), message) {
                (Some(head), Some(message)) => Some(SignedHead {
                    mac: new.mac(&message),
                    ..head
                }),
                (head, _) => head,
            };
        }
    }

    /// Seals a new access key to every slot with a key pair; slots without one cannot be
    /// given it without their passphrase, so they go. Returns the usernames of those.
    pub(crate) fn reseal_access(&mut self, access: &DataKey) -> Result<Vec<String>> {
        let mut gone = Vec::new();
        let mut kept = Vec::new();
        for mut slot in std::mem::take(&mut self.slots) {
            let public = slot
                .person_key
                .as_ref()
                .and_then(|p| <[u8; 32]>::try_from(p.public.as_slice()).ok());
            match (public, slot.person_key.as_mut()) {
                (Some(public), Some(person)) => {
                    person.access =
                        BoxedKey::seal(access, &public, &self.access_context(&slot.username))?;
                    kept.push(slot);
                }
                _ => gone.push(slot.username),
            }
        }
        self.slots = kept;
        Ok(gone)
    }

    pub fn remove_slot(&mut self, username: &str) {
        self.slots.retain(|s| s.username != username);
    }

    /// Seals a new data key under `access`, keeping `previous` until the database is
    /// encrypted with the new one (`None` once it is). Slots must hold `access`.
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
    fn a_slot_of_an_older_format_and_strength_is_sealed_again_at_the_next_unlock() {
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
        // As format 2 wrote it: the access key itself under the passphrase, cheaply.
        let context = file.context("chiamaka");
        file.slots[0].sealed = SealedKey::seal(&keys.access, pass, &context, weak).unwrap();
        file.slots[0].person_key = None;
        file.format = FORMAT_SLOTS_HOLD_ACCESS_KEY;
        file.save(&paths).unwrap();

        let session = unlock(&paths, "chiamaka", pass, Utc::now())
            .unwrap()
            .session;
        let slot = KeyFile::load(&paths).unwrap().slots.remove(0);
        assert_eq!(slot.sealed.kdf, KdfParams::default());
        assert!(slot.person_key.is_some(), "given a key pair of its own");
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
