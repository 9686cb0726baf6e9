//! Keys: the random data key that encrypts the database, the random access key that wraps it
//! in the key file, the passphrase-derived keys that wrap the access key in key slots, and the
//! recovery key (the data key written out for people).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{CoreError, Result};

/// A random 256-bit key: the one SQLCipher encrypts the database with, or the access key that
/// opens it from the key file. Wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl DataKey {
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        DataKey(key)
    }

    /// The `PRAGMA key` value for a raw key: `x'…'`.
    pub(crate) fn sqlcipher_pragma(&self) -> Zeroizing<String> {
        self.named_pragma("key")
    }

    /// The `PRAGMA rekey` that encrypts an open database under this key instead.
    pub(crate) fn sqlcipher_rekey_pragma(&self) -> Zeroizing<String> {
        self.named_pragma("rekey")
    }

    fn named_pragma(&self, name: &str) -> Zeroizing<String> {
        Zeroizing::new(format!("PRAGMA {name} = \"x'{}'\";", hex::encode(self.0)))
    }

    /// The recovery key: the data key as upper-case hex in 16 groups of 4 for reading aloud and typing.
    pub fn recovery_key(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode_upper(self.0));
        let groups: Vec<&str> = (0..16).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        Zeroizing::new(groups.join("-"))
    }

    /// Reads a recovery key as typed: case, spaces and dashes do not matter.
    pub fn from_recovery_key(typed: &str) -> Result<Self> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect(),
        );
        let mut key = [0u8; 32];
        if cleaned.len() != 64 || hex::decode_to_slice(cleaned.as_bytes(), &mut key).is_err() {
            return Err(CoreError::invalid(
                "recovery_key",
                "Enter the recovery key: 64 letters and digits (0-9, A-F), in groups of 4",
            ));
        }
        Ok(DataKey(key))
    }

    /// What the database stores when its recovery key is confirmed: a hash of this key, so
    /// a confirmation cannot be written without the key and ends when the key is replaced.
    pub(crate) fn confirmation_mark(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"channel-desk/recovery-key-confirmed/v1/");
        hash.update(self.0);
        hex::encode(hash.finalize())
    }
}

/// Argon2id cost, stored with each key slot so it can be raised later without breaking old slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB and 8 passes: about half a second on the project's two-core machines.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 8,
            parallelism: 1,
        }
    }
}

/// The most a key slot may ask of the machine: beyond it a slot is damaged (or hostile: a
/// slot asking for terabytes would otherwise abort the process), not merely slow.
const MOST: KdfParams = KdfParams {
    memory_kib: 1 << 20,
    iterations: 64,
    parallelism: 16,
};

impl KdfParams {
    /// Whether a slot sealed with these costs less to guess than one sealed today.
    pub fn weaker_than_default(&self) -> bool {
        let today = KdfParams::default();
        self.memory_kib < today.memory_kib || self.iterations < today.iterations
    }

    fn derive(&self, passphrase: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        if self.memory_kib > MOST.memory_kib
            || self.iterations > MOST.iterations
            || self.parallelism > MOST.parallelism
        {
            return Err(CoreError::KeySlotDamaged(format!(
                "its key derivation asks for {} MiB, {} passes and {} lanes, more than the {} MiB, \
                 {} passes and {} lanes a slot may",
                self.memory_kib / 1024,
                self.iterations,
                self.parallelism,
                MOST.memory_kib / 1024,
                MOST.iterations,
                MOST.parallelism
            )));
        }
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| CoreError::KeySlotDamaged(e.to_string()))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
            .map_err(|e| CoreError::KeySlotDamaged(e.to_string()))?;
        Ok(out)
    }
}

/// The data key sealed under one passphrase. `context` binds the slot to its database and
/// username, so a slot copied to another person or file does not open.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SealedKey {
    pub kdf: KdfParams,
    #[serde(with = "hex")]
    pub salt: Vec<u8>,
    #[serde(with = "hex")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex")]
    pub ciphertext: Vec<u8>,
}

impl SealedKey {
    pub fn seal(key: &DataKey, passphrase: &str, context: &str, kdf: KdfParams) -> Result<Self> {
        let mut salt = vec![0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let wrapping = kdf.derive(passphrase, &salt)?;
        let (nonce, ciphertext) = seal_key(&wrapping, key, context)?;
        Ok(SealedKey {
            kdf,
            salt,
            nonce,
            ciphertext,
        })
    }

    /// `None` when the passphrase (or the context) is wrong.
    pub fn open(&self, passphrase: &str, context: &str) -> Result<Option<DataKey>> {
        if self.nonce.len() != 24 {
            return Ok(None);
        }
        let wrapping = self.kdf.derive(passphrase, &self.salt)?;
        Ok(open_key(&wrapping, &self.nonce, &self.ciphertext, context))
    }
}

/// A key sealed under another random key (the data key under the access key): no key
/// derivation, as the wrapping key is as strong as the key it wraps.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WrappedKey {
    #[serde(with = "hex")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex")]
    pub ciphertext: Vec<u8>,
}

impl WrappedKey {
    pub fn wrap(key: &DataKey, under: &DataKey, context: &str) -> Result<Self> {
        let (nonce, ciphertext) = seal_key(&under.0, key, context)?;
        Ok(WrappedKey { nonce, ciphertext })
    }

    /// `None` when `under` (or the context) is not the key it was wrapped with.
    pub fn unwrap(&self, under: &DataKey, context: &str) -> Option<DataKey> {
        if self.nonce.len() != 24 {
            return None;
        }
        open_key(&under.0, &self.nonce, &self.ciphertext, context)
    }
}

/// XChaCha20-Poly1305 over `key` under `wrapping` with a fresh nonce; `context` is the
/// associated data. Returns the nonce and the ciphertext.
fn seal_key(wrapping: &[u8; 32], key: &DataKey, context: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut nonce = vec![0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let ciphertext = XChaCha20Poly1305::new(wrapping.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &key.0,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| CoreError::invalid("passphrase", "The key could not be sealed"))?;
    Ok((nonce, ciphertext))
}

fn open_key(
    wrapping: &[u8; 32],
    nonce: &[u8],
    ciphertext: &[u8],
    context: &str,
) -> Option<DataKey> {
    let plain = XChaCha20Poly1305::new(wrapping.into()).decrypt(
        XNonce::from_slice(nonce),
        Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        },
    );
    match plain.map(Zeroizing::new) {
        Ok(bytes) if bytes.len() == 32 => {
            let mut key = [0u8; 32];
            key.copy_from_slice(&bytes);
            Some(DataKey(key))
        }
        _ => None,
    }
}

/// Spends the same Argon2id work as a real slot, so an unknown username takes as long to
/// refuse as a wrong passphrase.
pub fn spend_equal_effort(passphrase: &str) {
    let _ = KdfParams::default().derive(passphrase, &[0u8; 16]);
}

/// A fresh random identifier, as hex.
pub fn random_id() -> String {
    let mut id = [0u8; 16];
    OsRng.fill_bytes(&mut id);
    hex::encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> KdfParams {
        KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[test]
    fn a_sealed_key_opens_only_with_its_passphrase_and_context() {
        let key = DataKey::generate();
        let sealed = SealedKey::seal(&key, "correct horse battery", "db/ana", quick()).unwrap();
        let opened = sealed
            .open("correct horse battery", "db/ana")
            .unwrap()
            .unwrap();
        assert_eq!(opened.0, key.0);
        assert!(sealed
            .open("wrong passphrase!!", "db/ana")
            .unwrap()
            .is_none());
        assert!(sealed
            .open("correct horse battery", "db/bo")
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_slot_asking_for_more_than_a_slot_may_is_damaged_and_costs_nothing() {
        let key = DataKey::generate();
        let mut sealed = SealedKey::seal(&key, "correct horse battery", "db/ana", quick()).unwrap();
        for kdf in [
            KdfParams {
                memory_kib: u32::MAX, // 4 TiB
                ..quick()
            },
            KdfParams {
                iterations: 1_000_000,
                ..quick()
            },
            KdfParams {
                parallelism: 255,
                ..quick()
            },
        ] {
            sealed.kdf = kdf;
            let started = std::time::Instant::now();
            let err = sealed
                .open("correct horse battery", "db/ana")
                .err()
                .unwrap();
            assert!(matches!(err, CoreError::KeySlotDamaged(_)), "{err}");
            assert!(
                started.elapsed().as_millis() < 100,
                "refused before any work"
            );
        }
        assert!(quick().weaker_than_default());
        assert!(!KdfParams::default().weaker_than_default());
    }

    #[test]
    fn a_wrapped_key_opens_only_under_its_key_and_context() {
        let (data, access) = (DataKey::generate(), DataKey::generate());
        let wrapped = WrappedKey::wrap(&data, &access, "db/data").unwrap();
        assert!(wrapped.unwrap(&access, "db/data") == Some(data));
        assert!(wrapped.unwrap(&DataKey::generate(), "db/data").is_none());
        assert!(wrapped.unwrap(&access, "other-db/data").is_none());
    }

    #[test]
    fn the_recovery_key_round_trips_however_it_is_typed() {
        let key = DataKey::generate();
        let shown = key.recovery_key();
        assert_eq!(shown.len(), 64 + 15);
        assert_eq!(shown.split('-').count(), 16);
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(DataKey::from_recovery_key(&typed).unwrap().0, key.0);
        let err = DataKey::from_recovery_key("ABCD-1234").err().unwrap();
        assert_eq!(err.field(), Some("recovery_key"));
    }
}
