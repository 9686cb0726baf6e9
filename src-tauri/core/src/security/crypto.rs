//! Keys: the random data key that encrypts the database, the random access key that wraps it
//! in the key file, each person's own key pair (the secret half under their passphrase, the
//! access key sealed to the public half), and the recovery key (the data key written out for
//! people).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha512};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{CoreError, Result};

/// A random 256-bit key: the one SQLCipher encrypts the database with, or the access key that
/// opens it from the key file. Kept on the heap, so that moving a key (or a session holding
/// one) moves a pointer and leaves no copy of the key on a stack; wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey(Box<[u8; 32]>);

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for DataKey {}

impl DataKey {
    pub fn generate() -> Self {
        let mut key = Box::new([0u8; 32]);
        OsRng.fill_bytes(key.as_mut());
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

    /// Written into wiped buffers made big enough at the start, so that no copy of the key
    /// (a hex string, a buffer outgrown and freed) is left behind unwiped.
    fn named_pragma(&self, name: &str) -> Zeroizing<String> {
        let mut hex = Zeroizing::new([0u8; 64]);
        hex::encode_to_slice(self.0.as_slice(), hex.as_mut()).expect("32 bytes are 64 hex digits");
        let (head, tail) = ("PRAGMA ", "'\";");
        let mut pragma = Zeroizing::new(String::with_capacity(
            head.len() + name.len() + 6 + hex.len() + tail.len(),
        ));
        pragma.push_str(head);
        pragma.push_str(name);
        pragma.push_str(" = \"x'");
        pragma.push_str(std::str::from_utf8(hex.as_ref()).expect("hex digits are ASCII"));
        pragma.push_str(tail);
        pragma
    }

    /// The recovery key: the data key as upper-case hex in 16 groups of 4 for reading aloud and typing.
    pub fn recovery_key(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode_upper(self.0.as_slice()));
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
        let mut key = Box::new([0u8; 32]);
        if cleaned.len() != 64 || hex::decode_to_slice(cleaned.as_bytes(), key.as_mut()).is_err() {
            return Err(CoreError::invalid(
                "recovery_key",
                "Enter the recovery key: 64 letters and digits (0-9, A-F), in groups of 4",
            ));
        }
        Ok(DataKey(key))
    }

    /// Whether `page`, page `number` (not the first) of a SQLCipher 4 file whose first 16
    /// bytes are `salt`, carries this key's authentication code. It tells a file whose first
    /// page is damaged from one this key does not open: SQLCipher says "not a database" to
    /// both. SQLCipher 4's default: HMAC-SHA512 over the page's ciphertext and IV, then its
    /// number little-endian, in the page's last 64 bytes, keyed by two rounds of
    /// PBKDF2-HMAC-SHA512 of the key and the salt with each byte XOR 0x3a.
    pub(crate) fn authenticates_sqlcipher_page(
        &self,
        salt: &[u8],
        number: u32,
        page: &[u8],
    ) -> bool {
        let Some((body, code)) = page.len().checked_sub(64).map(|at| page.split_at(at)) else {
            return false;
        };
        let hmac = |key: &[u8]| {
            <Hmac<Sha512> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length")
        };
        let mut first = hmac(self.0.as_slice());
        first.update(&salt.iter().map(|b| b ^ 0x3a).collect::<Vec<_>>());
        first.update(&1u32.to_be_bytes());
        let u1 = Zeroizing::new(first.finalize().into_bytes().to_vec());
        let mut second = hmac(self.0.as_slice());
        second.update(&u1);
        let u2 = Zeroizing::new(second.finalize().into_bytes().to_vec());
        let page_key = Zeroizing::new(
            u1.iter()
                .zip(u2.iter())
                .map(|(a, b)| a ^ b)
                .take(32)
                .collect::<Vec<_>>(),
        );
        let mut mac = hmac(&page_key);
        mac.update(body);
        mac.update(&number.to_le_bytes());
        mac.verify_slice(code).is_ok()
    }

    /// HMAC-SHA-256 of `message` under this key: for records kept outside the database that
    /// only someone holding the key can write.
    pub(crate) fn mac(&self, message: &str) -> Vec<u8> {
        self.hmac(message).finalize().into_bytes().to_vec()
    }

    /// Whether `tag` is this key's MAC of `message` (compared in constant time).
    pub(crate) fn verify_mac(&self, message: &str, tag: &[u8]) -> bool {
        self.hmac(message).verify_slice(tag).is_ok()
    }

    fn hmac(&self, message: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_slice())
            .expect("HMAC takes a key of any length");
        mac.update(b"channel-desk/mac/v1/");
        mac.update(message.as_bytes());
        mac
    }

    /// The public half when this key is a person's own secret key.
    pub(crate) fn public_key(&self) -> [u8; 32] {
        PublicKey::from(&StaticSecret::from(*self.0)).to_bytes()
    }

    /// What the database stores when its recovery key is confirmed: a hash of this key, so
    /// a confirmation cannot be written without the key and ends when the key is replaced.
    pub(crate) fn confirmation_mark(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"channel-desk/recovery-key-confirmed/v1/");
        hash.update(self.0.as_slice());
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

/// A key sealed to a person's public key (X25519 with a fresh key pair, then XChaCha20-
/// Poly1305): anyone can seal to them, only their secret key opens it. This is how a new
/// access key reaches everyone who keeps access when the data key is rotated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BoxedKey {
    #[serde(with = "hex")]
    pub ephemeral: Vec<u8>,
    #[serde(with = "hex")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex")]
    pub ciphertext: Vec<u8>,
}

impl BoxedKey {
    pub fn seal(key: &DataKey, to: &[u8; 32], context: &str) -> Result<Self> {
        let ephemeral = StaticSecret::random_from_rng(OsRng);
        let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
        let shared = ephemeral.diffie_hellman(&PublicKey::from(*to));
        let wrapping = box_wrapping_key(shared.as_bytes(), &ephemeral_public, to);
        let (nonce, ciphertext) = seal_key(&wrapping, key, context)?;
        Ok(BoxedKey {
            ephemeral: ephemeral_public.to_vec(),
            nonce,
            ciphertext,
        })
    }

    /// `None` unless `secret` is the secret half of the key it was sealed to (and the
    /// context matches).
    pub fn open(&self, secret: &DataKey, context: &str) -> Option<DataKey> {
        let ephemeral: [u8; 32] = self.ephemeral.as_slice().try_into().ok()?;
        if self.nonce.len() != 24 {
            return None;
        }
        let shared = StaticSecret::from(*secret.0).diffie_hellman(&PublicKey::from(ephemeral));
        // A low-order point from a tampered file gives a shared secret anyone knows.
        if !shared.was_contributory() {
            return None;
        }
        let wrapping = box_wrapping_key(shared.as_bytes(), &ephemeral, &secret.public_key());
        open_key(&wrapping, &self.nonce, &self.ciphertext, context)
    }
}

/// The wrapping key of a boxed key: the shared secret hashed with both public keys.
fn box_wrapping_key(shared: &[u8; 32], ephemeral: &[u8; 32], to: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut hash = Sha256::new();
    hash.update(b"channel-desk/boxed-key/v1/");
    hash.update(shared);
    hash.update(ephemeral);
    hash.update(to);
    Zeroizing::new(hash.finalize().into())
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
                msg: key.0.as_slice(),
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
            let mut key = Box::new([0u8; 32]);
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
    fn a_boxed_key_opens_only_with_the_secret_half_and_its_context() {
        let (key, person, other) = (
            DataKey::generate(),
            DataKey::generate(),
            DataKey::generate(),
        );
        let boxed = BoxedKey::seal(&key, &person.public_key(), "db/ana/access").unwrap();
        assert!(boxed.open(&person, "db/ana/access") == Some(key.clone()));
        assert!(boxed.open(&other, "db/ana/access").is_none());
        assert!(boxed.open(&person, "db/bo/access").is_none());
        // A zero ephemeral key (a low-order point) opens nothing.
        let zero = BoxedKey {
            ephemeral: vec![0; 32],
            ..boxed
        };
        assert!(zero.open(&person, "db/ana/access").is_none());
    }

    #[test]
    fn the_key_pragma_is_written_into_one_buffer_of_its_size() {
        let key = DataKey::generate();
        let pragma = key.sqlcipher_rekey_pragma();
        assert_eq!(
            *pragma,
            format!("PRAGMA rekey = \"x'{}'\";", hex::encode(key.0.as_slice()))
        );
        assert_eq!(
            pragma.capacity(),
            pragma.len(),
            "never outgrown, so no copy was freed unwiped"
        );
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
