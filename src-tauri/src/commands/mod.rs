//! The commands the page may call, one file per area. Each is thin: it checks the session,
//! calls the core and maps its errors. They are async so that Argon2id and SQLCipher work
//! runs off the window's thread. Each is also `#[specta::specta]`, so that its name,
//! arguments and result reach the window's generated bindings (see `bindings.rs`).

use std::ops::Deref;

use serde::Deserialize;
use zeroize::Zeroizing;

pub mod audit;
pub mod backup;
pub mod cases;
pub mod exports;
pub mod meetings;
pub mod people;
pub mod plan;
pub mod reports;
pub mod retention;
pub mod session;
pub mod settings;
pub mod steering;

/// Text wiped from memory when dropped: a passphrase or the recovery key. A string on the
/// wire.
#[derive(Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Secret(#[specta(type = String)] Zeroizing<String>);

impl Deref for Secret {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}
