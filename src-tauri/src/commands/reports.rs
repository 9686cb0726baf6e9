//! Statistics and the annual report to the Community Safety Partnership: the figures for a
//! period, the narratives, national figures to compare with, and the report as PDF (and CSV)
//! through save dialogs. The core checks each against the person's role.

use channel_desk_core::common::unprintable::Unprintable;
use channel_desk_core::report::{Narrative, NationalFigures, NationalFiguresInput};
use channel_desk_core::stats::Statistics;
use channel_desk_core::IfExists;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::exports::save_path;
use crate::error::CommandResult;
use crate::state::AppState;

/// `exact`: small numbers shown (the chair's screen only).
#[tauri::command]
#[specta::specta]
pub async fn statistics(
    state: State<'_, AppState>,
    from: String,
    to: String,
    exact: bool,
) -> CommandResult<Statistics> {
    state.with_session(|s| s.statistics(&from, &to, exact))
}

#[tauri::command]
#[specta::specta]
pub async fn report_narratives(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<Vec<Narrative>> {
    state.with_session(|s| s.report_narratives(&from, &to))
}

#[tauri::command]
#[specta::specta]
pub async fn set_report_narrative(
    state: State<'_, AppState>,
    from: String,
    to: String,
    priority: u32,
    text: String,
) -> CommandResult<()> {
    state.with_session(|s| s.set_report_narrative(&from, &to, priority, &text))
}

#[tauri::command]
#[specta::specta]
pub async fn national_figures(state: State<'_, AppState>) -> CommandResult<Vec<NationalFigures>> {
    state.with_session(|s| s.national_figures())
}

#[tauri::command]
#[specta::specta]
pub async fn set_national_figures(
    state: State<'_, AppState>,
    figures: NationalFiguresInput,
) -> CommandResult<Vec<NationalFigures>> {
    state.with_session(|s| {
        s.set_national_figures(&figures)?;
        s.national_figures()
    })
}

/// Where the report went: the PDF, and the CSV when asked for.
#[derive(Debug, Serialize, specta::Type)]
pub struct ReportSaved {
    pub pdf: String,
    pub csv: Option<String>,
    pub pages: u32,
    /// Characters printed as empty boxes.
    pub unprintable: Vec<Unprintable>,
}

/// Writes the report where the person chooses, and the CSV too when `with_csv`; `None` if
/// they cancelled either dialog (then nothing is written).
#[tauri::command]
#[specta::specta]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    with_csv: bool,
) -> CommandResult<Option<ReportSaved>> {
    let name = state.with_session(|s| s.report_file_name(&from, &to))?;
    let Some(pdf) = save_path(&app, &format!("{name}.pdf"), "the annual report") else {
        return Ok(None);
    };
    let csv = if with_csv {
        let Some(csv) = save_path(&app, &format!("{name}.csv"), "the report's figures") else {
            return Ok(None);
        };
        Some(csv)
    } else {
        None
    };
    let written = state
        .with_session(|s| s.export_report(&from, &to, &pdf, csv.as_deref(), IfExists::Replace))?;
    state.remember_export(pdf.clone());
    Ok(Some(ReportSaved {
        pdf: pdf.display().to_string(),
        csv: csv.map(|c| c.display().to_string()),
        pages: written.pages,
        unprintable: written.unprintable,
    }))
}
