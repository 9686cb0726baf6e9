//! The recovery key after it is first shown: whether anyone has typed it back (confirmed
//! it), and an administrator confirming it. A new one comes with each rotation of the data
//! key (security/rotation.rs).
//!
//! The confirmation is kept inside the encrypted database as a hash of the key it confirms:
//! nobody can write it without the key, and replacing the key ends it. Both are audited.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::session::Session;
use crate::store::{audit, audit::AuditAction};

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
}
