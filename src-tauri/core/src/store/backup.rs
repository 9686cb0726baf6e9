//! Backups: one file that holds the key slots, the audit head and the database, encrypted
//! under the data key, so that it opens with the passphrase of a person in it or with the
//! recovery key, and with nothing else. Restoring one is `store::restore`.
//!
//! The file is `MAGIC`, the header's length (4 bytes, little-endian), the header (JSON: the
//! format and its version, the schema version, when it was made, the database's length and
//! SHA-256, the audit head and the key file as it was), an HMAC-SHA-256 of the header under
//! the data key, a SHA-256 of everything before it, then the database: a copy made through
//! SQLite's backup API into a file encrypted under the same data key. In clear there are only
//! usernames and sealed keys, as in the key file. The SHA-256s find a damaged file before any
//! passphrase is asked for; the HMAC, once a key is known, proves that the header (and
//! through it the database's hash) was written by someone holding that key.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::common::dates::now_text;
use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::keyfile::KeyFile;
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction, AuditHead};
use crate::store::files::{self, IfExists};
use crate::store::migrations::SCHEMA_VERSION;
use crate::store::{self, admin::whole_within};

/// The file name extension the app offers.
pub const EXTENSION: &str = "cdbackup";
const MAGIC: &[u8; 16] = b"CHANNEL-DESK-BAK";
const FORMAT: &str = "channel-desk-backup";
const VERSION: u32 = 1;
/// A header is a few kilobytes per person; anything near this is not one.
const MAX_HEADER: u32 = 16 << 20;
const HASH_LEN: usize = 32;
/// Pages copied between progress reports: 4 MiB.
const PAGES_PER_STEP: i32 = 1024;
/// When the last backup was made (`meta`), written with its audit row.
pub(crate) const LAST_BACKUP: &str = "last_backup_at";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Header {
    format: String,
    version: u32,
    pub(crate) schema_version: i64,
    pub(crate) made_at: String,
    database_bytes: u64,
    database_sha256: String,
    pub(crate) audit_head: Option<AuditHead>,
    pub(crate) keys: KeyFile,
}

/// How far a backup or a restore has got, for the progress bar.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupProgress {
    /// What is being done, in words.
    pub step: String,
    pub percent: u32,
}

/// Where progress goes: the window's progress bar, or nowhere.
pub type OnProgress<'a> = &'a mut dyn FnMut(BackupProgress);

pub(crate) fn report(on: OnProgress, step: &str, percent: u32) {
    on(BackupProgress {
        step: step.to_owned(),
        percent,
    });
}

/// A backup written and checked.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupMade {
    pub path: String,
    pub bytes: u64,
    pub made_at: String,
    /// The audit rows it holds.
    pub audit_rows: i64,
    pub sha256: String,
}

/// When the last backup was made and how old it may get before Home reminds administrators.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct BackupStatus {
    /// `None` if this database was never backed up.
    pub last_backup_at: Option<String>,
    pub reminder_days: u32,
    /// Never backed up, or longer ago than `reminder_days`.
    pub due: bool,
}

impl Session {
    /// Writes a backup to `out` and checks it by opening the copy before saying it is done;
    /// audited. A file already at `out` is replaced only with `IfExists::Replace`. The file
    /// appears whole or not at all: it is written under a temporary name beside `out`,
    /// synced, checked, then renamed.
    pub fn back_up(
        &mut self,
        out: &Path,
        if_exists: IfExists,
        progress: OnProgress,
    ) -> Result<BackupMade> {
        self.require_admin("make a backup")?;
        if if_exists == IfExists::Refuse && out.exists() {
            return Err(CoreError::AlreadyExists(out.to_owned()));
        }
        let keys = KeyFile::load(&self.paths)?;
        // The work folder (owner-only) is beside `out`, and goes with everything in it.
        let work = tempfile::Builder::new()
            .prefix(".channel-desk-")
            .tempdir_in(files::folder_of(out))?;
        let copy = work.path().join("copy.db");
        // One read transaction: the counts, the head and the copy are of the same moment.
        let tx = self.conn.transaction()?;
        let counts = table_counts(&tx)?;
        let audit_head = audit::head(&tx)?;
        let schema_version = store::user_version(&tx)?;
        copy_database(&tx, &copy, &self.key, progress)?;
        drop(tx);

        report(progress, "Writing the backup file", 60);
        let (database_sha256, database_bytes) = sha256_of(&mut File::open(&copy)?)?;
        let header = Header {
            format: FORMAT.into(),
            version: VERSION,
            schema_version,
            made_at: now_text(),
            database_bytes,
            database_sha256: database_sha256.clone(),
            audit_head: audit_head.clone(),
            keys,
        };
        let mut file = files::temporary_beside(out)?;
        write_backup(file.as_file_mut(), &header, &self.key, &copy)?;
        file.as_file().sync_all()?;
        fs::remove_file(&copy)?;

        report(progress, "Checking the backup", 75);
        let written = BackupFile::read(file.path())?;
        if !written.header_holds(&self.key) {
            return Err(CoreError::BackupDamaged(
                out.to_owned(),
                "its header did not read back as written".into(),
            ));
        }
        let check = written.open_database(&self.key, &copy)?;
        verify_copy(&check, &copy, out)?;
        if table_counts(&check)? != counts || audit::head(&check)? != audit_head {
            return Err(CoreError::BackupDamaged(
                out.to_owned(),
                "the copy does not hold what the database holds".into(),
            ));
        }
        drop(check);
        let bytes = file.as_file().metadata()?.len();

        report(progress, "Recording the backup", 95);
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let audit_rows = audit_head.as_ref().map_or(0, |h| h.row);
        let detail = serde_json::json!({
            "file": out.display().to_string(),
            "audit_row": audit_rows,
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::BackupMade,
            "database",
            &detail.to_string(),
        )?;
        set_last_backup(&tx, &header.made_at)?;
        // The file, then the commit that records it; if the commit fails the file goes.
        files::persist(file, out, if_exists)?;
        if let Err(e) = tx.commit() {
            let _ = fs::remove_file(out);
            return Err(e.into());
        }
        report(progress, "Done", 100);
        Ok(BackupMade {
            path: out.display().to_string(),
            bytes,
            made_at: header.made_at,
            audit_rows,
            sha256: database_sha256,
        })
    }

    /// When the last backup was made and whether Home should remind administrators.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require_admin("see when the last backup was made")?;
        let last_backup_at: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [LAST_BACKUP],
                |r| r.get(0),
            )
            .optional()?;
        let reminder_days: u32 = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'backup_reminder_days'",
                [],
                |r| r.get::<_, String>(0),
            )?
            .parse()
            .map_err(|_| {
                CoreError::Damaged(self.paths.db.clone(), "setting backup_reminder_days".into())
            })?;
        let last = last_backup_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        let due =
            last.is_none_or(|t| Utc::now() - t.to_utc() > Duration::days(reminder_days.into()));
        Ok(BackupStatus {
            last_backup_at,
            reminder_days,
            due,
        })
    }

    /// Home's reminder: for administrators, when a backup is due.
    pub(crate) fn backup_reminder(&self) -> Result<Option<BackupStatus>> {
        if !self.person.may.administer {
            return Ok(None);
        }
        Ok(Some(self.backup_status()?).filter(|s| s.due))
    }

    /// How many days after the last backup Home reminds administrators (1 to 365), as typed.
    pub fn set_backup_reminder_days(&mut self, days: &str) -> Result<BackupStatus> {
        self.require_admin("change settings")?;
        let days = whole_within(
            "backup_reminder_days",
            days,
            1..=365,
            "Enter the days between backups as a whole number from 1 to 365",
        )?;
        self.write_settings(&[("backup_reminder_days", days.to_string())])?;
        self.backup_status()
    }
}

pub(crate) fn set_last_backup(conn: &Connection, at: &str) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [LAST_BACKUP, at],
    )?;
    Ok(())
}

/// Copies the database page by page into a new file encrypted under `key`, reporting
/// progress from 0 to 60 per cent. The copy is left in rollback-journal mode: one file.
fn copy_database(
    source: &Connection,
    to: &Path,
    key: &DataKey,
    progress: OnProgress,
) -> Result<()> {
    files::create_private(to)?;
    let mut copy = store::connect(to)?;
    copy.execute_batch(&key.sqlcipher_pragma())?;
    {
        let backup = Backup::new(source, &mut copy)?;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Another connection holds a lock for a moment: wait, as SQLite advises.
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
            let p = backup.progress();
            let done = (p.pagecount - p.remaining).max(0) as u64;
            let percent = (done * 60 / p.pagecount.max(1) as u64) as u32;
            report(progress, "Copying the database", percent);
        }
    }
    copy.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(())
}

/// Rows in every table, by name: what a copy must hold to equal its source.
pub(crate) fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let count = conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })?;
            Ok((name, count))
        })
        .collect()
}

/// The integrity checks `verify` runs, on a copy; any failure means the backup is damaged.
pub(crate) fn verify_copy(conn: &Connection, copy: &Path, backup: &Path) -> Result<()> {
    store::admin::verify(conn, copy)
        .map(|_| ())
        .map_err(|e| match e {
            CoreError::Damaged(_, reason) => CoreError::BackupDamaged(backup.to_owned(), reason),
            CoreError::AuditBroken { id, reason } => CoreError::BackupDamaged(
                backup.to_owned(),
                format!("its audit trail is broken at row {id}: {reason}"),
            ),
            other => other,
        })
}

fn sha256_of(reader: &mut impl Read) -> Result<(String, u64)> {
    let mut hash = Sha256::new();
    let bytes = io::copy(reader, &mut Tee(&mut io::sink(), &mut hash))?;
    Ok((hex::encode(hash.finalize()), bytes))
}

fn header_mac_message(header: &[u8]) -> String {
    format!(
        "channel-desk/backup-header/v1/{}",
        hex::encode(Sha256::digest(header))
    )
}

fn write_backup(file: &mut File, header: &Header, key: &DataKey, database: &Path) -> Result<()> {
    let json = serde_json::to_vec(header).map_err(io::Error::other)?;
    let len = u32::try_from(json.len())
        .ok()
        .filter(|n| *n <= MAX_HEADER)
        .ok_or_else(|| io::Error::other("the key file is too large for a backup header"))?;
    let mut out = BufWriter::new(file);
    let mut front = Vec::with_capacity(MAGIC.len() + 4 + json.len() + HASH_LEN);
    front.extend_from_slice(MAGIC);
    front.extend_from_slice(&len.to_le_bytes());
    front.extend_from_slice(&json);
    front.extend_from_slice(&key.mac(&header_mac_message(&json)));
    out.write_all(&front)?;
    out.write_all(&Sha256::digest(&front))?;
    io::copy(&mut File::open(database)?, &mut out)?;
    out.flush()?;
    Ok(())
}

/// A backup file read and found whole: its header, and where the database starts.
pub(crate) struct BackupFile {
    pub(crate) path: PathBuf,
    pub(crate) header: Header,
    header_json: Vec<u8>,
    mac: Vec<u8>,
    database_at: u64,
}

impl BackupFile {
    /// Reads the header and checks the whole file against its hashes; needs no key. A file
    /// from a newer version is refused before anything else is read of it.
    pub(crate) fn read(path: &Path) -> Result<Self> {
        let damaged = |reason: &str| CoreError::BackupDamaged(path.to_owned(), reason.to_owned());
        let truncated = || damaged("it is truncated");
        if path.is_dir() {
            return Err(CoreError::NotABackup(path.to_owned()));
        }
        let mut file = BufReader::new(File::open(path)?);
        let mut magic = [0u8; 16];
        if file.read_exact(&mut magic).is_err() || &magic != MAGIC {
            return Err(CoreError::NotABackup(path.to_owned()));
        }
        let mut len = [0u8; 4];
        file.read_exact(&mut len).map_err(|_| truncated())?;
        let len = u32::from_le_bytes(len);
        if len == 0 || len > MAX_HEADER {
            return Err(damaged("its header is damaged"));
        }
        let mut header_json = vec![0u8; len as usize];
        file.read_exact(&mut header_json).map_err(|_| truncated())?;
        let mut mac = vec![0u8; HASH_LEN];
        file.read_exact(&mut mac).map_err(|_| truncated())?;
        let mut sum = [0u8; HASH_LEN];
        file.read_exact(&mut sum).map_err(|_| truncated())?;
        let mut front = Sha256::new();
        front.update(MAGIC);
        front.update(len.to_le_bytes());
        front.update(&header_json);
        front.update(&mac);
        // Read before the checksum is compared: a newer format may lay out what follows
        // differently, and deserves its own message.
        let version = serde_json::from_slice::<serde_json::Value>(&header_json)
            .ok()
            .and_then(|v| v.get("version")?.as_u64());
        if let Some(v) = version.filter(|v| *v > u64::from(VERSION)) {
            return Err(CoreError::BackupFromNewerVersion(format!(
                "backup format {v}; this version reads up to {VERSION}"
            )));
        }
        if front.finalize().as_slice() != sum {
            return Err(damaged("its header does not match its checksum"));
        }
        let header: Header = serde_json::from_slice(&header_json)
            .map_err(|_| damaged("its header cannot be read"))?;
        if header.format != FORMAT {
            return Err(CoreError::NotABackup(path.to_owned()));
        }
        if header.schema_version > SCHEMA_VERSION {
            return Err(CoreError::BackupFromNewerVersion(format!(
                "schema {}; this version knows up to {SCHEMA_VERSION}",
                header.schema_version
            )));
        }
        let database_at = (MAGIC.len() + 4 + header_json.len() + 2 * HASH_LEN) as u64;
        let (sha256, bytes) = sha256_of(&mut file)?;
        if bytes < header.database_bytes {
            return Err(truncated());
        }
        if bytes > header.database_bytes {
            return Err(damaged("it has bytes after its end"));
        }
        if sha256 != header.database_sha256 {
            return Err(damaged(
                "the database inside it does not match its checksum",
            ));
        }
        Ok(BackupFile {
            path: path.to_owned(),
            header,
            header_json,
            mac,
            database_at,
        })
    }

    /// Whether the header was written by someone holding `key`.
    pub(crate) fn header_holds(&self, key: &DataKey) -> bool {
        key.verify_mac(&header_mac_message(&self.header_json), &self.mac)
    }

    /// Copies the database out to `to` (checking its hash again on the way: the file may
    /// have changed since it was read) and opens it with `key`, without writing to it.
    pub(crate) fn open_database(&self, key: &DataKey, to: &Path) -> Result<Connection> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(self.database_at))?;
        files::create_private(to)?;
        let mut hash = Sha256::new();
        {
            let mut out = BufWriter::new(fs::OpenOptions::new().write(true).open(to)?);
            let mut tee = Tee(&mut out, &mut hash);
            io::copy(&mut file.take(self.header.database_bytes), &mut tee)?;
            out.flush()?;
            out.get_ref().sync_all()?;
        }
        if hex::encode(hash.finalize()) != self.header.database_sha256 {
            return Err(CoreError::BackupDamaged(
                self.path.clone(),
                "it changed while it was being read".into(),
            ));
        }
        store::open_checked(to, key).map_err(|e| match e {
            CoreError::NotChannelDesk(_, store::WRONG_KEY) => CoreError::BackupKeysMismatch,
            CoreError::NotChannelDesk(..) => CoreError::NotABackup(self.path.clone()),
            CoreError::NewerSchema { found, known } => CoreError::BackupFromNewerVersion(format!(
                "schema {found}; this version knows up to {known}"
            )),
            CoreError::Damaged(_, reason) => CoreError::BackupDamaged(self.path.clone(), reason),
            other => other,
        })
    }
}

/// Writes to a file and a hash at once.
struct Tee<'a, W: Write>(&'a mut W, &'a mut Sha256);

impl<W: Write> Write for Tee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
