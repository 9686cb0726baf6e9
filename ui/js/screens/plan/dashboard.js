// The steering group lead's dashboard of the latest period: actions by priority and RAG
// rating, with the change since the end of the last quarter; overdue actions and those with
// no recent update; success measures against their targets; training this quarter. Each
// chart is an image followed by a table of its figures.

import { planDashboard } from "../../api/plan.js";
import { chartWithTable } from "../../kit/chart.js";
import { longDate, shortDate } from "../../kit/dates.js";
import { el, emptyState, heading, para, screen, section } from "../../kit/dom.js";
import { routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";
import { labelOf, words } from "../../kit/words.js";
import { leadOrOwners, measureFigure, measureValue, statusTag, targetTag } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Dashboard, PlanAction, RagCounts } from "../../api/bindings.js" */

/**
 * Each RAG code with its count, in the chart's order.
 * @type {[string, keyof RagCounts][]}
 */
const RAG_COUNTS = [
  ["red", "red"],
  ["amber", "amber"],
  ["green", "green"],
  ["none", "unrated"],
];

/**
 * "+2", "−1" or "no change".
 * @param {number} now
 * @param {number} then
 */
function change(now, then) {
  const d = now - then;
  if (d === 0) return "no change";
  return d > 0 ? `+${d}` : `−${-d}`;
}

/**
 * Each priority's RAG counts now, with the change since the end of the last quarter.
 * @param {Dashboard} d
 */
async function ragChanges(d) {
  const rags = (await words()).rags;
  return table({
    id: "rag-changes",
    caption: `Actions by RAG rating now, and the change since ${longDate(d.compared_with)}`,
    head: ["Priority", ...RAG_COUNTS.map(([code]) => labelOf(rags, code))],
    rows: d.by_priority.map((p) => ({
      id: `rag-priority-${p.number}`,
      cells: [
        `Priority ${p.number}: ${p.title}`,
        ...RAG_COUNTS.map(([, key]) => `${p.now[key]} (${change(p.now[key], p.then[key])})`),
      ],
    })),
  });
}

/**
 * Actions as a table with links to each, or "None".
 * @param {string} id
 * @param {string} caption
 * @param {PlanAction[]} actions
 * @param {[string, (a: PlanAction) => any]} last the last column's heading and content
 */
function actionTable(id, caption, actions, [lastHead, last]) {
  if (!actions.length) return el("p", { class: "govuk-body", id: `${id}-none` }, "None.");
  return table({
    id,
    caption: `${caption}: ${plural(actions.length, "action", "actions")}`,
    captionSize: "hidden",
    head: ["Number", "Action", "Lead / owners", lastHead, "Status"],
    rows: actions.map((a) => ({
      id: `${id}-${a.key}`,
      cells: [
        a.number,
        routeLink(
          "plan-action",
          { id: a.id },
          { id: `${id}-open-${a.key}`, class: "govuk-link cd-detail" },
          a.text,
        ),
        el("span", { class: "cd-detail" }, leadOrOwners(a)),
        el("span", { class: "cd-nowrap" }, last(a)),
        statusTag(a),
      ],
    })),
  });
}

/**
 * Every measure's latest value against its target, then each one's chart.
 * @param {Dashboard} d
 */
function measuresSection(d) {
  if (!d.measures.length) {
    return para("No success measures yet. Add them on an action's page.");
  }
  const charts = d.charts.filter((c) => c.chart.id !== "chart-rag");
  return [
    table({
      id: "measures-table",
      caption: "Each measure's latest value against its target",
      captionSize: "hidden",
      head: ["Measure", "Action", "Target", "Latest value", "Date", "Status"],
      rows: d.measures.map((m) => {
        const latest = m.values[0];
        return {
          id: `measure-${m.id}`,
          cells: [
            el("span", { class: "cd-detail" }, m.name),
            routeLink(
              "plan-action",
              { id: m.action_id },
              { id: `measure-${m.id}-action` },
              m.action_number,
            ),
            `${measureFigure(m, m.target)} (${m.direction_label.toLowerCase()})`,
            latest ? measureValue(m, latest) : "None",
            latest ? el("span", { class: "cd-nowrap" }, shortDate(latest.measured_on)) : "",
            targetTag(m),
          ],
        };
      }),
    }),
    charts.map((c) => chartWithTable(c, "Date")),
  ];
}

/** @param {App} app */
export async function dashboardScreen(app) {
  const d = await planDashboard();
  if (!d) {
    screen(
      "Plan dashboard",
      heading("Plan dashboard"),
      planNav(app, "dashboard"),
      emptyState(
        "No delivery plan is loaded",
        "The dashboard shows the plan's actions, measures and training once it is loaded.",
      ),
      para(routeLink("plan", {}, { id: "dashboard-open-plan" }, "Go to the delivery plan")),
    );
    return;
  }
  const ragChart = d.charts.find((c) => c.chart.id === "chart-rag");
  const t = d.training;
  screen(
    "Plan dashboard",
    el("span", { class: "govuk-caption-l" }, d.period.title),
    heading("Plan dashboard"),
    planNav(app, "dashboard"),
    section(
      "Actions by priority and RAG",
      ragChart ? chartWithTable(ragChart, "Priority") : null,
      await ragChanges(d),
    ),
    section(
      "Overdue actions",
      actionTable("overdue-actions", "Overdue actions", d.overdue, [
        "Target",
        (a) => longDate(a.target_on),
      ]),
    ),
    section(
      "No recent update",
      actionTable("stale-actions", "Actions with no recent update", d.stale, [
        "Last update",
        (a) => (a.last_update_on ? longDate(a.last_update_on) : "None yet"),
      ]),
    ),
    section("Success measures against targets", measuresSection(d)),
    section(
      "Training this quarter",
      el(
        "p",
        { class: "govuk-body", id: "training-quarter" },
        `From ${longDate(t.from)} to ${longDate(t.to)}: ` +
          `${plural(t.sessions, "session", "sessions")}, ` +
          `${plural(t.people, "person", "people")} trained.`,
      ),
      para(routeLink("training", {}, { id: "dashboard-training" }, "Open the training records")),
    ),
  );
}
