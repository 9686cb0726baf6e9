//! Rotating the data key when a person is removed: what the leaver kept (an old copy of the
//! key file with their slot, their passphrase, a recovery key they once saw) opens nothing
//! afterwards, in Channel Desk or in an independent SQLCipher client, and everyone who stays
//! unlocks with their own passphrase.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use channel_desk_core::casework::CaseQuery;
use channel_desk_core::{
    create, unlock, unlock_with_recovery_key, CoreError, FirstPerson, Paths, Role, Session,
};
use chrono::Utc;
use support::{audit_actions, referral};

const ADMIN: &str = "amber kestrel lantern 5";
/// People who chose their own passphrases: username, passphrase, role.
const STAYING: [(&str, &str, Role); 2] = [
    ("dilnoza", "willow harbour ember 8", Role::PanelMember),
    ("zeynep", "saffron quay thistle 2", Role::Chair),
];
const LEAVER: (&str, &str, Role) = ("kofi", "copper meadow tide 31", Role::Secretariat);

fn open(paths: &Paths, username: &str, passphrase: &str) -> Session {
    unlock(paths, username, passphrase, Utc::now())
        .unwrap()
        .session
}

/// A locked database with an administrator, three people on their own passphrases and one
/// case; its recovery key.
fn database(dir: &Path) -> (Paths, String) {
    let paths = Paths::new(dir.join("panel.db"));
    let (mut s, recovery) = create(
        &paths,
        &FirstPerson {
            full_name: "Ifeoma Nwosu",
            username: "ifeoma",
            passphrase: ADMIN,
            passphrase_confirm: ADMIN,
        },
    )
    .unwrap();
    let temp = "temporary passphrase 4021";
    for (username, _, role) in STAYING.iter().chain([&LEAVER]) {
        s.add_person(&format!("Person {username}"), username, *role, temp, temp)
            .unwrap();
    }
    s.record_referral(&referral("Ngô Thị Hương", 9)).unwrap();
    s.lock("test").unwrap();
    for (username, own, _) in STAYING.iter().chain([&LEAVER]) {
        let mut person = open(&paths, username, temp);
        person.change_passphrase(temp, own, own).unwrap();
        person.lock("test").unwrap();
    }
    (paths, recovery.to_string())
}

/// The independent SQLCipher client `make test` installs, opening `db` with `recovery_key`.
fn python(db: &Path, recovery_key: &str) -> Output {
    let python = std::env::var_os("CHANNEL_DESK_PYTHON")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .expect("CHANNEL_DESK_PYTHON: run the tests with `make test`");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/open_with_recovery_key.py");
    Command::new(python)
        .arg(script)
        .arg(db)
        .arg(recovery_key)
        .output()
        .unwrap()
}

#[test]
fn removing_a_person_rotates_the_key_so_that_nothing_they_kept_opens_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, old_recovery) = database(dir.path());
    let kept_key_file = fs::read(&paths.keys).unwrap();

    let mut s = open(&paths, "ifeoma", ADMIN);
    let leaver = s
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.username == LEAVER.0)
        .unwrap();
    let rotated = s.remove_person(leaver.id).unwrap();
    let new_recovery = rotated.recovery_key.to_string();
    assert_ne!(new_recovery, old_recovery);
    assert!(
        rotated.without_access.is_empty(),
        "everyone else keeps access"
    );
    assert!(
        !s.recovery_key_confirmed().unwrap(),
        "the new key is unconfirmed until typed back"
    );
    let actions = audit_actions(&s);
    assert!(
        actions.contains(&"person.removed".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"data_key.rotated".to_owned()),
        "{actions:?}"
    );
    assert!(s.verify().is_ok());
    s.lock("test").unwrap();

    // The leaver's slot in the key file they kept, with their passphrase: it opens the old
    // data key, which no longer reads the file.
    let copy = Paths::new(dir.path().join("copy").join("panel.db"));
    fs::create_dir(dir.path().join("copy")).unwrap();
    fs::copy(&paths.db, &copy.db).unwrap();
    fs::write(&copy.keys, &kept_key_file).unwrap();
    let err = unlock(&copy, LEAVER.0, LEAVER.1, Utc::now()).err().unwrap();
    assert!(matches!(err, CoreError::KeyFileDamaged(..)), "{err}");
    // In today's key file they have no slot.
    let err = unlock(&paths, LEAVER.0, LEAVER.1, Utc::now())
        .err()
        .unwrap();
    assert!(matches!(err, CoreError::NotRecognised), "{err}");
    // The old recovery key opens nothing, here or in another SQLCipher client.
    assert!(matches!(
        unlock_with_recovery_key(&paths, &old_recovery).err(),
        Some(CoreError::RecoveryKeyNotRecognised)
    ));
    let refused = python(&paths.db, &old_recovery);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("file is not a database"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let read = python(&paths.db, &new_recovery);
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert!(
        String::from_utf8_lossy(&read.stdout).contains("kofi"),
        "the row stays"
    );

    // Everyone who stays unlocks with their own passphrase and finds the case.
    for (username, own, _) in STAYING {
        let mut s = open(&paths, username, own);
        let found = s.list_cases(&CaseQuery::default()).unwrap();
        assert_eq!(found.total, 1, "{username}");
        s.lock("test").unwrap();
    }
    let s = open(&paths, "ifeoma", ADMIN);
    assert_eq!(s.info().unwrap().cases, 1);
    s.lock("test").unwrap();
}
