// Training delivered in a period (the current financial year unless chosen): totals by sector
// and by product, the sessions, cohorts with the core's percentage of each role group
// trained, baselines from before records were kept here, and the refreshers due. Editors
// record a session, a cohort (which can feed a success measure) or a baseline.

import {
  measures as loadMeasures,
  plan as loadPlan,
  recordCohort,
  recordTrainingBaseline,
  recordTrainingSession,
  training,
} from "../../api/plan.js";
import { fillDate, todayIso } from "../../kit/datefield.js";
import { shortDate } from "../../kit/dates.js";
import { details, el, heading, notice, para, screen, section } from "../../kit/dom.js";
import { form, suffixed } from "../../kit/forms.js";
import { figure } from "../../kit/numbers.js";
import { planNav } from "../../kit/plan.js";
import { referenceOptions } from "../../kit/reference.js";
import { table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Field } from "../../kit/forms.js" */
/** @import { Total, TrainingSummary } from "../../api/bindings.js" */

/**
 * The current financial year: 1 April to today, in Europe/London.
 * @returns {{from: string, to: string}}
 */
function financialYear() {
  const today = todayIso();
  const [year, month] = today.split("-").map(Number);
  return { from: `${month >= 4 ? year : year - 1}-04-01`, to: today };
}

/**
 * The period form, its dates filled in with the period shown.
 * @param {App} app
 * @param {TrainingSummary} summary
 */
function periodForm(app, summary) {
  const node = form({
    id: "training-period",
    fields: [
      { name: "from", label: "From", type: "date" },
      { name: "to", label: "To", type: "date" },
    ],
    submitText: "Show this period",
    onSubmit: (v) => trainingScreen(app, { from: v.from, to: v.to }),
  });
  fillDate(node, "from", summary.from);
  fillDate(node, "to", summary.to);
  return node;
}

/**
 * Sessions and people for each sector or product, with the period's total.
 * @param {string} id
 * @param {string} what "Sector" or "Product"
 * @param {Total[]} totals
 * @param {TrainingSummary} summary
 */
function totalsTable(id, what, totals, summary) {
  const numeric = (/** @type {string} */ text) => ({
    content: text,
    attrs: { class: "govuk-table__header govuk-table__header--numeric" },
  });
  /** @param {number} n @param {string} [extra] */
  const count = (n, extra = "") => ({
    content: figure(n),
    class: `govuk-table__cell--numeric ${extra}`,
  });
  const bold = "govuk-!-font-weight-bold";
  return table({
    id,
    caption: `By ${what.toLowerCase()}`,
    head: [what, numeric("Sessions"), numeric("People")],
    rows: [
      ...totals.map((t) => ({
        id: `${id}-${t.code}`,
        cells: [t.label, count(t.sessions), count(t.people)],
      })),
      {
        id: `${id}-total`,
        cells: [
          { content: "Total", class: bold },
          count(summary.sessions.length, bold),
          count(summary.people, bold),
        ],
      },
    ],
  });
}

/** @param {TrainingSummary} t */
function summarySections(t) {
  return [
    section(
      "Totals",
      el(
        "p",
        { class: "govuk-body-l", id: "training-people" },
        `People trained in this period: ${figure(t.people)} ` +
          `(${plural(t.sessions.length, "session", "sessions")})`,
      ),
      t.sessions.length
        ? [
            totalsTable("training-by-sector", "Sector", t.by_sector, t),
            totalsTable("training-by-product", "Product", t.by_product, t),
          ]
        : null,
    ),
    section(
      "Sessions",
      t.sessions.length
        ? table({
            id: "training-sessions",
            caption: `${plural(t.sessions.length, "session", "sessions")}, newest first`,
            captionSize: "hidden",
            head: ["Date", "Product", "Organisation", "Sector", "Role group", "Attended", "Action"],
            rows: t.sessions.map((s) => ({
              id: `training-session-${s.id}`,
              cells: [
                el("span", { class: "cd-nowrap" }, shortDate(s.held_on)),
                s.product_label,
                s.organisation,
                s.sector_label,
                s.role_group,
                s.attended,
                s.action_key ?? "Not linked",
              ],
            })),
          })
        : para("No training sessions are recorded in this period."),
    ),
    section(
      "Cohorts",
      t.cohorts.length
        ? table({
            id: "training-cohorts",
            caption: "Role groups counted in this period, newest first",
            captionSize: "hidden",
            head: ["Date", "Product", "Sector", "Role group", "Completed", "Percentage"],
            rows: t.cohorts.map((c) => ({
              id: `training-cohort-${c.id}`,
              cells: [
                el("span", { class: "cd-nowrap" }, shortDate(c.counted_on)),
                c.product_label,
                c.sector_label,
                c.role_group,
                `${figure(c.completed)} of ${figure(c.headcount)}`,
                `${figure(c.percent)}%`,
              ],
            })),
          })
        : para("No cohorts are counted in this period."),
    ),
    section(
      "Baselines",
      para("People trained before records were kept in Channel Desk."),
      t.baselines.length
        ? table({
            id: "training-baselines",
            caption: "Baselines, oldest first",
            captionSize: "hidden",
            head: ["As of", "Product", "Sector", "People", "Note"],
            rows: t.baselines.map((b) => [
              el("span", { class: "cd-nowrap" }, shortDate(b.as_of)),
              b.product_label,
              b.sector_label,
              b.people,
              b.note,
            ]),
          })
        : para("No baselines are recorded."),
    ),
    section(
      "Refreshers due",
      para(
        `Training is refreshed every ${plural(t.refresher_years, "year", "years")}. ` +
          "These groups' latest session of a product is older than that.",
      ),
      t.refreshers_due.length
        ? table({
            id: "refreshers-due",
            caption: "Refreshers due, longest overdue first",
            captionSize: "hidden",
            head: ["Organisation", "Role group", "Product", "Last session", "Due since"],
            rows: t.refreshers_due.map((r) => [
              r.organisation,
              r.role_group,
              r.product_label,
              el("span", { class: "cd-nowrap" }, shortDate(r.last_held_on)),
              el("span", { class: "cd-nowrap" }, shortDate(r.due_on)),
            ]),
          })
        : para("No refreshers are due."),
    ),
  ];
}

/**
 * One of the forms that record training. Its fields' ids end with `-<suffix>` (the three
 * share product, sector and the rest); `record` receives the values by the core's names.
 * @param {string} suffix
 * @param {string} summary what opens it
 * @param {{intro?: any[], fields: Field[], submitText: string,
 *   record: (values: any) => Promise<unknown>, done: () => Promise<void>}} options
 */
function recordForm(suffix, summary, { intro, fields, submitText, record, done }) {
  const end = `-${suffix}`;
  return details(
    summary,
    `open-${suffix}-form`,
    form({
      id: `${suffix}-form`,
      intro,
      fields: fields.map((f) => ({ ...f, name: f.name + end })),
      submitText,
      onSubmit: async (values) => {
        const named = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k.slice(0, -end.length), v]),
        );
        await suffixed(suffix, () => record(named));
        await done();
      },
    }),
  );
}

/**
 * The forms that record training; each shows the screen again for the same period.
 * @param {(message: string) => Promise<void>} reload
 */
async function recordSection(reload) {
  const [products, sectors, current, measures] = await Promise.all([
    referenceOptions("training_product"),
    referenceOptions("sector"),
    loadPlan({}),
    loadMeasures(null),
  ]);
  /** @type {Field} */
  const product = {
    name: "product",
    label: "Training product",
    type: "select",
    options: [{ value: "", label: "Choose a product" }, ...products],
  };
  /** @type {Field} */
  const sector = {
    name: "sector",
    label: "Sector",
    type: "select",
    options: [{ value: "", label: "Choose a sector" }, ...sectors],
  };
  /** @type {Field} */
  const roleGroup = {
    name: "role_group",
    label: "Role group",
    hint: "For example, designated safeguarding leads",
  };
  /** @param {string} name @param {string} label @returns {Field} */
  const count = (name, label) => ({ name, label, width: "short", inputmode: "numeric" });
  /** @param {string} value */
  const optionalId = (value) => (value ? Number(value) : null);
  const actions = (current?.priorities ?? []).flatMap((p) => p.headings.flatMap((h) => h.actions));
  return section(
    "Record training",
    recordForm("session", "Record a session", {
      fields: [
        { name: "held_on", label: "Date of the session", type: "date" },
        product,
        { name: "deliverer", label: "Delivered by" },
        { name: "organisation", label: "Audience organisation" },
        sector,
        roleGroup,
        count("attended", "Number attending"),
        {
          name: "action_id",
          label: "Delivery plan action",
          type: "select",
          options: [
            { value: "", label: "Not linked" },
            ...actions.map((a) => ({
              value: String(a.id),
              label: `Action ${a.number} (${a.key}): ${a.text}`,
            })),
          ],
        },
      ],
      submitText: "Record the session",
      record: (v) => recordTrainingSession({ ...v, action_id: optionalId(v.action_id) }),
      done: () => reload("Training session recorded"),
    }),
    recordForm("cohort", "Record a cohort", {
      intro: [
        para(
          "How many of a role group have completed a product. When it feeds a success " +
            "measure, the percentage is recorded as that measure's value.",
        ),
      ],
      fields: [
        { name: "counted_on", label: "Date counted", type: "date" },
        product,
        sector,
        roleGroup,
        count("headcount", "Number in the role group"),
        count("completed", "Number who have completed it"),
        {
          name: "measure_id",
          label: "Success measure",
          type: "select",
          options: [
            { value: "", label: "None" },
            ...measures.map((m) => ({
              value: String(m.id),
              label: `${m.name} (action ${m.action_number})`,
            })),
          ],
        },
      ],
      submitText: "Record the cohort",
      record: (v) => recordCohort({ ...v, measure_id: optionalId(v.measure_id) }),
      done: () => reload("Cohort recorded"),
    }),
    recordForm("baseline", "Record a baseline", {
      intro: [para("How many people were trained before records were kept here.")],
      fields: [
        { name: "as_of", label: "Date of the figure", type: "date" },
        product,
        sector,
        count("people", "Number of people trained"),
        { name: "note", label: "Where the figure comes from" },
      ],
      submitText: "Record the baseline",
      record: (v) => recordTrainingBaseline(v),
      done: () => reload("Baseline recorded"),
    }),
  );
}

/**
 * @param {App} app
 * @param {{from?: string, to?: string, message?: string}} params
 */
export async function trainingScreen(app, { from, to, message } = {}) {
  const year = financialYear();
  const summary = await training(from ?? year.from, to ?? year.to);
  /** @param {string} msg */
  const reload = (msg) => trainingScreen(app, { from: summary.from, to: summary.to, message: msg });
  screen(
    "Training",
    message ? notice(message, "success") : null,
    heading("Training"),
    planNav(app, "training"),
    periodForm(app, summary),
    app.person.may.edit_plan ? await recordSection(reload) : null,
    summarySections(summary),
  );
}
