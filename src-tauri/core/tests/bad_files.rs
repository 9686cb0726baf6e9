//! Bad files: whatever is found at the database's path or beside it, unlocking says what is
//! wrong in words of its own and changes no byte of any file. A read-only folder and a full
//! disk are real ones: a tmpfs mounted in a mount namespace of a process of its own.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use channel_desk_core::demo::bulk_cases;
use channel_desk_core::{create, unlock, CoreError, FirstPerson, Paths, Session};
use chrono::Utc;
use rand::{rngs::StdRng, Rng, SeedableRng};

const PASS: &str = "Ngozi Adeyemi's long passphrase";
const PAGE: usize = 4096;

/// A database with forty cases and a referral, locked: its paths and recovery key.
fn database_in(dir: &Path) -> (Paths, String) {
    let paths = Paths::new(dir.join("panel.db"));
    let (mut session, recovery) = create(
        &paths,
        &FirstPerson {
            full_name: "Ngozi Adeyemi",
            username: "ngozi",
            passphrase: PASS,
            passphrase_confirm: PASS,
        },
    )
    .unwrap();
    bulk_cases(&mut session, 40, 7).unwrap();
    session
        .record_referral(&support::referral("Tomasz Nowak", 8))
        .unwrap();
    session.lock("test").unwrap();
    (paths, recovery.to_string())
}

fn open(paths: &Paths) -> Result<Session, CoreError> {
    unlock(paths, "ngozi", PASS, Utc::now()).map(|u| u.session)
}

/// Every file and folder in `dir` by name, with its bytes (none for a folder); lock files,
/// which only ever name their holder, left out.
fn files(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "lock"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, (!p.is_dir()).then(|| fs::read(&p).unwrap()))
        })
        .collect()
}

/// The names of the files that differ between two `files`.
fn changed(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let names: std::collections::BTreeSet<_> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter(|n| before.get(*n) != after.get(*n))
        .cloned()
        .collect()
}

/// Unlocking is refused, and no file in the folder changed (nor any appeared or went).
fn refused(paths: &Paths) -> CoreError {
    let dir = paths.db.parent().unwrap();
    let before = files(dir);
    let err = open(paths).err().expect("unlocking should be refused");
    let changed = changed(&before, &files(dir));
    assert!(changed.is_empty(), "{changed:?} changed on: {err}");
    err
}

/// A copy of the database's files in a folder of its own, spoilt by `spoil`, is refused
/// with `code`, saying `said` (after the path it names).
fn refused_saying(good: &Paths, spoil: impl FnOnce(&Paths), code: &str, said: &str) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("panel.db"));
    for (from, to) in [
        (&good.db, &paths.db),
        (&good.keys, &paths.keys),
        (&good.attempts, &paths.attempts),
    ] {
        fs::copy(from, to).unwrap();
    }
    spoil(&paths);
    let err = refused(&paths);
    assert_eq!(err.code(), code, "{err}");
    assert!(err.to_string().contains(said), "{err}");
}

/// The database file's bytes changed by `change`.
fn change_db(paths: &Paths, change: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = fs::read(&paths.db).unwrap();
    change(&mut bytes);
    fs::write(&paths.db, bytes).unwrap();
}

#[test]
fn a_file_truncated_at_any_of_twenty_lengths_is_named_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = database_in(dir.path());
    let len = fs::metadata(&good.db).unwrap().len() as usize;
    let pages = len / PAGE;
    assert!(pages >= 20, "{pages} pages");
    let whole_pages = [1, 2, 3, pages / 4, pages / 3, pages / 2, 2 * pages / 3]
        .into_iter()
        .chain([3 * pages / 4, pages - 2, pages - 1])
        .map(|n| n * PAGE);
    let part_pages = [1, 16, 100, 1024, PAGE - 1, PAGE + 1, 2 * PAGE - 1]
        .into_iter()
        .chain([len / 2 + 1, len - 100, len - 1]);
    let lengths: Vec<usize> = whole_pages.chain(part_pages).collect();
    assert_eq!(lengths.len(), 20);
    for at in lengths {
        let said = if at % PAGE == 0 {
            "is truncated or damaged (database disk image is malformed)".to_owned()
        } else {
            format!("is truncated or damaged ({at} bytes is not a whole number of pages: the file is truncated)")
        };
        let spoil = |p: &Paths| change_db(p, |bytes| bytes.truncate(at));
        refused_saying(&good, spoil, "damaged", &said);
    }
}

#[test]
fn a_byte_changed_at_any_of_fifty_places_names_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = database_in(dir.path());
    let len = fs::metadata(&good.db).unwrap().len() as usize;
    let mut rng = StdRng::seed_from_u64(12);
    // Ten in the first page (past its salt, see the README), forty anywhere after it.
    for i in 0..50 {
        let at = rng.gen_range(if i < 10 { 16..PAGE } else { PAGE..len });
        let flip: u8 = rng.gen_range(1..=255);
        let said = format!(
            "is truncated or damaged (page {} fails its check)",
            at / PAGE + 1
        );
        let spoil = |p: &Paths| change_db(p, |bytes| bytes[at] ^= flip);
        refused_saying(&good, spoil, "damaged", &said);
    }
}

#[test]
fn files_that_are_no_channel_desk_database_or_from_a_newer_version_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (good, recovery) = database_in(dir.path());
    let plain = |p: &Paths| {
        fs::remove_file(&p.db).unwrap();
        let conn = rusqlite::Connection::open(&p.db).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('minutes');")
            .unwrap();
    };
    let said = "is not a Channel Desk database (an unencrypted SQLite file)";
    refused_saying(&good, plain, "not_channel_desk", said);
    let empty = |p: &Paths| change_db(p, Vec::clear);
    let said = "is truncated or damaged (the file is empty)";
    refused_saying(&good, empty, "damaged", said);
    let folder = |p: &Paths| {
        fs::remove_file(&p.db).unwrap();
        fs::create_dir(&p.db).unwrap();
    };
    let said = "is not a Channel Desk database (a folder, not a file)";
    refused_saying(&good, folder, "not_channel_desk", said);
    let newer = |p: &Paths| {
        let conn = rusqlite::Connection::open(&p.db).unwrap();
        let hex: String = recovery.chars().filter(|c| *c != '-').collect();
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{hex}'\"; PRAGMA user_version = 999;"
        ))
        .unwrap();
    };
    let said = "This database was written by a newer version of Channel Desk (schema 999;";
    refused_saying(&good, newer, "newer_schema", said);
}

#[test]
fn a_missing_swapped_or_truncated_key_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = database_in(dir.path());
    let other = tempfile::tempdir().unwrap();
    // The same person, with the same passphrase, on another database.
    let (other, _) = database_in(other.path());
    let missing = |p: &Paths| fs::remove_file(&p.keys).unwrap();
    let said = "is missing. Unlock with the recovery key to set up access again.";
    refused_saying(&good, missing, "key_file_missing", said);
    let swapped = |p: &Paths| {
        fs::copy(&other.keys, &p.keys).unwrap();
    };
    let said = "is damaged (it does not open this database: it is another database's";
    refused_saying(&good, swapped, "key_file_damaged", said);
    let truncated = |p: &Paths| {
        let keys = fs::read(&p.keys).unwrap();
        fs::write(&p.keys, &keys[..keys.len() / 3]).unwrap();
    };
    refused_saying(
        &good,
        truncated,
        "key_file_damaged",
        "is damaged (EOF while parsing",
    );
}

/// The folder the helpers below mount a tmpfs on.
const MOUNT: &str = "CHANNEL_DESK_TEST_MOUNT";
const MOUNTED: &str = "tmpfs mounted for the test";

/// Runs the ignored test `helper` in a process of its own, in a mount namespace of its own
/// so that its tmpfs is seen by nothing else and goes with it: `unshare --mount` as root,
/// otherwise `unshare --map-root-user --mount` (a user namespace). If neither can mount, the
/// test fails saying why.
fn in_mount_namespace(helper: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut why = Vec::new();
    for flags in [&["--mount"][..], &["--map-root-user", "--mount"]] {
        let out = Command::new("unshare")
            .args(flags)
            .arg(std::env::current_exe().unwrap())
            .args([
                helper,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(MOUNT, dir.path())
            .output();
        let said = match out {
            Ok(out) => {
                let said = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                if said.contains(MOUNTED) {
                    assert!(out.status.success(), "{said}");
                    assert!(said.contains("1 passed"), "{said}");
                    return;
                }
                said
            }
            Err(e) => e.to_string(),
        };
        why.push(format!("unshare {}: {said}", flags.join(" ")));
    }
    panic!(
        "no tmpfs could be mounted for this test: it needs root or user namespaces\n{}",
        why.join("\n")
    );
}

/// In a helper: mounts a tmpfs of `size` on the folder given and returns the folder.
fn mount_tmpfs(size: &str) -> PathBuf {
    let dir = PathBuf::from(std::env::var(MOUNT).expect("run by in_mount_namespace"));
    let options = format!("size={size},mode=0700");
    mount(&[
        "-t",
        "tmpfs",
        "-o",
        &options,
        "tmpfs",
        dir.to_str().unwrap(),
    ]);
    println!("{MOUNTED}");
    dir
}

fn mount(args: &[&str]) {
    let status = Command::new("mount").args(args).status().unwrap();
    assert!(status.success(), "mount {args:?}");
}

#[test]
fn a_read_only_folder_is_named_before_anything_is_tried() {
    in_mount_namespace("read_only_folder_in_a_mount_namespace");
}

#[test]
#[ignore = "run by a_read_only_folder_is_named_before_anything_is_tried"]
fn read_only_folder_in_a_mount_namespace() {
    let dir = mount_tmpfs("64m");
    let (paths, recovery) = database_in(&dir);
    // Made read-only as a bind mount of itself: a user namespace may not remount the tmpfs.
    let at = dir.to_str().unwrap();
    mount(&["--bind", at, at]);
    mount(&["-o", "remount,bind,ro", at]);
    let err = refused(&paths);
    assert_eq!(err.code(), "folder_read_only", "{err}");
    assert!(
        err.to_string().starts_with(&format!(
            "The folder {} cannot be written to",
            dir.display()
        )),
        "{err}"
    );
    let err = channel_desk_core::unlock_with_recovery_key(&paths, &recovery)
        .err()
        .unwrap();
    assert_eq!(err.code(), "folder_read_only", "{err}");
}

#[test]
fn a_full_disk_is_named_and_loses_nothing_saved_before() {
    in_mount_namespace("full_disk_in_a_mount_namespace");
}

/// Writes to `path` until the disk is full.
fn fill(path: &Path) {
    let mut file = fs::File::create(path).unwrap();
    for chunk in [64 * 1024, 512, 1] {
        let bytes = vec![0x5a; chunk];
        let err = loop {
            if let Err(e) = file.write_all(&bytes).and_then(|()| file.sync_all()) {
                break e;
            }
        };
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull, "{err}");
    }
}

#[test]
#[ignore = "run by a_full_disk_is_named_and_loses_nothing_saved_before"]
fn full_disk_in_a_mount_namespace() {
    let dir = mount_tmpfs("16m");
    let (paths, _) = database_in(&dir);
    let filler = dir.join("filler");

    // A referral made as the disk fills is refused; the session still reads.
    let mut session = open(&paths).unwrap();
    let cases = session.info().unwrap().cases;
    fill(&filler);
    let err = session
        .record_referral(&support::referral("Amara Okafor", 9))
        .err()
        .unwrap();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert!(
        err.to_string()
            .starts_with("The disk holding the database is full"),
        "{err}"
    );
    assert_eq!(session.info().unwrap().cases, cases);
    // Locking closes the file all the same, saying its record of the lock was not saved.
    assert_eq!(session.lock("test").err().unwrap().code(), "disk_full");

    // Unlocking on a full disk is refused and changes no file; SQLite's journal, made as
    // the file is opened, has nothing in it.
    fs::remove_file(&filler).unwrap();
    open(&paths).unwrap().lock("test").unwrap();
    fill(&filler);
    let before = files(&dir);
    let err = open(&paths).err().unwrap();
    assert_eq!(err.code(), "disk_full", "{err}");
    let mut after = files(&dir);
    assert_eq!(after.remove("panel.db-wal"), Some(Some(Vec::new())));
    after.remove("panel.db-shm");
    assert_eq!(changed(&before, &after), Vec::<String>::new());

    // With space again, everything saved before is there and the file is whole.
    fs::remove_file(&filler).unwrap();
    let session = open(&paths).unwrap();
    assert_eq!(session.info().unwrap().cases, cases);
    session.verify().unwrap();
    session.lock("test").unwrap();
}
