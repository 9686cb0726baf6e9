//! The borough's Prevent Strategy and Delivery Plan 2017–2019, read from its data file in
//! `assets/plan` (checked row by row against the published text by `tests/plan_seed.rs`)
//! and loaded into a new database when the steering group asks.

use rusqlite::params;
use serde::Deserialize;

use crate::common::dates;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::plan::{Direction, MeasureUnit};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

const PLAN: &str = include_str!("../../../../assets/plan/prevent-delivery-plan-2017-2019.json");

#[derive(Debug, Deserialize)]
pub struct SeedPlan {
    pub key: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub default_target: String,
    pub vision: String,
    pub objectives: Vec<String>,
    pub priorities: Vec<SeedPriority>,
    pub measures: Vec<SeedMeasure>,
}

#[derive(Debug, Deserialize)]
pub struct SeedPriority {
    pub number: u32,
    pub title: String,
    pub headings: Vec<SeedHeading>,
}

#[derive(Debug, Deserialize)]
pub struct SeedHeading {
    pub text: String,
    pub actions: Vec<SeedAction>,
}

#[derive(Debug, Deserialize)]
pub struct SeedAction {
    pub key: String,
    pub number: String,
    pub text: String,
    pub owners: String,
    pub note: Option<String>,
    pub target: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SeedMeasure {
    pub action: String,
    pub name: String,
    pub unit: String,
    pub target: f64,
    pub direction: String,
}

/// The plan as its data file holds it.
pub fn seed_plan() -> SeedPlan {
    serde_json::from_str(PLAN).expect("assets/plan holds a valid plan (checked by its test)")
}

impl Session {
    /// Loads the borough's 2017–2019 plan as printed; its id. Refused if already loaded.
    pub fn load_seed_plan(&mut self) -> Result<i64> {
        self.require_plan_edit()?;
        let plan = seed_plan();
        let actor = self.actor().to_owned();
        let now = dates::now_text();
        let today = dates::today().to_string();
        let tx = self.conn.transaction()?;
        let loaded: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM plan_periods WHERE key = ?1)",
            [&plan.key],
            |r| r.get(0),
        )?;
        if loaded {
            return Err(CoreError::RuleBroken {
                rule: "plan_loaded",
                message: format!("The {} is already loaded", plan.title),
            });
        }
        tx.execute(
            "INSERT INTO plan_periods (key, title, starts_on, ends_on, vision, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![plan.key, plan.title, plan.starts_on, plan.ends_on, plan.vision, actor, now],
        )?;
        let period = tx.last_insert_rowid();
        for (i, objective) in plan.objectives.iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_objectives (period_id, position, text) VALUES (?1, ?2, ?3)",
                params![period, i as i64 + 1, objective],
            )?;
        }
        let mut position = 0;
        for priority in &plan.priorities {
            tx.execute(
                "INSERT INTO plan_priorities (period_id, number, title) VALUES (?1, ?2, ?3)",
                params![period, priority.number, priority.title],
            )?;
            let priority_id = tx.last_insert_rowid();
            for (h, heading) in priority.headings.iter().enumerate() {
                tx.execute(
                    "INSERT INTO plan_headings (priority_id, position, text, printed) VALUES (?1, ?2, ?3, ?3)",
                    params![priority_id, h as i64 + 1, heading.text],
                )?;
                let heading_id = tx.last_insert_rowid();
                for a in &heading.actions {
                    position += 1;
                    tx.execute(
                        "INSERT INTO plan_actions (period_id, heading_id, key, number, position, text,
                           owners, note, partners, target_on, added_on, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?9, ?10, ?11)",
                        params![
                            period,
                            heading_id,
                            a.key,
                            a.number,
                            position,
                            a.text,
                            a.owners,
                            a.note.clone().unwrap_or_default(),
                            a.target.as_ref().unwrap_or(&plan.default_target),
                            today,
                            now
                        ],
                    )?;
                }
            }
        }
        for m in &plan.measures {
            let unit = MeasureUnit::parse("unit", &m.unit)?;
            let direction = Direction::parse("direction", &m.direction)?;
            let changed = tx.execute(
                "INSERT INTO plan_measures (action_id, name, unit, target, direction)
                 SELECT id, ?3, ?4, ?5, ?6 FROM plan_actions WHERE period_id = ?1 AND key = ?2",
                params![
                    period,
                    m.action,
                    m.name,
                    unit.code(),
                    m.target,
                    direction.code()
                ],
            )?;
            if changed != 1 {
                return Err(CoreError::NotFound("The action a seed measure belongs to"));
            }
        }
        audit::append(
            &tx,
            &actor,
            AuditAction::PlanLoaded,
            &format!("plan:{period}"),
            &serde_json::json!({ "key": plan.key, "actions": position }).to_string(),
        )?;
        tx.commit()?;
        Ok(period)
    }
}
