//! Looking after the file: settings, the audit trail as read by administrators, what the
//! database holds (`info`) and its integrity (`verify`).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
pub use rusqlite::InterruptHandle;
use serde::Serialize;

use crate::common::paging::Paging;
use crate::error::{CoreError, Result};
use crate::security::crypto::DataKey;
use crate::security::people::{self, Person};
use crate::security::session::Session;
use crate::store::audit::{
    self, AuditAction, AuditEntry, AuditEvent, AuditHead, AuditPage, AuditQuery, Filter, Order,
};
use crate::store::migrations::SCHEMA_VERSION;
use crate::store::{self, meta};

pub const AUDIT_PAGE_SIZE: u32 = 50;

/// What `info` reports about a database.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseInfo {
    pub schema_version: i64,
    pub database_id: String,
    pub created_at: String,
    pub people: Vec<Person>,
    pub cases: i64,
    pub audit_rows: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Settings {
    pub idle_lock_minutes: u32,
    pub retention_years: u32,
    /// A plan action with no progress update for longer is flagged.
    pub plan_stale_days: u32,
    /// Training is due again this many years after a group's latest session.
    pub training_refresher_years: u32,
    /// Counts from 1 to one less than this are hidden in everything circulated.
    pub suppression_threshold: u32,
    /// The borough's name, as the annual report prints it.
    pub borough: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Verification {
    pub integrity: String,
    pub cipher_integrity: Vec<String>,
    pub audit_rows: u64,
}

impl Session {
    /// Whether this file holds synthetic demo data (the app shows a DEMO tag).
    pub fn is_demo(&self) -> bool {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| {
                r.get::<_, String>(0)
            })
            .is_ok_and(|v| v == "true")
    }

    pub fn settings(&self) -> Result<Settings> {
        let get = |key: &str| -> Result<u32> {
            let text: String =
                self.conn
                    .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })?;
            text.parse()
                .map_err(|_| CoreError::Damaged(self.paths.db.clone(), format!("setting {key}")))
        };
        Ok(Settings {
            idle_lock_minutes: get("idle_lock_minutes")?,
            retention_years: get("retention_years")?,
            plan_stale_days: get("plan_stale_days")?,
            training_refresher_years: get("training_refresher_years")?,
            suppression_threshold: get("suppression_threshold")?,
            borough: crate::report::borough(&self.conn)?,
        })
    }

    /// The report's settings: the borough's name and the suppression threshold (from 2 to
    /// 20; 5 is the Home Office's). An administrator's decision, audited.
    pub fn set_report_settings(&mut self, borough: &str, threshold: &str) -> Result<()> {
        self.require_admin("change settings")?;
        let borough = crate::common::fields::Text::new("borough", "the borough's name")
            .required()
            .max(200)
            .read(borough)?;
        let threshold = whole_within(
            "suppression_threshold",
            threshold,
            2..=20,
            "Enter the threshold as a whole number from 2 to 20",
        )?;
        self.write_settings(&[
            ("borough", borough),
            ("suppression_threshold", threshold.to_string()),
        ])
    }

    /// Writes settings and one audit row naming them with their new values, together.
    pub(crate) fn write_settings(&mut self, values: &[(&str, String)]) -> Result<()> {
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        let mut detail = serde_json::Map::new();
        for (key, value) in values {
            tx.execute(
                "UPDATE settings SET value = ?2 WHERE key = ?1",
                rusqlite::params![key, value],
            )?;
            detail.insert((*key).to_owned(), value.clone().into());
        }
        let detail = serde_json::Value::Object(detail).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::SettingsChanged,
            "settings",
            &detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        self.set_idle_lock_minutes_as_typed(&minutes.to_string())
    }

    /// Takes the text as typed, so that "ten" gets a message beside the field.
    pub fn set_idle_lock_minutes_as_typed(&mut self, minutes: &str) -> Result<()> {
        self.require_admin("change settings")?;
        let minutes = whole_within(
            "idle_lock_minutes",
            minutes,
            1..=60,
            "Idle lock must be a whole number of minutes from 1 to 60",
        )?;
        self.write_settings(&[("idle_lock_minutes", minutes.to_string())])
    }

    /// How many years after closing a case is kept before it is listed for erasure. Takes the
    /// text as typed, so that "six" gets a message beside the field.
    pub fn set_retention_years(&mut self, years: &str) -> Result<()> {
        self.require_admin("change settings")?;
        let years = whole_within(
            "retention_years",
            years,
            1..=100,
            "Enter the retention period as a whole number of years from 1 to 100",
        )?;
        self.write_settings(&[("retention_years", years.to_string())])
    }

    /// The steering group's settings: when an action counts as stale and when training is
    /// due again.
    /// Takes the text as typed, so that "ninety" gets a message beside the field.
    pub fn set_plan_settings(&mut self, stale_days: &str, refresher_years: &str) -> Result<()> {
        self.require_plan_edit()?;
        let stale_days = whole_within(
            "plan_stale_days",
            stale_days,
            7..=365,
            "Enter the days without an update as a whole number from 7 to 365",
        )?;
        let refresher_years = whole_within(
            "training_refresher_years",
            refresher_years,
            1..=10,
            "Enter the refresher period as a whole number of years from 1 to 10",
        )?;
        self.write_settings(&[
            ("plan_stale_days", stale_days.to_string()),
            ("training_refresher_years", refresher_years.to_string()),
        ])
    }

    /// Raw rows, newest first, as they were written and hashed.
    pub fn audit_entries(&self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        self.require_admin("read the audit trail")?;
        audit::list(
            &self.conn,
            &Filter::default(),
            Order::NewestFirst,
            Some(limit.min(500)),
            offset,
        )
    }

    /// A page of the audit trail in words, newest first, of the rows the query's filters
    /// select together, with the people the person filter offers.
    pub fn audit_events(&self, query: &AuditQuery) -> Result<AuditPage> {
        self.require_admin("read the audit trail")?;
        let (filter, applied) = query.read()?;
        let total = audit::count(&self.conn, &filter)?;
        let paging = Paging::of(total, query.page, AUDIT_PAGE_SIZE);
        let rows = audit::list(
            &self.conn,
            &filter,
            Order::NewestFirst,
            Some(AUDIT_PAGE_SIZE),
            paging.offset(),
        )?;
        Ok(AuditPage {
            rows: rows.into_iter().map(AuditEvent::from).collect(),
            total,
            page: paging.page,
            pages: paging.pages,
            query: AuditQuery {
                page: paging.page,
                ..applied
            },
            people: audit::people(&self.conn)?,
        })
    }

    pub fn info(&self) -> Result<DatabaseInfo> {
        self.require_admin("read database information")?;
        Ok(DatabaseInfo {
            schema_version: store::user_version(&self.conn)?,
            database_id: meta(&self.conn, "database_id")?,
            created_at: meta(&self.conn, "created_at")?,
            people: people::list_active(&self.conn)?,
            cases: self
                .conn
                .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?,
            audit_rows: self
                .conn
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?,
        })
    }

    /// SQLite's integrity check, SQLCipher's page authentication check and the audit chain.
    /// The first failure is the error.
    pub fn verify(&self) -> Result<Verification> {
        self.require_admin("verify the database")?;
        verify(&self.conn, &self.paths.db)
    }

    /// The newest row of the audit chain, as exported PDFs print it: a copy of it kept
    /// elsewhere shows later whether rows were cut from the chain's end.
    pub fn audit_head(&self) -> Result<Option<AuditHead>> {
        self.require_admin("read the audit trail")?;
        audit::head(&self.conn)
    }

    /// The same check on a connection of its own, to run beside the session (the app runs it
    /// in the background at every unlock and shows administrators the result).
    pub fn verifier(&self) -> Verifier {
        Verifier {
            path: self.paths.db.clone(),
            key: self.key.clone(),
        }
    }
}

/// A whole number in `range`, as typed, or the message beside `field`.
pub(crate) fn whole_within(
    field: &'static str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
    message: &str,
) -> Result<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| CoreError::invalid(field, message))
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    SCHEMA_VERSION
}

pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<Verification> {
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(CoreError::Damaged(path.to_owned(), integrity));
    }
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let cipher_integrity: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(first) = cipher_integrity.first() {
        return Err(CoreError::Damaged(path.to_owned(), first.clone()));
    }
    let audit_rows = audit::verify(conn)?;
    Ok(Verification {
        integrity,
        cipher_integrity,
        audit_rows,
    })
}

/// What a background check needs: the file and its key (wiped when this is dropped).
pub struct Verifier {
    path: PathBuf,
    key: DataKey,
}

impl Verifier {
    /// Opens the file for the check; the connection's interrupt handle can stop it (at lock).
    pub fn open(self) -> Result<OpenVerifier> {
        Ok(OpenVerifier {
            conn: store::open_checked(&self.path, &self.key)?,
            path: self.path,
        })
    }
}

pub struct OpenVerifier {
    conn: Connection,
    path: PathBuf,
}

impl OpenVerifier {
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    pub fn run(self) -> Result<Verification> {
        verify(&self.conn, &self.path)
    }
}
