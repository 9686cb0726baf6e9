//! Training delivered: sessions (product, deliverer, audience organisation and sector, role
//! group, number attending, linked action), cohorts (a role group's headcount and
//! completions, whose percentage feeds a success measure), baselines from before records
//! were kept, totals for a period, and refreshers due.

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::plan::measures::{insert_value, percent, MeasureValueInput};
use crate::reference::{self, ReferenceKind};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct TrainingSessionInput {
    pub held_on: String,
    pub product: String,
    pub deliverer: String,
    pub organisation: String,
    pub sector: String,
    pub role_group: String,
    pub attended: String,
    pub action_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct CohortInput {
    pub counted_on: String,
    pub product: String,
    pub sector: String,
    pub role_group: String,
    pub headcount: String,
    pub completed: String,
    /// The success measure the percentage is recorded against, if any.
    pub measure_id: Option<i64>,
}

/// People trained before records were kept here.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct BaselineInput {
    pub as_of: String,
    pub product: String,
    pub sector: String,
    pub people: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TrainingSession {
    pub id: i64,
    pub held_on: String,
    pub product: String,
    pub product_label: String,
    pub deliverer: String,
    pub organisation: String,
    pub sector: String,
    pub sector_label: String,
    pub role_group: String,
    pub attended: u32,
    pub action_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Cohort {
    pub id: i64,
    pub counted_on: String,
    pub product_label: String,
    pub sector_label: String,
    pub role_group: String,
    pub headcount: u32,
    pub completed: u32,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Total {
    pub code: String,
    pub label: String,
    pub sessions: u32,
    pub people: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Baseline {
    pub as_of: String,
    pub product_label: String,
    pub sector_label: String,
    pub people: u32,
    pub note: String,
}

/// A group whose latest session of a product is older than the refresher period.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RefresherDue {
    pub organisation: String,
    pub role_group: String,
    pub product_label: String,
    pub last_held_on: String,
    pub due_on: String,
}

/// Training in a period: its sessions, totals by sector and by product, cohorts, baselines and
/// the refreshers due today.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TrainingSummary {
    pub from: String,
    pub to: String,
    pub sessions: Vec<TrainingSession>,
    pub by_sector: Vec<Total>,
    pub by_product: Vec<Total>,
    pub people: u32,
    pub cohorts: Vec<Cohort>,
    pub baselines: Vec<Baseline>,
    pub refresher_years: u32,
    pub refreshers_due: Vec<RefresherDue>,
}

fn whole(field: &'static str, label: &str, text: &str) -> Result<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            CoreError::invalid(
                field,
                format!("Enter the {label} as a whole number more than 0"),
            )
        })
}

/// The date a refresher is due after training on `held_on`.
pub fn refresher_due(held_on: NaiveDate, years: u32) -> NaiveDate {
    held_on
        .checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX)
}

/// `table alias` with the labels of its product (`rp.label`) and sector (`rs.label`).
fn labelled(table: &str, alias: &str) -> String {
    format!(
        "{table} {alias}
         LEFT JOIN reference_items rp ON rp.kind = 'training_product' AND rp.code = {alias}.product
         LEFT JOIN reference_items rs ON rs.kind = 'sector' AND rs.code = {alias}.sector"
    )
}

/// The training sessions held from `from` to `to` (inclusive), newest first.
pub(crate) fn sessions(
    conn: &rusqlite::Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TrainingSession>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.held_on, t.product, rp.label, t.deliverer, t.organisation, t.sector,
           rs.label, t.role_group, t.attended, a.key
         FROM {} LEFT JOIN plan_actions a ON a.id = t.action_id
         WHERE t.held_on BETWEEN ?1 AND ?2 ORDER BY t.held_on DESC, t.id DESC",
        labelled("training_sessions", "t")
    ))?;
    let sessions = stmt
        .query_map(params![from.to_string(), to.to_string()], |r| {
            Ok(TrainingSession {
                id: r.get(0)?,
                held_on: r.get(1)?,
                product: r.get(2)?,
                product_label: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                deliverer: r.get(4)?,
                organisation: r.get(5)?,
                sector: r.get(6)?,
                sector_label: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                role_group: r.get(8)?,
                attended: r.get(9)?,
                action_key: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(sessions)
}

/// Sessions and people by a key of the session (its sector or product), most people first.
pub(crate) fn totals(
    sessions: &[TrainingSession],
    key: fn(&TrainingSession) -> (&str, &str),
) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for s in sessions {
        let (code, label) = key(s);
        match totals.iter_mut().find(|t| t.code == code) {
            Some(t) => {
                t.sessions += 1;
                t.people += s.attended;
            }
            None => totals.push(Total {
                code: code.to_owned(),
                label: label.to_owned(),
                sessions: 1,
                people: s.attended,
            }),
        }
    }
    totals.sort_by(|a, b| b.people.cmp(&a.people).then(a.label.cmp(&b.label)));
    totals
}

impl Session {
    fn check_product_and_sector(&self, product: &str, sector: &str) -> Result<()> {
        reference::check_current(
            &self.conn,
            ReferenceKind::TrainingProduct.code(),
            product,
            "product",
            "training product",
        )?;
        reference::check_current(
            &self.conn,
            ReferenceKind::Sector.code(),
            sector,
            "sector",
            "sector",
        )
    }

    fn refresher_years(&self) -> Result<u32> {
        let text: String = self.conn.query_row(
            "SELECT value FROM settings WHERE key = 'training_refresher_years'",
            [],
            |r| r.get(0),
        )?;
        Ok(text.parse().unwrap_or(2))
    }

    /// Records a training session; its id.
    pub fn record_training_session(&mut self, input: &TrainingSessionInput) -> Result<i64> {
        self.require_plan_edit()?;
        let held_on = dates::parse("held_on", "date of the session", &input.held_on)?;
        if held_on > today() {
            return Err(CoreError::invalid(
                "held_on",
                "Record a session once it has been held",
            ));
        }
        let (product, sector) = (input.product.trim(), input.sector.trim());
        self.check_product_and_sector(product, sector)?;
        let deliverer = Text::new("deliverer", "who delivered it")
            .required()
            .max(200)
            .read(&input.deliverer)?;
        let organisation = Text::new("organisation", "audience organisation")
            .required()
            .max(200)
            .read(&input.organisation)?;
        let role_group = Text::new("role_group", "role group")
            .required()
            .max(200)
            .read(&input.role_group)?;
        let attended = whole("attended", "number attending", &input.attended)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO training_sessions (held_on, product, deliverer, organisation, sector,
               role_group, attended, action_id, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                held_on.to_string(),
                product,
                deliverer,
                organisation,
                sector,
                role_group,
                attended,
                input.action_id,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({ "product": product, "attended": attended }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::TrainingRecorded,
            &format!("training:{id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Records a baseline: how many people were trained before records were kept here; its id.
    pub fn record_training_baseline(&mut self, input: &BaselineInput) -> Result<i64> {
        self.require_plan_edit()?;
        let as_of = dates::parse("as_of", "date of the figure", &input.as_of)?;
        let (product, sector) = (input.product.trim(), input.sector.trim());
        self.check_product_and_sector(product, sector)?;
        let people = whole("people", "number of people trained", &input.people)?;
        let note = Text::new("note", "description of the figure")
            .required()
            .max(500)
            .read(&input.note)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO training_baselines (as_of, product, sector, people, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![as_of.to_string(), product, sector, people, note],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({ "baseline": id, "people": people }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::TrainingRecorded,
            &format!("training_baseline:{id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Records a cohort count and, when it feeds a measure, the percentage as that measure's
    /// value, in one transaction; its id.
    pub fn record_cohort(&mut self, input: &CohortInput) -> Result<i64> {
        self.require_plan_edit()?;
        let counted_on = dates::parse("counted_on", "date counted", &input.counted_on)?;
        let (product, sector) = (input.product.trim(), input.sector.trim());
        self.check_product_and_sector(product, sector)?;
        let role_group = Text::new("role_group", "role group")
            .required()
            .max(200)
            .read(&input.role_group)?;
        let headcount = whole("headcount", "number in the role group", &input.headcount)?;
        let completed: u32 = input.completed.trim().parse().map_err(|_| {
            CoreError::invalid(
                "completed",
                "Enter the number who have completed it as a whole number",
            )
        })?;
        if completed > headcount {
            return Err(CoreError::invalid(
                "completed",
                "The number who have completed it cannot be more than the number in the role group",
            ));
        }
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let value = match input.measure_id {
            Some(measure) => Some(insert_value(
                &tx,
                measure,
                &MeasureValueInput {
                    measured_on: counted_on.to_string(),
                    numerator: completed.to_string(),
                    denominator: headcount.to_string(),
                    source: format!("Training cohort: {role_group}"),
                    ..Default::default()
                },
                &actor,
            )?),
            None => None,
        };
        tx.execute(
            "INSERT INTO training_cohorts (counted_on, product, sector, role_group, headcount,
               completed, measure_value_id, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                counted_on.to_string(),
                product,
                sector,
                role_group,
                headcount,
                completed,
                value,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({
            "percent": percent(completed, headcount),
            "measure": input.measure_id,
        })
        .to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::TrainingCohort,
            &format!("cohort:{id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Training from `from` to `to` (inclusive, "YYYY-MM-DD"), with refreshers due today.
    pub fn training(&self, from: &str, to: &str) -> Result<TrainingSummary> {
        self.require_plan_read()?;
        let from = dates::parse("from", "start of the period", from)?;
        let to = dates::parse("to", "end of the period", to)?;
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "The end of the period must be on or after its start",
            ));
        }
        let sessions = sessions(&self.conn, from, to)?;
        let by_sector = totals(&sessions, |s| (&s.sector, &s.sector_label));
        let by_product = totals(&sessions, |s| (&s.product, &s.product_label));
        let cohorts = self
            .conn
            .prepare_cached(&format!(
                "SELECT c.id, c.counted_on, rp.label, rs.label, c.role_group, c.headcount,
                   c.completed FROM {}
                 WHERE c.counted_on BETWEEN ?1 AND ?2 ORDER BY c.counted_on DESC, c.id DESC",
                labelled("training_cohorts", "c")
            ))?
            .query_map(params![from.to_string(), to.to_string()], |r| {
                let headcount: u32 = r.get(5)?;
                let completed: u32 = r.get(6)?;
                Ok(Cohort {
                    id: r.get(0)?,
                    counted_on: r.get(1)?,
                    product_label: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    sector_label: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    role_group: r.get(4)?,
                    headcount,
                    completed,
                    percent: percent(completed, headcount),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let baselines = self
            .conn
            .prepare_cached(&format!(
                "SELECT b.as_of, rp.label, rs.label, b.people, b.note FROM {} ORDER BY b.as_of, b.id",
                labelled("training_baselines", "b")
            ))?
            .query_map([], |r| {
                Ok(Baseline {
                    as_of: r.get(0)?,
                    product_label: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    sector_label: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    people: r.get(3)?,
                    note: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let refresher_years = self.refresher_years()?;
        let refreshers_due = self.refreshers_due(refresher_years)?;
        Ok(TrainingSummary {
            people: sessions.iter().map(|s| s.attended).sum(),
            from: from.to_string(),
            to: to.to_string(),
            sessions,
            by_sector,
            by_product,
            cohorts,
            baselines,
            refresher_years,
            refreshers_due,
        })
    }

    /// Each organisation, role group and product whose latest session is due a refresher.
    fn refreshers_due(&self, years: u32) -> Result<Vec<RefresherDue>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT t.organisation, t.role_group, rp.label, max(t.held_on) FROM {}
             GROUP BY t.organisation, t.role_group, t.product ORDER BY max(t.held_on)",
            labelled("training_sessions", "t")
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (organisation, role_group, product, last) = row?;
            let held = dates::stored("training session", &last)?;
            let due_on = refresher_due(held, years);
            if due_on <= today() {
                due.push(RefresherDue {
                    organisation,
                    role_group,
                    product_label: product.unwrap_or_default(),
                    last_held_on: last,
                    due_on: due_on.to_string(),
                });
            }
        }
        Ok(due)
    }
}
