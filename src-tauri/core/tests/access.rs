//! Creating, unlocking, locking and recovering a database, as the people using it would.

mod support;

use std::fs;

use channel_desk_core::{
    create, database_state, unlock, unlock_with_recovery_key, CoreError, DatabaseState,
    FirstPerson, Paths, Role, Session,
};
use chrono::Utc;

const ADMIN_PASS: &str = "Árvíztűrő tükörfúrógép 7";

fn new_database() -> (tempfile::TempDir, Paths, String) {
    support::locked_database("Chiamaka Ọkọnkwọ", "chiamaka", ADMIN_PASS)
}

fn open(paths: &Paths, username: &str, passphrase: &str) -> Result<Session, CoreError> {
    unlock(paths, username, passphrase, Utc::now()).map(|u| u.session)
}

fn snapshot(paths: &Paths) -> (Vec<u8>, Vec<u8>) {
    (fs::read(&paths.db).unwrap(), fs::read(&paths.keys).unwrap())
}

#[test]
fn the_first_person_is_an_administrator_and_can_unlock() {
    let (_dir, paths, recovery) = new_database();
    assert_eq!(database_state(&paths), DatabaseState::Ready);
    assert_eq!(recovery.split('-').count(), 16);
    let session = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    assert_eq!(session.person().role, Role::Administrator);
    assert_eq!(session.person().full_name, "Chiamaka Ọkọnkwọ");
    let info = session.info().unwrap();
    assert_eq!(info.people.len(), 1);
}

#[test]
fn a_new_database_refuses_weak_passphrases_beside_the_field_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("panel.db"));
    let attempt = |pass: &str, confirm: &str| {
        create(
            &paths,
            &FirstPerson {
                full_name: "Ana",
                username: "ana.silva",
                passphrase: pass,
                passphrase_confirm: confirm,
            },
        )
        .err()
        .unwrap()
    };
    assert_eq!(
        attempt("too short", "too short").field(),
        Some("passphrase")
    );
    assert_eq!(
        attempt("ana.silva", "ana.silva").field(),
        Some("passphrase")
    );
    assert_eq!(
        attempt("a long enough passphrase", "a different passphrase").field(),
        Some("passphrase_confirm")
    );
    assert!(!paths.db.exists());
    assert!(!paths.keys.exists());
    assert_eq!(database_state(&paths), DatabaseState::Missing);
}

#[test]
fn a_wrong_passphrase_or_unknown_username_gets_one_message_and_changes_neither_file() {
    let (_dir, paths, _) = new_database();
    let before = snapshot(&paths);
    for (user, pass) in [("chiamaka", "not the passphrase"), ("nobody", ADMIN_PASS)] {
        let err = open(&paths, user, pass).err().unwrap();
        assert!(matches!(err, CoreError::NotRecognised));
        assert_eq!(err.to_string(), "Username or passphrase not recognised");
    }
    assert_eq!(snapshot(&paths), before);
}

#[test]
fn a_blank_unlock_form_is_answered_beside_the_field_and_not_counted() {
    let (_dir, paths, _) = new_database();
    assert_eq!(
        open(&paths, "", ADMIN_PASS).err().unwrap().field(),
        Some("username")
    );
    assert_eq!(
        open(&paths, "chiamaka", "").err().unwrap().field(),
        Some("passphrase")
    );
    assert!(fs::read_to_string(&paths.attempts)
        .unwrap()
        .contains("\"failures\": []"));
    let unlocked = unlock(&paths, "chiamaka", ADMIN_PASS, Utc::now()).unwrap();
    assert!(unlocked.last_failed_attempt.is_none());
}

#[test]
fn failed_attempts_reach_the_audit_trail_at_the_next_unlock() {
    let (_dir, paths, _) = new_database();
    assert!(open(&paths, "chiamaka", "guess number one").is_err());
    let unlocked = unlock(&paths, "chiamaka", ADMIN_PASS, Utc::now()).unwrap();
    let last = unlocked
        .last_failed_attempt
        .expect("the failed attempt is reported");
    assert!(Utc::now() - last < chrono::Duration::seconds(60));
    let log = unlocked.session.audit_entries(50, 0).unwrap();
    let failed = log.iter().find(|e| e.action == "unlock.failed").unwrap();
    assert!(failed.detail.contains("chiamaka"));
    // Moved, not copied: the next unlock reports no failure.
    unlocked.session.lock("test").unwrap();
    let again = unlock(&paths, "chiamaka", ADMIN_PASS, Utc::now()).unwrap();
    assert!(again.last_failed_attempt.is_none());
}

#[test]
fn after_five_failures_even_the_right_passphrase_must_wait_and_the_wait_is_on_disk() {
    let (_dir, paths, _) = new_database();
    for _ in 0..5 {
        assert!(matches!(
            open(&paths, "chiamaka", "wrong wrong wrong"),
            Err(CoreError::NotRecognised)
        ));
    }
    // Nothing is held in memory between calls: each call reads the record from disk, as a
    // restarted app would.
    match open(&paths, "chiamaka", ADMIN_PASS) {
        Err(CoreError::Backoff { seconds }) => assert!((1..=2).contains(&seconds)),
        other => panic!("expected a wait, got {:?}", other.err()),
    }
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert!(open(&paths, "chiamaka", ADMIN_PASS).is_ok());
}

#[test]
fn guessing_the_current_passphrase_when_changing_it_waits_and_is_audited_like_an_unlock() {
    let (_dir, paths, _) = new_database();
    let mut admin = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    let new = "saffron harbour quilt meadow";
    for _ in 0..5 {
        let err = admin
            .change_passphrase("a guess at it", new, new)
            .err()
            .unwrap();
        assert_eq!(err.field(), Some("current_passphrase"));
    }
    // The sixth guess waits, even with the right passphrase, and so does the unlock screen.
    assert!(matches!(
        admin.change_passphrase(ADMIN_PASS, new, new),
        Err(CoreError::Backoff { .. })
    ));
    admin.lock("test").unwrap();
    assert!(matches!(
        open(&paths, "chiamaka", ADMIN_PASS),
        Err(CoreError::Backoff { .. })
    ));
    let later = Utc::now() + chrono::Duration::minutes(10);
    let unlocked = unlock(&paths, "chiamaka", ADMIN_PASS, later).unwrap();
    let failed = unlocked
        .session
        .audit_entries(50, 0)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "unlock.failed" && e.detail.contains("chiamaka"))
        .count();
    assert_eq!(failed, 5, "each wrong guess is in the audit trail");
}

#[test]
fn a_removed_persons_passphrase_no_longer_opens_the_file() {
    let (_dir, paths, _) = new_database();
    let mut admin = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    let temp = "temporary passphrase 1";
    let bo = admin
        .add_person("Bo Nguyễn", "bo.nguyen", Role::Secretariat, temp, temp)
        .unwrap();
    admin.remove_person(bo.id).unwrap();
    admin.lock("test").unwrap();
    let before = snapshot(&paths);
    assert!(matches!(
        open(&paths, "bo.nguyen", temp),
        Err(CoreError::NotRecognised)
    ));
    assert_eq!(snapshot(&paths), before);
}

#[test]
fn a_temporary_passphrase_must_be_changed_before_anything_else() {
    let (_dir, paths, _) = new_database();
    let mut admin = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    let temp = "temporary passphrase 2";
    let person = admin
        .add_person("Oluwaseun Adébáyọ̀", "seun", Role::Administrator, temp, temp)
        .unwrap();
    assert!(person.must_change_passphrase);
    admin.lock("test").unwrap();

    let mut seun = open(&paths, "seun", temp).unwrap();
    assert!(matches!(
        seun.people(),
        Err(CoreError::PassphraseChangeRequired)
    ));
    let err = seun.change_passphrase(temp, temp, temp).err().unwrap();
    assert_eq!(err.field(), Some("passphrase"));
    seun.change_passphrase(temp, "my own passphrase 3", "my own passphrase 3")
        .unwrap();
    assert_eq!(seun.people().unwrap().len(), 2);
    seun.lock("test").unwrap();
    assert!(open(&paths, "seun", temp).is_err());
    assert!(open(&paths, "seun", "my own passphrase 3").is_ok());
}

#[test]
fn only_an_administrator_manages_people() {
    let (_dir, paths, _) = new_database();
    let mut admin = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    let temp = "temporary passphrase 4";
    admin
        .add_person("Mei Chen 陈美", "mei", Role::Chair, temp, temp)
        .unwrap();
    let err = admin.remove_person(admin.person().id).err().unwrap();
    assert_eq!(err.field(), Some("person"));
    admin.lock("test").unwrap();
    let mut mei = open(&paths, "mei", temp).unwrap();
    mei.change_passphrase(temp, "chair's own phrase", "chair's own phrase")
        .unwrap();
    assert!(matches!(
        mei.add_person("X Y", "xy.z", Role::Chair, temp, temp),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn a_damaged_or_missing_key_file_is_named_and_nothing_is_changed() {
    let (_dir, paths, _) = new_database();
    let db_before = fs::read(&paths.db).unwrap();
    let mut keys = fs::read(&paths.keys).unwrap();
    keys.truncate(keys.len() / 2);
    fs::write(&paths.keys, &keys).unwrap();
    let err = open(&paths, "chiamaka", ADMIN_PASS).err().unwrap();
    assert!(matches!(err, CoreError::KeyFileDamaged(..)), "{err}");
    assert!(matches!(
        database_state(&paths),
        DatabaseState::NeedsRecovery(_)
    ));
    assert_eq!(fs::read(&paths.db).unwrap(), db_before);
    assert_eq!(fs::read(&paths.keys).unwrap(), keys);

    fs::remove_file(&paths.keys).unwrap();
    let err = open(&paths, "chiamaka", ADMIN_PASS).err().unwrap();
    assert!(matches!(err, CoreError::KeyFileMissing(_)), "{err}");
    assert_eq!(fs::read(&paths.db).unwrap(), db_before);
}

#[test]
fn the_recovery_key_restores_access_when_the_key_file_is_lost() {
    let (_dir, paths, recovery) = new_database();
    fs::remove_file(&paths.keys).unwrap();
    let db_before = fs::read(&paths.db).unwrap();
    let wrong = "0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000";
    assert!(matches!(
        unlock_with_recovery_key(&paths, wrong),
        Err(CoreError::RecoveryKeyNotRecognised)
    ));
    assert_eq!(fs::read(&paths.db).unwrap(), db_before);

    let mut access = unlock_with_recovery_key(&paths, &recovery.to_lowercase()).unwrap();
    let pass = "a new administrator phrase";
    let mut dariusz = FirstPerson {
        full_name: "Dariusz Wiśniewski",
        username: "dariusz",
        passphrase: "short",
        passphrase_confirm: "short",
    };
    // A mistake leaves the recovery access open for another try.
    let err = access.set_up_administrator(&dariusz).err().unwrap();
    assert_eq!(err.field(), Some("passphrase"));
    dariusz.passphrase = pass;
    dariusz.passphrase_confirm = pass;
    access.set_up_administrator(&dariusz).unwrap();
    let session = access.into_session();
    assert_eq!(session.person().username, "dariusz");
    let log = session.audit_entries(10, 0).unwrap();
    assert!(log.iter().any(|e| e.action == "unlock.recovery_key"));
    assert!(log
        .iter()
        .any(|e| e.action == "person.added" && e.actor == "(recovery key)"));
    session.lock("test").unwrap();
    assert!(open(&paths, "dariusz", pass).is_ok());
    // The old administrator's slot went with the lost key file; an administrator resets it.
    assert!(open(&paths, "chiamaka", ADMIN_PASS).is_err());
}

#[test]
fn files_that_are_not_channel_desk_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, good, _) = new_database();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "plain.db",
            b"SQLite format 3\0"
                .iter()
                .copied()
                .chain([0u8; 4080])
                .collect(),
            "not_channel_desk",
        ),
        ("text.db", b"minutes of the meeting\n".to_vec(), "damaged"),
        (
            "half.db",
            fs::read(&good.db).unwrap()[..8192].to_vec(),
            "damaged",
        ),
    ];
    for (name, bytes, code) in cases {
        let paths = Paths::new(dir.path().join(name));
        fs::write(&paths.db, &bytes).unwrap();
        fs::copy(&good.keys, &paths.keys).unwrap();
        let err = open(&paths, "chiamaka", ADMIN_PASS).err().unwrap();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert_eq!(fs::read(&paths.db).unwrap(), bytes, "{name} was changed");
    }
}

#[test]
fn verify_names_a_tampered_audit_row() {
    let (_dir, paths, recovery) = new_database();
    let session = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    assert!(session.verify().unwrap().audit_rows >= 3);
    session.lock("test").unwrap();
    {
        let conn = rusqlite::Connection::open(&paths.db).unwrap();
        let hex: String = recovery.chars().filter(|c| *c != '-').collect();
        conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
            .unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_append_only_update;
             UPDATE audit SET actor = 'someone else' WHERE id = 2;",
        )
        .unwrap();
    }
    let session = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    let err = session.verify().err().unwrap();
    assert!(matches!(err, CoreError::AuditBroken { id: 2, .. }), "{err}");
    assert!(err.to_string().contains("row 2"));
}

#[test]
fn a_corrupted_page_is_reported_as_damage_and_the_file_is_left_alone() {
    let (_dir, paths, _) = new_database();
    let mut bytes = fs::read(&paths.db).unwrap();
    assert!(
        bytes.len() >= 3 * 4096,
        "the new database has several pages"
    );
    // Flip bytes inside the second page: its authentication code no longer matches.
    for b in &mut bytes[4096 + 100..4096 + 116] {
        *b ^= 0xA5;
    }
    fs::write(&paths.db, &bytes).unwrap();
    let err = open(&paths, "chiamaka", ADMIN_PASS).err().unwrap();
    assert_eq!(err.code(), "damaged", "{err}");
    assert_eq!(fs::read(&paths.db).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_wal_and_shm_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let side = |paths: &Paths, suffix: &str| {
        let mut name = paths.db.clone().into_os_string();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("panel.db"));
    let (session, _) = create(
        &paths,
        &FirstPerson {
            full_name: "Chiamaka Ọkọnkwọ",
            username: "chiamaka",
            passphrase: ADMIN_PASS,
            passphrase_confirm: ADMIN_PASS,
        },
    )
    .unwrap();
    for path in [
        paths.db.clone(),
        side(&paths, "-wal"),
        side(&paths, "-shm"),
        paths.keys.clone(),
    ] {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
    session.lock("test").unwrap();

    // A file made readable by others (an older version, a copy) is narrowed on unlock.
    fs::set_permissions(&paths.db, fs::Permissions::from_mode(0o644)).unwrap();
    let session = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    assert_eq!(mode(&paths.db), 0o600);
    assert_eq!(mode(&side(&paths, "-wal")), 0o600);
    session.lock("test").unwrap();
}

#[test]
fn the_audit_trail_reads_in_words_and_can_show_one_type_of_event() {
    use channel_desk_core::store::audit::AuditQuery;
    let (_dir, paths, _) = new_database();
    assert!(open(&paths, "chiamaka", "not the passphrase").is_err());
    let mut s = open(&paths, "chiamaka", ADMIN_PASS).unwrap();
    channel_desk_core::demo::populate(&mut s, 30, 2026).unwrap();
    s.set_report_settings("Riverside", "5").unwrap();
    let first = s.list_cases(&Default::default()).unwrap().rows[0].id;
    s.case_record(first).unwrap();
    s.add_person(
        "Kwame Mensah",
        "kwame",
        Role::PanelMember,
        "temporary phrase 42",
        "temporary phrase 42",
    )
    .unwrap();

    let all = |s: &Session, action: &str| {
        support::audit_pages(
            s,
            AuditQuery {
                action: action.into(),
                ..Default::default()
            },
        )
    };
    let rows = all(&s, "");
    assert!(rows.len() > 100, "the demo writes many events");
    for row in &rows {
        assert!(
            row.action_label != row.action && !row.action_label.contains(['.', '_']),
            "{} has a label of its own: {}",
            row.action,
            row.action_label
        );
        for d in &row.details {
            assert!(
                !d.label.contains('_') && !d.value.starts_with(['{', '[']),
                "a detail of {} reads as words: {d:?}",
                row.action
            );
        }
    }
    let failed = rows.iter().find(|r| r.action == "unlock.failed").unwrap();
    assert_eq!(failed.action_label, "Failed unlock");
    assert!(failed
        .details
        .iter()
        .any(|d| d.label == "Username tried" && d.value == "chiamaka"));
    let person = rows.iter().find(|r| r.action == "person.added").unwrap();
    assert!(person
        .details
        .iter()
        .any(|d| d.label == "Role" && d.value == "Panel member (read only)"));

    let viewed = all(&s, "case.viewed");
    assert!(!viewed.is_empty());
    assert!(viewed.iter().all(|r| r.action_label == "Case viewed"));
    assert_eq!(
        s.audit_events(&AuditQuery {
            action: "no.such_event".into(),
            page: 0,
            ..Default::default()
        })
        .unwrap_err()
        .field(),
        Some("action")
    );
}
