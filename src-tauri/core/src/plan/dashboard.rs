//! The steering group lead's dashboard: actions by priority and RAG now and at the end of
//! the last quarter, overdue and stale actions, measures against their targets, and training
//! this quarter. Each chart comes with the figures it draws, for the table beside it.

use channel_desk_pdf::{Chart, Colour, Series};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::common::dates::{self, today};
use crate::common::vocabulary::Vocabulary;
use crate::error::Result;
use crate::plan::measures::{self, Measure};
use crate::plan::period::{actions_of, periods, PlanAction, PlanPeriod};
use crate::plan::training;
use crate::plan::{MeasureUnit, Rag};
use crate::security::session::Session;

/// How many actions of a priority have each RAG rating.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
pub struct RagCounts {
    pub red: u32,
    pub amber: u32,
    pub green: u32,
    pub unrated: u32,
}

impl RagCounts {
    fn add(&mut self, rag: &str) {
        match Rag::parse("rag", rag) {
            Ok(Rag::Red) => self.red += 1,
            Ok(Rag::Amber) => self.amber += 1,
            Ok(Rag::Green) => self.green += 1,
            _ => self.unrated += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PriorityRag {
    pub number: u32,
    pub title: String,
    pub now: RagCounts,
    /// As at `Dashboard::compared_with`.
    pub then: RagCounts,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DashboardChart {
    pub chart: Chart,
    /// The chart drawn as SVG, for an image whose figures are in the table beside it.
    pub svg: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct QuarterTraining {
    pub from: String,
    pub to: String,
    pub sessions: u32,
    pub people: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Dashboard {
    pub period: PlanPeriod,
    /// The end of the last quarter, which the RAG counts are compared with.
    pub compared_with: String,
    pub by_priority: Vec<PriorityRag>,
    pub overdue: Vec<PlanAction>,
    pub stale: Vec<PlanAction>,
    pub measures: Vec<Measure>,
    pub training: QuarterTraining,
    pub charts: Vec<DashboardChart>,
}

/// The first day of the calendar quarter holding `day` (financial quarters begin on the
/// same days: April, July, October, January).
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).expect("the first of a month is a date")
}

/// An action's RAG rating on a day ("none" if not yet rated); `None` if it was added later.
pub(crate) fn rag_at(
    conn: &rusqlite::Connection,
    action_id: i64,
    on: NaiveDate,
) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce((SELECT rag FROM plan_action_states WHERE action_id = a.id
             AND since <= ?2 ORDER BY since DESC, id DESC LIMIT 1), 'none')
         FROM plan_actions a WHERE a.id = ?1 AND a.added_on <= ?2",
    )?;
    Ok(rusqlite::OptionalExtension::optional(stmt.query_row(
        rusqlite::params![action_id, on.to_string()],
        |r| r.get(0),
    ))?)
}

pub(crate) fn drawn(chart: Chart) -> DashboardChart {
    DashboardChart {
        svg: chart.svg(),
        chart,
    }
}

/// Actions by priority, stacked by RAG.
fn rag_chart(by_priority: &[PriorityRag]) -> Chart {
    let series = |name: &str, colour, pick: fn(&RagCounts) -> u32| Series {
        name: name.into(),
        colour,
        values: by_priority
            .iter()
            .map(|p| f64::from(pick(&p.now)))
            .collect(),
    };
    let scale = by_priority
        .iter()
        .map(|p| p.now.red + p.now.amber + p.now.green + p.now.unrated)
        .max()
        .unwrap_or(1);
    Chart {
        id: "chart-rag".into(),
        title: "Actions by priority and RAG rating".into(),
        categories: by_priority
            .iter()
            .map(|p| format!("Priority {}", p.number))
            .collect(),
        series: vec![
            series("Red", Colour::Red, |c| c.red),
            series("Amber", Colour::Amber, |c| c.amber),
            series("Green", Colour::Green, |c| c.green),
            series("Not rated", Colour::Grey, |c| c.unrated),
        ],
        scale: f64::from(scale.max(1)),
        marker: None,
    }
}

/// A measure's values over time (oldest first, the last six) against its target.
fn measure_chart(m: &Measure) -> Chart {
    let values: Vec<_> = m.values.iter().take(6).rev().collect();
    let top = values.iter().map(|v| v.value).fold(m.target, f64::max);
    Chart {
        id: format!("chart-measure-{}", m.id),
        title: format!(
            "{} (action {}): values against the target of {}",
            m.name, m.action_number, m.target
        ),
        categories: values
            .iter()
            .map(|v| dates::long_text(&v.measured_on))
            .collect(),
        series: vec![Series {
            name: m.name.clone(),
            colour: Colour::Blue,
            values: values.iter().map(|v| v.value).collect(),
        }],
        scale: if m.unit == MeasureUnit::Percent.code() {
            100.0
        } else {
            top * 1.1
        },
        marker: Some(m.target),
    }
}

impl Session {
    /// The dashboard of the latest period; `None` before a plan is loaded.
    pub fn plan_dashboard(&self) -> Result<Option<Dashboard>> {
        self.require_plan_read()?;
        let Some(period) = periods(&self.conn)?.into_iter().next() else {
            return Ok(None);
        };
        let today = today();
        let quarter = quarter_start(today);
        let compared_with = quarter.pred_opt().unwrap_or(quarter);
        let actions: Vec<PlanAction> = actions_of(&self.conn, period.id)?
            .into_iter()
            .filter(|a| a.retired_on.is_none())
            .collect();
        let mut by_priority: Vec<PriorityRag> = self
            .conn
            .prepare_cached(
                "SELECT number, title FROM plan_priorities WHERE period_id = ?1 ORDER BY number",
            )?
            .query_map([period.id], |r| {
                Ok(PriorityRag {
                    number: r.get(0)?,
                    title: r.get(1)?,
                    now: RagCounts::default(),
                    then: RagCounts::default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for a in &actions {
            let Some(p) = by_priority.iter_mut().find(|p| p.number == a.priority) else {
                continue;
            };
            p.now.add(&a.rag);
            if let Some(rag) = rag_at(&self.conn, a.id, compared_with)? {
                p.then.add(&rag);
            }
        }
        let measures = measures::of_period(&self.conn, period.id)?;
        let held = training::sessions(&self.conn, quarter, today)?;
        let mut charts = vec![drawn(rag_chart(&by_priority))];
        charts.extend(
            measures
                .iter()
                .filter(|m| !m.values.is_empty())
                .map(|m| drawn(measure_chart(m))),
        );
        Ok(Some(Dashboard {
            period,
            compared_with: compared_with.to_string(),
            overdue: actions.iter().filter(|a| a.overdue).cloned().collect(),
            stale: actions.iter().filter(|a| a.stale).cloned().collect(),
            by_priority,
            measures,
            training: QuarterTraining {
                from: quarter.to_string(),
                to: today.to_string(),
                sessions: held.len() as u32,
                people: held.iter().map(|s| s.attended).sum(),
            },
            charts,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_begin_in_january_april_july_and_october() {
        for (day, start) in [
            ("2018-01-01", "2018-01-01"),
            ("2018-03-31", "2018-01-01"),
            ("2018-04-01", "2018-04-01"),
            ("2018-08-15", "2018-07-01"),
            ("2018-12-31", "2018-10-01"),
        ] {
            assert_eq!(quarter_start(d(day)), d(start), "{day}");
        }
    }
}
