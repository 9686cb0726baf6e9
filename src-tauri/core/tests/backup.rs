//! Backup and restore: a round trip of the demo data, what opens a backup, what is refused
//! with nothing changed, and a restore over a database kept aside and audited in both files.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use channel_desk_core::store::backup::BackupProgress;
use channel_desk_core::store::restore::{open_backup, BackupKey, OpenedBackup};
use channel_desk_core::{create, demo, unlock, CoreError, FirstPerson, IfExists, Paths, Role};
use chrono::Utc;
use sha2::{Digest, Sha256};
use support::{as_role, audit_actions, referral};

const PASS: &str = "lantern orchard velvet tide";

fn database(dir: &Path, name: &str) -> (Paths, channel_desk_core::Session, String) {
    let paths = Paths::new(dir.join(name));
    let (session, recovery) = create(
        &paths,
        &FirstPerson {
            full_name: "Chiamaka Obi",
            username: "chiamaka",
            passphrase: PASS,
            passphrase_confirm: PASS,
        },
    )
    .unwrap();
    (paths, session, recovery.to_string())
}

fn person<'a>(username: &'a str, passphrase: &'a str) -> BackupKey<'a> {
    BackupKey::Person {
        username,
        passphrase,
    }
}

fn open(file: &Path, target: &Paths, key: &BackupKey) -> Result<OpenedBackup, CoreError> {
    open_backup(file, target, key, &mut |_| {})
}

/// Every file in a folder with its bytes, to show nothing changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_demo_data_backed_up_and_restored_on_a_new_laptop_is_equal_table_by_table() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut session, _) = database(dir.path(), "panel.db");
    demo::populate(&mut session, 12, 2026).unwrap();
    let file = dir.path().join("panel.cdbackup");
    let mut seen: Vec<BackupProgress> = Vec::new();
    let made = session
        .back_up(&file, IfExists::Refuse, &mut |p| seen.push(p))
        .unwrap();
    let percents: Vec<u32> = seen.iter().map(|p| p.percent).collect();
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert_eq!(percents.last(), Some(&100));
    let before = session.table_sums(made.audit_rows).unwrap();
    assert!(before.iter().any(|t| t.table == "cases" && t.rows == 12));

    let laptop = tempfile::tempdir().unwrap();
    let target = Paths::new(laptop.path().join("channel-desk").join("channel-desk.db"));
    let opened = open(&file, &target, &person("chiamaka", PASS)).unwrap();
    let summary = opened.summary().clone();
    assert_eq!(summary.made_at, made.made_at);
    assert_eq!(summary.opened_by, "chiamaka");
    assert_eq!(summary.people.len(), 1);
    let cases = summary.counts.iter().find(|c| c.label == "Cases").unwrap();
    assert_eq!(cases.count, 12);
    assert!(
        !target.db.exists(),
        "nothing is in place until it is restored"
    );
    let done = opened.restore(&target, None).unwrap();
    assert_eq!(done.kept_as, None);

    let restored = unlock(&target, "chiamaka", PASS, Utc::now()).unwrap();
    assert!(
        !restored.attempts_record_lost,
        "the record of failed attempts came with it"
    );
    let restored = restored.session;
    assert_eq!(restored.table_sums(made.audit_rows).unwrap(), before);
    assert!(restored.verify().is_ok());
    let rows = restored.audit_entries(5, 0).unwrap();
    let row = rows.iter().find(|e| e.action == "backup.restored").unwrap();
    assert_eq!(row.actor, "chiamaka");
    assert!(row.detail.contains("panel.cdbackup"), "{}", row.detail);
    let status = restored.backup_status().unwrap();
    assert_eq!(
        status.last_backup_at.as_deref(),
        Some(made.made_at.as_str())
    );
    assert!(!status.due);
}

#[test]
fn a_backup_is_owner_only_audited_and_never_replaces_a_file_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut session, _) = database(dir.path(), "panel.db");
    assert!(session.backup_status().unwrap().due, "never backed up");
    assert!(session.today().unwrap().backup_due.is_some());
    let out = dir.path().join("backups");
    fs::create_dir(&out).unwrap();
    let file = out.join("panel.cdbackup");
    fs::write(&file, b"an earlier backup").unwrap();
    let err = session
        .back_up(&file, IfExists::Refuse, &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, CoreError::AlreadyExists(_)), "{err:?}");
    assert_eq!(fs::read(&file).unwrap(), b"an earlier backup");

    let made = session
        .back_up(&file, IfExists::Replace, &mut |_| {})
        .unwrap();
    assert_eq!(made.bytes, fs::metadata(&file).unwrap().len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let names: Vec<_> = fs::read_dir(&out).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file or folder left behind");
    assert_eq!(audit_actions(&session)[0], "backup.made");
    assert!(!session.backup_status().unwrap().due);
    assert!(session.today().unwrap().backup_due.is_none());

    let err = session.set_backup_reminder_days("0").unwrap_err();
    assert_eq!(err.field(), Some("backup_reminder_days"));
    assert_eq!(
        session
            .set_backup_reminder_days("30")
            .unwrap()
            .reminder_days,
        30
    );
}

#[test]
fn nothing_of_the_records_is_readable_in_a_backup_and_only_an_administrator_or_the_recovery_key_opens_it(
) {
    let dir = tempfile::tempdir().unwrap();
    // `as_role` adds people to the support module's "cases.db".
    let (_, mut session, recovery) = database(dir.path(), "cases.db");
    session
        .record_referral(&referral("Oluwaseun Adeyemi-Brooks", 8))
        .unwrap();
    let member = as_role(&dir, &mut session, Role::PanelMember, "member");
    member.lock("test").unwrap();
    let file = dir.path().join("panel.cdbackup");
    session
        .back_up(&file, IfExists::Refuse, &mut |_| {})
        .unwrap();
    let bytes = fs::read(&file).unwrap();
    for clear in ["Oluwaseun", "Riverside", "Chiamaka", "SQLite format 3"] {
        assert!(
            !bytes.windows(clear.len()).any(|w| w == clear.as_bytes()),
            "{clear} is readable in the backup"
        );
    }

    let target = Paths::new(dir.path().join("laptop").join("panel.db"));
    let refused = |key: BackupKey| open(&file, &target, &key).err().unwrap();
    assert!(matches!(
        refused(person("chiamaka", "not the passphrase at all")),
        CoreError::NotRecognised
    ));
    assert!(matches!(
        refused(person("nobody", PASS)),
        CoreError::NotRecognised
    ));
    let member_pass = "member's own phrase";
    assert!(matches!(
        refused(person("member", member_pass)),
        CoreError::Forbidden(_)
    ));
    let other = channel_desk_core::security::crypto::DataKey::generate().recovery_key();
    assert!(matches!(
        refused(BackupKey::RecoveryKey(&other)),
        CoreError::RecoveryKeyNotRecognised
    ));
    assert!(!target.db.exists());

    let opened = open(&file, &target, &BackupKey::RecoveryKey(&recovery)).unwrap();
    assert_eq!(opened.summary().opened_by, "(recovery key)");
    assert_eq!(opened.summary().people.len(), 2);
    opened.restore(&target, None).unwrap();
    session.lock("test").unwrap();
    // The people in it keep their passphrases.
    assert!(unlock(&target, "chiamaka", PASS, Utc::now()).is_ok());
}

/// The header's length, where the header ends, and the checksum's place.
fn layout(bytes: &[u8]) -> (usize, usize) {
    let len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    (20 + len, 20 + len + 32)
}

/// The backup with its header changed by `edit` and its checksum made to match, as someone
/// who meant it would (the HMAC under the data key they cannot make).
fn with_header(bytes: &[u8], edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let (header_end, mac_end) = layout(bytes);
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[20..header_end]).unwrap();
    edit(&mut header);
    let json = serde_json::to_vec(&header).unwrap();
    let mut front = bytes[..16].to_vec();
    front.extend_from_slice(&(json.len() as u32).to_le_bytes());
    front.extend_from_slice(&json);
    front.extend_from_slice(&bytes[header_end..mac_end]);
    let mut out = front.clone();
    out.extend_from_slice(&Sha256::digest(&front));
    out.extend_from_slice(&bytes[mac_end + 32..]);
    out
}

#[test]
fn damaged_newer_or_mismatched_backups_are_refused_each_with_its_message_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut session, _) = database(dir.path(), "panel.db");
    session
        .record_referral(&referral("Tomás Ó Briain", 70))
        .unwrap();
    let file = dir.path().join("good.cdbackup");
    session
        .back_up(&file, IfExists::Refuse, &mut |_| {})
        .unwrap();
    session.lock("test").unwrap();
    let good = fs::read(&file).unwrap();
    let before = snapshot(dir.path());
    let bad = dir.path().join("bad.cdbackup");
    let refuse = |bytes: &[u8]| -> CoreError {
        fs::write(&bad, bytes).unwrap();
        let err = open(&bad, &paths, &person("chiamaka", PASS)).err().unwrap();
        fs::remove_file(&bad).unwrap();
        err
    };
    let (header_end, _) = layout(&good);

    for len in [
        0,
        10,
        18,
        100,
        header_end + 10,
        good.len() / 2,
        good.len() - 1,
    ] {
        let err = refuse(&good[..len]);
        let expected = if len < 16 {
            "not_a_backup"
        } else {
            "backup_damaged"
        };
        assert_eq!(err.code(), expected, "truncated at {len}: {err}");
    }
    for offset in [
        3,
        30,
        header_end - 5,
        header_end + 3,
        header_end + 40,
        good.len() - 7,
    ] {
        let mut flipped = good.clone();
        flipped[offset] ^= 0x5a;
        let err = refuse(&flipped);
        let expected = if offset < 16 {
            "not_a_backup"
        } else {
            "backup_damaged"
        };
        assert_eq!(err.code(), expected, "byte {offset} flipped: {err}");
    }
    let newer = with_header(&good, |h| h["schema_version"] = 999.into());
    let err = refuse(&newer);
    assert_eq!(err.code(), "backup_newer");
    assert!(err.to_string().contains("schema 999"), "{err}");
    let newer_format = with_header(&good, |h| h["version"] = 2.into());
    assert_eq!(refuse(&newer_format).code(), "backup_newer");

    // The key slots of another database, where the same person has the same passphrase.
    let elsewhere = tempfile::tempdir().unwrap();
    let (other_paths, other, _) = database(elsewhere.path(), "other.db");
    other.lock("test").unwrap();
    let other_keys: serde_json::Value =
        serde_json::from_slice(&fs::read(&other_paths.keys).unwrap()).unwrap();
    let swapped = with_header(&good, |h| h["keys"] = other_keys);
    let err = refuse(&swapped);
    assert!(matches!(err, CoreError::BackupKeysMismatch), "{err:?}");

    assert!(refuse(b"SQLite format 3\0 and then some").code() == "not_a_backup");
    let err = open(dir.path(), &paths, &person("chiamaka", PASS))
        .err()
        .unwrap();
    assert_eq!(err.code(), "not_a_backup", "a folder");

    assert_eq!(snapshot(dir.path()), before, "every file byte-identical");
}

#[test]
fn restoring_over_a_database_keeps_it_aside_and_both_files_record_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut session, _) = database(dir.path(), "panel.db");
    session
        .record_referral(&referral("Amani Njoroge", 9))
        .unwrap();
    let file = dir.path().join("panel.cdbackup");
    session
        .back_up(&file, IfExists::Refuse, &mut |_| {})
        .unwrap();
    let later = session
        .record_referral(&referral("Wiremu Tāne", 64))
        .unwrap();

    // Not over a database nobody has opened.
    let opened = open(&file, &paths, &person("chiamaka", PASS)).unwrap();
    let before = snapshot(dir.path());
    let err = opened.restore(&paths, None).unwrap_err();
    assert!(matches!(err, CoreError::AlreadyExists(_)), "{err:?}");
    assert_eq!(snapshot(dir.path()), before);

    let opened = open(&file, &paths, &person("chiamaka", PASS)).unwrap();
    let done = opened.restore(&paths, Some(session)).unwrap();
    assert_eq!(done.warning, None);
    let kept = Paths::new(done.kept_as.unwrap());
    assert!(kept
        .db
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("panel.before-restore-"));

    let mut restored = unlock(&paths, "chiamaka", PASS, Utc::now())
        .unwrap()
        .session;
    assert!(
        restored.case_record(later).is_err(),
        "the referral made after the backup is not in it"
    );
    let actions = audit_actions(&restored);
    assert!(actions.contains(&"backup.restored".to_owned()));
    assert!(!actions.contains(&"backup.replaced".to_owned()));
    restored.lock("test").unwrap();

    let mut old = unlock(&kept, "chiamaka", PASS, Utc::now()).unwrap().session;
    assert!(old.case_record(later).is_ok(), "kept whole");
    let rows = old.audit_entries(10, 0).unwrap();
    let replaced = rows
        .iter()
        .find(|e| e.action == "backup.replaced")
        .expect("the replaced database says so");
    assert!(replaced.detail.contains("panel.cdbackup"));
    assert!(old.verify().is_ok());
}
