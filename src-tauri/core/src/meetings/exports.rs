//! Every minutes export is kept inside the encrypted file as it was circulated: the PDF bytes,
//! their SHA-256 and the state of the minutes at the time. A copy found later can be checked
//! against the record, and exactly the same bytes saved again after later amendments.
//!
//! The fingerprint, shown in the PDF's document properties and beside each stored export, is
//! the first 16 hexadecimal digits of the SHA-256 of the file as rendered with a blank
//! fingerprint (a file cannot hold its own hash). A check compares the SHA-256 of the whole
//! file as written; the fingerprint only tells which export an altered copy claims to be.

use std::io::Read;
use std::path::Path;

use channel_desk_pdf::{render, stamp_subject, subject};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::common::dates;
use crate::common::unprintable::{unprintable, Unprintable};
use crate::error::{CoreError, Result};
use crate::meetings::actions;
use crate::meetings::meeting::load_meeting;
use crate::meetings::minutes::{document, exported_note, Minutes, Version};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};
use crate::store::files::{write_then_commit, IfExists};

const SUBJECT: &str = "Channel Desk export fingerprint ";
const BLANK: &str = "0000-0000-0000-0000";
/// Minutes exports are a few hundred kilobytes; a larger file cannot be one and is not read.
const LARGEST_CHECKED: u64 = 64 << 20;

/// A file just written.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Export {
    /// The stored export it is a copy of.
    pub id: i64,
    pub path: String,
    pub bytes: u32,
    pub pages: u32,
    pub fingerprint: String,
    /// Characters printed as empty boxes, for the person exporting to hear of.
    pub unprintable: Vec<Unprintable>,
}

/// A recorded export, without its bytes.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StoredExport {
    pub id: i64,
    pub meeting_id: i64,
    pub held_on_long: String,
    pub version: Version,
    pub version_label: &'static str,
    /// Whether the minutes were approved when exported, and how many amendments they had.
    pub approved: bool,
    pub amendments: u32,
    /// The full name of the person who exported it, as it was then.
    pub exported_by: String,
    pub exported_at: String,
    pub exported_at_text: String,
    pub file_name: String,
    pub pages: u32,
    pub bytes: u32,
    pub fingerprint: String,
}

/// What a chosen file is, compared with the recorded exports.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ExportCheck {
    /// The recorded export this file is, byte for byte.
    pub matches: Option<StoredExport>,
    /// The recorded export whose fingerprint the file carries although its bytes differ.
    pub altered_from: Option<StoredExport>,
    /// One sentence saying which.
    pub verdict: String,
}

impl Session {
    /// The name the save dialog suggests for a meeting's minutes, asked before the dialog
    /// opens: the role is checked before the meeting is looked up.
    pub fn minutes_file_name(&self, meeting_id: i64, version: Version) -> Result<String> {
        self.require_casework()?;
        let held_on = self.meeting_summary(meeting_id)?.held_on;
        Ok(format!(
            "channel-panel-minutes-{held_on}-{}.pdf",
            version.label().to_lowercase()
        ))
    }

    /// The name a stored export is saved again under, asked before the dialog opens.
    pub fn export_again_file_name(&self, export_id: i64) -> Result<String> {
        self.require_casework()?;
        Ok(self.stored_export(export_id)?.file_name)
    }

    /// Writes the minutes to `out` as PDF (owner-only permissions) and keeps the same bytes in
    /// the database with an audit row: the file, the stored copy and the audit row are written
    /// together or not at all. A file already at `out` is replaced only as `if_exists` says.
    pub fn export_minutes(
        &mut self,
        meeting_id: i64,
        version: Version,
        out: &Path,
        if_exists: IfExists,
    ) -> Result<Export> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let exporter = self.person.full_name.clone();
        let tx = self.conn.transaction()?;
        let minutes = Minutes {
            meeting: load_meeting(&tx, meeting_id)?,
            actions: actions::for_meeting(&tx, meeting_id)?,
        };
        // The redacted version goes beyond the panel: it names nobody, its exporter included.
        let footer = exported_note(
            &tx,
            match version {
                Version::Full => Some(&exporter),
                Version::Redacted => None,
            },
        )?;
        let mut doc = document(&minutes, version, &footer);
        doc.subject = format!("{SUBJECT}{BLANK}");
        let pdf = render(&doc)?;
        let mut bytes = pdf.bytes;
        let fingerprint = fingerprint_of(&bytes);
        stamp_subject(&mut bytes, BLANK, &fingerprint)?;
        let file_name = out
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let summary = &minutes.meeting.summary;
        tx.execute(
            "INSERT INTO minutes_exports (meeting_id, version, approved, amendments, exported_by, \
             exported_by_name, exported_at, file_name, pages, bytes, sha256, fingerprint, pdf) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                meeting_id,
                version.as_str(),
                summary.approved_on.is_some(),
                minutes.meeting.amendments.len() as i64,
                actor,
                exporter,
                dates::now_text(),
                file_name,
                pdf.pages as i64,
                bytes.len() as i64,
                sha256_hex(&bytes),
                fingerprint,
                bytes,
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({
            "export": id,
            "version": version.as_str(),
            // Where the file went, whole: the audit says where every copy is.
            "file": out.display().to_string(),
            "fingerprint": fingerprint,
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::MinutesExported,
            &format!("meeting:{meeting_id}"),
            &detail.to_string(),
        )?;
        write_then_commit(tx, out, &bytes, if_exists)?;
        Ok(Export {
            id,
            path: out.display().to_string(),
            bytes: bytes.len() as u32,
            pages: pdf.pages as u32,
            fingerprint,
            unprintable: unprintable(pdf.missing),
        })
    }

    /// The exports of a meeting's minutes, newest first.
    pub fn minutes_exports(&self, meeting_id: i64) -> Result<Vec<StoredExport>> {
        self.require_case_view()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{STORED_SELECT} WHERE e.meeting_id = ?1 ORDER BY e.id DESC"
        ))?;
        let rows = stmt.query_map([meeting_id], stored_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn stored_export(&self, export_id: i64) -> Result<StoredExport> {
        self.require_case_view()?;
        find(&self.conn, "e.id = ?1", &export_id)?.ok_or(CoreError::NotFound("The export"))
    }

    /// Writes exactly the bytes of a stored export to `out` (not a new rendering), audited. A
    /// file already at `out` is replaced only as `if_exists` says.
    pub fn save_export_again(
        &mut self,
        export_id: i64,
        out: &Path,
        if_exists: IfExists,
    ) -> Result<Export> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let stored =
            find(&tx, "e.id = ?1", &export_id)?.ok_or(CoreError::NotFound("The export"))?;
        let (bytes, sha256): (Vec<u8>, String) = tx.query_row(
            "SELECT pdf, sha256 FROM minutes_exports WHERE id = ?1",
            [export_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if sha256_hex(&bytes) != sha256 {
            return Err(CoreError::StoredExportDamaged(export_id));
        }
        let detail = serde_json::json!({
            "export": export_id,
            "file": out.display().to_string(),
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::MinutesExportSavedAgain,
            &format!("meeting:{}", stored.meeting_id),
            &detail.to_string(),
        )?;
        write_then_commit(tx, out, &bytes, if_exists)?;
        Ok(Export {
            id: export_id,
            path: out.display().to_string(),
            bytes: stored.bytes,
            pages: stored.pages,
            fingerprint: stored.fingerprint,
            // The same bytes: anything they box was told when they were first exported.
            unprintable: Vec::new(),
        })
    }

    /// Refuses a role that may not check a file before the window shows the file picker.
    pub fn may_check_export_file(&self) -> Result<()> {
        self.require_case_view()
    }

    /// Whether the file at `path` is a recorded export. Nothing of the file is stored; the
    /// audit keeps only which export it matched, if any.
    pub fn check_export_file(&mut self, path: &Path) -> Result<ExportCheck> {
        self.require_case_view()?;
        let mut bytes = Vec::new();
        std::fs::File::open(path)?
            .take(LARGEST_CHECKED + 1)
            .read_to_end(&mut bytes)?;
        let matches = find(&self.conn, "e.sha256 = ?1", &sha256_hex(&bytes))?;
        let claimed = subject(&bytes).and_then(|s| s.strip_prefix(SUBJECT).map(str::to_owned));
        let altered_from = match (&matches, claimed) {
            (None, Some(fingerprint)) => find(&self.conn, "e.fingerprint = ?1", &fingerprint)?,
            _ => None,
        };
        let verdict = match (&matches, &altered_from) {
            (Some(e), _) => format!(
                "This file is export {} as circulated: {}.",
                e.id,
                describe(e)
            ),
            (None, Some(e)) => format!(
                "This file has been changed: it carries the fingerprint of export {} ({}) but its contents differ.",
                e.id,
                describe(e)
            ),
            (None, None) => "No export of this database matches this file.".to_owned(),
        };
        let of = matches.as_ref().or(altered_from.as_ref());
        let detail = serde_json::json!({
            "matches": matches.as_ref().map(|e| e.id),
            "altered_from": altered_from.as_ref().map(|e| e.id),
        });
        audit::append(
            &self.conn,
            self.actor(),
            AuditAction::MinutesExportChecked,
            &of.map_or("minutes".into(), |e| format!("meeting:{}", e.meeting_id)),
            &detail.to_string(),
        )?;
        Ok(ExportCheck {
            matches,
            altered_from,
            verdict,
        })
    }
}

/// "the full minutes of the meeting on 12 March 2026 (approved, 1 amendment), exported by
/// Amara Okafor on 14 March 2026 at 14:05".
fn describe(e: &StoredExport) -> String {
    let state = match (e.approved, e.amendments) {
        (false, _) => "draft".to_owned(),
        (true, 0) => "approved".to_owned(),
        (true, 1) => "approved, 1 amendment".to_owned(),
        (true, n) => format!("approved, {n} amendments"),
    };
    format!(
        "the {} minutes of the meeting on {} ({state}), exported by {} on {}",
        e.version_label.to_lowercase(),
        e.held_on_long,
        e.exported_by,
        e.exported_at_text
    )
}

const STORED_SELECT: &str = "SELECT e.id, e.meeting_id, m.held_on, e.version, e.approved, \
     e.amendments, e.exported_by_name, e.exported_at, e.file_name, e.pages, e.bytes, \
     e.fingerprint FROM minutes_exports e JOIN meetings m ON m.id = e.meeting_id";

fn find(
    conn: &Connection,
    condition: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<Option<StoredExport>> {
    let sql = format!("{STORED_SELECT} WHERE {condition} ORDER BY e.id LIMIT 1");
    Ok(conn.query_row(&sql, [value], stored_row).optional()?)
}

fn stored_row(r: &Row) -> rusqlite::Result<StoredExport> {
    let id: i64 = r.get(0)?;
    let held_on: String = r.get(2)?;
    let version: String = r.get(3)?;
    let version = Version::parse(&version).ok_or_else(|| {
        rusqlite::Error::UserFunctionError(Box::new(CoreError::StoredExportDamaged(id)))
    })?;
    let exported_at: String = r.get(7)?;
    Ok(StoredExport {
        id,
        meeting_id: r.get(1)?,
        held_on_long: dates::long(dates::stored_sql(
            &format!("meeting export {id}"),
            &held_on,
        )?),
        version,
        version_label: version.label(),
        approved: r.get(4)?,
        amendments: r.get(5)?,
        exported_by: r.get(6)?,
        exported_at_text: dates::moment_text(&exported_at),
        exported_at,
        file_name: r.get(8)?,
        pages: r.get(9)?,
        bytes: r.get(10)?,
        fingerprint: r.get(11)?,
    })
}

/// "1A2B-3C4D-5E6F-7081": the first 16 hexadecimal digits of the SHA-256, in fours.
fn fingerprint_of(bytes: &[u8]) -> String {
    let digits = sha256_hex(bytes).to_uppercase();
    let fours: Vec<&str> = (0..4).map(|i| &digits[i * 4..i * 4 + 4]).collect();
    fours.join("-")
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}
