//! What a casework command knows about the case it changes, and the one way a change is
//! written: in its transaction, with a timeline event and an audit row.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::common::dates::{self};
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::age::person_age;
use super::workflow::{ConsentState, Stage};

/// What a command needs to know about the case it changes.
pub(crate) struct CaseState {
    pub id: i64,
    pub reference: String,
    pub episode: i64,
    pub stage: Stage,
    pub received_on: NaiveDate,
    pub date_of_birth: Option<NaiveDate>,
    pub approximate_age: Option<u32>,
    pub screened_out: bool,
    pub exit_date: Option<NaiveDate>,
}

impl CaseState {
    pub fn age_on(&self, on: NaiveDate) -> Option<u32> {
        person_age(
            self.date_of_birth,
            self.approximate_age,
            self.received_on,
            on,
        )
    }
}

pub(crate) fn load_state(tx: &rusqlite::Connection, case_id: i64) -> Result<CaseState> {
    tx.query_row(
        "SELECT id, reference, episode, stage, received_on, date_of_birth, approximate_age, screened_out, exit_date
         FROM cases WHERE id = ?1 AND erased_on IS NULL",
        [case_id],
        |r| {
            let stage: String = r.get(3)?;
            let reference: String = r.get(1)?;
            let date = |column: &str, text: &str| {
                dates::stored_sql(&format!("case {reference} ({column})"), text)
            };
            Ok(CaseState {
                id: r.get(0)?,
                episode: r.get(2)?,
                stage: Stage::parse(&stage).unwrap_or(Stage::ReferralReceived),
                received_on: date("received_on", &r.get::<_, String>(4)?)?,
                date_of_birth: r
                    .get::<_, Option<String>>(5)?
                    .map(|d| date("date_of_birth", &d))
                    .transpose()?,
                approximate_age: r.get(6)?,
                screened_out: r.get(7)?,
                exit_date: r
                    .get::<_, Option<String>>(8)?
                    .map(|d| date("exit_date", &d))
                    .transpose()?,
                reference,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound("That case"))
}

/// The latest consent of the case's current episode.
pub(crate) fn consent_state(tx: &rusqlite::Connection, case: &CaseState) -> Result<ConsentState> {
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM consents WHERE case_id = ?1 AND episode = ?2 ORDER BY status_on DESC, id DESC LIMIT 1",
            params![case.id, case.episode],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match status.as_deref() {
        Some("given") => ConsentState::Given,
        Some("refused") => ConsentState::Refused,
        Some("withdrawn") => ConsentState::Withdrawn,
        _ => ConsentState::None,
    })
}

/// Writes one casework change on `tx` with its timeline event and audit row (with `detail`).
pub(crate) fn change_in<T>(
    tx: &Transaction,
    actor: &str,
    case_id: i64,
    action: AuditAction,
    detail: &str,
    f: impl FnOnce(&Transaction, &CaseState) -> Result<(T, NaiveDate, String)>,
) -> Result<T> {
    let case = load_state(tx, case_id)?;
    let (value, happened_on, summary) = f(tx, &case)?;
    let episode: i64 = tx.query_row("SELECT episode FROM cases WHERE id = ?1", [case_id], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO case_events (case_id, episode, happened_on, kind, summary, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, datetime('now'))",
        params![case_id, episode, happened_on.to_string(), action.code(), summary, actor],
    )?;
    audit::append(
        tx,
        actor,
        action,
        &format!("case:{}", case.reference),
        detail,
    )?;
    Ok(value)
}

impl Session {
    /// Runs one casework change in its own transaction.
    /// The caller checks the person's role first, before reading its input.
    pub(super) fn change<T>(
        &mut self,
        case_id: i64,
        action: AuditAction,
        f: impl FnOnce(&Transaction, &CaseState) -> Result<(T, NaiveDate, String)>,
    ) -> Result<T> {
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let value = change_in(&tx, &actor, case_id, action, "{}", f)?;
        tx.commit()?;
        Ok(value)
    }

    /// Moves the case to `next`, noting when it got there.
    pub(super) fn set_stage(
        tx: &Transaction,
        case: &CaseState,
        next: Stage,
        on: NaiveDate,
    ) -> Result<()> {
        if next != case.stage {
            tx.execute(
                "UPDATE cases SET stage = ?2, stage_since = ?3 WHERE id = ?1",
                params![case.id, next.as_str(), on.to_string()],
            )?;
        }
        Ok(())
    }
}

pub(crate) fn not_before(
    case: &CaseState,
    on: NaiveDate,
    field: &'static str,
    what: &str,
) -> Result<()> {
    if on < case.received_on {
        return Err(CoreError::invalid(
            field,
            format!(
                "The {what} cannot be before the referral was received ({})",
                dates::long(case.received_on)
            ),
        ));
    }
    Ok(())
}
