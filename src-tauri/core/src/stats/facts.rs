//! What the statistics count, read once per period: each referral (a case's first referral
//! or a re-referral) received in the period with how far it had gone by the period's last
//! day, and the events dated in the period.

use chrono::NaiveDate;
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
/// case was last received (the latest episode).
fn age(
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

pub fn referrals(conn: &Connection, period: Period) -> Result<Vec<Referral>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.received_on, c.referrer_sector, c.concern_type, c.date_of_birth, c.approximate_age,
            c.received_on, c.gender_code, c.gender <> '', c.ethnicity_code, c.ethnicity <> '',
            (SELECT group_concat(code, ' ') FROM case_needs n WHERE n.case_id = c.id),
            s.screened_on, s.outcome = 'suitable_for_channel',
            min(coalesce((SELECT min(decided_on) FROM decisions d WHERE d.case_id = e.case_id
                    AND d.episode = e.episode AND d.decided_on <= ?2), '9999'),
                coalesce((SELECT min(m.held_on) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
                    WHERE a.case_id = e.case_id AND a.removed_reason IS NULL
                    AND m.held_on BETWEEN e.received_on AND ?2), '9999')),
            (SELECT min(decided_on) FROM decisions d WHERE d.case_id = e.case_id AND d.episode = e.episode
                AND d.kind = 'adopt' AND d.decided_on <= ?2),
            (SELECT min(start_on) FROM interventions i WHERE i.case_id = e.case_id AND i.episode = e.episode
                AND i.status <> 'planned' AND i.start_on <= ?2),
            (SELECT min(decided_on) FROM decisions d WHERE d.case_id = e.case_id AND d.episode = e.episode
                AND d.kind = 'exit' AND d.decided_on <= ?2),
            (SELECT min(reviewed_on) FROM reviews r WHERE r.case_id = e.case_id AND r.episode = e.episode
                AND r.months = 6 AND r.reviewed_on <= ?2),
            (SELECT min(reviewed_on) FROM reviews r WHERE r.case_id = e.case_id AND r.episode = e.episode
                AND r.months = 12 AND r.reviewed_on <= ?2)
         FROM episodes e JOIN cases c ON c.id = e.case_id
         LEFT JOIN screenings s ON s.id = (SELECT id FROM screenings WHERE case_id = e.case_id
             AND episode = e.episode AND screened_on <= ?2 ORDER BY screened_on, id LIMIT 1)
         WHERE e.received_on BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map(
        params![period.from.to_string(), period.to.to_string()],
        |r| {
            let received_on = date(r.get(0)?)?.expect("an episode has its date");
            let case_received = date(r.get(5)?)?.unwrap_or(received_on);
            let needs: Option<String> = r.get(10)?;
            let discussed: String = r.get(13)?;
            Ok(Referral {
                received_on,
                sector: r.get(1)?,
                concern_type: r.get(2)?,
                age: age(date(r.get(3)?)?, r.get(4)?, case_received, received_on),
                gender: r.get(6)?,
                gender_typed: r.get(7)?,
                ethnicity: r.get(8)?,
                ethnicity_typed: r.get(9)?,
                needs: needs
                    .map(|n| n.split(' ').map(str::to_owned).collect())
                    .unwrap_or_default(),
                screened_on: date(r.get(11)?)?,
                suitable: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
                discussed_on: date(Some(discussed).filter(|d| d != "9999"))?,
                adopted_on: date(r.get(14)?)?,
                support_on: date(r.get(15)?)?,
                exited_on: date(r.get(16)?)?,
                review6_on: date(r.get(17)?)?,
                review12_on: date(r.get(18)?)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
