//! Support flagged for the chair: planned support that has not started, active support with
//! no session for four weeks, and consent withdrawn from a case still in Channel.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::common::dates::today;
use crate::error::Result;
use crate::security::session::Session;

/// Support flagged as not happening: planned start passed without starting, or no session
/// for four weeks while active. `?1` is today, `?2` is four weeks ago.
pub(crate) const FLAG_CONDITION: &str = "(i.status = 'planned' AND i.start_on < ?1)
    OR (i.status = 'active' AND coalesce(i.last_session_on, i.start_on) < ?2)";

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Flag {
    pub case_id: i64,
    pub reference: String,
    pub full_name: String,
    pub intervention_id: Option<i64>,
    pub problem: String,
}

pub(crate) fn four_weeks_ago(today: NaiveDate) -> String {
    (today - Duration::days(28)).to_string()
}

pub(crate) fn intervention_flag(
    status: &str,
    start_on: &str,
    last: Option<&str>,
    today: NaiveDate,
) -> Option<String> {
    let today_s = today.to_string();
    let cutoff = four_weeks_ago(today);
    match status {
        "planned" if start_on < today_s.as_str() => {
            Some("Planned start has passed without starting".into())
        }
        "active" if last.unwrap_or(start_on) < cutoff.as_str() => {
            Some("No session recorded for 4 weeks".into())
        }
        _ => None,
    }
}

impl Session {
    pub fn flags(&self) -> Result<Vec<Flag>> {
        self.require_case_view()?;
        flags(&self.conn, today())
    }
}

pub fn flags(conn: &Connection, today: NaiveDate) -> Result<Vec<Flag>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.reference, c.full_name, i.id, i.status, i.start_on, i.last_session_on
         FROM interventions i JOIN cases c ON c.id = i.case_id AND c.episode = i.episode
         WHERE {FLAG_CONDITION} ORDER BY i.start_on"
    ))?;
    let rows = stmt.query_map(params![today.to_string(), four_weeks_ago(today)], |r| {
        let status: String = r.get(4)?;
        let start: String = r.get(5)?;
        let last: Option<String> = r.get(6)?;
        Ok(Flag {
            case_id: r.get(0)?,
            reference: r.get(1)?,
            full_name: r.get(2)?,
            intervention_id: Some(r.get(3)?),
            problem: intervention_flag(&status, &start, last.as_deref(), today).unwrap_or_default(),
        })
    })?;
    let mut flags: Vec<Flag> = rows.collect::<rusqlite::Result<_>>()?;
    // Consent withdrawn from a case still in Channel: the chair should consider exit or other support.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.reference, c.full_name FROM cases c
         WHERE c.stage IN ('adopted', 'support') AND (SELECT status FROM consents k WHERE k.case_id = c.id
           AND k.episode = c.episode ORDER BY k.status_on DESC, k.id DESC LIMIT 1) = 'withdrawn'",
    )?;
    let withdrawn = stmt.query_map([], |r| {
        Ok(Flag {
            case_id: r.get(0)?,
            reference: r.get(1)?,
            full_name: r.get(2)?,
            intervention_id: None,
            problem: "Consent withdrawn: consider exit or other support".into(),
        })
    })?;
    flags.extend(withdrawn.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(flags)
}
