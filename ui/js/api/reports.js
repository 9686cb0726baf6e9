// Statistics and the annual report (src-tauri/src/commands/reports.rs): the figures for a
// period, the steering group's narrative per priority, national figures to compare with, and
// the report's export to PDF and CSV, then opening the PDF. Each is its generated binding
// (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  statistics,
  reportNarratives,
  setReportNarrative,
  nationalFigures,
  setNationalFigures,
  exportReport,
  openExport,
} = commands;
