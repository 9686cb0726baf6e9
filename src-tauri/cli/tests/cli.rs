//! The headless command as scripts and administrators use it, including the proof that the
//! recovery key opens the file in an independent SQLCipher 4 client.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASS: &str = "Ṡeán's long passphrase";

/// Starts the command with `stdin` written to it.
fn spawn(args: &[&str], stdin: &str, stdout: Stdio) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_channel-desk-cli"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child
}

fn cli(args: &[&str], stdin: &str) -> Output {
    spawn(args, stdin, Stdio::piped())
        .wait_with_output()
        .unwrap()
}

/// `command --db DB --username USERNAME --passphrase-stdin`, with the test passphrase.
fn as_user(command: &str, db: &str, username: &str) -> Output {
    as_user_with(command, &[], db, username)
}

/// As `as_user`, with the command's own arguments.
fn as_user_with(command: &str, extra: &[&str], db: &str, username: &str) -> Output {
    let mut args = vec![
        command,
        "--db",
        db,
        "--username",
        username,
        "--passphrase-stdin",
    ];
    args.extend_from_slice(extra);
    cli(&args, &format!("{PASS}\n"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    recovery: String,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panel.db");
        let out = cli(
            &[
                "init",
                "--db",
                path.to_str().unwrap(),
                "--user",
                "Seán Ó Briain",
                "--username",
                "sean",
                "--passphrase-stdin",
            ],
            &format!("{PASS}\n"),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let recovery = text(&out.stdout).trim().to_owned();
        Db {
            _dir: dir,
            path,
            recovery,
        }
    }

    fn db(&self) -> &str {
        self.path.to_str().unwrap()
    }

    fn as_sean(&self, command: &str, passphrase: &str) -> Output {
        cli(
            &[
                command,
                "--db",
                self.db(),
                "--username",
                "sean",
                "--passphrase-stdin",
            ],
            &format!("{passphrase}\n"),
        )
    }

    fn files(&self) -> Vec<Vec<u8>> {
        let keys = self.path.with_file_name("panel.db.keys");
        vec![fs::read(&self.path).unwrap(), fs::read(keys).unwrap()]
    }
}

/// The Python that `make test` installs with `sqlcipher3-wheels`, named by an absolute
/// `CHANNEL_DESK_PYTHON`; never a `python3` from PATH, which may hold packages installed by
/// hand that a newcomer's machine lacks.
fn interop_python() -> PathBuf {
    std::env::var_os("CHANNEL_DESK_PYTHON")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.exists())
        .unwrap_or_else(|| {
            panic!(
                "CHANNEL_DESK_PYTHON must be the absolute path of the Python that `make test` \
                 installs (target/py/bin/python3): run the tests with `make test`"
            )
        })
}

/// The independent client run on `script_args`, whatever its outcome.
fn python_run(script_args: &[&str]) -> Output {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/open_with_recovery_key.py");
    Command::new(interop_python())
        .arg(script)
        .args(script_args)
        .output()
        .unwrap()
}

fn python(script_args: &[&str]) -> Output {
    let out = python_run(script_args);
    assert!(
        out.status.success(),
        "the independent SQLCipher client failed (make test installs sqlcipher3-wheels): {}",
        text(&out.stderr)
    );
    out
}

/// The independent client refuses `key` for `db` as SQLCipher refuses a wrong key.
fn python_refuses(db: &str, key: &str) {
    let out = python_run(&[db, key]);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("file is not a database"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_prints_a_recovery_key_and_info_describes_the_database() {
    let db = Db::new();
    assert_eq!(db.recovery.len(), 79);
    assert!(db
        .recovery
        .chars()
        .all(|c| c.is_ascii_hexdigit() || c == '-'));
    let out = db.as_sean("info", PASS);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info = text(&out.stdout);
    let schema = channel_desk_core::store::admin::schema_version();
    assert!(
        info.contains(&format!("schema version: {schema}")),
        "{info}"
    );
    assert!(info.contains("people: 1"), "{info}");
    assert!(
        info.contains("sean\tadministrator\tSeán Ó Briain"),
        "{info}"
    );
}

#[test]
fn init_refuses_to_overwrite_an_existing_file() {
    let db = Db::new();
    let before = db.files();
    let out = cli(
        &[
            "init",
            "--db",
            db.db(),
            "--user",
            "Other",
            "--username",
            "other",
            "--passphrase-stdin",
        ],
        "another passphrase\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("will not overwrite"));
    assert_eq!(db.files(), before);
}

#[test]
fn a_wrong_passphrase_fails_with_exit_1_and_one_line() {
    let db = Db::new();
    let before = db.files();
    let out = db.as_sean("info", "not the passphrase");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("Username or passphrase not recognised"));
    assert_eq!(db.files(), before);
}

#[test]
fn the_wait_after_five_failures_survives_a_restart() {
    let db = Db::new();
    for _ in 0..5 {
        assert_eq!(
            db.as_sean("info", "a wrong guess here").status.code(),
            Some(1)
        );
    }
    // A new process, with the right passphrase, still has to wait.
    let out = db.as_sean("info", PASS);
    assert_eq!(out.status.code(), Some(1));
    // The wait counts from the fifth failure: 2 seconds, less the time a process takes to start.
    assert!(
        text(&out.stderr).contains("Wait 2 seconds")
            || text(&out.stderr).contains("Wait 1 second "),
        "{}",
        text(&out.stderr)
    );
}

/// Runs started at once take turns at the record of failed attempts: of eight with a wrong
/// passphrase, five fail and are recorded, and the other three, finding five failures there,
/// are told to wait. (Without the turns each run read the same empty record and wrote back
/// its own single failure, and none was told to wait.)
#[test]
fn wrong_passphrases_from_eight_processes_at_once_are_each_counted_or_told_to_wait() {
    let db = Db::new();
    let runs: Vec<_> = (0..8)
        .map(|_| {
            spawn(
                &[
                    "info",
                    "--db",
                    db.db(),
                    "--username",
                    "sean",
                    "--passphrase-stdin",
                ],
                "a wrong guess here\n",
                Stdio::piped(),
            )
        })
        .collect();
    let errors: Vec<String> = runs
        .into_iter()
        .map(|run| text(&run.wait_with_output().unwrap().stderr))
        .collect();
    let failed = errors
        .iter()
        .filter(|e| e.contains("not recognised"))
        .count();
    let told_to_wait = errors.iter().filter(|e| e.contains("Wait ")).count();
    assert_eq!((failed, told_to_wait), (5, 3), "{errors:#?}");
    let record = fs::read_to_string(db.path.with_file_name("panel.db.attempts")).unwrap();
    assert_eq!(record.matches("\"at\"").count(), 5, "{record}");

    // The next unlock, once the wait is over, moves every one of them into the audit trail.
    let later = chrono::Utc::now() + chrono::Duration::minutes(1);
    let unlocked = channel_desk_core::unlock(
        &channel_desk_core::Paths::new(&db.path),
        "sean",
        PASS,
        later,
    )
    .unwrap();
    let audit = unlocked.session.audit_entries(500, 0).unwrap();
    let audited = audit.iter().filter(|e| e.action == "unlock.failed").count();
    assert_eq!(audited, 5);
}

#[test]
fn the_recovery_key_opens_the_file_in_an_independent_sqlcipher_client() {
    let db = Db::new();
    assert!(!fs::read(&db.path).unwrap().starts_with(b"SQLite format 3"));
    let out = python(&[db.db(), &db.recovery]);
    assert_eq!(text(&out.stdout).trim(), "sean");
}

#[test]
fn the_recovery_key_works_on_the_command_line_when_the_key_file_is_lost() {
    let db = Db::new();
    fs::remove_file(db.path.with_file_name("panel.db.keys")).unwrap();
    let out = db.as_sean("info", PASS);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("key file"),
        "{}",
        text(&out.stderr)
    );
    let out = cli(
        &["verify", "--db", db.db(), "--recovery-key-stdin"],
        &format!("{}\n", db.recovery),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn verify_fails_and_names_the_row_when_an_audit_row_is_tampered_with() {
    let db = Db::new();
    let out = db.as_sean("verify", PASS);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("ok"));
    python(&[db.db(), &db.recovery, "tamper-audit-row", "2"]);
    let out = db.as_sean("verify", PASS);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("audit trail is broken at row 2"),
        "{}",
        text(&out.stderr)
    );
}

/// `demo --cases 24` into `dir`, the first person `chair`; the database's path and the output.
fn demo_24(dir: &Path) -> (String, Output) {
    let db = dir.join("demo.db").to_str().unwrap().to_owned();
    let out = cli(
        &[
            "demo",
            "--db",
            &db,
            "--cases",
            "24",
            "--username",
            "chair",
            "--passphrase-stdin",
        ],
        &format!("{PASS}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    (db, out)
}

#[test]
fn demo_creates_a_labelled_database_of_synthetic_cases_and_the_steering_groups_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = demo_24(dir.path());
    let db = db.as_str();
    assert_eq!(
        text(&out.stdout).trim().len(),
        79,
        "prints the recovery key"
    );
    let out = as_user("info", db, "chair");
    let info = text(&out.stdout);
    assert!(info.contains("cases: 24"), "{info}");
    let out = as_user("verify", db, "chair");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The steering group's side: the current period carries the borough's 38 actions over,
    // and the 2017–2019 plan (period 1) stays readable.
    let out = as_user("plan", db, "chair");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = text(&out.stdout);
    let rows: Vec<Vec<&str>> = rows.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 38);
    let a5 = rows.iter().find(|r| r[0] == "A05").expect("action 5");
    assert_eq!((a5[1], a5[2], a5[3]), ("5", "at_risk", "amber"));
    assert_eq!(rows.iter().filter(|r| r[1] == "36").count(), 2);
    let out = as_user_with("plan", &["--period", "1"], db, "chair");
    assert!(text(&out.stdout).lines().all(|l| l.ends_with("2019-03-31")));
    let out = as_user("training", db, "chair");
    let totals = text(&out.stdout);
    assert!(
        totals
            .lines()
            .any(|l| l.starts_with("product\twrap\t3\t104")),
        "{totals}"
    );
    assert!(
        totals.lines().any(|l| l.starts_with("sector\teducation\t")),
        "{totals}"
    );
}

#[test]
fn demo_minutes_export_to_marked_pdfs_that_are_kept_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let args = [
        "demo",
        "--db",
        db,
        "--cases",
        "36",
        "--username",
        "chair",
        "--passphrase-stdin",
    ];
    assert!(cli(&args, &format!("{PASS}\n")).status.success());

    let out = as_user("meetings", db, "chair");
    let listing = text(&out.stdout);
    let lines: Vec<Vec<&str>> = listing.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        lines.len(),
        18,
        "a year and a half of monthly meetings:\n{listing}"
    );
    assert_eq!(lines[0][2], "draft", "the latest awaits approval");
    assert!(lines[1..].iter().all(|l| l[2] == "approved"));
    assert!(lines.windows(2).all(|w| w[0][1] > w[1][1]), "newest first");

    let meeting = lines[1][0];
    for version in ["full", "redacted"] {
        let out_file = dir.path().join(format!("{version}.pdf"));
        let out = as_user_with(
            "export-minutes",
            &[
                "--meeting",
                meeting,
                "--version",
                version,
                "--out",
                out_file.to_str().unwrap(),
            ],
            db,
            "chair",
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let pdf = Command::new("pdftotext")
            .arg(&out_file)
            .arg("-")
            .output()
            .unwrap();
        let pdf = text(&pdf.stdout);
        assert!(
            pdf.contains("OFFICIAL-SENSITIVE") && pdf.contains("Approved on"),
            "{pdf}"
        );
        assert_eq!(
            pdf.contains("DS Marek Nowak"),
            version == "full",
            "{version}"
        );
    }

    // Both exports are kept, newest first, and a copy is checked byte for byte.
    let out = as_user_with("exports", &["--meeting", meeting], db, "chair");
    let kept = text(&out.stdout);
    let kept: Vec<Vec<&str>> = kept.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!((kept[0][2], kept[1][2]), ("redacted", "full"));
    assert!(kept
        .iter()
        .all(|e| e[3] == "Demo Chair" && e[4].len() == 19));
    let full = dir.path().join("full.pdf");
    let check = |file: &Path| {
        as_user_with(
            "check-export",
            &["--file", file.to_str().unwrap()],
            db,
            "chair",
        )
    };
    let out = check(&full);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("export {} as circulated", kept[1][0])),
        "{}",
        text(&out.stdout)
    );
    let mut bytes = std::fs::read(&full).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let altered = dir.path().join("altered.pdf");
    std::fs::write(&altered, bytes).unwrap();
    let out = check(&altered);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no export of this database matches"));

    // Another database's export of its own minutes is not ours.
    let other = dir.path().join("other.db");
    let other = other.to_str().unwrap();
    let mut args = args;
    args[2] = other;
    args[4] = "4";
    assert!(cli(&args, &format!("{PASS}\n")).status.success());
    let theirs = dir.path().join("theirs.pdf");
    let out = as_user_with(
        "export-minutes",
        &[
            "--meeting",
            "1",
            "--version",
            "full",
            "--out",
            theirs.to_str().unwrap(),
        ],
        other,
        "chair",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = check(&theirs);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no export of this database matches"));

    let out = as_user_with(
        "export-minutes",
        &[
            "--meeting",
            "999",
            "--version",
            "full",
            "--out",
            "/tmp/never.pdf",
        ],
        db,
        "chair",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "channel-desk-cli: That meeting was not found"
    );
    assert!(!Path::new("/tmp/never.pdf").exists());
}

#[test]
fn a_process_killed_mid_write_leaves_a_database_that_opens_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db");
    let mut child = spawn(
        &[
            "demo",
            "--db",
            db.to_str().unwrap(),
            "--cases",
            "5000",
            "--username",
            "chair",
            "--passphrase-stdin",
        ],
        &format!("{PASS}\n"),
        Stdio::null(),
    );
    // Once the key file exists the database is being filled, one transaction a case.
    let keys = db.with_file_name("killed.db.keys");
    for _ in 0..200 {
        if keys.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();

    let db = db.to_str().unwrap();
    let out = as_user("verify", db, "chair");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cases = info_count(&as_user("info", db, "chair"), "cases");
    assert!(cases > 0 && cases < 5000, "killed part-way: {cases} cases");
}

#[test]
fn report_writes_the_annual_report_and_its_figures_suppressed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo_24(dir.path());
    let db = db.as_str();
    let pdf = dir.path().join("report.pdf");
    let csv = dir.path().join("report.csv");
    let period = "2020-01-01..2029-12-31";
    let out = as_user_with(
        "report",
        &[
            "--period",
            period,
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
        db,
        "chair",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(" pages\t"),
        "{}",
        text(&out.stdout)
    );
    let pages = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let report = text(&pages.stdout);
    assert!(report.contains("OFFICIAL-SENSITIVE") && report.contains("5. Channel statistics"));
    let figures = fs::read_to_string(&csv).unwrap();
    assert!(figures.starts_with("period,measure,category,breakdown,value\n"));
    assert!(
        figures.contains(&format!("{period},referrals,All referrals,,24\n")),
        "{figures}"
    );

    // A period the command cannot read names the fix and writes nothing.
    let bad = dir.path().join("bad.pdf");
    let out = as_user_with(
        "report",
        &["--period", "2018-04-01", "--out", bad.to_str().unwrap()],
        db,
        "chair",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("FIRST..LAST"),
        "{}",
        text(&out.stderr)
    );
    assert!(!bad.exists());
}

#[test]
fn audit_writes_the_rows_its_filters_select_as_marked_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo_24(dir.path());
    let db = db.as_str();
    let today = chrono::Local::now().date_naive().to_string();
    let export = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let mut args = vec!["--out", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = as_user_with("audit", &args, db, "chair");
        (out, path)
    };
    let (out, path) = export(
        "referrals.csv",
        &["--action", "case.referral", "--from", &today],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "OFFICIAL-SENSITIVE");
    assert_eq!(lines[1], "row,when,who,what,event code,record,details");
    let rows = &lines[2..];
    assert!(rows.len() >= 24, "every referral of the demo: {csv}");
    assert!(rows
        .iter()
        .all(|r| r.contains(",chair,Referral recorded,case.referral,case:")));
    assert!(
        text(&out.stdout).contains(&format!("\t{} rows\t", rows.len())),
        "{}",
        text(&out.stdout)
    );

    // One case's rows, by the reference its referral names.
    let reference = rows[0]
        .split(',')
        .nth(5)
        .unwrap()
        .trim_start_matches("case:");
    let (out, path) = export("case.csv", &["--case", reference]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = fs::read_to_string(&path).unwrap();
    let about = format!(",case:{reference},");
    assert!(csv.contains(&format!("case.referral{about}")), "{csv}");
    assert!(
        csv.lines()
            .skip(2)
            .all(|r| r.contains(&about) || r.contains(",cases,")),
        "its own rows and the lists that showed it: {csv}"
    );

    // A day that does not exist: exit 1 naming it, nothing written.
    let (out, path) = export("bad.csv", &["--to", "31/2/2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("last day must be a real date"),
        "{}",
        text(&out.stderr)
    );
    assert!(!path.exists());
}

#[test]
fn a_file_already_at_an_output_path_is_replaced_only_with_replace() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo_24(dir.path());
    let db = db.as_str();
    let kept = || text(&as_user_with("exports", &["--meeting", "1"], db, "chair").stdout);
    let minutes = dir.path().join("minutes.pdf");
    fs::write(&minutes, "someone's notes").unwrap();
    let export = |extra: &[&str]| {
        let mut args = vec![
            "--meeting",
            "1",
            "--version",
            "full",
            "--out",
            minutes.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        as_user_with("export-minutes", &args, db, "chair")
    };
    let out = export(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "channel-desk-cli: {} already exists; nothing was written (give --replace to replace it)",
            minutes.display()
        )
    );
    assert_eq!(fs::read_to_string(&minutes).unwrap(), "someone's notes");
    assert_eq!(kept(), "", "no export kept");
    let out = export(&["--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read(&minutes).unwrap().starts_with(b"%PDF"));
    assert_eq!(kept().lines().count(), 1);

    // The report's PDF is new but its CSV is there already: neither is written.
    let pdf = dir.path().join("report.pdf");
    let csv = dir.path().join("figures.csv");
    fs::write(&csv, "last year's figures").unwrap();
    let report = |extra: &[&str]| {
        let mut args = vec![
            "--period",
            "2020-01-01..2029-12-31",
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        as_user_with("report", &args, db, "chair")
    };
    let out = report(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("{} already exists", csv.display())),
        "{}",
        text(&out.stderr)
    );
    assert!(!pdf.exists(), "the PDF written first is taken away again");
    assert_eq!(fs::read_to_string(&csv).unwrap(), "last year's figures");
    let out = report(&["--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read_to_string(&csv).unwrap().starts_with("period,"));
}

#[cfg(target_os = "linux")]
#[test]
fn the_command_holding_the_key_never_dumps_its_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panel.db");
    // Waiting for a passphrase on standard input: the process is up, nothing typed yet.
    let mut child = Command::new(env!("CARGO_BIN_EXE_channel-desk-cli"))
        .args(["info", "--db", db.to_str().unwrap(), "--username", "ana"])
        .arg("--passphrase-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let core_limit = || {
        let limits = fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap()
            .to_owned();
        line.split_whitespace()
            .skip(4)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The limit is set first thing in main; give a loaded machine a few seconds to get there.
    let mut seen = core_limit();
    for _ in 0..50 {
        if seen == "0 0" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        seen = core_limit();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(seen, "0 0", "soft and hard core file size limits");
}

/// The number after `label: ` in `info`'s output.
fn info_count(out: &Output, label: &str) -> u64 {
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{label}: ")))
        .unwrap_or_else(|| panic!("no {label} in {}", text(&out.stdout)))
        .parse()
        .unwrap()
}

#[test]
fn rotate_key_prints_a_new_recovery_key_and_the_old_one_opens_nothing_in_another_client() {
    let db = Db::new();
    let out = db.as_sean("rotate-key", PASS);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let new_key = text(&out.stdout).trim().to_owned();
    assert_eq!(new_key.len(), 79, "{new_key}");
    assert_ne!(new_key, db.recovery);
    python_refuses(db.db(), &db.recovery);
    assert_eq!(text(&python(&[db.db(), &new_key]).stdout).trim(), "sean");
    let out = cli(
        &["verify", "--db", db.db(), "--recovery-key-stdin"],
        &format!("{}\n", db.recovery),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(db.as_sean("verify", PASS).status.success());
    // A wrong passphrase rotates nothing.
    let out = db.as_sean("rotate-key", "not the passphrase at all");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&python(&[db.db(), &new_key]).stdout).trim(), "sean");
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
fn a_rotation_killed_at_any_moment_leaves_a_file_that_opens_with_one_of_the_two_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo_24(dir.path());
    let db = db.as_str();
    let before = as_user("info", db, "chair");
    let (cases, people) = (info_count(&before, "cases"), info_count(&before, "people"));
    let rotate = || {
        let args = [
            "rotate-key",
            "--db",
            db,
            "--username",
            "chair",
            "--passphrase-stdin",
        ];
        spawn(&args, &format!("{PASS}\n"), Stdio::piped())
    };
    // How long a whole rotation takes here, unlock included.
    let started = std::time::Instant::now();
    assert!(rotate().wait_with_output().unwrap().status.success());
    let whole = started.elapsed().as_secs_f64();

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut random = Xorshift(seed);
    let (mut killed, mut mid_rotation, mut finished) = (0, 0, 0);
    let mut audit_rows = 0;
    let key_file = Path::new(db).with_file_name("demo.db.keys");
    for run in 0..50 {
        let mut child = rotate();
        // Most of a run is the two key derivations (unlock, then the passphrase again); the
        // kills are spread over its last part, where the files change.
        let at = whole * (0.6 + 0.45 * random.unit());
        std::thread::sleep(std::time::Duration::from_secs_f64(at));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
        }
        // The key file still holding the old data key: stopped between its two writes.
        if fs::read_to_string(&key_file)
            .unwrap()
            .contains("previous_data_key")
        {
            mid_rotation += 1;
        }
        // The file opens (with the old key or the new; the unlock finishes a stopped
        // rotation), its pages and the audit chain verify, and nothing is lost.
        let out = as_user("verify", db, "chair");
        assert!(
            out.status.success(),
            "run {run} (seed {seed}, killed at {at:.3} s): {}",
            text(&out.stderr)
        );
        let info = as_user("info", db, "chair");
        assert_eq!(info_count(&info, "cases"), cases, "run {run} (seed {seed})");
        assert_eq!(
            info_count(&info, "people"),
            people,
            "run {run} (seed {seed})"
        );
        let rows = info_count(&info, "audit rows");
        assert!(rows > audit_rows, "run {run}: the audit trail only grows");
        audit_rows = rows;
    }
    println!(
        "rotation of {whole:.2} s: {killed} killed ({mid_rotation} between the key file's two \
         writes), {finished} finished (seed {seed})"
    );
    assert!(killed >= 25, "most runs stopped part-way: {killed}");
}

#[test]
fn audit_rows_cut_from_the_end_outside_channel_desk_are_reported_at_the_next_unlock() {
    let db = Db::new();
    // Each session leaves the head it saw in the key file.
    for _ in 0..3 {
        assert!(db.as_sean("info", PASS).status.success());
    }
    // Someone holding the key drops the trigger and deletes the newest rows: what is left is
    // a shorter chain that still verifies on its own.
    python(&[db.db(), &db.recovery, "cut-audit", "3"]);
    let out = db.as_sean("verify", PASS);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("rows have been removed from its end"),
        "said plainly: {err}"
    );
    assert!(err.contains("The audit trail is broken at row"), "{err}");
    // Reported and recorded once; from then on the chain as it is now is checked.
    let out = db.as_sean("verify", PASS);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn backup_then_restore_on_a_new_laptop_holds_the_same_records_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = demo_24(dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let backup = dir.path().join("panel.cdbackup");
    let backup_arg = backup.to_str().unwrap();
    let made = as_user_with("backup", &["--out", backup_arg], &db, "chair");
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(
        text(&made.stdout).starts_with(backup_arg),
        "{}",
        text(&made.stdout)
    );
    let again = as_user_with("backup", &["--out", backup_arg], &db, "chair");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("--replace"),
        "{}",
        text(&again.stderr)
    );
    let before = as_user("info", &db, "chair");

    let laptop = tempfile::tempdir().unwrap();
    let target = laptop.path().join("panel.db");
    let target_arg = target.to_str().unwrap();
    let restore = |extra: &[&str], secret: &str| {
        let mut args = vec!["restore", "--from", backup_arg, "--db", target_arg];
        args.extend_from_slice(extra);
        cli(&args, &format!("{secret}\n"))
    };
    let wrong = restore(
        &["--username", "chair", "--passphrase-stdin"],
        "not the passphrase",
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("not recognised"),
        "{}",
        text(&wrong.stderr)
    );
    assert!(!target.exists(), "nothing written");

    let restored = restore(&["--username", "chair", "--passphrase-stdin"], PASS);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let shown = text(&restored.stdout);
    assert!(shown.contains("cases: 24"), "{shown}");
    assert!(shown.contains("schema version: "), "{shown}");
    let after = as_user("info", target_arg, "chair");
    assert!(after.status.success(), "{}", text(&after.stderr));
    assert_eq!(info_count(&after, "cases"), info_count(&before, "cases"));
    assert_eq!(info_count(&after, "people"), info_count(&before, "people"));
    let verified = as_user("verify", target_arg, "chair");
    assert!(verified.status.success(), "{}", text(&verified.stderr));

    // Over a database: refused without --replace, files untouched.
    let files = || {
        (
            fs::read(&target).unwrap(),
            fs::read(laptop.path().join("panel.db.keys")).unwrap(),
        )
    };
    let untouched = files();
    let refused = restore(&["--username", "chair", "--passphrase-stdin"], PASS);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("--replace"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(files(), untouched);
}

#[test]
fn restore_with_replace_keeps_the_database_it_replaces_beside_it() {
    let db = Db::new();
    let backup = db.path.with_file_name("panel.cdbackup");
    let backup_arg = backup.to_str().unwrap();
    let made = as_user_with("backup", &["--out", backup_arg], db.db(), "sean");
    assert!(made.status.success(), "{}", text(&made.stderr));
    let out = cli(
        &[
            "restore",
            "--from",
            backup_arg,
            "--db",
            db.db(),
            "--recovery-key-stdin",
            "--replace",
        ],
        &format!("{}\n", db.recovery),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kept = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept as "))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{}", text(&out.stdout)));
    assert!(kept.exists());
    assert!(PathBuf::from(format!("{}.keys", kept.display())).exists());
    // The kept database opens as it is, and says what replaced it.
    let old = as_user("verify", kept.to_str().unwrap(), "sean");
    assert!(old.status.success(), "{}", text(&old.stderr));
    assert!(db.as_sean("verify", PASS).status.success());
}

#[test]
fn a_damaged_backup_is_refused_with_its_reason_and_nothing_is_written() {
    let db = Db::new();
    let backup = db.path.with_file_name("panel.cdbackup");
    let backup_arg = backup.to_str().unwrap();
    assert!(
        as_user_with("backup", &["--out", backup_arg], db.db(), "sean")
            .status
            .success()
    );
    let mut bytes = fs::read(&backup).unwrap();
    let len = bytes.len();
    bytes[len - 100] ^= 1;
    fs::write(&backup, &bytes).unwrap();
    let laptop = tempfile::tempdir().unwrap();
    let target = laptop.path().join("panel.db");
    let out = cli(
        &[
            "restore",
            "--from",
            backup_arg,
            "--db",
            target.to_str().unwrap(),
            "--username",
            "sean",
            "--passphrase-stdin",
        ],
        &format!("{PASS}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("Nothing was changed"),
        "{err}"
    );
    assert_eq!(
        fs::read_dir(laptop.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn a_command_finds_the_database_open_in_another_and_names_it_until_that_one_ends() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("busy.db");
    let db = db.to_str().unwrap();
    // Far more cases than it can write before it is killed below.
    let mut demo = spawn(
        &[
            "demo",
            "--db",
            db,
            "--cases",
            "100000",
            "--username",
            "chair",
            "--passphrase-stdin",
        ],
        &format!("{PASS}\n"),
        Stdio::null(),
    );
    // The key file is written once the first administrator is; the lock names its holder.
    let (keys, lock) = (format!("{db}.keys"), format!("{db}.lock"));
    for _ in 0..400 {
        let named = fs::read_to_string(&lock).is_ok_and(|t| t.contains("channel-desk-cli demo"));
        if named && Path::new(&keys).exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let out = as_user("verify", db, "chair");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let named = format!(
        "channel-desk-cli: This database is open in channel-desk-cli demo (process {}",
        demo.id()
    );
    assert!(err.starts_with(&named), "{err}");
    assert!(err.ends_with("Close it there first.\n"), "{err}");

    // Killed, it leaves no lock behind.
    demo.kill().unwrap();
    demo.wait().unwrap();
    let out = as_user("verify", db, "chair");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_bad_file_at_the_database_path_is_named_in_one_line_and_left_as_it_was() {
    let db = Db::new();
    let keys = db.path.with_file_name("panel.db.keys");
    // What the command says, and how the file was spoilt.
    type Case = (&'static str, fn(&Path));
    let cases: [Case; 3] = [
        ("is truncated or damaged (the file is empty)", |db| {
            fs::write(db, b"").unwrap()
        }),
        (
            "is not a Channel Desk database (a folder, not a file)",
            |db| {
                fs::remove_file(db).unwrap();
                fs::create_dir(db).unwrap();
            },
        ),
        ("is missing. Unlock with the recovery key", |db| {
            fs::remove_file(db.with_file_name("panel.db.keys")).unwrap()
        }),
    ];
    let (good, good_keys) = (fs::read(&db.path).unwrap(), fs::read(&keys).unwrap());
    for (said, spoil) in cases {
        let _ = fs::remove_dir(&db.path);
        fs::write(&db.path, &good).unwrap();
        fs::write(&keys, &good_keys).unwrap();
        spoil(&db.path);
        let before = (fs::read(&db.path).ok(), fs::read(&keys).ok());
        let out = db.as_sean("verify", PASS);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.starts_with("channel-desk-cli: ") && err.contains(said),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!((fs::read(&db.path).ok(), fs::read(&keys).ok()), before);
    }
}
