//! The one error type of the core. Every variant a user can cause says what to do about it;
//! none carries personal data from the records.

use std::path::PathBuf;

use serde::Serialize;

/// Bad input in one form field: the field it belongs beside and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Bad input in form fields: every field error of the form at once, in the order of its
    /// fields, never empty. Made with `CoreError::invalid` or `Checks` (common/fields.rs).
    #[error("{}", first_of(.0))]
    Invalid(Vec<FieldError>),
    #[error("Username or passphrase not recognised")]
    NotRecognised,
    #[error("Too many failed attempts. Wait {seconds} {} before trying again.", if *seconds == 1 { "second" } else { "seconds" })]
    Backoff { seconds: u64 },
    #[error("The recovery key was not recognised for this database")]
    RecoveryKeyNotRecognised,
    #[error("There is no Channel Desk database at {0}")]
    NoDatabase(PathBuf),
    #[error("A file already exists at {0}; Channel Desk will not overwrite it")]
    AlreadyExists(PathBuf),
    #[error("{0} is not a Channel Desk database ({1})")]
    NotChannelDesk(PathBuf, &'static str),
    #[error("The database file {0} is truncated or damaged ({1})")]
    Damaged(PathBuf, String),
    #[error("The key file {0} is missing. Unlock with the recovery key to set up access again.")]
    KeyFileMissing(PathBuf),
    #[error(
        "The key file {0} is damaged ({1}). Unlock with the recovery key to set up access again."
    )]
    KeyFileDamaged(PathBuf, String),
    #[error("A key slot is damaged ({0}). An administrator can reset that person's passphrase.")]
    KeySlotDamaged(String),
    /// Another process has the database open: who, in which process, since when.
    #[error("This database is open in {0}. Close it there first.")]
    InUse(String),
    #[error("The folder {0} cannot be written to, and Channel Desk writes beside the database. Move the database to a folder you can write to, or ask for write access. Nothing was changed.")]
    FolderReadOnly(PathBuf),
    #[error("The disk holding the database is full: this change was not saved. Free some space and try again.")]
    DiskFull,
    #[error("This database was written by a newer version of Channel Desk (schema {found}; this version knows up to {known}). Nothing was changed.")]
    NewerSchema { found: i64, known: i64 },
    #[error("{0} is not a Channel Desk backup. Nothing was changed.")]
    NotABackup(PathBuf),
    #[error("The backup {0} is damaged ({1}) and cannot be restored. Nothing was changed.")]
    BackupDamaged(PathBuf, String),
    #[error("This backup was made by a newer version of Channel Desk ({0}). Restore it with that version or a later one. Nothing was changed.")]
    BackupFromNewerVersion(String),
    #[error("The key slots in this backup do not open the database inside it, so it cannot be restored. Nothing was changed.")]
    BackupKeysMismatch,
    /// A step of the case journey that its rules forbid.
    #[error("{message}")]
    RuleBroken { rule: &'static str, message: String },
    #[error("Your role does not allow you to {0}")]
    Forbidden(&'static str),
    #[error("Change your temporary passphrase before doing anything else")]
    PassphraseChangeRequired,
    #[error("{0} was not found")]
    NotFound(&'static str),
    #[error("The audit trail is broken at row {id}: {reason}")]
    AuditBroken { id: i64, reason: String },
    #[error("The date {text:?} stored in {row} cannot be read: the database may have been changed outside Channel Desk")]
    StoredDate { row: String, text: String },
    #[error("The stored copy of export {0} no longer matches its recorded SHA-256: the database may have been changed outside Channel Desk")]
    StoredExportDamaged(i64),
    #[error("Database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("File error: {0}")]
    Io(std::io::Error),
}

impl CoreError {
    /// A stable code the UI and scripts can match on.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid(_) => "invalid",
            CoreError::NotRecognised => "not_recognised",
            CoreError::Backoff { .. } => "backoff",
            CoreError::RecoveryKeyNotRecognised => "recovery_key_not_recognised",
            CoreError::NoDatabase(_) => "no_database",
            CoreError::AlreadyExists(_) => "already_exists",
            CoreError::NotChannelDesk(..) => "not_channel_desk",
            CoreError::Damaged(..) => "damaged",
            CoreError::KeyFileMissing(_) => "key_file_missing",
            CoreError::KeyFileDamaged(..) => "key_file_damaged",
            CoreError::KeySlotDamaged(_) => "key_slot_damaged",
            CoreError::InUse(_) => "in_use",
            CoreError::FolderReadOnly(_) => "folder_read_only",
            CoreError::DiskFull => "disk_full",
            CoreError::NewerSchema { .. } => "newer_schema",
            CoreError::NotABackup(_) => "not_a_backup",
            CoreError::BackupDamaged(..) => "backup_damaged",
            CoreError::BackupFromNewerVersion(_) => "backup_newer",
            CoreError::BackupKeysMismatch => "backup_keys_mismatch",
            CoreError::RuleBroken { .. } => "rule",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::PassphraseChangeRequired => "passphrase_change_required",
            CoreError::NotFound(_) => "not_found",
            CoreError::AuditBroken { .. } => "audit_broken",
            CoreError::StoredDate { .. } | CoreError::StoredExportDamaged(_) => "damaged_row",
            CoreError::Sqlite(_) => "database",
            CoreError::Io(_) => "io",
        }
    }

    /// The form field the (first) error belongs beside, if any.
    pub fn field(&self) -> Option<&'static str> {
        self.field_errors().first().map(|e| e.field)
    }

    /// Every field error, in the order of the form's fields; none for other errors.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            CoreError::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// One field's error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::Invalid(vec![FieldError {
            field,
            message: message.into(),
        }])
    }

    /// The same error with field `from`'s errors shown beside `to` instead, for a check
    /// shared by forms that name the field differently.
    pub(crate) fn renamed(mut self, from: &str, to: &'static str) -> Self {
        if let CoreError::Invalid(errors) = &mut self {
            for e in errors.iter_mut().filter(|e| e.field == from) {
                e.field = to;
            }
        }
        self
    }
}

/// The first field error's message, and how many more there are.
fn first_of(errors: &[FieldError]) -> String {
    match errors {
        [] => String::new(),
        [only] => only.message.clone(),
        [first, rest @ ..] => format!("{} (and {} more)", first.message, rest.len()),
    }
}

/// A full disk is said in words, whichever write met it.
impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull => CoreError::DiskFull,
            _ => CoreError::Io(e),
        }
    }
}

/// A core error raised inside a query's row mapping comes back as itself; a full disk is
/// said in words.
impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            // Growing the shared-memory file beside a database fails only for want of space.
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::DiskFull
                    || f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE =>
            {
                CoreError::DiskFull
            }
            rusqlite::Error::UserFunctionError(inner) => match inner.downcast::<CoreError>() {
                Ok(core) => *core,
                Err(other) => CoreError::Sqlite(rusqlite::Error::UserFunctionError(other)),
            },
            e => CoreError::Sqlite(e),
        }
    }
}

/// A PDF that cannot be laid out or written fails the export as a file error would.
impl From<channel_desk_pdf::PdfError> for CoreError {
    fn from(e: channel_desk_pdf::PdfError) -> Self {
        CoreError::Io(std::io::Error::other(e))
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
