//! The recovery key after it is shown: unconfirmed until someone types it back, which every
//! unlock says; confirmed by an administrator against the key the file is encrypted with;
//! or replaced, after which the old key opens nothing. Each change is audited.

use std::fs;

use channel_desk_core::security::crypto::{DataKey, KdfParams, SealedKey};
use channel_desk_core::{
    create, unlock, unlock_with_recovery_key, CoreError, FirstPerson, Paths, Role, Session,
    Unlocked,
};
use chrono::Utc;

const ADMIN_PASS: &str = "marigold quilt harbour 9";
const OWN_PASS: &str = "lantern copper meadow 4";

/// A new database with its administrator `amaka` and a secretariat member `tariq` who has
/// chosen their own passphrase; locked. The recovery key as shown.
fn new_database() -> (tempfile::TempDir, Paths, String) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("panel.db"));
    let (mut s, recovery) = create(
        &paths,
        &FirstPerson {
            full_name: "Amaka Eze",
            username: "amaka",
            passphrase: ADMIN_PASS,
            passphrase_confirm: ADMIN_PASS,
        },
    )
    .unwrap();
    let temp = "temporary phrase 77";
    s.add_person("Tariq Aziz", "tariq", Role::Secretariat, temp, temp)
        .unwrap();
    s.lock("test").unwrap();
    let mut tariq = open(&paths, "tariq", temp).session;
    tariq.change_passphrase(temp, OWN_PASS, OWN_PASS).unwrap();
    tariq.lock("test").unwrap();
    (dir, paths, recovery.to_string())
}

fn open(paths: &Paths, username: &str, passphrase: &str) -> Unlocked {
    unlock(paths, username, passphrase, Utc::now()).unwrap()
}

fn audited(s: &Session, action: &str) -> usize {
    s.audit_entries(500, 0)
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

#[test]
fn a_new_database_is_unconfirmed_at_every_unlock_until_an_administrator_types_the_key_back() {
    let (_dir, paths, recovery) = new_database();
    let unlocked = open(&paths, "tariq", OWN_PASS);
    assert!(!unlocked.recovery_key_confirmed, "said to everyone");
    let mut tariq = unlocked.session;
    assert!(matches!(
        tariq.confirm_recovery_key(&recovery),
        Err(CoreError::Forbidden(_))
    ));
    tariq.lock("test").unwrap();

    let unlocked = open(&paths, "amaka", ADMIN_PASS);
    assert!(!unlocked.recovery_key_confirmed);
    let mut s = unlocked.session;
    // Another key, or one mistyped, is refused beside the field and confirms nothing.
    let other = DataKey::generate().recovery_key();
    let err = s.confirm_recovery_key(&other).unwrap_err();
    assert_eq!(err.field(), Some("recovery_key"));
    let mut mistyped = recovery.clone();
    mistyped.pop();
    let err = s.confirm_recovery_key(&mistyped).unwrap_err();
    assert_eq!(err.field(), Some("recovery_key"));
    assert!(!s.recovery_key_confirmed().unwrap());
    assert_eq!(audited(&s, "recovery_key.confirmed"), 0);

    // Typed as people type it: lower case, spaces for dashes.
    s.confirm_recovery_key(&recovery.to_lowercase().replace('-', " "))
        .unwrap();
    assert!(s.recovery_key_confirmed().unwrap());
    assert_eq!(audited(&s, "recovery_key.confirmed"), 1);
    s.lock("test").unwrap();
    assert!(open(&paths, "tariq", OWN_PASS).recovery_key_confirmed);
}

#[test]
fn rotating_the_data_key_makes_the_old_recovery_key_useless_and_everyone_keeps_their_passphrase() {
    let (_dir, paths, old_key) = new_database();
    let mut s = open(&paths, "amaka", ADMIN_PASS).session;
    s.confirm_recovery_key(&old_key).unwrap();
    let db_before = fs::read(&paths.db).unwrap();

    // The administrator's passphrase first: a wrong one changes nothing.
    let err = s.rotate_data_key("not my passphrase").err().unwrap();
    assert_eq!(err.field(), Some("passphrase"));
    assert_eq!(fs::read(&paths.db).unwrap(), db_before);

    let issued = s.rotate_data_key(ADMIN_PASS).unwrap();
    let new_key = issued.recovery_key.to_string();
    assert_ne!(new_key, old_key);
    assert!(issued.without_access.is_empty());
    assert!(
        !s.recovery_key_confirmed().unwrap(),
        "a new key is unconfirmed until typed back"
    );
    assert_eq!(audited(&s, "data_key.rotated"), 1);
    assert_eq!(
        s.confirm_recovery_key(&old_key).unwrap_err().field(),
        Some("recovery_key")
    );
    assert!(s.verify().is_ok());
    s.lock("test").unwrap();

    assert!(matches!(
        unlock_with_recovery_key(&paths, &old_key),
        Err(CoreError::RecoveryKeyNotRecognised)
    ));
    unlock_with_recovery_key(&paths, &new_key)
        .unwrap()
        .lock()
        .unwrap();
    let tariq = open(&paths, "tariq", OWN_PASS);
    assert!(!tariq.recovery_key_confirmed);
    tariq.session.lock("test").unwrap();
    let mut s = open(&paths, "amaka", ADMIN_PASS).session;
    s.confirm_recovery_key(&new_key).unwrap();
    s.lock("test").unwrap();
    assert!(open(&paths, "tariq", OWN_PASS).recovery_key_confirmed);
}

/// A key file written before slots held an access key: slots hold the data key itself.
fn key_file_of_slots_holding_the_data_key(paths: &Paths, recovery: &str) {
    let data = DataKey::from_recovery_key(recovery).unwrap();
    let current: serde_json::Value =
        serde_json::from_slice(&fs::read(&paths.keys).unwrap()).unwrap();
    let database_id = current["database_id"].as_str().unwrap();
    let slot = |username: &str, passphrase: &str| {
        let context = format!("channel-desk/key-slot/v1/{database_id}/{username}");
        serde_json::json!({
            "username": username,
            "created_at": Utc::now(),
            "sealed": SealedKey::seal(&data, passphrase, &context, KdfParams::default()).unwrap(),
        })
    };
    let old = serde_json::json!({
        "format": 1,
        "database_id": database_id,
        "slots": [slot("amaka", ADMIN_PASS), slot("tariq", OWN_PASS)],
    });
    fs::write(&paths.keys, serde_json::to_vec(&old).unwrap()).unwrap();
}

#[test]
fn a_key_file_from_before_the_access_key_opens_and_a_rotation_asks_new_passphrases_of_slots_not_opened_since(
) {
    let (_dir, paths, old_key) = new_database();
    key_file_of_slots_holding_the_data_key(&paths, &old_key);
    // The administrator's slot opens as it is (and is given a key pair); Tariq's is not
    // opened before the rotation.
    let mut s = open(&paths, "amaka", ADMIN_PASS).session;

    let issued = s.rotate_data_key(ADMIN_PASS).unwrap();
    // Tariq's slot held the replaced key and has no key pair to seal the new one to: it went.
    let names: Vec<&str> = issued
        .without_access
        .iter()
        .map(|p| p.username.as_str())
        .collect();
    assert_eq!(names, ["tariq"]);
    let new_key = issued.recovery_key.to_string();
    let tariq = s
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.username == "tariq");
    let temp = "temporary phrase 78";
    s.reset_passphrase(tariq.unwrap().id, temp, temp).unwrap();
    s.lock("test").unwrap();

    assert!(matches!(
        unlock_with_recovery_key(&paths, &old_key),
        Err(CoreError::RecoveryKeyNotRecognised)
    ));
    assert!(matches!(
        unlock(&paths, "tariq", OWN_PASS, Utc::now()),
        Err(CoreError::NotRecognised)
    ));
    open(&paths, "tariq", temp).session.lock("test").unwrap();
    open(&paths, "amaka", ADMIN_PASS)
        .session
        .lock("test")
        .unwrap();
    unlock_with_recovery_key(&paths, &new_key)
        .unwrap()
        .lock()
        .unwrap();
    let file: serde_json::Value = serde_json::from_slice(&fs::read(&paths.keys).unwrap()).unwrap();
    assert_eq!(file["format"], 3);
}

#[test]
fn after_the_recovery_key_a_new_access_key_is_sealed_to_everyone_who_keeps_their_passphrase() {
    let (_dir, paths, recovery) = new_database();
    let mut access = unlock_with_recovery_key(&paths, &recovery).unwrap();
    let pass = "a new administrator phrase";
    access
        .set_up_administrator(&FirstPerson {
            full_name: "Wanjiru Kamau",
            username: "wanjiru",
            passphrase: pass,
            passphrase_confirm: pass,
        })
        .unwrap();
    access.into_session().lock("test").unwrap();
    // Typed from the council's copy, and it opened the file: confirmed.
    let wanjiru = open(&paths, "wanjiru", pass);
    assert!(wanjiru.recovery_key_confirmed);
    wanjiru.session.lock("test").unwrap();
    // The recovery key does not open the access key their slots held, but each slot has a
    // key pair of its own, to which the new access key was sealed.
    for (username, passphrase) in [("amaka", ADMIN_PASS), ("tariq", OWN_PASS)] {
        open(&paths, username, passphrase)
            .session
            .lock("test")
            .unwrap();
    }
}
