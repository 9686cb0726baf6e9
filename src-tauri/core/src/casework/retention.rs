//! Retention and erasure. A case closed longer ago than the retention period (a setting, 6
//! years by default) is listed for an administrator, who erases it: everything that names or
//! describes the person goes, in one transaction, and the anonymised facts the statistics
//! count stay, so a past period's figures do not change. Afterwards no readable copy of what
//! went is left in the file: SQLite overwrites deleted content (`secure_delete`), freed
//! pages are given back (`auto_vacuum = INCREMENTAL`) and the WAL is emptied.

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::common::dates::{self, age_on, today};
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::stats::facts;
use crate::store::audit::{self, AuditAction};

use super::workflow::Stage;

/// A case whose retention period has passed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct DueCase {
    pub id: i64,
    pub reference: String,
    pub stage_label: &'static str,
    pub closed_on: String,
    pub years_closed: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct RetentionReview {
    pub retention_years: u32,
    pub cases: Vec<DueCase>,
}

/// The day a case closed: when it was closed or not adopted, or, for a case exited whose
/// reviews were never all held, the day it exited (its support ended then).
const CLOSED: &str = "SELECT id, reference, stage,
        CASE WHEN stage IN ('closed', 'not_adopted') THEN stage_since ELSE exit_date END
    FROM cases
    WHERE erased_on IS NULL
      AND (stage IN ('closed', 'not_adopted')
        OR (stage IN ('exited', 'six_month_review_done') AND exit_date IS NOT NULL))";

/// The cases closed at least `years` before `today`, longest closed first.
fn due(conn: &Connection, years: u32, today: NaiveDate) -> Result<Vec<DueCase>> {
    let cutoff = today
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN);
    let mut stmt = conn.prepare_cached(CLOSED)?;
    let mut rows = stmt.query([])?;
    let mut cases = Vec::new();
    while let Some(r) = rows.next()? {
        let reference: String = r.get(1)?;
        let closed_on = dates::stored(&reference, &r.get::<_, String>(3)?)?;
        if closed_on > cutoff {
            continue;
        }
        let stage: String = r.get(2)?;
        cases.push(DueCase {
            id: r.get(0)?,
            stage_label: Stage::parse(&stage).map_or("", Stage::label),
            closed_on: closed_on.to_string(),
            years_closed: age_on(closed_on, today),
            reference,
        });
    }
    cases.sort_by(|a, b| (&a.closed_on, &a.reference).cmp(&(&b.closed_on, &b.reference)));
    Ok(cases)
}

impl Session {
    /// The cases past retention, for an administrator; the list is audited with the
    /// references it showed.
    pub fn cases_past_retention(&mut self) -> Result<RetentionReview> {
        self.require_admin("review cases past their retention period")?;
        let retention_years = self.settings()?.retention_years;
        let cases = due(&self.conn, retention_years, today())?;
        let shown: Vec<&str> = cases.iter().map(|c| c.reference.as_str()).collect();
        let actor = self.actor().to_owned();
        audit::append(
            &self.conn,
            &actor,
            AuditAction::RetentionViewed,
            "retention",
            &serde_json::json!({ "shown": shown }).to_string(),
        )?;
        Ok(RetentionReview {
            retention_years,
            cases,
        })
    }

    /// Erases the cases `ids`, each of which must be past retention: all in one transaction,
    /// or none. Returns how many were erased.
    pub fn erase_cases(&mut self, ids: &[i64]) -> Result<usize> {
        self.require_admin("erase cases")?;
        if ids.is_empty() {
            return Err(CoreError::invalid("cases", "Choose the cases to erase"));
        }
        let retention_years = self.settings()?.retention_years;
        let today = today();
        let due = due(&self.conn, retention_years, today)?;
        // A file from before incremental vacuum switches once (VACUUM cannot run in a
        // transaction, and rebuilds the file whole).
        let auto_vacuum: i64 = self
            .conn
            .pragma_query_value(None, "auto_vacuum", |r| r.get(0))?;
        if auto_vacuum != 2 {
            self.conn
                .execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")?;
        }
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        for id in &ids {
            let case = due
                .iter()
                .find(|c| c.id == *id)
                .ok_or_else(|| CoreError::RuleBroken {
                    rule: "erase_after_retention",
                    message: format!(
                        "Only a case closed at least {retention_years} years ago can be erased"
                    ),
                })?;
            erase(&tx, &actor, case, today)?;
        }
        // The search index and the planner's samples of the indexed columns are rebuilt
        // without what went.
        tx.execute_batch(
            "INSERT INTO case_search (case_search) VALUES ('optimize');
             ANALYZE cases;",
        )?;
        tx.commit()?;
        // Freed pages leave the file, and the WAL (which still holds pages as they were) is
        // emptied.
        self.conn.execute_batch("PRAGMA incremental_vacuum;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(ids.len())
    }
}

/// Erases one case on the transaction: its personal data goes, its statistics' facts stay.
fn erase(tx: &Transaction, actor: &str, case: &DueCase, today: NaiveDate) -> Result<()> {
    let (full_name, other_names, born, approximate, received): (
        String,
        String,
        Option<String>,
        Option<u32>,
        String,
    ) = tx.query_row(
        "SELECT full_name, other_names, date_of_birth, approximate_age, received_on
         FROM cases WHERE id = ?1",
        [case.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let born = born
        .map(|b| dates::stored(&case.reference, &b))
        .transpose()?;
    let received = dates::stored(&case.reference, &received)?;
    // Each referral keeps the age the statistics band it by, worked out as they work it out.
    let episodes: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare_cached("SELECT episode, received_on FROM episodes WHERE case_id = ?1")?;
        let rows = stmt.query_map([case.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (episode, on) in episodes {
        let on = dates::stored(&case.reference, &on)?;
        tx.execute(
            "UPDATE episodes SET age_at_referral = ?3 WHERE case_id = ?1 AND episode = ?2",
            params![
                case.id,
                episode,
                facts::age(born, approximate, received, on)
            ],
        )?;
    }
    // Meetings that discussed the case, for their minutes' exports and amendments.
    let meetings = "SELECT meeting_id FROM agenda_items WHERE case_id = ?1
                    UNION SELECT meeting_id FROM actions WHERE case_id = ?1";
    // Text typed before categories existed stays marked as such (the statistics count it as
    // waiting to be categorised), but not what it said.
    tx.execute(
        "UPDATE cases SET erased_on = ?2, referrer_name = '', referrer_organisation = '',
            full_name = '', other_names = '', date_of_birth = NULL, approximate_age = NULL,
            address = '', postcode = '', school_or_employer = '', languages = '',
            gender = CASE WHEN gender <> '' THEN 'erased' ELSE '' END,
            ethnicity = CASE WHEN ethnicity <> '' THEN 'erased' ELSE '' END,
            concern = '', other_agencies = ''
         WHERE id = ?1",
        params![case.id, today.to_string()],
    )?;
    tx.execute_batch(&format!(
        "DELETE FROM case_search WHERE rowid = {id};
         DELETE FROM case_events WHERE case_id = {id};
         DELETE FROM case_notes WHERE case_id = {id};
         DELETE FROM vaf_factors WHERE assessment_id IN
            (SELECT id FROM vaf_assessments WHERE case_id = {id});
         DELETE FROM vaf_assessments WHERE case_id = {id};
         UPDATE screenings SET information_gathering = '' WHERE case_id = {id};
         UPDATE decisions SET rationale = '', urgent_reason = '' WHERE case_id = {id};
         UPDATE consents SET sought_by = '', guardian_name = '', guardian_relationship = '',
            capacity_notes = '' WHERE case_id = {id};
         UPDATE interventions SET provider = '', funding = '', outcome = '' WHERE case_id = {id};
         DELETE FROM minutes_exports WHERE version = 'full' AND meeting_id IN ({meetings});
         UPDATE attendance SET name = '' WHERE agenda_item_id IN
            (SELECT id FROM agenda_items WHERE case_id = {id});
         UPDATE agenda_items SET discussion = '',
            removed_reason = CASE WHEN removed_reason IS NULL THEN NULL ELSE '' END
         WHERE case_id = {id};
         UPDATE agenda_items SET title = '', discussion = '' WHERE action_id IN
            (SELECT id FROM actions WHERE case_id = {id});
         UPDATE actions SET what = '', dropped_reason = '' WHERE case_id = {id};",
        id = case.id,
        meetings = meetings.replace("?1", &case.id.to_string()),
    ))?;
    // An amendment to those minutes that names the person or the case says nothing now.
    let names: Vec<&str> = std::iter::once(full_name.as_str())
        .chain(other_names.split(','))
        .chain(std::iter::once(case.reference.as_str()))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let mut amend = tx.prepare_cached(&format!(
        "UPDATE minutes_amendments SET text = ''
         WHERE meeting_id IN ({meetings}) AND instr(fold(text), fold(?2)) > 0"
    ))?;
    for name in &names {
        amend.execute(params![case.id, name])?;
    }
    // Audit rows whose details name the person (a search for them, a reason, a file) keep
    // their fact and time; their details go.
    let subject = format!("case:{}", case.reference);
    let redact: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM audit WHERE redacted_by IS NULL AND detail <> '{}' AND action <> ?5 AND (
                subject = ?1
                OR EXISTS (SELECT 1 FROM json_each(detail, '$.cases') WHERE value = ?2)
                OR (action = ?3 AND (
                    EXISTS (SELECT 1 FROM json_each(detail, '$.shown') WHERE value = ?2)
                    OR (coalesce(json_extract(detail, '$.search'), '') <> ''
                        AND instr(fold(?4), fold(json_extract(detail, '$.search'))) > 0))))
             ORDER BY id",
        )?;
        let rows = stmt.query_map(
            params![
                subject,
                case.reference,
                AuditAction::CaseSearch.code(),
                format!("{} {full_name} {other_names}", case.reference),
                AuditAction::CaseErased.code(),
            ],
            |r| r.get(0),
        )?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut detail = serde_json::Map::new();
    detail.insert("closed_on".into(), case.closed_on.clone().into());
    audit::append_erasure(tx, actor, &subject, detail, &redact)?;
    Ok(())
}
