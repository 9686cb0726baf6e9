//! Opening the encrypted file. One function opens every connection: key first, then a
//! first read that proves the key, then checks, then pragmas and migrations. Nothing is
//! written to a file until it has been shown to be a readable Channel Desk database.

pub mod admin;
pub mod audit;
pub mod files;
pub(crate) mod migrations;

use std::fs;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::store::migrations::{MIGRATIONS, SCHEMA_VERSION};

/// `PRAGMA application_id` of every Channel Desk database ("CHDK").
const APPLICATION_ID: i64 = 0x4348_444B;
const PAGE_SIZE: u64 = 4096;

/// Creates a new encrypted database at the latest schema.
pub(crate) fn create(path: &Path, key: &DataKey) -> Result<Connection> {
    if path.exists() {
        return Err(CoreError::AlreadyExists(path.to_owned()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    files::create_private(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&key.sqlcipher_pragma())?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    configure(&conn)?;
    migrate(&mut conn, SCHEMA_VERSION)?;
    Ok(conn)
}

/// Opens an existing database with `key`. A key that does not fit gives
/// `NotChannelDesk(path, "not readable with this key")`.
pub(crate) fn open(path: &Path, key: &DataKey) -> Result<Connection> {
    let mut conn = open_checked(path, key)?;
    configure(&conn)?;
    migrate(&mut conn, SCHEMA_VERSION)?;
    Ok(conn)
}

pub(crate) const WRONG_KEY: &str = "not readable with this key";

/// Everything up to, but not including, the first write.
fn open_checked(path: &Path, key: &DataKey) -> Result<Connection> {
    check_file_shape(path)?;
    files::make_private(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    // A wrong key is an expected answer here, not something for SQLCipher to log.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&key.sqlcipher_pragma())?;
    // SQLCipher accepts any key; the first read is what proves it.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            return Err(CoreError::NotChannelDesk(path.to_owned(), WRONG_KEY))
        }
        Err(e) => return Err(damaged(path, e)),
    }
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(CoreError::NotChannelDesk(
            path.to_owned(),
            "an encrypted SQLite file of another application",
        ));
    }
    let version = user_version(&conn)?;
    if version > SCHEMA_VERSION {
        return Err(CoreError::NewerSchema {
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    if check != "ok" {
        return Err(CoreError::Damaged(path.to_owned(), check));
    }
    Ok(conn)
}

fn damaged(path: &Path, e: rusqlite::Error) -> CoreError {
    CoreError::Damaged(path.to_owned(), e.to_string())
}

/// Refuses, before any SQLite call, files that cannot be an encrypted Channel Desk database.
fn check_file_shape(path: &Path) -> Result<()> {
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CoreError::NoDatabase(path.to_owned()))
        }
        Err(e) => return Err(e.into()),
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Err(CoreError::Damaged(
            path.to_owned(),
            "the file is empty".into(),
        ));
    }
    let mut header = [0u8; 16];
    if file.read_exact(&mut header).is_ok() && &header == b"SQLite format 3\0" {
        return Err(CoreError::NotChannelDesk(
            path.to_owned(),
            "an unencrypted SQLite file",
        ));
    }
    if len % PAGE_SIZE != 0 {
        return Err(CoreError::Damaged(
            path.to_owned(),
            format!("{len} bytes is not a whole number of pages: the file is truncated"),
        ));
    }
    Ok(())
}

/// SQLite's temporary files are not encrypted, so they stay in memory; deleted content is
/// overwritten; every acknowledged write is on disk. A 64 MiB page cache holds a borough's
/// whole case list decrypted while unlocked, so lists and searches do not decrypt again.
fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    crate::casework::age::register_sql(conn)?;
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies the missing steps up to `target`, each in its own transaction with its version.
fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    let current = user_version(conn)?;
    for (index, step) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// One value of the `meta` table (database id, creation time).
pub(crate) fn meta(conn: &Connection, key: &str) -> Result<String> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_file_from_the_previous_schema_is_upgraded_with_its_data_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let key = DataKey::generate();
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.execute_batch(&key.sqlcipher_pragma()).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            migrate(&mut conn, SCHEMA_VERSION - 1).unwrap();
            conn.execute(
                "INSERT INTO people (full_name, username, role, created_at)
                 VALUES ('Nguyễn Thị Lan', 'lan', 'chair', '2026-01-05T09:00:00Z')",
                [],
            )
            .unwrap();
        }
        let conn = open(&path, &key).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let name: String = conn
            .query_row(
                "SELECT full_name FROM people WHERE username = 'lan'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(name, "Nguyễn Thị Lan");
        let idle: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'idle_lock_minutes'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(idle, "10");
    }

    #[test]
    fn a_file_from_a_newer_version_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let key = DataKey::generate();
        {
            let conn = create(&path, &key).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
            conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = open(&path, &key).err().unwrap();
        assert!(
            matches!(err, CoreError::NewerSchema { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION)
        );
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn the_file_never_starts_with_the_plain_sqlite_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(create(&path, &DataKey::generate()).unwrap());
        let bytes = fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
    }
}
