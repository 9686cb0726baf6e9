//! What the statistics count, read once per period: each referral (a case's first referral
//! or a re-referral) received in the period with how far it had gone by the period's last
//! day, and the events dated in the period.

use chrono::NaiveDate;
use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::casework::age::person_age;
use crate::common::dates::{self, age_on};
use crate::error::Result;

use super::period::Period;

/// One referral received in the period, with the dates of each step it reached by the end
/// of the period (later steps are not counted, so a period's figures never change).
#[derive(Debug, Clone)]
pub struct Referral {
    pub received_on: NaiveDate,
    pub sector: String,
    pub concern_type: String,
    pub age: Option<u32>,
    /// Empty when not categorised; `gender_typed` then holds any text waiting to be.
    pub gender: String,
    pub gender_typed: bool,
    pub ethnicity: String,
    pub ethnicity_typed: bool,
    pub needs: Vec<String>,
    pub screened_on: Option<NaiveDate>,
    pub suitable: bool,
    pub discussed_on: Option<NaiveDate>,
    pub adopted_on: Option<NaiveDate>,
    pub support_on: Option<NaiveDate>,
    pub exited_on: Option<NaiveDate>,
    pub review6_on: Option<NaiveDate>,
    pub review12_on: Option<NaiveDate>,
}

fn date(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| dates::stored_sql("a statistics date", &t))
        .transpose()
}

/// The age on the day an episode was received; an approximate age counts from the date the
/// case was last received (the latest episode). An erased case keeps it per episode instead.
pub(crate) fn age(
    born: Option<NaiveDate>,
    approximate: Option<u32>,
    case_received: NaiveDate,
    on: NaiveDate,
) -> Option<u32> {
    match (born, approximate) {
        (None, Some(a)) if on < case_received => Some(a.saturating_sub(age_on(on, case_received))),
        _ => person_age(born, approximate, case_received, on),
    }
}

/// Reads the period's referrals, then each step from the rows dated in the period (range
/// scans of the date indexes, not a lookup per referral): a step counts for the referral it
/// belongs to when it falls between the day that referral was received and the period's end.
pub fn referrals(conn: &Connection, period: Period) -> Result<Vec<Referral>> {
    let args = params![period.from.to_string(), period.to.to_string()];
    let mut stmt = conn.prepare_cached(
        "SELECT e.case_id, e.episode, e.received_on, c.referrer_sector, c.concern_type, c.date_of_birth,
            c.approximate_age, c.received_on, c.gender_code, c.gender <> '', c.ethnicity_code, c.ethnicity <> '',
            e.age_at_referral
         FROM episodes e JOIN cases c ON c.id = e.case_id
         WHERE e.received_on BETWEEN ?1 AND ?2",
    )?;
    let mut referrals = Vec::new();
    let mut by_episode: HashMap<(i64, i64), usize> = HashMap::new();
    let mut by_case: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let (case_id, episode): (i64, i64) = (r.get(0)?, r.get(1)?);
        let received_on = date(r.get(2)?)?.expect("an episode has its date");
        let case_received = date(r.get(7)?)?.unwrap_or(received_on);
        by_episode.insert((case_id, episode), referrals.len());
        by_case.entry(case_id).or_default().push(referrals.len());
        referrals.push(Referral {
            received_on,
            sector: r.get(3)?,
            concern_type: r.get(4)?,
            age: match r.get(12)? {
                Some(kept) => Some(kept),
                None => age(date(r.get(5)?)?, r.get(6)?, case_received, received_on),
            },
            gender: r.get(8)?,
            gender_typed: r.get(9)?,
            ethnicity: r.get(10)?,
            ethnicity_typed: r.get(11)?,
            needs: Vec::new(),
            screened_on: None,
            suitable: false,
            discussed_on: None,
            adopted_on: None,
            support_on: None,
            exited_on: None,
            review6_on: None,
            review12_on: None,
        });
    }
    // Each step's rows as (case, episode, date, detail), in date order: the first one of an
    // episode is the one that counts.
    let steps = |sql: &str| -> Result<Vec<(i64, i64, NaiveDate, String)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                date(r.get(2)?)?.expect("a step has its date"),
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut first = |sql: &str, set: fn(&mut Referral, NaiveDate, &str)| -> Result<()> {
        for (case_id, episode, on, detail) in steps(sql)? {
            if let Some(&i) = by_episode.get(&(case_id, episode)) {
                if on >= referrals[i].received_on {
                    set(&mut referrals[i], on, &detail);
                }
            }
        }
        Ok(())
    };
    first(
        "SELECT case_id, episode, screened_on, outcome FROM screenings
         WHERE screened_on BETWEEN ?1 AND ?2 ORDER BY screened_on DESC, id DESC",
        |r, on, outcome| {
            r.screened_on = Some(on);
            r.suitable = outcome == "suitable_for_channel";
        },
    )?;
    first(
        "SELECT case_id, episode, decided_on, kind FROM decisions
         WHERE decided_on BETWEEN ?1 AND ?2 ORDER BY decided_on DESC",
        |r, on, kind| {
            r.discussed_on = Some(r.discussed_on.map_or(on, |d| d.min(on)));
            match kind {
                "adopt" => r.adopted_on = Some(on),
                "exit" => r.exited_on = Some(on),
                _ => {}
            }
        },
    )?;
    first(
        "SELECT case_id, episode, start_on, '' FROM interventions
         WHERE status <> 'planned' AND start_on BETWEEN ?1 AND ?2 ORDER BY start_on DESC",
        |r, on, _| r.support_on = Some(on),
    )?;
    first(
        "SELECT case_id, episode, reviewed_on, CAST(months AS TEXT) FROM reviews
         WHERE reviewed_on BETWEEN ?1 AND ?2 ORDER BY reviewed_on DESC",
        |r, on, months| match months {
            "6" => r.review6_on = Some(on),
            _ => r.review12_on = Some(on),
        },
    )?;
    // An agenda item names the case, not the episode: it belongs to the latest referral
    // received by the meeting's day.
    let mut stmt = conn.prepare_cached(
        "SELECT a.case_id, m.held_on FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.case_id IS NOT NULL AND a.removed_reason IS NULL AND m.held_on BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let Some(held_on) = date(r.get(1)?)? else {
            continue;
        };
        let latest = by_case.get(&r.get(0)?).and_then(|list| {
            list.iter()
                .copied()
                .filter(|&i| referrals[i].received_on <= held_on)
                .max_by_key(|&i| referrals[i].received_on)
        });
        if let Some(i) = latest {
            let r = &mut referrals[i];
            r.discussed_on = Some(r.discussed_on.map_or(held_on, |d| d.min(held_on)));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, code FROM case_needs
         WHERE case_id IN (SELECT case_id FROM episodes WHERE received_on BETWEEN ?1 AND ?2)",
    )?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(1)?;
        for &i in by_case.get(&r.get(0)?).into_iter().flatten() {
            referrals[i].needs.push(code.clone());
        }
    }
    Ok(referrals)
}

/// Counts of `SELECT key, count(*) ... GROUP BY key` over rows dated in the period.
pub fn grouped(conn: &Connection, sql: &str, period: Period) -> Result<Vec<(String, u32)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(
        params![period.from.to_string(), period.to.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts of two keys (for example consent status × who answered) dated in the period.
pub fn grouped2(
    conn: &Connection,
    sql: &str,
    period: Period,
) -> Result<Vec<(String, String, u32)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(
        params![period.from.to_string(), period.to.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
