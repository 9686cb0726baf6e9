//! Opening the encrypted file. One function opens every connection: key first, then a
//! first read that proves the key, then checks, then pragmas and migrations. Nothing is
//! written to a file until it has been shown to be a readable Channel Desk database.

pub mod admin;
pub mod audit;
pub mod audit_export;
pub mod backup;
#[cfg(feature = "demo")]
mod digest;
pub mod exclusive;
pub mod files;
pub(crate) mod migrations;
pub mod restore;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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
    let mut conn = connect(path)?;
    conn.execute_batch(&key.sqlcipher_pragma())?;
    // Set before the first table: erasure gives freed pages back (`retention::erase`).
    conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL;")?;
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

/// Whether connections turn SQLCipher's memory security on. Only the benchmark clears it,
/// before its first connection, to time the case list without it.
pub(crate) static MEMORY_SECURITY: AtomicBool = AtomicBool::new(true);

/// A connection to `path` with SQLCipher's memory security on before the key is given:
/// from then on SQLCipher wipes every allocation of every connection in the process when
/// it frees it (the `PRAGMA key` text, query results, and the page cache when the
/// connection closes at lock). It is a setting of the whole process and cannot be turned
/// off again.
pub(crate) fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    if MEMORY_SECURITY.load(Ordering::Relaxed) {
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    }
    Ok(conn)
}

/// Everything up to, but not including, the first write.
pub(crate) fn open_checked(path: &Path, key: &DataKey) -> Result<Connection> {
    check_file_shape(path)?;
    files::make_private(path)?;
    let conn = connect(path)?;
    // A wrong key is an expected answer here, not something for SQLCipher to log.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&key.sqlcipher_pragma())?;
    // SQLCipher accepts any key; the first read is what proves it.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            // Page 1 fails under a key that does not fit as well: page 2 tells them apart.
            let second = page_checks(path, key)
                .ok()
                .and_then(|mut pages| pages.next());
            return Err(if second.is_some_and(|(_, authentic)| authentic) {
                CoreError::Damaged(path.to_owned(), "page 1 fails its check".into())
            } else {
                CoreError::NotChannelDesk(path.to_owned(), WRONG_KEY)
            });
        }
        Err(e) => return Err(damaged(path, key, e)),
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
        .map_err(|e| damaged(path, key, e))?;
    if check != "ok" {
        return Err(damage(path, key, check));
    }
    Ok(conn)
}

/// Each page after the first with whether the key authenticates it (SQLCipher's own check,
/// which SQLite reports only as damage), read a page at a time.
fn page_checks<'a>(
    path: &Path,
    key: &'a DataKey,
) -> std::io::Result<impl Iterator<Item = (u32, bool)> + 'a> {
    let mut file = std::io::BufReader::new(fs::File::open(path)?);
    let mut page = vec![0u8; PAGE_SIZE as usize];
    file.read_exact(&mut page)?;
    let salt = page[..16].to_vec();
    Ok((2u32..).map_while(move |number| {
        file.read_exact(&mut page).ok()?;
        Some((
            number,
            key.authenticates_sqlcipher_page(&salt, number, &page),
        ))
    }))
}

/// A file SQLite found damaged: the first page changed outside SQLCipher if there is one,
/// else SQLite's own reason.
fn damage(path: &Path, key: &DataKey, reason: String) -> CoreError {
    let changed = page_checks(path, key)
        .ok()
        .and_then(|mut pages| pages.find(|(_, authentic)| !authentic));
    CoreError::Damaged(
        path.to_owned(),
        changed.map_or(reason, |(page, _)| format!("page {page} fails its check")),
    )
}

/// A read that failed for a reason of its own (such as a full disk) keeps it.
fn damaged(path: &Path, key: &DataKey, e: rusqlite::Error) -> CoreError {
    match CoreError::from(e) {
        CoreError::Sqlite(e) => damage(path, key, e.to_string()),
        other => other,
    }
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
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(CoreError::NotChannelDesk(
            path.to_owned(),
            "a folder, not a file",
        ));
    }
    let len = metadata.len();
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

/// The page cache, in KiB: 64 MiB holds a borough's whole case list decrypted while
/// unlocked, so lists and searches do not decrypt again.
pub(crate) const CACHE_KIB: u32 = 65_536;

/// SQLite's temporary files are not encrypted, so they stay in memory; deleted content is
/// overwritten; every acknowledged write is on disk.
fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "PRAGMA cache_size = -{CACHE_KIB};
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;"
    ))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    crate::casework::age::register_sql(conn)?;
    crate::common::text::register_sql(conn)?;
    Ok(())
}

/// Encrypts the whole file under `key` in place, in one transaction. SQLCipher 4 rekeys
/// only outside WAL mode, so the WAL is checkpointed away first and taken up again after.
pub(crate) fn rekey(conn: &Connection, key: &DataKey) -> Result<()> {
    conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
    let rekeyed = conn.execute_batch(&key.sqlcipher_rekey_pragma());
    conn.execute_batch("PRAGMA journal_mode = WAL;")?;
    Ok(rekeyed?)
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
            // Later migrations call the app's SQL functions.
            configure(&conn).unwrap();
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

    /// Free text typed before categories existed is matched where it names one (ignoring
    /// case, accents and spaces) and otherwise kept, to be categorised; the yes/no needs
    /// become needs; episodes and reviews come from the timeline.
    #[test]
    fn typed_gender_ethnicity_and_needs_become_categories_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        let key = DataKey::generate();
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.execute_batch(&key.sqlcipher_pragma()).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            migrate(&mut conn, 6).unwrap();
            let case = |id: i64, gender: &str, ethnicity: &str, needs: [bool; 3], episode: i64| {
                conn.execute(
                    "INSERT INTO cases (id, reference, episode, stage, stage_since, received_on, referrer_name,
                        referrer_organisation, referrer_sector, full_name, other_names, gender, address, postcode,
                        school_or_employer, languages, ethnicity, concern_type, concern, needs_mental_health,
                        needs_neurodiversity, needs_sen, other_agencies, created_at)
                     VALUES (?1, 'CH-2025-000' || ?1, ?6, 'closed', '2025-03-01', '2025-02-01', 'R', '', 'education',
                        'Synthetic', '', ?2, '', '', '', '', ?3, 'islamist', 'c', ?4, ?5, ?7, '', '2025-01-01')",
                    rusqlite::params![id, gender, ethnicity, needs[0], needs[1], episode, needs[2]],
                )
                .unwrap();
            };
            case(1, " FEMALE ", "Bangladeshi", [true, false, true], 1);
            case(2, "Male", "white: irish", [false, true, false], 2);
            case(3, "Agender", "Kurdish", [false; 3], 1);
            case(4, "", "Gypsy or Irish Traveller", [false; 3], 1);
            conn.execute_batch(
                "INSERT INTO case_events (case_id, episode, happened_on, kind, summary, recorded_by, recorded_at) VALUES
                    (2, 1, '2024-05-01', 'case.referral', 'Referral received', 'x', '2024-05-01'),
                    (2, 1, '2024-09-01', 'case.review', '6-month review after exit: settled', 'x', '2024-09-01'),
                    (2, 2, '2025-02-01', 'case.rereferral', 'Re-referred: episode 2', 'x', '2025-02-01');",
            )
            .unwrap();
        }
        let conn = open(&path, &key).unwrap();
        let rows: Vec<(String, String, String, String)> = conn
            .prepare("SELECT gender_code, gender, ethnicity_code, ethnicity FROM cases ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let s = |v: &str| v.to_owned();
        assert_eq!(
            rows,
            vec![
                (s("female"), s(""), s("asian_bangladeshi"), s("")),
                (s("male"), s(""), s("white_irish"), s("")),
                (s(""), s("Agender"), s(""), s("Kurdish")),
                (s(""), s(""), s("white_gypsy_irish_traveller"), s("")),
            ],
            "matched text gives way to its category; the rest waits to be categorised"
        );
        let needs: Vec<(i64, String)> = conn
            .prepare("SELECT case_id, code FROM case_needs ORDER BY case_id, code")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            needs,
            vec![
                (1, s("mh_unspecified")),
                (1, s("sen")),
                (2, s("nd_unspecified"))
            ]
        );
        let episodes: Vec<(i64, i64, String)> = conn
            .prepare("SELECT case_id, episode, received_on FROM episodes ORDER BY case_id, episode")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            episodes,
            vec![
                (1, 1, s("2025-02-01")),
                (2, 1, s("2024-05-01")),
                (2, 2, s("2025-02-01")),
                (3, 1, s("2025-02-01")),
                (4, 1, s("2025-02-01")),
            ]
        );
        let review: (i64, i64, String) = conn
            .query_row(
                "SELECT case_id, months, reviewed_on FROM reviews",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(review, (2, 6, s("2024-09-01")));
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
