//! `channel-desk-cli`: administration of a Channel Desk database without a window.
//! Exit code 0 on success; 1 with a one-line reason on standard error otherwise.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use channel_desk_core::{
    create, unlock, unlock_with_recovery_key, CoreError, FirstPerson, Paths, Session,
};
use clap::{Args, Parser, Subcommand};
use zeroize::Zeroizing;

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
    /// Schema version, people and record counts.
    Info(Open),
    /// SQLite integrity check, SQLCipher page authentication and the audit chain.
    Verify(Open),
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
    let paths = Paths::new(&args.db);
    if args.recovery_key_stdin {
        let key = first_line_of_stdin()?;
        return Ok(unlock_with_recovery_key(&paths, &key)?.into_session());
    }
    let Some(username) = &args.username else {
        return Err(CoreError::invalid(
            "username",
            "give --username U --passphrase-stdin, or --recovery-key-stdin",
        ));
    };
    let passphrase = first_line_of_stdin()?;
    Ok(unlock(&paths, username, &passphrase, chrono::Utc::now())?.session)
}

fn run(cli: Cli) -> Result<(), CoreError> {
    match cli.command {
        Command::Init {
            db, user, username, ..
        } => {
            let passphrase = first_line_of_stdin()?;
            let (session, recovery) = create(
                &Paths::new(db),
                &FirstPerson {
                    full_name: &user,
                    username: &username,
                    passphrase: &passphrase,
                    passphrase_confirm: &passphrase,
                },
            )?;
            session.lock("command finished")?;
            println!("{}", recovery.as_str());
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
            println!("audit rows: {}", info.audit_rows);
            session.lock("command finished")?;
        }
        Command::Verify(args) => {
            let session = open(&args)?;
            let result = session.verify();
            session.lock("command finished")?;
            let v = result?;
            println!(
                "ok: integrity {}, cipher integrity ok, audit chain of {} rows holds",
                v.integrity, v.audit_rows
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("channel-desk-cli: {e}");
            ExitCode::from(1)
        }
    }
}
