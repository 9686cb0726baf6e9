// The statistics of a period as the core counted them: the rule for small numbers, the
// referrals, the journey as a funnel and each table of referrals, each with its chart; the
// time from referral to each step; the comparison with England and Wales; meetings held.
// Figures are the core's texts ("12", "fewer than 5", "suppressed"), never worked out here.

import { chartImage } from "../../kit/chart.js";
import { el, para, section, summaryList } from "../../kit/dom.js";
import { numericCell, numericHeader, table } from "../../kit/table.js";
import { tag } from "../../kit/tags.js";

/** @import { Cell, Statistics, StatTable } from "../../api/bindings.js" */

const BOLD = "govuk-!-font-weight-bold";

/**
 * A figure as the core wrote it; on the chair's exact screen, one that anything circulated
 * hides says so.
 * @param {Cell} cell
 * @param {boolean} exact
 */
const shown = (cell, exact) =>
  exact && cell.hidden ? [cell.text, " ", tag("hidden when circulated", "grey")] : cell.text;

/**
 * A figure in a table's cell.
 * @param {Cell} cell
 * @param {boolean} exact
 * @param {string} [extra] another class for its cell
 */
const figureCell = (cell, exact, extra = "") => numericCell(shown(cell, exact), extra);

/**
 * One table of figures under its heading, its note and its chart. The table's id is
 * `stat-<id>`, each row's `stat-<id>-<index>`.
 * @param {StatTable} t
 * @param {boolean} exact
 */
function statSection(t, exact) {
  if (!t.rows.length) {
    return section(
      t.title,
      t.note ? para(t.note) : null,
      el("p", { class: "govuk-body", id: `stat-${t.id}` }, "None in either period."),
    );
  }
  return section(
    t.title,
    t.note ? para(t.note) : null,
    t.chart ? chartImage(t.chart) : null,
    table({
      id: `stat-${t.id}`,
      caption: t.title,
      captionSize: "hidden",
      head: [t.category, ...t.columns.map(numericHeader)],
      rows: t.rows.map((row, i) => ({
        id: `stat-${t.id}-${i}`,
        cells: [
          row.total ? { content: row.category, class: BOLD } : row.category,
          ...row.cells.map((c) => figureCell(c, exact, row.total ? BOLD : "")),
        ],
      })),
    }),
  );
}

/**
 * Days, or why they are not shown.
 * @param {number | null} days
 */
const days = (days) => numericCell(days === null ? "not shown" : String(days));

/** @param {Statistics} s */
function timings(s) {
  return section(
    "Time from referral",
    para("Days from referral to each step, over the referrals of the period that reached it."),
    table({
      id: "stat-timings",
      caption: "Time from referral",
      captionSize: "hidden",
      head: [
        "Step",
        numericHeader("Referrals"),
        numericHeader("Median days"),
        numericHeader("90th percentile days"),
      ],
      rows: s.timings.map((t, i) => ({
        id: `stat-timings-${i}`,
        cells: [t.what, figureCell(t.referrals, s.exact), days(t.median_days), days(t.p90_days)],
      })),
    }),
  );
}

/**
 * A rate, or why it is not shown.
 * @param {string} rate
 */
const rate = (rate) => numericCell(rate || "not shown");

/** @param {Statistics} s */
function comparators(s) {
  /** @param {Cell | null} cell */
  const optional = (cell) => (cell ? figureCell(cell, s.exact) : numericCell("not known"));
  return section(
    "Compared with England and Wales",
    table({
      id: "stat-comparators",
      caption: "Compared with England and Wales",
      captionSize: "hidden",
      head: [
        "Area",
        "Year or period",
        numericHeader("Referrals"),
        numericHeader("Discussed at panel"),
        numericHeader("Adopted"),
        numericHeader("% discussed"),
        numericHeader("% adopted"),
        "Source",
      ],
      rows: s.comparators.map((c, i) => ({
        id: `stat-comparators-${i}`,
        cells: [
          c.area,
          c.period,
          figureCell(c.referrals, s.exact),
          optional(c.discussed),
          optional(c.adopted),
          rate(c.discussed_rate),
          rate(c.adopted_rate),
          el("span", { class: "cd-detail" }, c.source),
        ],
      })),
    }),
  );
}

/** @param {Statistics} s */
function meetings({ meetings: m }) {
  const police = m.police_rate === null ? "" : ` (${m.police_rate}%)`;
  return section(
    "Meetings held",
    el(
      "div",
      { id: "stat-meetings" },
      summaryList([
        ["Channel Panel meetings held", String(m.panel_held)],
        ["Of which with a police member present", `${m.panel_with_police}${police}`],
        ["Steering group meetings held", String(m.steering_held)],
      ]),
    ),
  );
}

/**
 * How small numbers are hidden, and on the chair's exact screen which ones would be.
 * @param {Statistics} s
 */
export function suppressionRule(s) {
  return el(
    "div",
    { class: "govuk-inset-text", id: "suppression-rule" },
    para(
      `Counts from 1 to ${s.threshold - 1} show as “fewer than ${s.threshold}”. ` +
        "“Suppressed” hides a count from which a small one could be worked out, for " +
        "example by subtracting from a total.",
    ),
    s.exact
      ? para(
          "Exact figures are shown. Those marked “hidden when circulated” are hidden in the " +
            "exported report and its figures.",
        )
      : null,
  );
}

/**
 * Everything the statistics of a period show, in the report's order.
 * @param {Statistics} s
 */
export function figures(s) {
  return [
    el(
      "p",
      { class: "govuk-body-l", id: "stat-referrals" },
      "Referrals in the period: ",
      shown(s.referrals, s.exact),
    ),
    para(`Each table compares the period with the one before it: ${s.previous.label}.`),
    [s.funnel, ...s.tables].map((t) => statSection(t, s.exact)),
    timings(s),
    comparators(s),
    meetings(s),
  ];
}
