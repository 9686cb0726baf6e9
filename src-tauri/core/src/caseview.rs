//! Reading casework: the case list (filters, search, sort, pages), one case's record, and
//! the flags for support that is overdue or not being delivered. Viewing a record and
//! searching are audited.

use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit;
use crate::casework::{load_state, reviews_due, CaseState};
use crate::dates::{age_on, today};
use crate::error::{CoreError, Result};
use crate::reference;
use crate::session::Session;
use crate::text::fold;
use crate::workflow::Stage;

pub const PAGE_SIZE: u32 = 25;

/// Age bands of the Home Office statistics.
pub const AGE_BANDS: [(&str, u32, u32); 9] = [
    ("10 or under", 0, 10),
    ("11-15", 11, 15),
    ("16-17", 16, 17),
    ("18-20", 18, 20),
    ("21-30", 21, 30),
    ("31-40", 31, 40),
    ("41-50", 41, 50),
    ("51-60", 51, 60),
    ("61+", 61, 200),
];

pub fn age_band(age: u32) -> &'static str {
    AGE_BANDS
        .iter()
        .find(|(_, lo, hi)| (*lo..=*hi).contains(&age))
        .map(|b| b.0)
        .unwrap_or("")
}

/// Support flagged as not happening: planned start passed without starting, or no session
/// for four weeks while active. `?1` is today, `?2` is four weeks ago.
const FLAG_CONDITION: &str = "(i.status = 'planned' AND i.start_on < ?1)
    OR (i.status = 'active' AND coalesce(i.last_session_on, i.start_on) < ?2)";

#[derive(Debug, Clone, Default, Deserialize)]
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

#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub case_id: i64,
    pub reference: String,
    pub full_name: String,
    pub intervention_id: Option<i64>,
    pub problem: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub happened_on: String,
    pub episode: i64,
    pub kind: String,
    pub summary: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    pub factor: String,
    pub label: String,
    pub dimension: String,
    pub applies: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub episode: i64,
    pub assessed_on: String,
    pub assessor: String,
    pub engagement_summary: String,
    pub intent_summary: String,
    pub capability_summary: String,
    pub conclusion: String,
    pub factors: Vec<FactorView>,
    /// What changed since the assessment before it, in words.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterventionView {
    pub id: i64,
    pub kind: String,
    pub provider: String,
    pub start_on: String,
    pub planned_end_on: String,
    pub funding: String,
    pub sessions_planned: i64,
    pub sessions_delivered: i64,
    pub last_session_on: Option<String>,
    pub status: String,
    pub outcome: String,
    pub flag: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row(pub serde_json::Map<String, serde_json::Value>);

#[derive(Debug, Clone, Serialize)]
pub struct CaseRecord {
    pub id: i64,
    pub reference: String,
    pub episode: i64,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub days_in_stage: i64,
    pub age_today: Option<u32>,
    pub next_review: Option<(String, String)>,
    pub referral: Row,
    pub concern_type_label: String,
    pub sector_label: String,
    pub timeline: Vec<Event>,
    pub screenings: Vec<Row>,
    pub assessments: Vec<Assessment>,
    pub consents: Vec<Row>,
    pub consent_withdrawn: bool,
    pub interventions: Vec<InterventionView>,
    pub decisions: Vec<Row>,
    pub notes: Vec<Row>,
}

/// Every column of a query as a JSON object, for the plain record sections.
fn rows(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mapped = stmt.query_map([id], |r| {
        let mut map = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match r.get::<_, Value>(i)? {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => n.into(),
                Value::Real(f) => f.into(),
                Value::Text(t) => t.into(),
                Value::Blob(_) => serde_json::Value::Null,
            };
            map.insert(name.clone(), value);
        }
        Ok(Row(map))
    })?;
    Ok(mapped.collect::<rusqlite::Result<_>>()?)
}

fn four_weeks_ago(today: NaiveDate) -> String {
    (today - Duration::days(28)).to_string()
}

fn intervention_flag(
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
    pub fn reference_items(&self, kind: &str) -> Result<Vec<reference::ReferenceItem>> {
        self.require_case_view()?;
        reference::list(&self.conn, kind)
    }

    pub fn add_reference_item(
        &mut self,
        kind: &str,
        label: &str,
        grouping: &str,
    ) -> Result<reference::ReferenceItem> {
        self.require_admin("change reference data")?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let item = reference::add(&tx, kind, label, grouping)?;
        audit::append(
            &tx,
            &actor,
            "reference.added",
            &format!("{kind}:{}", item.code),
            &serde_json::json!({ "label": item.label }).to_string(),
        )?;
        tx.commit()?;
        Ok(item)
    }

    pub fn retire_reference_item(&mut self, kind: &str, code: &str) -> Result<()> {
        self.require_admin("change reference data")?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        reference::retire(&tx, kind, code, &today().to_string())?;
        audit::append(
            &tx,
            &actor,
            "reference.retired",
            &format!("{kind}:{code}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A page of the case list. Searching is audited (what was searched for and by whom).
    pub fn list_cases(&mut self, query: &CaseQuery) -> Result<CasePage> {
        self.require_case_view()?;
        if !query.search.trim().is_empty() {
            let actor = self.actor().to_owned();
            let detail = serde_json::json!({ "search": query.search.trim() }).to_string();
            audit::append(&self.conn, &actor, "case.search", "cases", &detail)?;
        }
        list_cases(&self.conn, query, today())
    }

    /// One case's whole record. The view is audited in the same transaction as the read.
    pub fn case_record(&mut self, case_id: i64) -> Result<CaseRecord> {
        self.require_case_view()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let record = case_record(&tx, case_id, today())?;
        audit::append(
            &tx,
            &actor,
            "case.viewed",
            &format!("case:{}", record.reference),
            "{}",
        )?;
        tx.commit()?;
        Ok(record)
    }

    pub fn flags(&self) -> Result<Vec<Flag>> {
        self.require_case_view()?;
        flags(&self.conn, today())
    }
}

/// The list query on its own, for the benchmark and tests.
pub fn list_cases(conn: &Connection, query: &CaseQuery, today: NaiveDate) -> Result<CasePage> {
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Value> = vec![today.to_string().into(), four_weeks_ago(today).into()];
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
    if !query.age_band.is_empty() {
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
              c.approximate_age + CAST((julianday(?1) - julianday(c.received_on)) / 365.25 AS INTEGER) BETWEEN {l} AND {h}))"
        ));
    }
    let flagged_sql = format!("EXISTS (SELECT 1 FROM interventions i WHERE i.case_id = c.id AND i.episode = c.episode AND ({FLAG_CONDITION}))");
    if query.flagged {
        conditions.push(flagged_sql.clone());
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
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
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = query.page.min(pages - 1);
    let sql = format!(
        "SELECT c.id, c.reference, c.full_name, c.other_names, c.date_of_birth, c.approximate_age, c.received_on,
                c.stage, c.concern_type, {flagged_sql}
         FROM cases c {filter} ORDER BY {order} {direction}, c.id {direction} LIMIT {PAGE_SIZE} OFFSET {}",
        page * PAGE_SIZE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let list_args = bind(&stmt);
    let rows = stmt.query_map(list_args, |r| {
        let dob: Option<String> = r.get(4)?;
        let approx: Option<u32> = r.get(5)?;
        let received: String = r.get(6)?;
        let stage = Stage::parse(&r.get::<_, String>(7)?).unwrap_or(Stage::ReferralReceived);
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let age = match (dob.as_deref().and_then(parse), approx) {
            (Some(born), _) => Some(age_on(born, today)),
            (None, Some(a)) => parse(&received).map(|rec| a + age_on(rec, today)),
            _ => None,
        };
        Ok(CaseRow {
            id: r.get(0)?,
            reference: r.get(1)?,
            full_name: r.get(2)?,
            other_names: r.get(3)?,
            age,
            stage,
            stage_label: stage.label(),
            concern_type: r.get(8)?,
            received_on: received,
            flagged: r.get(9)?,
        })
    })?;
    let rows: Vec<CaseRow> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(CasePage {
        rows,
        total,
        page,
        pages,
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

fn case_record(conn: &Connection, case_id: i64, today: NaiveDate) -> Result<CaseRecord> {
    let state: CaseState = load_state(conn, case_id)?;
    let referral = rows(
        conn,
        "SELECT reference, received_on, referrer_name, referrer_organisation, referrer_sector, full_name, other_names,
                date_of_birth, approximate_age, gender, address, postcode, school_or_employer, languages, ethnicity,
                concern_type, concern, needs_mental_health, needs_neurodiversity, needs_sen, other_agencies,
                mash_informed, stage_since, exit_date, exit_reason
         FROM cases WHERE id = ?1",
        case_id,
    )?
    .pop()
    .ok_or(CoreError::NotFound("That case"))?;
    let field = |name: &str| {
        referral
            .0
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let stage_since = NaiveDate::parse_from_str(&field("stage_since"), "%Y-%m-%d").unwrap_or(today);
    let last_decision: Option<String> = conn.query_row(
        "SELECT max(decided_on) FROM decisions WHERE case_id = ?1 AND episode = ?2",
        params![case_id, state.episode],
        |r| r.get(0),
    )?;
    let next_review = match (state.stage, state.exit_date) {
        (Stage::Exited, Some(exit)) => {
            Some(("6-month review".to_owned(), reviews_due(exit).0.to_string()))
        }
        (Stage::SixMonthReviewDone, Some(exit)) => Some((
            "12-month review".to_owned(),
            reviews_due(exit).1.to_string(),
        )),
        (stage, _) if stage.is_adopted() => last_decision
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .map(|d| ("Panel review".to_owned(), d.to_string())),
        _ => None,
    };

    let mut stmt = conn.prepare_cached(
        "SELECT happened_on, episode, kind, summary, recorded_by FROM case_events WHERE case_id = ?1 ORDER BY happened_on DESC, id DESC",
    )?;
    let timeline = stmt
        .query_map([case_id], |r| {
            Ok(Event {
                happened_on: r.get(0)?,
                episode: r.get(1)?,
                kind: r.get(2)?,
                summary: r.get(3)?,
                recorded_by: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let factors_known = reference::list(conn, "vaf_factor")?;
    let mut assessments: Vec<Assessment> = Vec::new();
    for a in rows(
        conn,
        "SELECT * FROM vaf_assessments WHERE case_id = ?1 ORDER BY assessed_on, id",
        case_id,
    )? {
        let get = |k: &str| a.0.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let id = a.0.get("id").and_then(|v| v.as_i64()).unwrap_or_default();
        let factors: Vec<FactorView> = rows(
            conn,
            "SELECT factor, applies, notes FROM vaf_factors WHERE assessment_id = ?1",
            id,
        )?
        .into_iter()
        .map(|f| {
            let code =
                f.0.get("factor")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned();
            let known = factors_known.iter().find(|k| k.code == code);
            FactorView {
                label: known
                    .map(|k| k.label.clone())
                    .unwrap_or_else(|| code.clone()),
                dimension: known.map(|k| k.grouping.clone()).unwrap_or_default(),
                factor: code,
                applies: f.0.get("applies").and_then(|v| v.as_i64()) == Some(1),
                notes: f
                    .0
                    .get("notes")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned(),
            }
        })
        .collect();
        let changes = match assessments.last() {
            None => Vec::new(),
            Some(before) => assessment_changes(
                before,
                &factors,
                [
                    &get("engagement_summary"),
                    &get("intent_summary"),
                    &get("capability_summary"),
                    &get("conclusion"),
                ],
            ),
        };
        assessments.push(Assessment {
            id,
            episode: a.0.get("episode").and_then(|v| v.as_i64()).unwrap_or(1),
            assessed_on: get("assessed_on"),
            assessor: get("assessor"),
            engagement_summary: get("engagement_summary"),
            intent_summary: get("intent_summary"),
            capability_summary: get("capability_summary"),
            conclusion: get("conclusion"),
            factors,
            changes,
        });
    }
    assessments.reverse();

    let consents = rows(
        conn,
        "SELECT * FROM consents WHERE case_id = ?1 ORDER BY status_on DESC, id DESC",
        case_id,
    )?;
    let consent_withdrawn = state.stage.is_adopted()
        && consents
            .iter()
            .find(|c| c.0.get("episode").and_then(|v| v.as_i64()) == Some(state.episode))
            .and_then(|c| c.0.get("status"))
            .and_then(|v| v.as_str())
            == Some("withdrawn");
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, provider, start_on, planned_end_on, funding, sessions_planned, sessions_delivered,
                last_session_on, status, outcome FROM interventions WHERE case_id = ?1 ORDER BY start_on DESC, id DESC",
    )?;
    let interventions = stmt
        .query_map([case_id], |r| {
            let status: String = r.get(9)?;
            let start: String = r.get(3)?;
            let last: Option<String> = r.get(8)?;
            Ok(InterventionView {
                id: r.get(0)?,
                kind: r.get(1)?,
                provider: r.get(2)?,
                flag: intervention_flag(&status, &start, last.as_deref(), today),
                start_on: start,
                planned_end_on: r.get(4)?,
                funding: r.get(5)?,
                sessions_planned: r.get(6)?,
                sessions_delivered: r.get(7)?,
                last_session_on: last,
                status,
                outcome: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let interventions = interventions
        .into_iter()
        .map(|mut i| {
            i.kind = reference::label(conn, "intervention_type", &i.kind).unwrap_or(i.kind);
            i
        })
        .collect();

    Ok(CaseRecord {
        id: state.id,
        reference: state.reference.clone(),
        episode: state.episode,
        stage: state.stage,
        stage_label: state.stage.label(),
        days_in_stage: (today - stage_since).num_days(),
        age_today: state.age_on(today),
        next_review,
        concern_type_label: reference::label(conn, "concern_type", &field("concern_type"))?,
        sector_label: reference::label(conn, "sector", &field("referrer_sector"))?,
        referral,
        timeline,
        screenings: rows(
            conn,
            "SELECT * FROM screenings WHERE case_id = ?1 ORDER BY screened_on DESC, id DESC",
            case_id,
        )?,
        assessments,
        consents,
        consent_withdrawn,
        interventions,
        decisions: rows(
            conn,
            "SELECT * FROM decisions WHERE case_id = ?1 ORDER BY decided_on DESC, id DESC",
            case_id,
        )?,
        notes: rows(
            conn,
            "SELECT * FROM case_notes WHERE case_id = ?1 ORDER BY written_on DESC, id DESC",
            case_id,
        )?,
    })
}

/// Factors that now apply or no longer apply, and summaries that changed.
fn assessment_changes(
    before: &Assessment,
    factors: &[FactorView],
    texts: [&str; 4],
) -> Vec<String> {
    let mut changes = Vec::new();
    for f in factors {
        let was = before
            .factors
            .iter()
            .find(|b| b.factor == f.factor)
            .is_some_and(|b| b.applies);
        match (was, f.applies) {
            (false, true) => changes.push(format!("Now applies: {}", f.label)),
            (true, false) => changes.push(format!("No longer applies: {}", f.label)),
            _ => {}
        }
    }
    let old = [
        &before.engagement_summary,
        &before.intent_summary,
        &before.capability_summary,
        &before.conclusion,
    ];
    for ((name, new), old) in [
        "Engagement summary",
        "Intent summary",
        "Capability summary",
        "Conclusion",
    ]
    .iter()
    .zip(texts)
    .zip(old)
    {
        if new != old.as_str() {
            changes.push(format!("{name} changed"));
        }
    }
    changes
}

/// What needs attention today, for the home screen.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub new_referrals: u32,
    pub awaiting_screening: u32,
    pub awaiting_panel: u32,
    pub in_support: u32,
    pub flagged_support: u32,
    /// Reviews after exit due within 30 days or overdue: (case id, reference, name, review, due).
    pub reviews_due: Vec<(i64, String, String, String, String)>,
    /// The next panel meeting from today: (id, date, agenda items).
    pub next_meeting: Option<(i64, String, u32)>,
    pub overdue_actions: u32,
}

impl Session {
    pub fn today(&self) -> Result<Today> {
        self.require_case_view()?;
        let now = today();
        let count = |stage: Stage| -> Result<u32> {
            Ok(self.conn.query_row(
                "SELECT count(*) FROM cases WHERE stage = ?1",
                [stage.as_str()],
                |r| r.get(0),
            )?)
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, reference, full_name, stage, exit_date FROM cases
             WHERE stage IN ('exited', 'six_month_review_done') AND exit_date IS NOT NULL",
        )?;
        let horizon = now + Duration::days(30);
        let mut due_soon = Vec::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (id, reference, name, stage, exit) = row?;
            let Ok(exit) = NaiveDate::parse_from_str(&exit, "%Y-%m-%d") else {
                continue;
            };
            let (six, twelve) = reviews_due(exit);
            let (label, due) = if stage == "exited" {
                ("6-month review", six)
            } else {
                ("12-month review", twelve)
            };
            if due <= horizon {
                due_soon.push((id, reference, name, label.to_owned(), due.to_string()));
            }
        }
        due_soon.sort_by(|a, b| a.4.cmp(&b.4));
        Ok(Today {
            new_referrals: count(Stage::ReferralReceived)?,
            awaiting_screening: count(Stage::Screening)?,
            awaiting_panel: count(Stage::AwaitingPanel)?,
            in_support: count(Stage::Support)?,
            flagged_support: flags(&self.conn, now)?.len() as u32,
            reviews_due: due_soon,
            next_meeting: self
                .conn
                .query_row(
                    "SELECT m.id, m.held_on, (SELECT count(*) FROM agenda_items a
                       WHERE a.meeting_id = m.id AND a.removed_reason IS NULL)
                     FROM meetings m WHERE m.held_on >= ?1 ORDER BY m.held_on, m.id LIMIT 1",
                    [now.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?,
            overdue_actions: self.conn.query_row(
                "SELECT count(*) FROM actions WHERE status = 'open' AND due_on < ?1",
                [now.to_string()],
                |r| r.get(0),
            )?,
        })
    }
}
