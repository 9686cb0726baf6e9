//! Where a database's files live and how small side files are written safely.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{de::DeserializeOwned, Serialize};

use crate::error::{CoreError, Result};

/// A database and the side files beside it: the key slots (`.keys`), the record of failed
/// unlock attempts (`.attempts`), which must be writable while the database is locked, and
/// the lock held by the one process that has it open (`.lock`, see `store::exclusive`).
#[derive(Debug, Clone)]
pub struct Paths {
    pub db: PathBuf,
    pub keys: PathBuf,
    pub attempts: PathBuf,
    pub lock: PathBuf,
}

impl Paths {
    pub fn new(db: impl Into<PathBuf>) -> Self {
        let db = db.into();
        let with_suffix = |suffix: &str| {
            let mut name = db.file_name().unwrap_or_default().to_os_string();
            name.push(suffix);
            db.with_file_name(name)
        };
        Paths {
            keys: with_suffix(".keys"),
            attempts: with_suffix(".attempts"),
            lock: with_suffix(".lock"),
            db,
        }
    }

    /// The platform's data directory (on Linux `~/.local/share/channel-desk/channel-desk.db`).
    pub fn default_location() -> Self {
        let dir = dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("channel-desk");
        Paths::new(dir.join("channel-desk.db"))
    }

    /// The name shown in the app's header.
    pub fn display_name(&self) -> String {
        self.db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Writes JSON atomically (see `write_atomic`).
pub(crate) fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(
        path,
        &serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?,
    )
}

/// Whether an export may replace a file already at the path it is written to: only when the
/// person has said so (the app's save dialog asks; the command line's `--replace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfExists {
    /// Refuse with `CoreError::AlreadyExists`, the file untouched.
    Refuse,
    Replace,
}

/// Writes a file only its owner can read so that a crash leaves either the old file or the
/// new one, never half of either: temporary file, fsync, rename, fsync of the directory.
/// The temporary file is created exclusively under a random name (never following a link
/// someone placed there) and is owner-only from its first byte; it goes if writing fails.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_if(path, bytes, IfExists::Replace)
}

/// As `write_atomic`; when `if_exists` refuses, the rename itself refuses a name taken (no
/// moment between a check and the write in which a file could appear).
fn write_atomic_if(path: &Path, bytes: &[u8], if_exists: IfExists) -> Result<()> {
    let mut file = temporary_beside(path)?;
    file.write_all(bytes)?;
    persist(file, path, if_exists)
}

/// The folder a file goes in ("." for a bare name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    dir.unwrap_or(Path::new("."))
}

/// A temporary file in the folder `path` will be in, made exclusively under a random name and
/// owner-only from its first byte; it goes when dropped unless persisted.
pub(crate) fn temporary_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    Ok(tempfile::Builder::new()
        .prefix(".channel-desk-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))?)
}

/// Syncs a temporary file and renames it to `path` (refusing a name taken when `if_exists`
/// says so), then syncs the folder.
pub(crate) fn persist(
    file: tempfile::NamedTempFile,
    path: &Path,
    if_exists: IfExists,
) -> Result<()> {
    let dir = folder_of(path);
    file.as_file().sync_all()?;
    let persisted = match if_exists {
        IfExists::Replace => file.persist(path),
        IfExists::Refuse => file.persist_noclobber(path),
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => CoreError::AlreadyExists(path.to_owned()),
        _ => e.error.into(),
    })?;
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Writes an exported file, then commits the transaction that records it (its audit row):
/// if the commit fails the file goes, so there is never one without the other.
pub(crate) fn write_then_commit(
    tx: rusqlite::Transaction,
    out: &Path,
    bytes: &[u8],
    if_exists: IfExists,
) -> Result<()> {
    write_files_then_commit(tx, &[(out, bytes)], if_exists)
}

/// Several files and a transaction, all or nothing: a failure removes the files written.
pub(crate) fn write_files_then_commit(
    tx: rusqlite::Transaction,
    files: &[(&Path, &[u8])],
    if_exists: IfExists,
) -> Result<()> {
    let mut written = Vec::new();
    let outcome = files
        .iter()
        .try_for_each(|(path, bytes)| {
            write_atomic_if(path, bytes, if_exists)?;
            written.push(*path);
            Ok::<_, CoreError>(())
        })
        .and_then(|()| tx.commit().map_err(Into::into));
    if outcome.is_err() {
        for path in written {
            let _ = fs::remove_file(path);
        }
    }
    outcome
}

/// `None` if the file is absent; `Err(reason)` if present but unreadable as `T`.
pub(crate) fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<Result<T, String>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(
            serde_json::from_slice(&bytes).map_err(|e| e.to_string()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Creates the empty database file only its owner can read, before SQLite opens it: SQLite
/// gives its `-wal` and `-shm` files the database file's permissions.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?;
    Ok(())
}

/// Opens (creating if need be) a file that is only ever locked, owner-only, never following
/// a link planted at its name.
pub(crate) fn open_lock_file(path: &Path) -> Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    Ok(options.open(path)?)
}

/// Narrows a database made before files were created private, with its `-wal` and `-shm`,
/// to its owner.
pub(crate) fn make_private(db: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            let path = Path::new(&name);
            match fs::metadata(path) {
                Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_side_file_is_owner_only_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("c.db.keys");
        write_atomic(&keys, b"first").unwrap();
        write_atomic(&keys, b"second").unwrap();
        assert_eq!(fs::read(&keys).unwrap(), b"second");
        assert_eq!(
            fs::metadata(&keys).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the file itself");
    }

    #[test]
    fn a_file_already_there_is_refused_untouched_unless_replacing_was_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("minutes.pdf");
        fs::write(&out, b"circulated copy").unwrap();
        let err = write_atomic_if(&out, b"new export", IfExists::Refuse).unwrap_err();
        assert!(
            matches!(&err, CoreError::AlreadyExists(p) if *p == out),
            "{err:?}"
        );
        assert_eq!(fs::read(&out).unwrap(), b"circulated copy");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
        write_atomic_if(&out, b"new export", IfExists::Replace).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"new export");
    }

    #[test]
    fn a_link_planted_at_the_file_is_replaced_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.txt");
        fs::write(&target, b"not yours").unwrap();
        let keys = dir.path().join("c.db.keys");
        std::os::unix::fs::symlink(&target, &keys).unwrap();
        write_atomic(&keys, b"slots").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"not yours");
        assert!(!fs::symlink_metadata(&keys)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&keys).unwrap(), b"slots");
    }
}
