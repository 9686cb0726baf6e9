//! The record of failed unlock attempts: what it keeps of the username typed, a clock that
//! went wrong, and a record deleted or replaced between two unlocks. (Unlocks made at once by
//! several processes: the command's tests.)

mod support;

use std::fs;

use channel_desk_core::store::audit::{AuditEntry, AuditQuery};
use channel_desk_core::{unlock, CoreError, Paths, Unlocked};
use chrono::{Duration, Utc};

const PASS: &str = "heron lattice ember 47";

fn new_database() -> (tempfile::TempDir, Paths, String) {
    support::locked_database("Siobhán Nic Amhlaoibh", "siobhan", PASS)
}

fn fails(paths: &Paths, username: &str, passphrase: &str) {
    assert!(matches!(
        unlock(paths, username, passphrase, Utc::now()),
        Err(CoreError::NotRecognised)
    ));
}

/// Unlocks as the administrator and locks again: what the unlock reported, and the audit
/// trail it left.
fn unlock_and_read_audit(paths: &Paths) -> (Unlocked, Vec<AuditEntry>) {
    let unlocked = unlock(paths, "siobhan", PASS, Utc::now()).unwrap();
    let audit = unlocked.session.audit_entries(500, 0).unwrap();
    (unlocked, audit)
}

fn rows<'a>(audit: &'a [AuditEntry], action: &str) -> Vec<&'a AuditEntry> {
    audit.iter().filter(|e| e.action == action).collect()
}

#[test]
fn a_passphrase_typed_in_the_username_box_reaches_neither_the_record_nor_the_audit() {
    let (_dir, paths, _) = new_database();
    fails(&paths, PASS, PASS);
    fails(&paths, "siobhan", "not my passphrase");
    let record = fs::read_to_string(&paths.attempts).unwrap();
    assert!(!record.contains(PASS), "{record}");
    assert!(record.contains("(unknown username)"), "{record}");
    assert!(
        record.contains("\"siobhan\""),
        "a username with a slot is kept"
    );

    let (unlocked, audit) = unlock_and_read_audit(&paths);
    assert!(!unlocked.attempts_record_lost);
    let failed = rows(&audit, "unlock.failed");
    assert_eq!(failed.len(), 2);
    assert!(failed
        .iter()
        .any(|e| e.actor == "(unknown username)" && e.detail.contains("(unknown username)")));
    assert!(failed.iter().any(|e| e.actor == "siobhan"));
    for e in &audit {
        assert!(!e.actor.contains(PASS) && !e.detail.contains(PASS), "{e:?}");
    }
}

#[test]
fn a_record_written_before_usernames_were_checked_does_not_carry_a_passphrase_into_the_audit() {
    let (_dir, paths, _) = new_database();
    // As an earlier version wrote it: the text typed, whatever it was, and no id.
    fs::write(
        &paths.attempts,
        serde_json::json!({
            "consecutive_failures": 1,
            "failures": [{ "at": Utc::now(), "username": PASS }],
        })
        .to_string(),
    )
    .unwrap();
    let (unlocked, audit) = unlock_and_read_audit(&paths);
    let failed = rows(&audit, "unlock.failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].actor, "(unknown username)");
    for e in &audit {
        assert!(!e.actor.contains(PASS) && !e.detail.contains(PASS), "{e:?}");
    }
    assert!(
        unlocked.attempts_record_lost,
        "not the record the database expects"
    );
}

/// The record with failures at `at` added, its id kept.
fn add_failures(paths: &Paths, n: usize, at: chrono::DateTime<Utc>) {
    let mut record: serde_json::Value =
        serde_json::from_slice(&fs::read(&paths.attempts).unwrap()).unwrap();
    let failures = record["failures"].as_array_mut().unwrap();
    for _ in 0..n {
        failures.push(serde_json::json!({ "at": at, "username": "siobhan" }));
    }
    fs::write(&paths.attempts, record.to_string()).unwrap();
}

#[test]
fn failures_dated_in_the_future_lock_nobody_out() {
    let (_dir, paths, _) = new_database();
    // A clock set months ahead for a while, or an edited record.
    add_failures(&paths, 8, Utc::now() + Duration::days(120));
    let (unlocked, audit) = unlock_and_read_audit(&paths);
    assert!(!unlocked.attempts_record_lost);
    assert_eq!(rows(&audit, "unlock.failed").len(), 8, "still audited");

    // The same failures dated now do make the next attempt wait: the record is what counts.
    unlocked.session.lock("test").unwrap();
    add_failures(&paths, 8, Utc::now());
    match unlock(&paths, "siobhan", PASS, Utc::now()) {
        Err(CoreError::Backoff { seconds }) => assert!((10..=16).contains(&seconds), "{seconds}"),
        other => panic!("expected a wait, got {:?}", other.err()),
    }
}

#[test]
fn the_first_unlock_after_creating_the_database_warns_of_nothing() {
    let (_dir, paths, _) = new_database();
    let (unlocked, audit) = unlock_and_read_audit(&paths);
    assert!(!unlocked.attempts_record_lost);
    assert!(rows(&audit, "unlock.attempts_record_lost").is_empty());
}

#[test]
fn a_deleted_record_is_reported_at_the_next_unlock_and_audited() {
    let (_dir, paths, _) = new_database();
    fails(&paths, "siobhan", "a wrong guess");
    fs::remove_file(&paths.attempts).unwrap();

    let (unlocked, audit) = unlock_and_read_audit(&paths);
    assert!(unlocked.attempts_record_lost);
    assert_eq!(
        unlocked.last_failed_attempt, None,
        "the failure went with the file"
    );
    let lost = rows(&audit, "unlock.attempts_record_lost");
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].actor, "siobhan");
    let labelled = unlocked
        .session
        .audit_events(&AuditQuery {
            action: "unlock.attempts_record_lost".into(),
            page: 0,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        labelled.rows[0].action_label, "Failed-attempts record missing or replaced",
        "the audit screen names it"
    );

    // Told once: the unlock wrote a new record.
    unlocked.session.lock("test").unwrap();
    let (again, _) = unlock_and_read_audit(&paths);
    assert!(!again.attempts_record_lost);
}

#[test]
fn a_record_damaged_or_put_back_from_an_older_copy_is_reported_too() {
    let (_dir, paths, _) = new_database();
    let (first, _) = unlock_and_read_audit(&paths);
    first.session.lock("test").unwrap();
    let older = fs::read(&paths.attempts).unwrap();
    let (second, _) = unlock_and_read_audit(&paths);
    second.session.lock("test").unwrap();

    // An older copy, without the failures made since, looks like a record with no failures.
    fs::write(&paths.attempts, &older).unwrap();
    let (unlocked, _) = unlock_and_read_audit(&paths);
    assert!(unlocked.attempts_record_lost);
    unlocked.session.lock("test").unwrap();

    fs::write(&paths.attempts, b"{ \"failures\": [ {").unwrap();
    let (unlocked, _) = unlock_and_read_audit(&paths);
    assert!(unlocked.attempts_record_lost);
}

#[test]
fn a_database_from_before_the_record_had_an_id_upgrades_without_a_warning() {
    let (_dir, paths, recovery) = new_database();
    {
        let conn = rusqlite::Connection::open(&paths.db).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{}'\";",
            recovery.replace('-', "")
        ))
        .unwrap();
        conn.execute("DELETE FROM meta WHERE key = 'attempts_record_id'", [])
            .unwrap();
    }
    fs::write(
        &paths.attempts,
        serde_json::json!({ "consecutive_failures": 0, "failures": [] }).to_string(),
    )
    .unwrap();
    let (unlocked, _) = unlock_and_read_audit(&paths);
    assert!(!unlocked.attempts_record_lost);
    unlocked.session.lock("test").unwrap();
    // From then on the record has an id, and deleting it is noticed.
    fs::remove_file(&paths.attempts).unwrap();
    let (unlocked, _) = unlock_and_read_audit(&paths);
    assert!(unlocked.attempts_record_lost);
}
