//! One process at a time has a database open: a second is told which process holds it, and
//! opens it once that one has closed it or died.

mod support;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use channel_desk_core::store::exclusive;
use channel_desk_core::{unlock, unlock_with_recovery_key, Paths};
use chrono::Utc;

const PASS: &str = "Ama Owusu's long passphrase";
/// The database the helper below holds.
const HOLD: &str = "CHANNEL_DESK_TEST_HOLD";
const HOLDING: &str = "now holding the database";

/// Run by the tests below in a process of their own: unlocks the database named in the
/// environment, says so, and keeps it open until its standard input closes.
#[test]
#[ignore = "a helper the other tests run in a process of its own"]
fn hold_the_database_until_told() {
    let db = std::env::var(HOLD).expect("run by the tests in this file");
    exclusive::set_program("the holding test");
    let session = unlock(&Paths::new(db), "ama", PASS, Utc::now())
        .unwrap()
        .session;
    println!("{HOLDING}");
    std::io::stdin().read_to_end(&mut Vec::new()).unwrap();
    session.lock("test").unwrap();
}

/// Another process of this test binary, holding the database once this returns.
fn holder(paths: &Paths) -> Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["hold_the_database_until_told", "--exact", "--ignored"])
        .args(["--nocapture", "--test-threads=1"])
        .env(HOLD, &paths.db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains(HOLDING) {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the holder ended first"
        );
    }
    // The rest of what it says is passed on, so that it never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::stderr()));
    child
}

fn side_files(paths: &Paths) -> [Vec<u8>; 3] {
    [&paths.db, &paths.keys, &paths.attempts].map(|p| fs::read(p).unwrap())
}

#[test]
fn a_second_process_is_told_which_holds_the_database_and_opens_it_once_closed() {
    let (_dir, paths, recovery) = support::locked_database("Ama Owusu", "ama", PASS);
    let mut held = holder(&paths);
    let before = side_files(&paths);
    let err = unlock(&paths, "ama", PASS, Utc::now()).err().unwrap();
    assert_eq!(err.code(), "in_use");
    let message = err.to_string();
    let named = format!(
        "This database is open in the holding test (process {}",
        held.id()
    );
    assert!(message.starts_with(&named), "{message}");
    assert!(message.ends_with("Close it there first."), "{message}");
    // The recovery key is refused the same way, and nothing was written by either.
    let err = unlock_with_recovery_key(&paths, &recovery).err().unwrap();
    assert_eq!(err.code(), "in_use", "{err}");
    assert_eq!(side_files(&paths), before);

    drop(held.stdin.take());
    assert!(held.wait().unwrap().success());
    let session = unlock(&paths, "ama", PASS, Utc::now()).unwrap().session;
    session.lock("test").unwrap();
}

#[test]
fn a_killed_holder_leaves_no_lock_behind() {
    let (_dir, paths, _) = support::locked_database("Ama Owusu", "ama", PASS);
    let mut held = holder(&paths);
    held.kill().unwrap();
    held.wait().unwrap();
    let session = unlock(&paths, "ama", PASS, Utc::now()).unwrap().session;
    assert!(session.verify().is_ok());
    session.lock("test").unwrap();
}
