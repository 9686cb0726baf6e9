//! The audit chain's head kept outside the database. Anyone holding the data key can drop the
//! append-only triggers and delete the newest rows, leaving a shorter chain that still
//! verifies. So each session leaves the head it saw in its person's key slot (signed with the
//! data key), every unlock checks the chain still reaches the newest head recorded there, and
//! every exported PDF prints the head in its footer, a copy held elsewhere.

use chrono::SecondsFormat;
use rusqlite::Connection;
use serde::Serialize;

use crate::common::dates;
use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::keyfile::KeyFile;
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};
use crate::store::files::Paths;

/// The chain no longer reaches a head the key file recorded: rows were cut from its end.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditCut {
    /// The row the key file last saw.
    pub seen_row: i64,
    pub seen_at: String,
    /// The newest row there is now.
    pub last_row: i64,
    /// What to tell the person unlocking.
    pub message: String,
}

impl AuditCut {
    /// As `verify` reports it.
    pub fn into_error(self) -> CoreError {
        CoreError::AuditBroken {
            id: self.seen_row,
            reason: self.message,
        }
    }
}

/// Whether the chain still reaches the newest head in the key file signed with `key`.
pub(crate) fn check(
    conn: &Connection,
    keyfile: &KeyFile,
    key: &DataKey,
) -> Result<Option<AuditCut>> {
    let Some((seen, at)) = keyfile.last_seen_head(&[key]) else {
        return Ok(None);
    };
    if audit::reaches(conn, &seen)? {
        return Ok(None);
    }
    let seen_at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let last_row = audit::head(conn)?.map_or(0, |h| h.row);
    let message = format!(
        "The audit trail ends at row {last_row}, but on {} this laptop's key file recorded it \
         reaching row {} with another history: rows have been removed from its end outside \
         Channel Desk. Tell your information governance lead.",
        dates::moment_text(&seen_at),
        seen.row
    );
    Ok(Some(AuditCut {
        seen_row: seen.row,
        seen_at,
        last_row,
        message,
    }))
}

/// Records in the audit trail itself that it was found cut.
pub(crate) fn record_cut(conn: &Connection, actor: &str, cut: &AuditCut) -> Result<()> {
    let detail = serde_json::json!({
        "row": cut.seen_row,
        "seen_at": cut.seen_at,
        "last_row": cut.last_row,
    });
    audit::append(
        conn,
        actor,
        AuditAction::AuditCut,
        "audit",
        &detail.to_string(),
    )
}

/// Once a cut is reported and recorded, the heads it cut from are forgotten: the next unlock
/// checks against the chain as it now is, rather than report the same cut for ever.
pub(crate) fn forget_cut_heads(paths: &Paths) -> Result<()> {
    let mut keyfile = KeyFile::load(paths)?;
    for slot in &mut keyfile.slots {
        slot.audit_head = None;
    }
    keyfile.save(paths)
}

impl Session {
    /// Leaves the head this session sees in its person's key slot. A session opened with the
    /// recovery key alone has no slot to leave it in.
    pub(crate) fn record_audit_head(&self) -> Result<()> {
        let Some(head) = audit::head(&self.conn)? else {
            return Ok(());
        };
        // Opened with the recovery key because the key file is lost or damaged: nowhere to
        // leave it.
        let mut keyfile = match KeyFile::load(&self.paths) {
            Err(CoreError::KeyFileMissing(_) | CoreError::KeyFileDamaged(..)) => return Ok(()),
            loaded => loaded?,
        };
        if keyfile.slot(self.actor()).is_none() {
            return Ok(());
        }
        keyfile.record_head(self.actor(), &head, &self.key);
        keyfile.save(&self.paths)
    }
}
