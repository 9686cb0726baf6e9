//! Plan periods and their structure: the plan as priorities, headings and actions with
//! filters; a new period carrying chosen actions over; adding, retiring and renumbering
//! actions; correcting a heading's wording. Only the latest period changes: earlier ones are
//! kept as they were.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::plan::{flags, PlanStatus, Rag};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PlanPeriod {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// "1 April 2017 to 31 March 2019".
    pub dates_text: String,
    pub vision: String,
    pub objectives: Vec<String>,
    /// The latest period is the one that changes; earlier ones are read only.
    pub latest: bool,
}

/// Which actions to show; empty or absent means any.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct PlanFilter {
    /// The latest period when absent.
    pub period_id: Option<i64>,
    pub priority: Option<u32>,
    /// Part of the lead, partners or printed owners.
    pub owner: String,
    pub status: String,
    pub rag: String,
    /// "overdue" or "stale".
    pub flag: String,
    pub include_retired: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PlanAction {
    pub id: i64,
    pub key: String,
    /// As printed: it may repeat (the plan prints "36" twice), so `key` identifies the row.
    pub number: String,
    pub priority: u32,
    pub heading_id: i64,
    pub text: String,
    pub owners: String,
    pub note: String,
    pub lead: String,
    pub partners: String,
    pub target_on: String,
    pub status: String,
    pub status_label: String,
    pub status_reason: String,
    pub rag: String,
    pub rag_label: String,
    pub rag_reason: String,
    /// The latest progress update's date, if any.
    pub last_update_on: Option<String>,
    pub updated_at: String,
    pub overdue: bool,
    pub stale: bool,
    pub retired_on: Option<String>,
    pub retired_reason: String,
    /// The key of the earlier period's action this one continues.
    pub carried_from: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Heading {
    pub id: i64,
    pub text: String,
    /// The wording as printed, when the steering group has corrected it.
    pub printed: Option<String>,
    pub actions: Vec<PlanAction>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Priority {
    pub number: u32,
    pub title: String,
    pub headings: Vec<Heading>,
}

/// A period's plan, its actions filtered; `None` when no plan is loaded yet.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Plan {
    pub period: PlanPeriod,
    pub periods: Vec<PlanPeriod>,
    pub priorities: Vec<Priority>,
    pub stale_days: u32,
    /// How many actions the filter matched, of how many in the period.
    pub shown: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct NewPeriodInput {
    pub key: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub vision: String,
    /// Actions of the latest period to carry over, with their history.
    pub carry: Vec<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct NewActionInput {
    pub heading_id: i64,
    pub number: String,
    pub text: String,
    pub owners: String,
    pub target_on: String,
}

const ACTION_SELECT: &str = "SELECT a.id, a.key, a.number, p.number, a.heading_id, a.text,
    a.owners, a.note, a.lead, a.partners, a.target_on, a.status, a.status_reason, a.rag,
    a.rag_reason, (SELECT max(u.made_on) FROM plan_updates u WHERE u.action_id IN
      (a.id, a.carried_from)), a.updated_at, a.retired_on, a.retired_reason, c.key, a.added_on
    FROM plan_actions a JOIN plan_headings h ON h.id = a.heading_id
    JOIN plan_priorities p ON p.id = h.priority_id
    LEFT JOIN plan_actions c ON c.id = a.carried_from";

/// Reads an action row; the flags come from `flags`, with `stale_days` from the settings.
pub(crate) fn action_row(r: &Row, stale_days: u32) -> rusqlite::Result<PlanAction> {
    let id: i64 = r.get(0)?;
    let status_code: String = r.get(11)?;
    let rag: String = r.get(13)?;
    let target_on: String = r.get(10)?;
    let last_update_on: Option<String> = r.get(15)?;
    let added_on: String = r.get(20)?;
    let row = format!("plan action {id}");
    let target = dates::stored_sql(&row, &target_on)?;
    let last = dates::stored_sql(&row, last_update_on.as_deref().unwrap_or(&added_on))?;
    let status = PlanStatus::parse("status", &status_code).unwrap_or(PlanStatus::NotStarted);
    let retired_on: Option<String> = r.get(17)?;
    let open = retired_on.is_none();
    Ok(PlanAction {
        id,
        key: r.get(1)?,
        number: r.get(2)?,
        priority: r.get(3)?,
        heading_id: r.get(4)?,
        text: r.get(5)?,
        owners: r.get(6)?,
        note: r.get(7)?,
        lead: r.get(8)?,
        partners: r.get(9)?,
        overdue: open && flags::overdue(status, target, today()),
        stale: open && flags::stale(status, last, today(), stale_days),
        target_on,
        status_label: PlanStatus::label_of(&status_code),
        status: status_code,
        status_reason: r.get(12)?,
        rag_label: Rag::label_of(&rag),
        rag,
        rag_reason: r.get(14)?,
        last_update_on,
        updated_at: r.get(16)?,
        retired_on,
        retired_reason: r.get(18)?,
        carried_from: r.get(19)?,
    })
}

pub(crate) fn stale_days(conn: &Connection) -> Result<u32> {
    let text: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'plan_stale_days'",
        [],
        |r| r.get(0),
    )?;
    Ok(text.parse().unwrap_or(90))
}

fn period_row(r: &Row) -> rusqlite::Result<PlanPeriod> {
    let starts_on: String = r.get(3)?;
    let ends_on: String = r.get(4)?;
    Ok(PlanPeriod {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        dates_text: format!(
            "{} to {}",
            dates::long_text(&starts_on),
            dates::long_text(&ends_on)
        ),
        starts_on,
        ends_on,
        vision: r.get(5)?,
        objectives: Vec::new(),
        latest: r.get(6)?,
    })
}

/// Every period, newest first, with its objectives.
pub(crate) fn periods(conn: &Connection) -> Result<Vec<PlanPeriod>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, title, starts_on, ends_on, vision,
           id = (SELECT max(id) FROM plan_periods) FROM plan_periods ORDER BY id DESC",
    )?;
    let mut periods: Vec<PlanPeriod> = stmt
        .query_map([], period_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut objectives = conn.prepare_cached(
        "SELECT text FROM plan_objectives WHERE period_id = ?1 ORDER BY position",
    )?;
    for p in &mut periods {
        p.objectives = objectives
            .query_map([p.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(periods)
}

/// The period an action belongs to must be the latest: earlier periods stay as they were.
pub(crate) fn require_latest(conn: &Connection, action_id: i64) -> Result<()> {
    let latest: Option<bool> = conn
        .query_row(
            "SELECT period_id = (SELECT max(id) FROM plan_periods) FROM plan_actions WHERE id = ?1",
            [action_id],
            |r| r.get(0),
        )
        .optional()?;
    match latest {
        None => Err(CoreError::NotFound("That plan action")),
        Some(false) => Err(CoreError::RuleBroken {
            rule: "earlier_period",
            message:
                "Earlier plan periods are kept as they were: change the action in the latest period"
                    .into(),
        }),
        Some(true) => Ok(()),
    }
}

/// Every action of a period in plan order, retired ones included.
pub(crate) fn actions_of(conn: &Connection, period_id: i64) -> Result<Vec<PlanAction>> {
    let stale_days = stale_days(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{ACTION_SELECT} WHERE a.period_id = ?1 ORDER BY a.position"
    ))?;
    let rows = stmt.query_map([period_id], |r| action_row(r, stale_days))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One action as listed.
pub(crate) fn action_summary(conn: &Connection, action_id: i64) -> Result<PlanAction> {
    let stale_days = stale_days(conn)?;
    conn.query_row(
        &format!("{ACTION_SELECT} WHERE a.id = ?1"),
        [action_id],
        |r| action_row(r, stale_days),
    )
    .optional()?
    .ok_or(CoreError::NotFound("That plan action"))
}

fn matches(a: &PlanAction, f: &PlanFilter) -> bool {
    let owner = f.owner.trim().to_lowercase();
    (f.include_retired || a.retired_on.is_none())
        && f.priority.is_none_or(|p| p == a.priority)
        && (owner.is_empty()
            || [&a.lead, &a.partners, &a.owners]
                .iter()
                .any(|o| o.to_lowercase().contains(&owner)))
        && (f.status.is_empty() || f.status == a.status)
        && (f.rag.is_empty() || f.rag == a.rag)
        && match f.flag.as_str() {
            "overdue" => a.overdue,
            "stale" => a.stale,
            _ => true,
        }
}

impl Session {
    /// The plan of a period (the latest unless chosen), its actions filtered. `None` before
    /// any plan is loaded.
    pub fn plan(&self, filter: &PlanFilter) -> Result<Option<Plan>> {
        self.require_plan_read()?;
        let periods = periods(&self.conn)?;
        let Some(period) = (match filter.period_id {
            Some(id) => Some(
                periods
                    .iter()
                    .find(|p| p.id == id)
                    .cloned()
                    .ok_or(CoreError::NotFound("That plan period"))?,
            ),
            None => periods.first().cloned(),
        }) else {
            return Ok(None);
        };
        let stale_days = stale_days(&self.conn)?;
        let actions = actions_of(&self.conn, period.id)?;
        let total = actions.iter().filter(|a| a.retired_on.is_none()).count() as u32;
        let mut by_heading: HashMap<i64, Vec<PlanAction>> = HashMap::new();
        let mut shown = 0;
        for a in actions.into_iter().filter(|a| matches(a, filter)) {
            shown += 1;
            by_heading.entry(a.heading_id).or_default().push(a);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.number, p.title, h.id, h.text, h.printed FROM plan_priorities p
             JOIN plan_headings h ON h.priority_id = p.id
             WHERE p.period_id = ?1 ORDER BY p.number, h.position",
        )?;
        let rows = stmt.query_map([period.id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut priorities: Vec<Priority> = Vec::new();
        for row in rows {
            let (number, title, id, text, printed) = row?;
            if priorities.last().is_none_or(|p| p.number != number) {
                priorities.push(Priority {
                    number,
                    title,
                    headings: Vec::new(),
                });
            }
            let heading = Heading {
                id,
                printed: (printed != text).then_some(printed),
                text,
                actions: by_heading.remove(&id).unwrap_or_default(),
            };
            priorities
                .last_mut()
                .expect("pushed above")
                .headings
                .push(heading);
        }
        Ok(Some(Plan {
            period,
            periods,
            priorities,
            stale_days,
            shown,
            total,
        }))
    }

    /// Starts a new period with the same priorities and headings, carrying the chosen actions
    /// of the latest period over with their measures (each keeps its key and shows its earlier
    /// progress updates). The earlier period is then read only. Its id.
    pub fn start_plan_period(&mut self, input: &NewPeriodInput) -> Result<i64> {
        self.require_plan_edit()?;
        let key = Text::new("key", "short name of the period, for example 2019-2021")
            .required()
            .max(40)
            .read(&input.key)?;
        let title = Text::new("title", "title of the plan")
            .required()
            .max(200)
            .read(&input.title)?;
        let starts = dates::parse("starts_on", "start date", &input.starts_on)?;
        let ends = dates::parse("ends_on", "end date", &input.ends_on)?;
        if ends <= starts {
            return Err(CoreError::invalid(
                "ends_on",
                "The end date must be after the start date",
            ));
        }
        let vision = Text::new("vision", "vision")
            .max(4_000)
            .read(&input.vision)?;
        let actor = self.actor().to_owned();
        let now = dates::now_text();
        let tx = self.conn.transaction()?;
        let previous: i64 = tx
            .query_row("SELECT max(id) FROM plan_periods", [], |r| {
                r.get::<_, Option<i64>>(0)
            })?
            .ok_or(CoreError::NotFound("A plan period to follow"))?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM plan_periods WHERE key = ?1)",
            [&key],
            |r| r.get(0),
        )?;
        if taken {
            return Err(CoreError::invalid(
                "key",
                "A plan period already has that short name",
            ));
        }
        tx.execute(
            "INSERT INTO plan_periods (key, title, starts_on, ends_on, vision, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![key, title, starts.to_string(), ends.to_string(), vision, actor, now],
        )?;
        let period = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO plan_objectives (period_id, position, text)
             SELECT ?1, position, text FROM plan_objectives WHERE period_id = ?2",
            params![period, previous],
        )?;
        // Priorities and headings carry over whole; headings keep their printed wording.
        let mut headings: HashMap<i64, i64> = HashMap::new();
        let old: Vec<(i64, u32, String)> = tx
            .prepare("SELECT id, number, title FROM plan_priorities WHERE period_id = ?1 ORDER BY number")?
            .query_map([previous], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (old_priority, number, title) in old {
            tx.execute(
                "INSERT INTO plan_priorities (period_id, number, title) VALUES (?1, ?2, ?3)",
                params![period, number, title],
            )?;
            let priority = tx.last_insert_rowid();
            let old_headings: Vec<(i64, i64, String, String)> = tx
                .prepare(
                    "SELECT id, position, text, printed FROM plan_headings WHERE priority_id = ?1",
                )?
                .query_map([old_priority], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (old_heading, position, text, printed) in old_headings {
                tx.execute(
                    "INSERT INTO plan_headings (priority_id, position, text, printed) VALUES (?1, ?2, ?3, ?4)",
                    params![priority, position, text, printed],
                )?;
                headings.insert(old_heading, tx.last_insert_rowid());
            }
        }
        let today = today().to_string();
        for (position, action) in input.carry.iter().enumerate() {
            let heading: i64 = tx
                .query_row(
                    "SELECT heading_id FROM plan_actions WHERE id = ?1 AND period_id = ?2 AND retired_on IS NULL",
                    params![action, previous],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| CoreError::invalid("carry", "Choose actions of the latest period that are not retired"))?;
            tx.execute(
                "INSERT INTO plan_actions (period_id, heading_id, key, number, position, text, owners,
                   note, lead, partners, target_on, status, status_reason, rag, rag_reason,
                   carried_from, added_on, updated_at)
                 SELECT ?1, ?2, key, number, ?3, text, owners, note, lead, partners, ?4,
                   CASE WHEN status IN ('complete', 'dropped') THEN 'not_started' ELSE status END,
                   '', rag, rag_reason, id, ?5, ?6
                 FROM plan_actions WHERE id = ?7",
                params![period, headings[&heading], position as i64 + 1, ends.to_string(), today, now, action],
            )?;
            // Its success measures carry over too; their values stay in the earlier period.
            tx.execute(
                "INSERT INTO plan_measures (action_id, name, unit, target, direction)
                 SELECT ?1, name, unit, target, direction FROM plan_measures WHERE action_id = ?2
                 ORDER BY id",
                params![tx.last_insert_rowid(), action],
            )?;
        }
        let detail = serde_json::json!({ "key": key, "carried": input.carry.len() }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::PlanPeriodStarted,
            &format!("plan:{period}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(period)
    }

    /// Adds an action under a heading of the latest period, with its own new key; its id.
    pub fn add_plan_action(&mut self, input: &NewActionInput) -> Result<i64> {
        self.require_plan_edit()?;
        let number = Text::new("number", "action number")
            .required()
            .max(10)
            .read(&input.number)?;
        let text = Text::new("text", "action")
            .required()
            .max(2_000)
            .read(&input.text)?;
        let owners = Text::new("owners", "owners")
            .required()
            .max(500)
            .read(&input.owners)?;
        let target = dates::parse("target_on", "target date", &input.target_on)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let period: i64 = tx
            .query_row(
                "SELECT p.period_id FROM plan_headings h JOIN plan_priorities p ON p.id = h.priority_id
                 WHERE h.id = ?1 AND p.period_id = (SELECT max(id) FROM plan_periods)",
                [input.heading_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::invalid("heading_id", "Choose a heading of the latest plan"))?;
        // A new key never reuses an earlier one, whatever the printed number.
        let count: i64 = tx.query_row(
            "SELECT count(*) FROM plan_actions WHERE period_id = ?1",
            [period],
            |r| r.get(0),
        )?;
        let key = format!("N{:02}", count + 1);
        let now = dates::now_text();
        tx.execute(
            "INSERT INTO plan_actions (period_id, heading_id, key, number, position, text, owners,
               partners, target_on, added_on, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
            params![
                period,
                input.heading_id,
                key,
                number,
                count + 1,
                text,
                owners,
                target.to_string(),
                today().to_string(),
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({ "key": key, "number": number }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::PlanActionAdded,
            &format!("plan_action:{id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Retires an action (kept, shown as retired) with a reason.
    pub fn retire_plan_action(&mut self, action_id: i64, reason: &str) -> Result<()> {
        self.require_plan_edit()?;
        let reason = Text::new("retired_reason", "why the action is retired")
            .required()
            .max(500)
            .read(reason)?;
        self.plan_action_change(action_id, AuditAction::PlanActionRetired, |tx| {
            tx.execute(
                "UPDATE plan_actions SET retired_on = ?2, retired_reason = ?3, updated_at = ?4 WHERE id = ?1",
                params![action_id, today().to_string(), reason, dates::now_text()],
            )?;
            Ok(serde_json::json!({ "reason": reason }))
        })
    }

    /// Gives an action a new printed number; its key stays.
    pub fn renumber_plan_action(&mut self, action_id: i64, number: &str) -> Result<()> {
        self.require_plan_edit()?;
        let number = Text::new("number", "action number")
            .required()
            .max(10)
            .read(number)?;
        self.plan_action_change(action_id, AuditAction::PlanActionRenumbered, |tx| {
            let from: String = tx.query_row(
                "SELECT number FROM plan_actions WHERE id = ?1",
                [action_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE plan_actions SET number = ?2, updated_at = ?3 WHERE id = ?1",
                params![action_id, number, dates::now_text()],
            )?;
            Ok(serde_json::json!({ "from": from, "to": number }))
        })
    }

    /// Corrects a heading's wording (the printed text is kept and shown beside it).
    pub fn correct_plan_heading(&mut self, heading_id: i64, text: &str) -> Result<()> {
        self.require_plan_edit()?;
        let text = Text::new("text", "heading")
            .required()
            .max(1_000)
            .read(text)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let (from, latest): (String, bool) = tx
            .query_row(
                "SELECT h.text, p.period_id = (SELECT max(id) FROM plan_periods) FROM plan_headings h
                 JOIN plan_priorities p ON p.id = h.priority_id WHERE h.id = ?1",
                [heading_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That heading"))?;
        if !latest {
            return Err(CoreError::RuleBroken {
                rule: "earlier_period",
                message: "Earlier plan periods are kept as they were".into(),
            });
        }
        tx.execute(
            "UPDATE plan_headings SET text = ?2 WHERE id = ?1",
            params![heading_id, text],
        )?;
        let detail = serde_json::json!({ "from": from, "to": text }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::PlanHeadingCorrected,
            &format!("plan_heading:{heading_id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// One change to an action of the latest period, in a transaction with its audit row.
    /// The caller checks the person's role first, before reading its input.
    pub(crate) fn plan_action_change(
        &mut self,
        action_id: i64,
        action: AuditAction,
        change: impl FnOnce(&rusqlite::Transaction) -> Result<serde_json::Value>,
    ) -> Result<()> {
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        require_latest(&tx, action_id)?;
        let detail = change(&tx)?;
        audit::append(
            &tx,
            &actor,
            action,
            &format!("plan_action:{action_id}"),
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
