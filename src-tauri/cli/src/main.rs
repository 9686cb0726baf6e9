//! `channel-desk-cli`: administration of a Channel Desk database without a window.
//! Exit code 0 on success; 1 with a one-line reason on standard error otherwise. A file
//! already at an output path is replaced only with `--replace`.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use channel_desk_core::common::unprintable::Unprintable;
use channel_desk_core::meetings::Version;
use channel_desk_core::plan::PlanFilter;
use channel_desk_core::security::head::AuditCut;
use channel_desk_core::store::audit::AuditQuery;
use channel_desk_core::store::restore::{open_backup, BackupKey};
use channel_desk_core::{
    bench, create, database_state, demo, unlock, unlock_with_recovery_key, CoreError,
    DatabaseState, FirstPerson, IfExists, Paths, Session,
};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use zeroize::Zeroizing;

/// Freed memory is wiped: see `WipingAllocator`.
#[global_allocator]
static ALLOCATOR: channel_desk_core::security::process::WipingAllocator =
    channel_desk_core::security::process::WipingAllocator;

#[derive(Parser)]
#[command(
    name = "channel-desk-cli",
    version,
    about = "Administer a Channel Desk database without a window"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new encrypted database and its first administrator; prints the recovery key.
    Init {
        #[arg(long)]
        db: PathBuf,
        /// The administrator's full name.
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
        /// Read the passphrase from the first line of standard input.
        #[arg(long, required = true)]
        passphrase_stdin: bool,
    },
    /// Create a new database (as `init` does) filled with synthetic demo cases.
    Demo {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 60)]
        cases: u32,
        #[arg(long)]
        username: String,
        /// The administrator's full name.
        #[arg(long, default_value = "Demo Chair")]
        user: String,
        #[arg(long, required = true)]
        passphrase_stdin: bool,
    },
    /// Time the case list and search on synthetic cases beside naive baselines, the minutes
    /// export beside headless Chromium, and the statistics and annual report beside plain
    /// GROUP BY counts.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        cases: u32,
        #[arg(long, default_value_t = 30)]
        runs: usize,
        /// Time only the minutes export (no key derivation, no bulk cases).
        #[arg(long, conflicts_with = "statistics_only")]
        minutes_only: bool,
        /// Time only the statistics and the annual report, on `--cases` bulk cases.
        #[arg(long)]
        statistics_only: bool,
        /// Time only the backup round trip (backup, restore, beside `cp`), on `--cases` bulk
        /// cases.
        #[arg(long, conflicts_with_all = ["minutes_only", "statistics_only"])]
        backup_only: bool,
    },
    /// Rotate the data key, for example when the recovery key may have been seen: the
    /// database encrypted again under a new key, which every remaining person's slot opens.
    /// Prints the new recovery key (unconfirmed until an administrator types it back in the
    /// app); the old one, and old copies of the key file, open nothing.
    RotateKey {
        #[arg(long)]
        db: PathBuf,
        /// An administrator's username.
        #[arg(long)]
        username: String,
        #[arg(long, required = true)]
        passphrase_stdin: bool,
    },
    /// For crash tests, on a demo database only: synthetic referrals taken to the panel's
    /// decision, a meeting for every ten, one transaction at a time. Prints each write as it
    /// commits: `referral CASE`, `meeting MEETING`, `sent CASE`, `decision MEETING CASE`.
    Churn {
        #[command(flatten)]
        open: Open,
        #[arg(long, default_value_t = 1000)]
        rounds: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day every write is dated (YYYY-MM-DD), today unless given.
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// Write a backup (the database with its key slots, encrypted as the database is, that
    /// opens with a passphrase of someone in it or the recovery key) to `--out`, checked by
    /// opening the copy; audited. Prints the file, bytes, audit rows and SHA-256.
    Backup {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        replace: Replace,
    },
    /// Restore a backup to `--db`, opened with `--username U --passphrase-stdin` (an
    /// administrator in it) or `--recovery-key-stdin`; prints what it holds, then restores.
    /// A database already at `--db` is replaced only with `--replace`, when the same
    /// passphrase or recovery key opens it too; it is kept beside, under a dated name.
    Restore {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        from: PathBuf,
        #[command(flatten)]
        replace: Replace,
    },
    /// Cases past their retention period, one a line: reference, closed on, years closed.
    /// With `--years` the period is changed first; with `--erase-all` every case listed is
    /// erased, in one transaction (personal data gone, statistics kept; audited).
    Retention {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        years: Option<String>,
        #[arg(long)]
        erase_all: bool,
    },
    /// Schema version, people and record counts.
    Info(Open),
    /// SQLite integrity check, SQLCipher page authentication and the audit chain.
    Verify(Open),
    /// Panel meetings, one a line: id, date, status (draft or approved).
    Meetings(Open),
    /// Write a meeting's minutes to a PDF file (marked OFFICIAL-SENSITIVE; audited).
    ExportMinutes {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        meeting: i64,
        /// `full` for the panel; `redacted` (no names, dates of birth, addresses or notes)
        /// for wider circulation.
        #[arg(long, value_parser = ["full", "redacted"])]
        version: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        replace: Replace,
    },
    /// The delivery plan's actions, one a line: key, printed number, status, RAG, target date.
    Plan {
        #[command(flatten)]
        open: Open,
        /// The latest period unless given.
        #[arg(long)]
        period: Option<i64>,
    },
    /// Training delivered, totals by product then by sector: code, sessions, people.
    Training {
        #[command(flatten)]
        open: Open,
        /// First day counted (YYYY-MM-DD); all training when absent.
        #[arg(long, default_value = "2000-01-01")]
        from: String,
        /// Last day counted (YYYY-MM-DD); today when absent.
        #[arg(long)]
        to: Option<String>,
    },
    /// The kept exports of a meeting's minutes, one a line: id, when, version, who, fingerprint.
    Exports {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        meeting: i64,
    },
    /// Whether a PDF is a recorded export of this database, byte for byte (exit 0 and the
    /// export it matches; 1 otherwise).
    CheckExport {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        file: PathBuf,
    },
    /// The annual report to the Community Safety Partnership as PDF, and its figures as CSV
    /// if asked; small numbers suppressed. Prints pages and bytes written.
    Report {
        #[command(flatten)]
        open: Open,
        /// FIRST..LAST, for example 2017-04-01..2018-03-31.
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        csv: Option<PathBuf>,
        #[command(flatten)]
        replace: Replace,
    },
    /// The audit trail as CSV (marked OFFICIAL-SENSITIVE; audited), oldest row first, of the
    /// rows the filters select together as the audit screen's do. Prints rows and bytes.
    Audit {
        #[command(flatten)]
        open: Open,
        #[arg(long)]
        out: PathBuf,
        /// Rows this person (a username) did.
        #[arg(long, default_value = "")]
        person: String,
        /// Rows about this case (a reference such as CH-2026-0042).
        #[arg(long = "case", default_value = "")]
        case_reference: String,
        /// One type of event, by its code (for example case.viewed).
        #[arg(long, default_value = "")]
        action: String,
        /// First day (YYYY-MM-DD), in this computer's time zone.
        #[arg(long, default_value = "")]
        from: String,
        /// Last day (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        to: String,
        #[command(flatten)]
        replace: Replace,
    },
}

/// Whether a command that writes files may replace ones already there.
#[derive(Args)]
struct Replace {
    /// Replace a file already at an output path (without it the command refuses and writes
    /// nothing).
    #[arg(long)]
    replace: bool,
}

impl Replace {
    fn if_exists(&self) -> IfExists {
        if self.replace {
            IfExists::Replace
        } else {
            IfExists::Refuse
        }
    }
}

/// Exit 1 naming the file already at an output path, and how to replace it.
fn refused_existing(path: &Path) -> ExitCode {
    eprintln!(
        "channel-desk-cli: {} already exists; nothing was written (give --replace to replace it)",
        path.display()
    );
    ExitCode::from(1)
}

/// How a subcommand opens an existing database.
#[derive(Args)]
struct Open {
    #[arg(long)]
    db: PathBuf,
    #[arg(
        long,
        requires = "passphrase_stdin",
        conflicts_with = "recovery_key_stdin"
    )]
    username: Option<String>,
    /// Read the passphrase from the first line of standard input.
    #[arg(long, requires = "username")]
    passphrase_stdin: bool,
    /// Read the recovery key from the first line of standard input.
    #[arg(long)]
    recovery_key_stdin: bool,
}

fn first_line_of_stdin() -> Result<Zeroizing<String>, CoreError> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    Ok(trimmed)
}

fn open(args: &Open) -> Result<Session, CoreError> {
    Ok(open_noting_cut(args)?.0)
}

/// Opens as `open` does, and says on standard error when the audit trail no longer reaches
/// the head the key file recorded (returned too, for `verify`).
fn open_noting_cut(args: &Open) -> Result<(Session, Option<AuditCut>), CoreError> {
    unlock_with(&Paths::new(&args.db), &credentials(args)?)
}

/// What `Open` names: a username with the passphrase, or the recovery key, read from
/// standard input.
enum Credentials {
    Passphrase(String, Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
}

fn credentials(args: &Open) -> Result<Credentials, CoreError> {
    if args.recovery_key_stdin {
        return Ok(Credentials::RecoveryKey(first_line_of_stdin()?));
    }
    let Some(username) = &args.username else {
        return Err(CoreError::invalid(
            "username",
            "give --username U --passphrase-stdin, or --recovery-key-stdin",
        ));
    };
    Ok(Credentials::Passphrase(
        username.clone(),
        first_line_of_stdin()?,
    ))
}

/// Opens as `open` does with credentials already read.
fn unlock_with(
    paths: &Paths,
    credentials: &Credentials,
) -> Result<(Session, Option<AuditCut>), CoreError> {
    let (username, passphrase) = match credentials {
        Credentials::RecoveryKey(key) => {
            return Ok((unlock_with_recovery_key(paths, key)?.into_session(), None))
        }
        Credentials::Passphrase(username, passphrase) => (username, passphrase),
    };
    let unlocked = unlock(paths, username, passphrase, chrono::Utc::now())?;
    if let Some(cut) = &unlocked.audit_cut {
        eprintln!("warning: {}", cut.message);
    }
    Ok((unlocked.session, unlocked.audit_cut))
}

const BENCH_USERNAME: &str = "bench";
const BENCH_PASSPHRASE: &str = "benchmark passphrase only";

/// Runs `f` on a new encrypted database in a temporary folder, removed afterwards.
fn with_bench_database(
    f: impl FnOnce(&mut Session, &Path) -> Result<(), CoreError>,
) -> Result<(), CoreError> {
    let dir = std::env::temp_dir().join(format!("channel-desk-bench-{}", std::process::id()));
    let paths = Paths::new(dir.join("bench.db"));
    let result = (|| {
        let (mut session, _) = create(
            &paths,
            &FirstPerson {
                full_name: "Benchmark",
                username: BENCH_USERNAME,
                passphrase: BENCH_PASSPHRASE,
                passphrase_confirm: BENCH_PASSPHRASE,
            },
        )?;
        f(&mut session, &dir)?;
        session.lock("benchmark finished")
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn print_timings(timings: &[bench::Timing]) {
    println!("| operation | Channel Desk (ms) | baseline | baseline (ms) | ratio |");
    println!("| --- | ---: | --- | ---: | ---: |");
    for t in timings {
        let (baseline, ratio) = match t.baseline_median_ms {
            Some(ms) => (format!("{ms:.2}"), format!("{:.1}×", ms / t.median_ms)),
            None => ("skipped".into(), "".into()),
        };
        println!(
            "| {} | {:.2} | {} | {baseline} | {ratio} |",
            t.what, t.median_ms, t.baseline
        );
    }
}

/// The case list under each memory setting, the first (the store's before memory security)
/// as the baseline.
fn print_memory_settings(timings: &[bench::SettingTimings]) {
    let settings = bench::MEMORY_SETTINGS.map(|s| {
        format!(
            "memory security {}, freed memory {}wiped, {} MiB cache (ms)",
            if s.memory_security { "on" } else { "off" },
            if s.wipe_freed { "" } else { "not " },
            s.cache_kib / 1024
        )
    });
    println!("| operation | {} |", settings.join(" | "));
    println!("| --- |{}", " ---: |".repeat(settings.len()));
    for t in timings {
        let medians: Vec<String> = t.medians_ms.iter().map(|ms| format!("{ms:.2}")).collect();
        println!("| {} | {} |", t.what, medians.join(" | "));
    }
}

/// The backup round trip on `cases` bulk cases: times and sizes beside `cp`.
fn bench_backup(cases: u32) -> Result<(), CoreError> {
    with_bench_database(|session, dir| {
        demo::bulk_cases(session, cases, 7)?;
        let b = bench::backup_round_trip(session, dir, BENCH_USERNAME, BENCH_PASSPHRASE)?;
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        println!("Backup round trip on {cases} synthetic cases");
        println!("| operation | time (ms) | size (MiB) |");
        println!("| --- | ---: | ---: |");
        println!(
            "| `cp` of the database file (median of 3) | {:.0} | {:.1} |",
            b.cp_ms,
            mib(b.database_bytes)
        );
        println!(
            "| backup made and checked | {:.0} | {:.1} |",
            b.backup_ms,
            mib(b.backup_bytes)
        );
        println!(
            "| backup opened, checked and restored | {:.0} | |",
            b.restore_ms
        );
        println!();
        println!("| step | time (ms) |");
        println!("| --- | ---: |");
        for (step, ms) in &b.steps {
            println!("| {step} | {ms:.0} |");
        }
        println!(
            "Restored equal to the original: {} ({} tables, {} rows, checksums and audit head)",
            if b.equal { "yes" } else { "NO" },
            b.tables,
            b.rows
        );
        if b.equal {
            Ok(())
        } else {
            Err(CoreError::Io(std::io::Error::other(
                "the restored database differs from the original",
            )))
        }
    })
}

fn bench(
    cases: u32,
    runs: usize,
    minutes_only: bool,
    statistics_only: bool,
) -> Result<(), CoreError> {
    if !minutes_only && !statistics_only {
        // First, while no connection of this process has turned memory security on.
        bench::hold_memory_security_off();
        with_bench_database(|session, _| {
            let start = std::time::Instant::now();
            demo::bulk_cases(session, cases, 7)?;
            println!(
                "{cases} synthetic cases inserted in {:.1} s; median of {runs} runs each",
                start.elapsed().as_secs_f64()
            );
            println!(
                "Argon2id key derivation for one unlock (64 MiB, 8 passes): {:.0} ms",
                bench::key_derivation(5)?
            );
            print_memory_settings(&bench::memory_settings(session, runs)?);
            println!();
            print_timings(&bench::case_list(session, runs)?);
            Ok(())
        })?;
        println!();
    }
    if !minutes_only {
        with_bench_database(|session, dir| {
            demo::bulk_cases(session, cases, 7)?;
            bench::journeys(session)?;
            let (timings, referrals) = bench::statistics(session, dir, runs)?;
            println!(
                "Statistics and annual report on {cases} synthetic cases with their journeys \
                 ({referrals} referrals in the year); median of {runs} runs (report: of {})",
                runs.min(5)
            );
            print_timings(&timings);
            Ok(())
        })?;
        println!();
    }
    if statistics_only {
        return Ok(());
    }
    // A database of its own: a meeting would put the bulk cases on its agenda.
    with_bench_database(|session, dir| {
        let m = bench::minutes(session, dir, runs)?;
        println!(
            "Minutes of a {}-case meeting, full version; median of {runs} runs each",
            bench::MEETING_CASES
        );
        print_timings(&m.timings);
        println!(
            "First export in the process (also parses the fonts): {:.2} ms",
            m.first_export_ms
        );
        println!(
            "Channel Desk PDF: {} pages, {} bytes",
            m.pdf.pages, m.pdf.bytes
        );
        println!(
            "Encrypted database growth per kept export (average of {}): {} bytes",
            bench::GROWTH_EXPORTS,
            m.growth_per_export
        );
        match m.chromium {
            Some(pdf) => println!("Chromium PDF: {} pages, {} bytes", pdf.pages, pdf.bytes),
            None => println!(
                "Chromium baseline skipped: neither chromium nor chromium-browser is on PATH \
                 (on Debian: apt-get install chromium)"
            ),
        }
        Ok(())
    })
}

/// Creates a database (filled with `demo_cases` synthetic cases when not zero) with the
/// passphrase from standard input, and prints its recovery key.
fn create_database(
    db: PathBuf,
    user: &str,
    username: &str,
    demo_cases: u32,
) -> Result<(), CoreError> {
    let passphrase = first_line_of_stdin()?;
    let (mut session, recovery) = create(
        &Paths::new(db),
        &FirstPerson {
            full_name: user,
            username,
            passphrase: &passphrase,
            passphrase_confirm: &passphrase,
        },
    )?;
    if demo_cases > 0 {
        demo::populate(&mut session, demo_cases, 2026)?;
    }
    session.lock("command finished")?;
    println!("{}", recovery.as_str());
    Ok(())
}

/// Restores `from` to `args.db`, printing what the backup holds first.
fn restore(args: &Open, from: &Path, replace: bool) -> Result<ExitCode, CoreError> {
    let paths = Paths::new(&args.db);
    let exists = database_state(&paths) != DatabaseState::Missing || paths.keys.exists();
    if exists && !replace {
        return Ok(refused_existing(&paths.db));
    }
    let credentials = credentials(args)?;
    let key = match &credentials {
        Credentials::Passphrase(username, passphrase) => BackupKey::Person {
            username,
            passphrase,
        },
        Credentials::RecoveryKey(key) => BackupKey::RecoveryKey(key),
    };
    let opened = open_backup(from, &paths, &key, &mut |_| {})?;
    let s = opened.summary();
    println!("backup: {}", s.file);
    println!("made: {}", s.made_at);
    println!("database created: {}", s.database_created_at);
    println!("schema version: {}", s.schema_version);
    println!("people: {}", s.people.len());
    for p in &s.people {
        println!("  {}\t{}\t{}", p.username, p.role.as_str(), p.full_name);
    }
    for c in &s.counts {
        println!("{}: {}", c.label.to_lowercase(), c.count);
    }
    println!("audit head: {}", s.audit_head);
    let current = if exists {
        Some(unlock_with(&paths, &credentials)?.0)
    } else {
        None
    };
    let done = opened.restore(&paths, current)?;
    println!("restored to {}", paths.db.display());
    if let Some(kept) = done.kept_as {
        println!("the database it replaced is kept as {kept}");
    }
    if let Some(warning) = done.warning {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Lists the cases past retention (the period first set to `years` if given), then erases
/// them all if asked.
fn retention(session: &mut Session, years: Option<&str>, erase_all: bool) -> Result<(), CoreError> {
    if let Some(years) = years {
        session.set_retention_years(years)?;
    }
    let due = session.cases_past_retention()?;
    for case in &due.cases {
        println!(
            "{}	{}	{}",
            case.reference, case.closed_on, case.years_closed
        );
    }
    if erase_all && !due.cases.is_empty() {
        let ids: Vec<i64> = due.cases.iter().map(|c| c.id).collect();
        println!("erased {}", session.erase_cases(&ids)?);
    }
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, CoreError> {
    match cli.command {
        Command::Init {
            db, user, username, ..
        } => create_database(db, &user, &username, 0)?,
        Command::Demo {
            db,
            cases,
            username,
            user,
            ..
        } => create_database(db, &user, &username, cases)?,
        Command::Bench {
            cases,
            backup_only: true,
            ..
        } => bench_backup(cases)?,
        Command::Bench {
            cases,
            runs,
            minutes_only,
            statistics_only,
            ..
        } => bench(cases, runs, minutes_only, statistics_only)?,
        Command::RotateKey { db, username, .. } => {
            let passphrase = first_line_of_stdin()?;
            let paths = Paths::new(&db);
            let mut session = unlock(&paths, &username, &passphrase, chrono::Utc::now())?.session;
            let rotated = session.rotate_data_key(&passphrase);
            if let Ok(rotated) = &rotated {
                for p in &rotated.without_access {
                    eprintln!(
                        "warning: {} ({}) needs a new temporary passphrase from an administrator",
                        p.full_name, p.username
                    );
                }
                println!("{}", *rotated.recovery_key);
            }
            session.lock("command finished")?;
            rotated?;
        }
        Command::Churn {
            open: args,
            rounds,
            seed,
            on,
        } => {
            let mut session = open(&args)?;
            let on = on.unwrap_or_else(channel_desk_core::common::dates::today);
            let result = demo::churn(&mut session, rounds, seed, on, |written| {
                use demo::Written::*;
                // Printed, and flushed by the newline, only once the write has committed.
                match written {
                    Referral(case) => println!("referral {case}"),
                    Meeting(meeting) => println!("meeting {meeting}"),
                    SentToPanel(case) => println!("sent {case}"),
                    Decision { meeting, case } => println!("decision {meeting} {case}"),
                }
            });
            session.lock("command finished")?;
            result?;
        }
        Command::Backup {
            open: args,
            out,
            replace,
        } => {
            let mut session = open(&args)?;
            let result = session.back_up(&out, replace.if_exists(), &mut |_| {});
            session.lock("command finished")?;
            let made = match result {
                Err(CoreError::AlreadyExists(path)) => return Ok(refused_existing(&path)),
                other => other?,
            };
            println!(
                "{}\t{} bytes\t{} audit rows\tsha256 {}",
                made.path, made.bytes, made.audit_rows, made.sha256
            );
        }
        Command::Restore {
            open: args,
            from,
            replace,
        } => return restore(&args, &from, replace.replace),
        Command::Retention {
            open: args,
            years,
            erase_all,
        } => {
            let mut session = open(&args)?;
            let result = retention(&mut session, years.as_deref(), erase_all);
            session.lock("command finished")?;
            result?;
        }
        Command::Info(args) => {
            let session = open(&args)?;
            let info = session.info()?;
            println!("database: {}", args.db.display());
            println!("schema version: {}", info.schema_version);
            println!("database id: {}", info.database_id);
            println!("created: {}", info.created_at);
            println!("people: {}", info.people.len());
            for p in &info.people {
                println!("  {}\t{}\t{}", p.username, p.role.as_str(), p.full_name);
            }
            println!("cases: {}", info.cases);
            println!("audit rows: {}", info.audit_rows);
            session.lock("command finished")?;
        }
        Command::Verify(args) => {
            let (session, cut) = open_noting_cut(&args)?;
            let result = session.verify();
            session.lock("command finished")?;
            if let Some(cut) = cut {
                return Err(cut.into_error());
            }
            let v = result?;
            println!(
                "ok: integrity {}, cipher integrity ok, audit chain of {} rows holds",
                v.integrity, v.audit_rows
            );
        }
        Command::Meetings(args) => {
            let session = open(&args)?;
            let meetings = session.meetings();
            session.lock("command finished")?;
            for m in meetings? {
                println!("{}\t{}\t{}", m.id, m.held_on, m.status);
            }
        }
        Command::ExportMinutes {
            open: args,
            meeting,
            version,
            out,
            replace,
        } => {
            let mut session = open(&args)?;
            let version = Version::parse(&version).expect("clap allows only full or redacted");
            let result = session.export_minutes(meeting, version, &out, replace.if_exists());
            session.lock("command finished")?;
            let export = match result {
                Err(CoreError::AlreadyExists(path)) => return Ok(refused_existing(&path)),
                other => other?,
            };
            println!(
                "{} ({} bytes, export {}, fingerprint {})",
                export.path, export.bytes, export.id, export.fingerprint
            );
            warn_unprintable(&export.unprintable);
        }
        Command::Plan { open: args, period } => {
            let session = open(&args)?;
            let plan = session.plan(&PlanFilter {
                period_id: period,
                ..Default::default()
            });
            session.lock("command finished")?;
            let Some(plan) = plan? else {
                return Err(CoreError::NotFound("A delivery plan"));
            };
            for a in plan
                .priorities
                .iter()
                .flat_map(|p| &p.headings)
                .flat_map(|h| &h.actions)
            {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.key, a.number, a.status, a.rag, a.target_on
                );
            }
        }
        Command::Training {
            open: args,
            from,
            to,
        } => {
            let session = open(&args)?;
            let to = to.unwrap_or_else(|| channel_desk_core::common::dates::today().to_string());
            let training = session.training(&from, &to);
            session.lock("command finished")?;
            let training = training?;
            for (kind, totals) in [
                ("product", &training.by_product),
                ("sector", &training.by_sector),
            ] {
                for t in totals {
                    println!("{kind}\t{}\t{}\t{}", t.code, t.sessions, t.people);
                }
            }
        }
        Command::Exports {
            open: args,
            meeting,
        } => {
            let session = open(&args)?;
            let exports = session.minutes_exports(meeting);
            session.lock("command finished")?;
            for e in exports? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    e.id,
                    e.exported_at,
                    e.version.label().to_lowercase(),
                    e.exported_by,
                    e.fingerprint
                );
            }
        }
        Command::CheckExport { open: args, file } => {
            let mut session = open(&args)?;
            let result = session.check_export_file(&file);
            session.lock("command finished")?;
            let check = result?;
            if check.matches.is_none() {
                eprintln!(
                    "channel-desk-cli: no export of this database matches {}",
                    file.display()
                );
                if check.altered_from.is_some() {
                    eprintln!("{}", check.verdict);
                }
                return Ok(ExitCode::from(1));
            }
            println!("{}", check.verdict);
        }
        Command::Report {
            open: args,
            period,
            out,
            csv,
            replace,
        } => {
            let mut session = open(&args)?;
            let written = channel_desk_core::stats::Period::parse(&period).and_then(|p| {
                session.export_report(
                    &p.from.to_string(),
                    &p.to.to_string(),
                    &out,
                    csv.as_deref(),
                    replace.if_exists(),
                )
            });
            session.lock("command finished")?;
            let written = match written {
                Err(CoreError::AlreadyExists(path)) => return Ok(refused_existing(&path)),
                other => other?,
            };
            println!(
                "{}\t{} pages\t{} bytes",
                out.display(),
                written.pages,
                written.pdf_bytes
            );
            if let (Some(csv), Some(bytes)) = (csv, written.csv_bytes) {
                println!("{}\t{bytes} bytes", csv.display());
            }
            warn_unprintable(&written.unprintable);
        }
        Command::Audit {
            open: args,
            out,
            person,
            case_reference,
            action,
            from,
            to,
            replace,
        } => {
            let mut session = open(&args)?;
            let query = AuditQuery {
                action,
                person,
                case_reference,
                from,
                to,
                page: 0,
            };
            let written = session.export_audit(&query, &out, replace.if_exists());
            session.lock("command finished")?;
            let written = match written {
                Err(CoreError::AlreadyExists(path)) => return Ok(refused_existing(&path)),
                other => other?,
            };
            println!(
                "{}\t{} rows\t{} bytes",
                written.path, written.rows, written.bytes
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    channel_desk_core::security::process::forbid_core_dumps();
    channel_desk_core::security::process::wipe_freed_memory();
    let matches = Cli::command().get_matches();
    // Named so in the lock file of the database it opens, for whoever finds it in use.
    channel_desk_core::store::exclusive::set_program(format!(
        "channel-desk-cli {}",
        matches.subcommand_name().unwrap_or_default()
    ));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("channel-desk-cli: {e}");
            ExitCode::from(1)
        }
    }
}

/// Characters an export printed as empty boxes, on standard error beside the file written.
fn warn_unprintable(unprintable: &[Unprintable]) {
    for u in unprintable {
        eprintln!("warning: {u}");
    }
}
