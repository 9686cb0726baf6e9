//! The audit trail as CSV, filtered as on the audit screen: marked OFFICIAL-SENSITIVE on its
//! first line, then a header and a row per event, oldest first, each event by its label with
//! its details in words. The file is written with its own audit row or not at all.

use std::path::Path;

use serde::Serialize;

use crate::common::sheet::Sheet;
use crate::error::Result;
use crate::meetings::minutes::MARKING;
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction, AuditEntry, AuditEvent, AuditQuery, Order};
use crate::store::files::{write_then_commit, IfExists};

/// What an export of the audit trail wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AuditExport {
    pub path: String,
    pub rows: u32,
    pub bytes: u32,
}

fn csv(entries: Vec<AuditEntry>) -> Result<Vec<u8>> {
    let mut sheet = Sheet::new();
    sheet.row([MARKING])?;
    sheet.row([
        "row",
        "when",
        "who",
        "what",
        "event code",
        "record",
        "details",
    ])?;
    for entry in entries {
        let e = AuditEvent::from(entry);
        let details = e
            .details
            .iter()
            .map(|d| format!("{}: {}", d.label, d.value))
            .collect::<Vec<_>>()
            .join("; ");
        sheet.row([
            e.id.to_string().as_str(),
            &e.at,
            &e.actor,
            &e.action_label,
            &e.action,
            &e.subject,
            &details,
        ])?;
    }
    sheet.bytes()
}

impl Session {
    /// Writes every row the query selects (all pages) to `out` as CSV, with an audit row
    /// naming the file, the filters and how many rows it holds. A file already at `out` is
    /// replaced only as `if_exists` says.
    pub fn export_audit(
        &mut self,
        query: &AuditQuery,
        out: &Path,
        if_exists: IfExists,
    ) -> Result<AuditExport> {
        self.require_admin("export the audit trail")?;
        let (filter, applied) = query.read()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let entries = audit::list(&tx, &filter, Order::OldestFirst, None, 0)?;
        let rows = entries.len() as u32;
        let bytes = csv(entries)?;
        let mut detail = serde_json::json!({ "file": out.display().to_string(), "rows": rows });
        for (key, value) in [
            ("action", &applied.action),
            ("person", &applied.person),
            ("case_reference", &applied.case_reference),
            ("from", &applied.from),
            ("to", &applied.to),
        ] {
            if !value.is_empty() {
                detail[key] = value.as_str().into();
            }
        }
        audit::append(
            &tx,
            &actor,
            AuditAction::AuditExported,
            "audit",
            &detail.to_string(),
        )?;
        write_then_commit(tx, out, &bytes, if_exists)?;
        Ok(AuditExport {
            path: out.display().to_string(),
            rows,
            bytes: bytes.len() as u32,
        })
    }
}
