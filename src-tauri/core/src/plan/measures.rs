//! Success measures: a measure belongs to an action, with a unit, a target and a direction;
//! values are recorded over time (a percentage from its numerator and denominator when
//! counted). The latest value says whether the measure is below its target.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::plan::{flags, Direction, MeasureUnit};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct MeasureInput {
    pub action_id: i64,
    pub name: String,
    pub unit: String,
    pub target: String,
    pub direction: String,
}

/// A value: either `value`, or for a percentage `numerator` out of `denominator`.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct MeasureValueInput {
    pub measured_on: String,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MeasureValue {
    pub id: i64,
    pub measured_on: String,
    pub value: f64,
    pub numerator: Option<u32>,
    pub denominator: Option<u32>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Measure {
    pub id: i64,
    pub action_id: i64,
    pub action_key: String,
    pub action_number: String,
    pub name: String,
    pub unit: String,
    pub unit_label: String,
    pub target: f64,
    pub direction: String,
    pub direction_label: String,
    /// Newest first.
    pub values: Vec<MeasureValue>,
    pub below_target: bool,
}

const SELECT: &str = "SELECT m.id, m.action_id, a.key, a.number, m.name, m.unit, m.target,
    m.direction FROM plan_measures m JOIN plan_actions a ON a.id = m.action_id";

fn measure_row(r: &Row) -> rusqlite::Result<Measure> {
    let unit: String = r.get(5)?;
    let direction: String = r.get(7)?;
    Ok(Measure {
        id: r.get(0)?,
        action_id: r.get(1)?,
        action_key: r.get(2)?,
        action_number: r.get(3)?,
        name: r.get(4)?,
        unit_label: MeasureUnit::label_of(&unit),
        unit,
        target: r.get(6)?,
        direction_label: Direction::label_of(&direction),
        direction,
        values: Vec::new(),
        below_target: false,
    })
}

fn with_values(conn: &Connection, mut measures: Vec<Measure>) -> Result<Vec<Measure>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, measured_on, value, numerator, denominator, source FROM measure_values
         WHERE measure_id = ?1 ORDER BY measured_on DESC, id DESC",
    )?;
    for m in &mut measures {
        m.values = stmt
            .query_map([m.id], |r| {
                Ok(MeasureValue {
                    id: r.get(0)?,
                    measured_on: r.get(1)?,
                    value: r.get(2)?,
                    numerator: r.get(3)?,
                    denominator: r.get(4)?,
                    source: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let direction = Direction::parse("direction", &m.direction)?;
        m.below_target = m
            .values
            .first()
            .is_some_and(|v| flags::below_target(direction, v.value, m.target));
    }
    Ok(measures)
}

pub(crate) fn of_action(conn: &Connection, action_id: i64) -> Result<Vec<Measure>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE m.action_id = ?1 ORDER BY m.id"))?;
    let measures = stmt
        .query_map([action_id], measure_row)?
        .collect::<rusqlite::Result<_>>()?;
    with_values(conn, measures)
}

pub(crate) fn of_period(conn: &Connection, period_id: i64) -> Result<Vec<Measure>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.period_id = ?1 AND a.retired_on IS NULL ORDER BY a.position, m.id"
    ))?;
    let measures = stmt
        .query_map([period_id], measure_row)?
        .collect::<rusqlite::Result<_>>()?;
    with_values(conn, measures)
}

fn number(field: &'static str, label: &str, text: &str) -> Result<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            CoreError::invalid(
                field,
                format!("Enter the {label} as a number, for example 70"),
            )
        })
}

fn whole(field: &'static str, label: &str, text: &str) -> Result<u32> {
    text.trim().parse::<u32>().map_err(|_| {
        CoreError::invalid(
            field,
            format!("Enter the {label} as a whole number, for example 45"),
        )
    })
}

/// A percentage to one decimal place.
pub fn percent(numerator: u32, denominator: u32) -> f64 {
    (f64::from(numerator) * 1000.0 / f64::from(denominator)).round() / 10.0
}

/// Inserts a value, checked; its id. Also used by training cohorts.
pub(crate) fn insert_value(
    conn: &Connection,
    measure_id: i64,
    input: &MeasureValueInput,
    recorded_by: &str,
) -> Result<i64> {
    let unit: String = conn
        .query_row(
            "SELECT unit FROM plan_measures WHERE id = ?1",
            [measure_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound("That measure"))?;
    let measured_on = dates::parse("measured_on", "date measured", &input.measured_on)?;
    if measured_on > today() {
        return Err(CoreError::invalid(
            "measured_on",
            "The date measured must be today or in the past",
        ));
    }
    let source = Text::new("source", "source of the figure")
        .required()
        .max(300)
        .read(&input.source)?;
    let counted = !input.numerator.trim().is_empty() || !input.denominator.trim().is_empty();
    let (value, numerator, denominator) = if unit == MeasureUnit::Percent.code() && counted {
        let n = whole(
            "numerator",
            "number who have completed it",
            &input.numerator,
        )?;
        let d = whole("denominator", "number in the group", &input.denominator)?;
        if d == 0 {
            return Err(CoreError::invalid(
                "denominator",
                "The number in the group must be more than 0",
            ));
        }
        if n > d {
            return Err(CoreError::invalid(
                "numerator",
                "The number who have completed it cannot be more than the number in the group",
            ));
        }
        (percent(n, d), Some(n), Some(d))
    } else {
        let v = number("value", "value", &input.value)?;
        if unit == MeasureUnit::Percent.code() && v > 100.0 {
            return Err(CoreError::invalid(
                "value",
                "A percentage must be from 0 to 100",
            ));
        }
        (v, None, None)
    };
    conn.execute(
        "INSERT INTO measure_values (measure_id, measured_on, value, numerator, denominator, source, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![measure_id, measured_on.to_string(), value, numerator, denominator, source, recorded_by],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Session {
    /// Adds a success measure to an action of the latest period; its id.
    pub fn add_measure(&mut self, input: &MeasureInput) -> Result<i64> {
        self.require_plan_edit()?;
        let name = Text::new("name", "name of the measure")
            .required()
            .max(300)
            .read(&input.name)?;
        let unit = MeasureUnit::parse("unit", &input.unit)?;
        let target = number("target", "target", &input.target)?;
        if unit == MeasureUnit::Percent && target > 100.0 {
            return Err(CoreError::invalid(
                "target",
                "A percentage target must be from 0 to 100",
            ));
        }
        let direction = Direction::parse("direction", &input.direction)?;
        let mut id = 0;
        self.plan_action_change(input.action_id, AuditAction::PlanMeasureAdded, |tx| {
            tx.execute(
                "INSERT INTO plan_measures (action_id, name, unit, target, direction) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![input.action_id, name, unit.code(), target, direction.code()],
            )?;
            id = tx.last_insert_rowid();
            Ok(serde_json::json!({ "measure": id, "target": target }))
        })?;
        Ok(id)
    }

    /// Records a value of a measure; its id.
    pub fn record_measure_value(
        &mut self,
        measure_id: i64,
        input: &MeasureValueInput,
    ) -> Result<i64> {
        self.require_plan_edit()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let id = insert_value(&tx, measure_id, input, &actor)?;
        let value: f64 = tx.query_row(
            "SELECT value FROM measure_values WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let detail = serde_json::json!({ "value": value }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::PlanMeasureValue,
            &format!("measure:{measure_id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The measures of a period's actions (the latest period unless chosen).
    pub fn measures(&self, period_id: Option<i64>) -> Result<Vec<Measure>> {
        self.require_plan_read()?;
        let period = match period_id {
            Some(id) => id,
            None => match self
                .conn
                .query_row("SELECT max(id) FROM plan_periods", [], |r| {
                    r.get::<_, Option<i64>>(0)
                })? {
                Some(id) => id,
                None => return Ok(Vec::new()),
            },
        };
        of_period(&self.conn, period)
    }
}
