//! The annual report to the Community Safety Partnership: the steering group's narrative
//! per priority, plan progress, success measures, training, the Channel statistics
//! (suppressed) and meetings held, as PDF with an anonymised CSV of the same figures.

mod csv;
pub(crate) mod document;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::common::dates::now_text;
use crate::common::fields::Text;
use crate::common::unprintable::{unprintable, Unprintable};
use crate::error::{CoreError, Result};
use crate::plan::period::{periods, PlanPeriod};
use crate::security::session::Session;
use crate::stats::{self, Period};
use crate::store::audit::{self, AuditAction};
use crate::store::files::{write_files_then_commit, IfExists};

/// The words the steering group writes for one priority in one report.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Narrative {
    pub priority: u32,
    pub title: String,
    pub text: String,
    pub updated_by: String,
    pub updated_at: String,
}

/// England and Wales figures for one financial year.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct NationalFigures {
    pub year_start: i32,
    /// "2023/24".
    pub year: String,
    pub referrals: u32,
    pub discussed: Option<u32>,
    pub adopted: Option<u32>,
    pub source: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct NationalFiguresInput {
    /// The calendar year the financial year starts in: "2023" for 2023/24.
    pub year_start: String,
    pub referrals: String,
    pub discussed: String,
    pub adopted: String,
    pub source: String,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReportExport {
    pub pages: u32,
    pub pdf_bytes: u32,
    pub csv_bytes: Option<u32>,
    /// Characters printed as empty boxes, for the person exporting to hear of.
    pub unprintable: Vec<Unprintable>,
}

/// The plan period the report period falls in (the latest that overlaps it).
pub(crate) fn plan_period(conn: &Connection, period: Period) -> Result<Option<PlanPeriod>> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    Ok(periods(conn)?
        .into_iter()
        .find(|p| p.starts_on <= to && p.ends_on >= from))
}

pub(crate) fn narratives(conn: &Connection, period: Period) -> Result<Vec<Narrative>> {
    let Some(plan) = plan_period(conn, period)? else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT p.number, p.title, coalesce(n.text, ''), coalesce(n.updated_by, ''), coalesce(n.updated_at, '')
         FROM plan_priorities p LEFT JOIN report_narratives n
           ON n.priority = p.number AND n.period_from = ?2 AND n.period_to = ?3
         WHERE p.period_id = ?1 ORDER BY p.number",
    )?;
    let rows = stmt.query_map(
        params![plan.id, period.from.to_string(), period.to.to_string()],
        |r| {
            Ok(Narrative {
                priority: r.get(0)?,
                title: r.get(1)?,
                text: r.get(2)?,
                updated_by: r.get(3)?,
                updated_at: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every year's national figures, newest first: for the Reports screen and the comparisons.
pub(crate) fn national_figures(conn: &Connection) -> Result<Vec<NationalFigures>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year_start, referrals, discussed, adopted, source FROM national_figures ORDER BY year_start DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let year_start: i32 = r.get(0)?;
        Ok(NationalFigures {
            year_start,
            year: format!("{}/{:02}", year_start, (year_start + 1) % 100),
            referrals: r.get(1)?,
            discussed: r.get(2)?,
            adopted: r.get(3)?,
            source: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The borough's name, as the report's cover prints it.
pub(crate) fn borough(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'borough'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

fn whole(field: &'static str, label: &str, text: &str, required: bool) -> Result<Option<u32>> {
    let text = text.trim().replace(',', "");
    if text.is_empty() && !required {
        return Ok(None);
    }
    text.parse::<u32>()
        .ok()
        .filter(|n| *n <= 10_000_000)
        .map(Some)
        .ok_or_else(|| {
            CoreError::invalid(
                field,
                format!("Enter {label} as a whole number, for example 6,922"),
            )
        })
}

impl Session {
    /// The narrative of each priority for a report period (dates as typed).
    pub fn report_narratives(&self, from: &str, to: &str) -> Result<Vec<Narrative>> {
        self.require_statistics()?;
        narratives(&self.conn, Period::read(from, to)?)
    }

    /// Writes one priority's narrative for a report period, audited (the text is not
    /// copied into the audit).
    pub fn set_report_narrative(
        &mut self,
        from: &str,
        to: &str,
        priority: u32,
        text: &str,
    ) -> Result<()> {
        self.require_plan_edit()?;
        let period = Period::read(from, to)?;
        let text = Text::new("narrative", "the narrative")
            .max(20_000)
            .read(text)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        if !narratives(&tx, period)?
            .iter()
            .any(|n| n.priority == priority)
        {
            return Err(CoreError::NotFound("That priority"));
        }
        tx.execute(
            "INSERT INTO report_narratives (period_from, period_to, priority, text, updated_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (period_from, period_to, priority)
             DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            params![period.from.to_string(), period.to.to_string(), priority, text, actor, now_text()],
        )?;
        let detail =
            serde_json::json!({ "period": period.key(), "priority": priority }).to_string();
        audit::append(&tx, &actor, AuditAction::ReportNarrative, "report", &detail)?;
        tx.commit()?;
        Ok(())
    }

    pub fn national_figures(&self) -> Result<Vec<NationalFigures>> {
        self.require_statistics()?;
        national_figures(&self.conn)
    }

    /// Records (or replaces) one year's national figures, audited.
    pub fn set_national_figures(&mut self, input: &NationalFiguresInput) -> Result<()> {
        self.require_plan_edit()?;
        let year = input
            .year_start
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2010..=2100).contains(y))
            .ok_or_else(|| {
                CoreError::invalid(
                    "year_start",
                    "Enter the year the financial year starts, for example 2023 for 2023/24",
                )
            })?;
        let referrals = whole("referrals", "the referrals", &input.referrals, true)?
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                CoreError::invalid(
                    "referrals",
                    "Enter the referrals as a whole number more than 0",
                )
            })?;
        let discussed = whole(
            "discussed",
            "the cases discussed at panel",
            &input.discussed,
            false,
        )?;
        let adopted = whole("adopted", "the cases adopted", &input.adopted, false)?;
        if discussed.is_some_and(|d| d > referrals) {
            return Err(CoreError::invalid(
                "discussed",
                "More cases cannot be discussed than were referred",
            ));
        }
        if adopted.is_some_and(|a| a > discussed.unwrap_or(referrals)) {
            return Err(CoreError::invalid(
                "adopted",
                "More cases cannot be adopted than were discussed",
            ));
        }
        let source = Text::new("source", "where the figures come from")
            .required()
            .max(500)
            .read(&input.source)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO national_figures (year_start, referrals, discussed, adopted, source, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![year, referrals, discussed, adopted, source, actor, now_text()],
        )?;
        let detail = serde_json::json!({ "year_start": year }).to_string();
        audit::append(&tx, &actor, AuditAction::NationalFigures, "report", &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The name, without extension, the save dialogs suggest for the report of a period as
    /// typed: asked before they open, so the role is checked before the dates are read.
    pub fn report_file_name(&self, from: &str, to: &str) -> Result<String> {
        self.require_statistics()?;
        let period = Period::read(from, to)?;
        Ok(format!(
            "prevent-annual-report-{}-to-{}",
            period.from, period.to
        ))
    }

    /// Writes the report as PDF (and the figures as CSV if asked), suppressed, audited: the
    /// files and the audit row are written together or not at all. Files already there are
    /// replaced only as `if_exists` says.
    pub fn export_report(
        &mut self,
        from: &str,
        to: &str,
        pdf: &Path,
        csv: Option<&Path>,
        if_exists: IfExists,
    ) -> Result<ReportExport> {
        self.require_statistics()?;
        let period = Period::read(from, to)?;
        let actor = self.actor().to_owned();
        let exporter = self.person.full_name.clone();
        let tx = self.conn.transaction()?;
        let stats = stats::compute(&tx, period, false)?;
        let doc = document::report(&tx, period, &stats, &exporter)?;
        let rendered = document::render_with_contents(doc)?;
        let csv_bytes = csv.map(|_| csv::write(&stats)).transpose()?;
        let detail = serde_json::json!({
            "period": period.key(),
            "pdf": pdf.display().to_string(),
            "csv": csv.map(|p| p.display().to_string()),
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::ReportExported,
            "report",
            &detail.to_string(),
        )?;
        let mut files = vec![(pdf, rendered.bytes.as_slice())];
        if let (Some(path), Some(bytes)) = (csv, csv_bytes.as_ref()) {
            files.push((path, bytes.as_slice()));
        }
        write_files_then_commit(tx, &files, if_exists)?;
        Ok(ReportExport {
            pages: rendered.pages as u32,
            pdf_bytes: rendered.bytes.len() as u32,
            csv_bytes: csv_bytes.map(|b| b.len() as u32),
            unprintable: unprintable(rendered.missing),
        })
    }
}
