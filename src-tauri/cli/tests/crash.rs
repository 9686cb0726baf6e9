//! Crash safety: a writer killed with SIGKILL at random moments, hundreds of times. After
//! every kill the file opens, SQLite's integrity check, SQLCipher's page check and the audit
//! chain pass, and every write the writer acknowledged is there.

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

/// A demo database (a case, meetings and the plan) in `dir`: its path and recovery key.
fn demo(dir: &Path) -> (String, String) {
    let db = dir.join("crash.db").to_str().unwrap().to_owned();
    let args = [
        "demo",
        "--db",
        &db,
        "--cases",
        "1",
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

#[test]
fn a_writer_killed_300_times_at_random_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = demo(dir.path());
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut random = Xorshift(seed);
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
