//! The case list: filters, accent-insensitive search, sorting and pages. Searching is audited.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::paging::Paging;
use crate::common::text::fold;
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::age::person_age;
use super::age::{AGE_BANDS, NOT_KNOWN};
use super::flags::{flag_dates, FLAG_PROBLEM};
use super::record::{next_review, NextReview};
use super::workflow::Stage;

pub const PAGE_SIZE: u32 = 25;

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct CaseQuery {
    pub search: String,
    pub stage: String,
    pub concern_type: String,
    pub sector: String,
    pub age_band: String,
    pub flagged: bool,
    /// "received" (default), "reference", "name" or "stage".
    pub sort: String,
    pub descending: bool,
    pub page: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub full_name: String,
    pub other_names: String,
    pub age: Option<u32>,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub concern_type: String,
    pub received_on: String,
    pub flagged: bool,
    pub next_review: Option<NextReview>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

impl Session {
    /// A page of the case list, audited with the references it showed (and what was
    /// searched for): paging through the names leaves a trail as opening each case does.
    pub fn list_cases(&mut self, query: &CaseQuery) -> Result<CasePage> {
        self.require_case_view()?;
        let page = list_cases(&self.conn, query, today())?;
        let search = query.search.trim();
        let shown: Vec<&str> = page.rows.iter().map(|r| r.reference.as_str()).collect();
        let (action, detail) = if search.is_empty() {
            (
                AuditAction::CaseListViewed,
                serde_json::json!({ "page": page.page + 1, "shown": shown }),
            )
        } else {
            (
                AuditAction::CaseSearch,
                serde_json::json!({ "search": search, "page": page.page + 1, "shown": shown }),
            )
        };
        let actor = self.actor().to_owned();
        audit::append(&self.conn, &actor, action, "cases", &detail.to_string())?;
        Ok(page)
    }
}

/// The list query on its own, for the benchmark and tests.
pub fn list_cases(conn: &Connection, query: &CaseQuery, today: NaiveDate) -> Result<CasePage> {
    // An erased case keeps only what the statistics count: it is not listed.
    let mut conditions: Vec<String> = vec!["c.erased_on IS NULL".into()];
    let mut args: Vec<Value> = flag_dates(today).map(Value::from).into();
    let arg = |v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!("?{}", args.len())
    };
    // A search finds its matching ids once; the count and the page then both use them.
    let search = fold(query.search.trim());
    if !search.is_empty() {
        let ids = matching_ids(conn, &search)?;
        let p = arg(
            serde_json::to_string(&ids).unwrap_or_default().into(),
            &mut args,
        );
        conditions.push(format!("c.id IN (SELECT value FROM json_each({p}))"));
    }
    if !query.stage.is_empty() {
        let stage = Stage::parse(&query.stage)
            .ok_or_else(|| CoreError::invalid("stage", "Choose a stage"))?;
        let p = arg(stage.as_str().to_owned().into(), &mut args);
        conditions.push(format!("c.stage = {p}"));
    }
    for (value, column) in [
        (&query.concern_type, "concern_type"),
        (&query.sector, "referrer_sector"),
    ] {
        if !value.is_empty() {
            let p = arg(value.clone().into(), &mut args);
            conditions.push(format!("c.{column} = {p}"));
        }
    }
    if query.age_band == NOT_KNOWN {
        conditions.push("(c.date_of_birth IS NULL AND c.approximate_age IS NULL)".into());
    } else if !query.age_band.is_empty() {
        let (_, lo, hi) = AGE_BANDS
            .iter()
            .find(|b| b.0 == query.age_band)
            .ok_or_else(|| CoreError::invalid("age_band", "Choose an age band"))?;
        // Born after (today - (hi+1) years) and on or before (today - lo years).
        let youngest = today
            .checked_sub_months(chrono::Months::new(12 * lo))
            .unwrap_or(today);
        let oldest = today
            .checked_sub_months(chrono::Months::new(12 * (hi + 1)))
            .unwrap_or(NaiveDate::MIN);
        let a = arg(oldest.to_string().into(), &mut args);
        let b = arg(youngest.to_string().into(), &mut args);
        let (l, h) = (
            arg((*lo as i64).into(), &mut args),
            arg((*hi as i64).into(), &mut args),
        );
        conditions.push(format!(
            "((c.date_of_birth > {a} AND c.date_of_birth <= {b}) OR (c.date_of_birth IS NULL AND
              person_age(NULL, c.approximate_age, c.received_on, ?1) BETWEEN {l} AND {h}))"
        ));
    }
    let flagged_sql = format!(
        "EXISTS (SELECT 1 FROM interventions i WHERE i.case_id = c.id AND i.episode = c.episode
           AND ({FLAG_PROBLEM}) IS NOT NULL)"
    );
    if query.flagged {
        conditions.push(flagged_sql.clone());
    }
    let filter = format!("WHERE {}", conditions.join(" AND "));
    let order = match query.sort.as_str() {
        "reference" => "c.reference",
        "name" => "c.full_name COLLATE NOCASE",
        "stage" => "c.stage",
        _ => "c.received_on",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    // Parameters are numbered; a statement binds as many as the highest number it uses.
    let bind = |stmt: &rusqlite::Statement| {
        params_from_iter(
            args.iter()
                .take(stmt.parameter_count())
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    let mut count = conn.prepare_cached(&format!("SELECT count(*) FROM cases c {filter}"))?;
    let count_args = bind(&count);
    let total: u32 = count.query_row(count_args, |r| r.get(0))?;
    let paging = Paging::of(total, query.page, PAGE_SIZE);
    let sql = format!(
        "SELECT c.id, c.reference, c.full_name, c.other_names, c.date_of_birth, c.approximate_age, c.received_on,
                c.stage, c.concern_type, {flagged_sql}, c.exit_date,
                (SELECT max(d.decided_on) FROM decisions d WHERE d.case_id = c.id AND d.episode = c.episode)
         FROM cases c {filter} ORDER BY {order} {direction}, c.id {direction} LIMIT {PAGE_SIZE} OFFSET {}",
        paging.offset()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let list_args = bind(&stmt);
    let rows = stmt.query_map(list_args, |r| {
        let dob: Option<String> = r.get(4)?;
        let approx: Option<u32> = r.get(5)?;
        let received: String = r.get(6)?;
        let stage = Stage::parse(&r.get::<_, String>(7)?).unwrap_or(Stage::ReferralReceived);
        let reference: String = r.get(1)?;
        let date = |column: &str, text: &str| {
            dates::stored_sql(&format!("case {reference} ({column})"), text)
        };
        let dob = dob.map(|d| date("date_of_birth", &d)).transpose()?;
        let age = person_age(dob, approx, date("received_on", &received)?, today);
        let exit = r.get::<_, Option<String>>(10)?;
        let exit = exit.map(|d| date("exit_date", &d)).transpose()?;
        let decided = r.get::<_, Option<String>>(11)?;
        let decided = decided.map(|d| date("decided_on", &d)).transpose()?;
        Ok(CaseRow {
            id: r.get(0)?,
            reference,
            full_name: r.get(2)?,
            other_names: r.get(3)?,
            age,
            stage,
            stage_label: stage.label(),
            concern_type: r.get(8)?,
            received_on: received,
            flagged: r.get(9)?,
            next_review: next_review(stage, exit, decided, today),
        })
    })?;
    let rows: Vec<CaseRow> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(CasePage {
        rows,
        total,
        page: paging.page,
        pages: paging.pages,
    })
}

/// Cases whose reference, name or other names contain `folded` (already folded).
fn matching_ids(conn: &Connection, folded: &str) -> Result<Vec<i64>> {
    let mut stmt = if folded.chars().count() >= 3 {
        conn.prepare_cached("SELECT rowid FROM case_search WHERE case_search MATCH ?1")?
    } else {
        // Too short for trigrams (two-character names are common in Chinese and Korean):
        // scan the index's own content table, a plain table of folded names.
        conn.prepare_cached("SELECT id FROM case_search_content WHERE instr(c0, ?1) > 0")?
    };
    let term = if folded.chars().count() >= 3 {
        format!("\"{}\"", folded.replace('"', "\"\""))
    } else {
        folded.to_owned()
    };
    let ids = stmt.query_map([term], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}
