//! Crash safety: a writer killed with SIGKILL at random moments, hundreds of times, and a
//! backup, a restore and an erasure each killed at random moments. After every kill the file
//! opens, SQLite's integrity check, SQLCipher's page check and the audit chain pass, and
//! every write acknowledged is there (a key rotation's kills are in cli.rs).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use channel_desk_core::casework::Stage;
use channel_desk_core::{unlock_with_recovery_key, Paths, Session};

const PASS: &str = "Ṡeán's long passphrase";

/// The command with `stdin` written to it and its output piped.
fn spawn(args: &[&str], stdin: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_channel-desk-cli"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    child
}

/// A demo database of `cases` cases (with meetings and the plan) in `dir`: its path and
/// recovery key.
fn demo(dir: &Path, cases: &str) -> (String, String) {
    let db = dir.join("crash.db").to_str().unwrap().to_owned();
    let args = [
        "demo",
        "--db",
        &db,
        "--cases",
        cases,
        "--username",
        "chair",
        "--passphrase-stdin",
    ];
    let out = spawn(&args, &format!("{PASS}\n"))
        .wait_with_output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    (db, key)
}

fn open(db: &str, recovery_key: &str) -> Session {
    unlock_with_recovery_key(&Paths::new(db), recovery_key)
        .unwrap()
        .into_session()
}

/// Checks that the write an acknowledgement line names is in the file.
fn assert_present(s: &mut Session, line: &str) {
    let words: Vec<&str> = line.split(' ').collect();
    let id = |n: usize| -> i64 { words[n].parse().unwrap() };
    match words[0] {
        "referral" => {
            s.case_record(id(1)).unwrap();
        }
        "sent" => {
            let case = s.case_record(id(1)).unwrap();
            assert_eq!(case.assessments.len(), 1, "{line}");
            assert!(
                !matches!(
                    case.stage,
                    Stage::ReferralReceived | Stage::Screening | Stage::Assessment
                ),
                "{line}"
            );
        }
        "meeting" => {
            s.minutes(id(1)).unwrap();
        }
        "decision" => {
            let minutes = s.minutes(id(1)).unwrap();
            let item = minutes
                .meeting
                .agenda
                .iter()
                .find(|i| i.case_id == Some(id(2)));
            assert!(item.is_some_and(|i| i.decision.is_some()), "{line}");
        }
        other => panic!("unexpected line from the writer: {other}"),
    }
}

/// A small xorshift generator: kill times spread at random, the seed printed to repeat a run.
struct Xorshift(u64);

impl Xorshift {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A generator seeded from the clock, and its seed.
fn seeded() -> (u64, Xorshift) {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    (seed, Xorshift(seed))
}

/// Runs the command with the recovery key to its end: how many seconds it took.
fn whole_run(args: &[&str], key: &str) -> f64 {
    let started = Instant::now();
    let out = spawn(args, &format!("{key}\n")).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64()
}

/// Runs the command with the recovery key and kills it after `at` seconds: whether it had
/// finished by then.
fn killed_at(args: &[&str], key: &str, at: f64) -> bool {
    let mut child = spawn(args, &format!("{key}\n"));
    std::thread::sleep(Duration::from_secs_f64(at));
    let _ = child.kill();
    child.wait().unwrap().success()
}

/// Opens the database, checks it whole (integrity, pages, audit chain) and returns how many
/// cases it holds and how many are past retention.
fn checked(db: &str, key: &str, context: &str) -> (u64, usize) {
    let mut s = open(db, key);
    let verified = s.verify();
    assert!(verified.is_ok(), "{context}: {verified:?}");
    let cases = s.info().unwrap().cases as u64;
    let due = s.cases_past_retention().unwrap().cases.len();
    s.lock("checked").unwrap();
    (cases, due)
}

/// The database's files (`.db`, `.keys`, `.attempts`) copied from `from` to `to`.
fn copy_files(from: &str, to: &str) {
    for suffix in ["", ".keys", ".attempts"] {
        let source = format!("{from}{suffix}");
        if Path::new(&source).exists() {
            std::fs::copy(&source, format!("{to}{suffix}")).unwrap();
        }
    }
}

#[test]
fn a_writer_killed_300_times_at_random_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = demo(dir.path(), "1");
    let (seed, mut random) = seeded();
    let (mut kills, mut acknowledged) = (0, 0);
    let mut audit_rows = 0;
    let started = Instant::now();
    for run in 0..300 {
        let args = [
            "churn",
            "--db",
            &db,
            "--recovery-key-stdin",
            "--seed",
            &run.to_string(),
        ];
        let mut child = spawn(&args, &format!("{key}\n"));
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        });
        // From before the file is open to well into the writes.
        std::thread::sleep(Duration::from_secs_f64(0.05 + 0.5 * random.unit()));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "run {run}: the writer finished before the kill"
        );
        kills += 1;
        let lines = reader.join().unwrap();
        acknowledged += lines.len();

        let mut s = open(&db, &key);
        let verified = s.verify();
        assert!(verified.is_ok(), "run {run} (seed {seed}): {verified:?}");
        for line in &lines {
            assert_present(&mut s, line);
        }
        let rows = s.info().unwrap().audit_rows;
        assert!(rows > audit_rows, "run {run}: the audit trail only grows");
        audit_rows = rows;
        s.lock("checked").unwrap();
    }
    println!(
        "{kills} kills, {acknowledged} writes acknowledged, 0 lost, in {:.0} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
    assert!(acknowledged > kills, "most runs were killed mid-writing");
}

#[test]
fn a_backup_killed_at_random_leaves_the_database_whole_and_no_backup_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = demo(dir.path(), "200");
    let out = dir.path().join("copy.cdbackup");
    let out = out.to_str().unwrap();
    let args = ["backup", "--db", &db, "--recovery-key-stdin", "--out", out];
    let whole = whole_run(&args, &key);
    let (seed, mut random) = seeded();
    let (mut killed, mut whole_backups) = (0, 0);
    for run in 0..25 {
        let _ = std::fs::remove_file(out);
        let finished = killed_at(&args, &key, whole * (0.2 + 0.9 * random.unit()));
        let context = format!("backup run {run} (seed {seed})");
        let (cases, _) = checked(&db, &key, &context);
        if !finished {
            killed += 1;
        }
        // A backup under its own name is always whole: it restores, equal.
        if Path::new(out).exists() {
            let restored = dir.path().join(format!("restored-{run}.db"));
            let restored = restored.to_str().unwrap();
            let restore = [
                "restore",
                "--from",
                out,
                "--db",
                restored,
                "--recovery-key-stdin",
            ];
            whole_run(&restore, &key);
            assert_eq!(checked(restored, &key, &context).0, cases, "{context}");
            whole_backups += 1;
        } else {
            assert!(!finished, "{context}: finished without a backup");
        }
    }
    println!(
        "backup of {whole:.2} s: {killed} killed, {whole_backups} whole backups (seed {seed})"
    );
    assert!(killed >= 10, "most runs stopped part-way: {killed}");
}

#[test]
fn a_restore_killed_at_random_leaves_the_database_it_replaced_or_the_restored_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = demo(dir.path(), "200");
    let backup = dir.path().join("copy.cdbackup");
    let backup = backup.to_str().unwrap();
    whole_run(
        &[
            "backup",
            "--db",
            &db,
            "--recovery-key-stdin",
            "--out",
            backup,
        ],
        &key,
    );
    let (in_backup, _) = checked(&db, &key, "before");
    let args = [
        "restore",
        "--from",
        backup,
        "--db",
        &db,
        "--recovery-key-stdin",
        "--replace",
    ];
    let churn = [
        "churn",
        "--db",
        &db,
        "--recovery-key-stdin",
        "--rounds",
        "1",
    ];
    whole_run(&churn, &key);
    let whole = whole_run(&args, &key);
    let (seed, mut random) = seeded();
    let (mut old, mut restored) = (0, 0);
    for run in 0..25 {
        // A case more than the backup holds, so that the two can be told apart.
        whole_run(&churn, &key);
        let (before, _) = checked(&db, &key, "before the restore");
        killed_at(&args, &key, whole * (0.2 + 0.9 * random.unit()));
        let context = format!("restore run {run} (seed {seed})");
        let (cases, _) = checked(&db, &key, &context);
        if cases == in_backup {
            restored += 1;
        } else {
            assert_eq!(
                cases, before,
                "{context}: neither the old nor the restored database"
            );
            old += 1;
        }
    }
    println!(
        "restore of {whole:.2} s: {old} left the old database, {restored} the restored one \
         (seed {seed})"
    );
    assert!(old >= 5 && restored >= 5, "kills on both sides of the swap");
}

#[test]
fn an_erasure_killed_at_random_erases_every_case_due_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = demo(dir.path(), "1");
    // Cases decided at a panel meeting in 2017: a third not adopted, closed since.
    let old = [
        "churn",
        "--db",
        &db,
        "--recovery-key-stdin",
        "--rounds",
        "300",
        "--on",
        "2017-04-05",
    ];
    whole_run(&old, &key);
    let (cases, due) = checked(&db, &key, "before");
    assert_eq!(due, 100, "the cases not adopted in 2017 are past retention");
    let pristine = dir.path().join("pristine.db");
    let pristine = pristine.to_str().unwrap();
    copy_files(&db, pristine);
    let args = [
        "retention",
        "--db",
        &db,
        "--recovery-key-stdin",
        "--erase-all",
    ];
    let whole = whole_run(&args, &key);
    let (seed, mut random) = seeded();
    let (mut none, mut all) = (0, 0);
    for run in 0..25 {
        copy_files(pristine, &db);
        killed_at(&args, &key, whole * (0.2 + 0.9 * random.unit()));
        let context = format!("erasure run {run} (seed {seed})");
        let (after, left) = checked(&db, &key, &context);
        // Erased cases keep their anonymised row for the statistics.
        assert_eq!(after, cases, "{context}");
        match left {
            0 => all += 1,
            n if n == due => none += 1,
            n => panic!("{context}: {n} of {due} cases due are left"),
        }
    }
    println!("erasure of {due} cases in {whole:.2} s: {none} erased none, {all} all (seed {seed})");
    assert!(none >= 5, "kills before the erasure committed: {none}");
}
