// One action of the delivery plan: where it stands, its progress updates (those of the
// action it carries over from an earlier period too) and its success measures with their
// values. Editors of the latest period change its tracking, add updates, measures and
// values, renumber it or retire it; earlier periods are read only.

import {
  addMeasure,
  addProgressUpdate,
  planAction,
  recordMeasureValue,
  renumberPlanAction,
  retirePlanAction,
  trackPlanAction,
} from "../../api/plan.js";
import { getSettings } from "../../api/settings.js";
import { fillDate, todayIso } from "../../kit/datefield.js";
import { longDate, shortDate } from "../../kit/dates.js";
import { details, el, heading, notice, para, screen, section, summaryList } from "../../kit/dom.js";
import { form, suffixed } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { table } from "../../kit/table.js";
import { optionsOf, words } from "../../kit/words.js";
import { flagTags, measureFigure, measureValue, ragTag, statusTag, targetTag } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Measure, PlanAction, PlanActionRecord, ProgressUpdate, Vocabularies } from "../../api/bindings.js" */

/**
 * A tag with the reason beside it, when there is one.
 * @param {HTMLElement} tagNode
 * @param {string} reason
 */
const withReason = (tagNode, reason) => [tagNode, reason ? ` ${reason}` : null];

/**
 * Where the action stands.
 * @param {PlanActionRecord} r
 * @param {number} staleDays
 */
function standing(r, staleDays) {
  const a = r.action;
  const flags = flagTags(a, staleDays);
  return summaryList([
    ["Priority", `Priority ${a.priority}: ${r.priority_title}`],
    ["Heading", r.heading],
    ["Owners as printed", a.owners],
    ["Lead", a.lead],
    ["Partners", a.partners],
    ["Target", longDate(a.target_on)],
    ["Status", withReason(statusTag(a), a.status_reason)],
    ["RAG rating", withReason(ragTag(a), a.rag_reason)],
    ["Last update", a.last_update_on ? longDate(a.last_update_on) : "No update yet"],
    ["Flags", flags.length ? flags : "None"],
    a.note ? ["Note", a.note] : null,
    a.carried_from ? ["Carried over", `From action ${a.carried_from} of an earlier period`] : null,
    a.retired_on ? ["Retired", `On ${longDate(a.retired_on)}: ${a.retired_reason}`] : null,
  ]);
}

/**
 * Lead, partners, target, status and RAG rating, each with its reason.
 * @param {PlanAction} a
 * @param {Vocabularies} w
 * @param {(message: string) => Promise<void>} reload
 */
function trackingForm(a, w, reload) {
  const node = form({
    id: "tracking-form",
    fields: [
      { name: "lead", label: "Lead", hint: "A named person or a role", value: a.lead },
      { name: "partners", label: "Partners", value: a.partners },
      { name: "target_on", label: "Target date", type: "date" },
      {
        name: "status",
        label: "Status",
        type: "radios",
        options: optionsOf(w.plan_statuses),
        value: a.status,
        inline: true,
      },
      {
        name: "status_reason",
        label: "Why it was dropped",
        hint: "Needed when the action is dropped",
        type: "textarea",
        rows: 2,
        value: a.status_reason,
      },
      {
        name: "rag",
        label: "RAG rating",
        type: "radios",
        options: optionsOf(w.rags),
        value: a.rag,
        inline: true,
      },
      {
        name: "rag_reason",
        label: "Reason for the RAG rating",
        hint: "Needed for amber and red",
        type: "textarea",
        rows: 2,
        value: a.rag_reason,
      },
    ],
    submitText: "Save the tracking",
    onSubmit: async (v) => {
      await trackPlanAction(a.id, v);
      await reload("Action updated");
    },
  });
  fillDate(node, "target_on", a.target_on);
  return node;
}

/**
 * A dated progress update, today unless changed.
 * @param {number} actionId
 * @param {(message: string) => Promise<void>} reload
 */
function progressForm(actionId, reload) {
  const node = form({
    id: "progress-form",
    fields: [
      { name: "made_on", label: "Date of the update", type: "date" },
      { name: "text", label: "Progress", type: "textarea", rows: 4 },
      {
        name: "evidence",
        label: "Evidence (optional)",
        hint: "Where the evidence is kept, for example a document reference",
      },
    ],
    submitText: "Add the update",
    onSubmit: async (v) => {
      await addProgressUpdate(actionId, v);
      await reload("Progress update added");
    },
  });
  fillDate(node, "made_on", todayIso());
  return node;
}

/** @param {ProgressUpdate[]} updates */
function updateList(updates) {
  if (!updates.length) return para("No progress updates yet.");
  return el(
    "ul",
    { class: "govuk-list", id: "updates" },
    updates.map((u) =>
      el(
        "li",
        { class: "cd-note", id: `update-${u.id}` },
        el(
          "h3",
          { class: "govuk-heading-s govuk-!-margin-bottom-1" },
          `${longDate(u.made_on)}, ${u.made_by}`,
          u.earlier_period ? ` (${u.earlier_period} period)` : null,
        ),
        el("p", { class: "govuk-body cd-note__text" }, u.text),
        u.evidence ? para(`Evidence: ${u.evidence}`) : null,
        u.steering_meeting_id !== null
          ? para(
              routeLink(
                "steering-meeting",
                { id: u.steering_meeting_id },
                { id: `update-${u.id}-meeting` },
                "Recorded at a steering group meeting",
              ),
            )
          : null,
      ),
    ),
  );
}

/**
 * Records a value of one measure; a percentage may be given as the numbers it comes from.
 * @param {Measure} m
 * @param {(message: string) => Promise<void>} reload
 */
function valueForm(m, reload) {
  const percent = m.unit === "percent";
  /** @param {string} name */
  const n = (name) => `${name}-${m.id}`;
  const node = form({
    id: `value-form-${m.id}`,
    fields: [
      { name: n("measured_on"), label: "Date measured", type: "date" },
      {
        name: n("value"),
        label: percent ? "Value, per cent" : "Value",
        hint: percent ? "Or give the numbers below instead" : null,
        width: "short",
        inputmode: "decimal",
      },
      percent
        ? {
            name: n("numerator"),
            label: "Number who have completed it",
            width: "short",
            inputmode: "numeric",
          }
        : null,
      percent
        ? {
            name: n("denominator"),
            label: "Number in the group",
            width: "short",
            inputmode: "numeric",
          }
        : null,
      { name: n("source"), label: "Source of the figure" },
    ],
    submitText: "Record the value",
    onSubmit: async (v) => {
      await suffixed(m.id, () =>
        recordMeasureValue(m.id, {
          measured_on: v[n("measured_on")],
          value: v[n("value")],
          numerator: percent ? v[n("numerator")] : "",
          denominator: percent ? v[n("denominator")] : "",
          source: v[n("source")],
        }),
      );
      await reload("Value recorded");
    },
  });
  fillDate(node, n("measured_on"), todayIso());
  return node;
}

/**
 * One success measure: its target, whether it meets it, and its values.
 * @param {Measure} m
 * @param {boolean} editable
 * @param {(message: string) => Promise<void>} reload
 */
function measureBlock(m, editable, reload) {
  return el(
    "div",
    { class: "cd-section", id: `measure-${m.id}` },
    el("h3", { class: "govuk-heading-s" }, m.name),
    para(targetTag(m, `measure-${m.id}-status`)),
    summaryList([
      ["Unit", m.unit_label],
      ["Target", measureFigure(m, m.target)],
      ["Meets the target when", m.direction_label],
    ]),
    m.values.length
      ? table({
          id: `measure-${m.id}-values`,
          caption: `Values of ${m.name}, newest first`,
          head: ["Date", "Value", "Source"],
          rows: m.values.map((v) => ({
            id: `value-${v.id}`,
            cells: [shortDate(v.measured_on), measureValue(m, v), v.source],
          })),
        })
      : para("No value recorded yet."),
    editable ? details("Record a value", `open-value-form-${m.id}`, valueForm(m, reload)) : null,
  );
}

/**
 * @param {number} actionId
 * @param {Vocabularies} w
 * @param {(message: string) => Promise<void>} reload
 */
const measureForm = (actionId, w, reload) =>
  form({
    id: "measure-form",
    fields: [
      { name: "name", label: "Name of the measure" },
      { name: "unit", label: "Unit", type: "radios", options: optionsOf(w.measure_units) },
      { name: "target", label: "Target", width: "short", inputmode: "decimal" },
      { name: "direction", label: "Direction", type: "radios", options: optionsOf(w.directions) },
    ],
    submitText: "Add the measure",
    onSubmit: async (v) => {
      await addMeasure({ action_id: actionId, ...v });
      await reload("Success measure added");
    },
  });

/**
 * A new printed number (the key stays), or retiring the action with a reason.
 * @param {PlanAction} a
 * @param {(message: string) => Promise<void>} reload
 */
function changeAction(a, reload) {
  return section(
    "Renumber or retire",
    details(
      "Renumber",
      "open-renumber",
      form({
        id: "renumber-form",
        fields: [
          {
            name: "number",
            label: "Action number",
            hint: `The key ${a.key} stays the same`,
            width: "short",
            value: a.number,
          },
        ],
        submitText: "Save the number",
        onSubmit: async (v) => {
          await renumberPlanAction(a.id, v.number);
          await reload("Action renumbered");
        },
      }),
    ),
    a.retired_on
      ? null
      : details(
          "Retire this action",
          "open-retire",
          form({
            id: "retire-form",
            fields: [
              {
                name: "retired_reason",
                label: "Why it is retired",
                hint: "The action is kept, shown as retired",
                type: "textarea",
                rows: 2,
              },
            ],
            submitText: "Retire the action",
            onSubmit: async (v) => {
              await retirePlanAction(a.id, v.retired_reason);
              await navigate("plan", { message: `Action ${a.number} (${a.key}) retired` });
            },
          }),
        ),
  );
}

/**
 * @param {App} app
 * @param {number} id
 * @param {string} [message]
 */
export async function planActionScreen(app, id, message) {
  const [r, settings, w] = await Promise.all([planAction(id), getSettings(), words()]);
  const a = r.action;
  const editable = app.person.may.edit_plan && r.latest;
  /** @param {string} msg */
  const reload = (msg) => planActionScreen(app, id, msg);
  screen(
    `Action ${a.number}`,
    routeLink(
      "plan",
      {},
      { id: "back-to-plan", class: "govuk-back-link" },
      "Back to the delivery plan",
    ),
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, `Action ${a.number} (${a.key})`),
    heading(a.text),
    r.latest
      ? null
      : el(
          "p",
          { class: "govuk-inset-text", id: "period-closed" },
          `This action belongs to the ${r.period_key} period, which is closed and kept as it was.`,
        ),
    planNav(app, "plan"),
    section("Where it stands", standing(r, settings.plan_stale_days)),
    editable ? section("Change the tracking", trackingForm(a, w, reload)) : null,
    editable ? section("Add a progress update", progressForm(a.id, reload)) : null,
    section("Progress updates", updateList(r.updates)),
    section(
      "Success measures",
      r.measures.length
        ? r.measures.map((m) => measureBlock(m, editable, reload))
        : para("No success measures yet."),
      editable
        ? details("Add a success measure", "open-measure-form", measureForm(a.id, w, reload))
        : null,
    ),
    editable ? changeAction(a, reload) : null,
  );
}
