// Reports, for the chair, the steering group lead and administrators: the Channel statistics
// of a financial year or any two dates (the last complete financial year unless chosen), the
// annual report's narrative and national figures, and the report's export to PDF and CSV.
// The chair may see exact figures on screen; everything exported is suppressed by the core.

import { exportReport, openExport, reportNarratives, statistics } from "../../api/reports.js";
import { actionButton } from "../../kit/buttons.js";
import { fillDate, todayIso } from "../../kit/datefield.js";
import { longDate } from "../../kit/dates.js";
import { el, heading, notice, para, screen, section, unprintableWarning } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { plural } from "../../kit/text.js";
import { figures, suppressionRule } from "./figures.js";
import { narrativeSection, nationalSection } from "./narrative.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { PeriodView, ReportSaved, Statistics } from "../../api/bindings.js" */

/** The first financial year the picker offers: 2015/16. */
const FIRST_YEAR = 2015;

/** The year the current financial year (from 1 April, Europe/London) starts in. */
function currentYear() {
  const [year, month] = todayIso().split("-").map(Number);
  return month >= 4 ? year : year - 1;
}

/**
 * The financial year starting 1 April of `year`.
 * @param {number} year
 */
const financialYear = (year) => ({ from: `${year}-04-01`, to: `${year + 1}-03-31` });

/**
 * "2017/18".
 * @param {number} year
 */
const yearLabel = (year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;

/**
 * The financial quarter starting on `from` ("2017-07-01"): its last day and its label.
 * @param {string} from
 */
function quarter(from) {
  const [year, month] = from.split("-").map(Number);
  const endMonth = month + 2;
  const last = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  const fy = month >= 4 ? year : year - 1;
  const number = month >= 4 ? (month - 1) / 3 : 4;
  const to = `${year}-${String(endMonth).padStart(2, "0")}-${last}`;
  return {
    from,
    to,
    label: `${longDate(from)} to ${longDate(to)} (quarter ${number} of ${yearLabel(fy)})`,
  };
}

/** Every financial quarter the picker offers, newest first. */
function quarters() {
  const out = [];
  for (let y = currentYear(); y >= FIRST_YEAR; y--) {
    for (const [year, month] of [
      [y + 1, 1],
      [y, 10],
      [y, 7],
      [y, 4],
    ]) {
      const from = `${year}-${String(month).padStart(2, "0")}-01`;
      if (from <= todayIso()) out.push(quarter(from));
    }
  }
  return out;
}

/**
 * The year of the financial year `period` is exactly, if the picker offers it; else null.
 * @param {PeriodView} period
 */
function wholeYear(period) {
  const year = Number(period.from.slice(0, 4));
  const { from, to } = financialYear(year);
  const offered = year >= FIRST_YEAR && year <= currentYear();
  return offered && period.from === from && period.to === to ? year : null;
}

/**
 * The period form, showing the period `s` covers; for the chair, whether figures are exact.
 * @param {App} app
 * @param {Statistics} s
 */
function periodForm(app, s) {
  const year = wholeYear(s.period);
  const offered = quarters();
  const isQuarter =
    year === null && offered.some((q) => q.from === s.period.from && q.to === s.period.to);
  const chosen = year !== null ? "year" : isQuarter ? "quarter" : "dates";
  const years = [];
  for (let y = currentYear(); y >= FIRST_YEAR; y--) years.push(y);
  const node = form({
    id: "period-form",
    fields: [
      {
        name: "period",
        label: "Period",
        type: "radios",
        inline: true,
        value: chosen,
        options: [
          { value: "year", label: "A financial year" },
          { value: "quarter", label: "A quarter" },
          { value: "dates", label: "Other dates" },
        ],
      },
      {
        name: "year",
        label: "Financial year",
        hint: "From 1 April to 31 March",
        type: "select",
        value: String(year ?? currentYear() - 1),
        options: years.map((y) => ({ value: String(y), label: yearLabel(y) })),
      },
      {
        name: "quarter",
        label: "Quarter",
        type: "select",
        value: isQuarter ? s.period.from : offered[0]?.from,
        options: offered.map((q) => ({ value: q.from, label: q.label })),
      },
      { name: "period_from", label: "Other dates: first day", type: "date" },
      { name: "period_to", label: "Other dates: last day", type: "date" },
      app.person.may.exact_statistics
        ? {
            name: "exact",
            label: "Show exact figures (this screen only; everything exported is suppressed)",
            type: "checkbox",
            value: s.exact,
          }
        : null,
    ],
    submitText: "Show statistics",
    onSubmit: (v) =>
      reportsScreen(app, {
        ...(v.period === "year"
          ? financialYear(Number(v.year))
          : v.period === "quarter"
            ? quarter(v.quarter)
            : { from: v.period_from, to: v.period_to }),
        exact: v.exact === true,
      }),
  });
  if (chosen === "dates") {
    fillDate(node, "period_from", s.period.from);
    fillDate(node, "period_to", s.period.to);
  }
  return node;
}

/**
 * What an export saved, or that it was cancelled.
 * @param {ReportSaved | null} saved
 */
function exported(saved) {
  if (!saved) return [para("Cancelled: nothing was saved.")];
  const pages = plural(saved.pages, "page", "pages");
  const figuresSaved = saved.csv ? `; its figures saved: ${saved.csv}` : "";
  // One notice on the page: the export's replaces that of an earlier save.
  document.getElementById("notice")?.remove();
  return [
    notice(`Annual report saved: ${saved.pdf} (${pages})${figuresSaved}`, "success"),
    ...unprintableWarning(saved.unprintable),
    actionButton({ id: "open-export", label: "Open the PDF", run: () => openExport() }),
  ];
}

/**
 * The two exports, each a form of its own so that its button says it is working.
 * @param {PeriodView} period
 */
function exportSection(period) {
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  /** @param {string} id @param {string} text @param {boolean} withCsv */
  const exportForm = (id, text, withCsv) =>
    form({
      id,
      fields: [],
      submitText: text,
      onSubmit: async () =>
        result.replaceChildren(...exported(await exportReport(period.from, period.to, withCsv))),
    });
  return section(
    "Export the report",
    para(
      `The annual report for ${period.label}: the narrative, the delivery plan's progress, ` +
        "success measures, training and these statistics, with small numbers suppressed. It " +
        "is marked OFFICIAL-SENSITIVE on every page; store and share it only as your " +
        "council's handling rules allow. Every export is recorded in the audit trail.",
    ),
    para("The figures come as CSV too, one row per figure, for the partnership's analysts."),
    exportForm("export-pdf", "Export the annual report (PDF)", false),
    exportForm("export-csv", "Export the report and its figures (PDF and CSV)", true),
    result,
  );
}

/**
 * Links to the parts of a long screen, so that the keyboard need not tab through the tables.
 * @param {[string, string, any][]} parts id, link text, content
 */
const contents = (parts) =>
  el(
    "nav",
    { "aria-labelledby": "contents-title", class: "govuk-!-margin-bottom-6" },
    el("h2", { class: "govuk-heading-s", id: "contents-title" }, "On this screen"),
    el(
      "ul",
      { class: "govuk-list" },
      parts.map(([id, text]) =>
        el("li", {}, el("a", { class: "govuk-link", href: `#${id}`, id: `contents-${id}` }, text)),
      ),
    ),
  );

/**
 * @param {App} app
 * @param {{from?: string, to?: string, exact?: boolean, message?: string}} params the period
 *   as typed or as the core gave it; by default the last complete financial year
 */
export async function reportsScreen(app, { from, to, exact = false, message } = {}) {
  const period = from && to ? { from, to } : financialYear(currentYear() - 1);
  const s = await statistics(period.from, period.to, exact && app.person.may.exact_statistics);
  const mayEdit = app.person.may.edit_plan;
  /** @param {string} msg */
  const reload = (msg) =>
    reportsScreen(app, { from: s.period.from, to: s.period.to, exact: s.exact, message: msg });
  const [narratives, national] = await Promise.all([
    reportNarratives(s.period.from, s.period.to),
    nationalSection(mayEdit, reload),
  ]);
  /** @type {[string, string, any][]} id, link text, content */
  const parts = [
    ["statistics", "Statistics", figures(s)],
    [
      "report-narrative",
      "The annual report's narrative",
      narrativeSection(narratives, s.period, mayEdit, reload),
    ],
    ["national", "National figures", national],
    ["export", "Export the report", exportSection(s.period)],
  ];
  screen(
    "Reports",
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l", id: "report-period" }, s.period.label),
    heading("Reports"),
    suppressionRule(s),
    periodForm(app, s),
    contents(parts),
    parts.map(([id, , content]) => el("div", { id }, content)),
  );
}
