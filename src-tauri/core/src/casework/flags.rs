//! Support flagged for the chair: planned support that has not started, active support with
//! no session for four weeks, and consent withdrawn from a case still in Channel.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::common::dates::today;
use crate::error::Result;
use crate::security::session::Session;

use super::workflow::Stage;

/// Why an intervention `i` is flagged, or NULL: its planned start passed without starting,
/// or no session for four weeks while active. `?1` is today, `?2` is four weeks ago. The one
/// form of the rule: the list, the flags, the case record and the agenda all select it.
pub(crate) const FLAG_PROBLEM: &str = "CASE
    WHEN i.status = 'planned' AND i.start_on < ?1 THEN 'Planned start has passed without starting'
    WHEN i.status = 'active' AND coalesce(i.last_session_on, i.start_on) < ?2
      THEN 'No session recorded for 4 weeks'
    END";

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Flag {
    pub case_id: i64,
    pub reference: String,
    pub full_name: String,
    pub intervention_id: Option<i64>,
    pub problem: String,
}

/// The two dates `FLAG_PROBLEM` reads: today and four weeks before it.
pub(crate) fn flag_dates(today: NaiveDate) -> [String; 2] {
    [today.to_string(), (today - Duration::days(28)).to_string()]
}

impl Session {
    pub fn flags(&self) -> Result<Vec<Flag>> {
        self.require_case_view()?;
        flags(&self.conn, today())
    }
}

pub fn flags(conn: &Connection, today: NaiveDate) -> Result<Vec<Flag>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.reference, c.full_name, i.id, {FLAG_PROBLEM} AS problem
         FROM interventions i JOIN cases c ON c.id = i.case_id AND c.episode = i.episode
         WHERE problem IS NOT NULL ORDER BY i.start_on"
    ))?;
    let rows = stmt.query_map(flag_dates(today), |r| {
        Ok(Flag {
            case_id: r.get(0)?,
            reference: r.get(1)?,
            full_name: r.get(2)?,
            intervention_id: Some(r.get(3)?),
            problem: r.get(4)?,
        })
    })?;
    let mut flags: Vec<Flag> = rows.collect::<rusqlite::Result<_>>()?;
    // Consent withdrawn from a case still in Channel: the chair should consider exit or other support.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.reference, c.full_name FROM cases c
         WHERE c.stage IN ({}) AND (SELECT status FROM consents k WHERE k.case_id = c.id
           AND k.episode = c.episode ORDER BY k.status_on DESC, k.id DESC LIMIT 1) = 'withdrawn'",
        Stage::sql_list(&Stage::ADOPTED)
    ))?;
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
