// The delivery plan: a period's vision and objectives, then each priority's headings with
// their actions as tables (status, RAG rating, flags), filtered. Before any plan is loaded,
// the steering group lead loads the borough's plan; editors correct a heading's wording.
// Earlier periods are shown as they were.

import {
  addPlanAction,
  correctPlanHeading,
  plan as loadPlan,
  loadSeedPlan,
} from "../../api/plan.js";
import { actionButton } from "../../kit/buttons.js";
import { longDate } from "../../kit/dates.js";
import { details, el, emptyState, heading, notice, para, screen } from "../../kit/dom.js";
import { filterCheckbox, filterSelect, form, inputValue, suffixed } from "../../kit/forms.js";
import { routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";
import { words } from "../../kit/words.js";
import { EVERY_ACTION, flagTags, leadOrOwners, ragTag, statusTag } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Heading, Plan, PlanFilter, PlanPeriod } from "../../api/bindings.js" */

/**
 * @param {App} app
 * @param {{filter?: PlanFilter, message?: string}} [params]
 */
export async function planScreen(app, { filter = EVERY_ACTION, message } = {}) {
  const shown = await loadPlan(filter);
  if (shown) await showPlan(app, shown, filter, message);
  else noPlan(app);
}

/**
 * No plan yet: the steering group lead loads the borough's.
 * @param {App} app
 */
function noPlan(app) {
  const canEdit = app.person.may.edit_plan;
  screen(
    "Delivery plan",
    heading("Delivery plan"),
    planNav(app, "plan"),
    emptyState(
      "No delivery plan is loaded",
      canEdit
        ? "Load the borough's plan to begin: its vision, objectives, priorities and " +
            "numbered actions with their owners, as printed."
        : "The steering group lead loads the borough's plan. Its priorities, actions, " +
            "owners and progress will be kept here.",
    ),
    canEdit
      ? actionButton({
          id: "load-seed-plan",
          variant: "primary",
          label: "Load the borough's Prevent Strategy and Delivery Plan 2017–2019",
          run: async () => {
            await loadSeedPlan();
            const loaded = await loadPlan(EVERY_ACTION);
            await showPlan(
              app,
              loaded,
              EVERY_ACTION,
              `Delivery plan loaded: ${plural(loaded.total, "action", "actions")}`,
            );
          },
        })
      : null,
  );
}

/**
 * The vision and objectives, opened on request.
 * @param {PlanPeriod} period
 */
const visionAndObjectives = (period) =>
  details(
    "Vision and objectives",
    "open-vision",
    el("h2", { class: "govuk-heading-s" }, "Vision"),
    para(period.vision || "No vision recorded."),
    el("h2", { class: "govuk-heading-s" }, "Objectives"),
    el(
      "ol",
      { class: "govuk-list govuk-list--number", id: "objectives" },
      period.objectives.map((o) => el("li", {}, o)),
    ),
  );

/**
 * Which period to show, when there is more than one.
 * @param {App} app
 * @param {Plan} p
 */
function periodPicker(app, p) {
  const picker = el(
    "form",
    { class: "cd-filter", id: "plan-period-picker", "aria-label": "Choose a plan period" },
    el(
      "div",
      { class: "govuk-form-group cd-filter__item" },
      el("label", { class: "govuk-label govuk-label--s", for: "plan-period" }, "Plan period"),
      el(
        "select",
        { class: "govuk-select", id: "plan-period", name: "plan-period" },
        p.periods.map((period) =>
          el(
            "option",
            { value: period.id, selected: period.id === p.period.id },
            `${period.title} (${period.dates_text})`,
          ),
        ),
      ),
    ),
    el(
      "button",
      { type: "submit", class: "govuk-button govuk-button--secondary", id: "plan-period-show" },
      "Show",
    ),
  );
  picker.addEventListener("submit", (e) => {
    e.preventDefault();
    planScreen(app, { filter: { ...EVERY_ACTION, period_id: Number(inputValue("plan-period")) } });
  });
  return picker;
}

/**
 * The filters: priority, lead or owner, status, RAG rating, flag, and retired actions.
 * @param {Plan} p
 * @param {PlanFilter} filter
 * @param {(changes: Partial<PlanFilter>) => void} rerun
 */
async function filterForm(p, filter, rerun) {
  const w = await words();
  const node = el(
    "form",
    { class: "cd-filter", id: "plan-filter", role: "search", "aria-label": "Filter actions" },
    filterSelect(
      "filter-priority",
      "Priority",
      p.priorities.map((pr) => [pr.number, `Priority ${pr.number}`]),
      filter.priority,
    ),
    el(
      "div",
      { class: "govuk-form-group cd-filter__item" },
      el("label", { class: "govuk-label govuk-label--s", for: "filter-owner" }, "Lead or owner"),
      el("input", {
        class: "govuk-input",
        id: "filter-owner",
        type: "search",
        value: filter.owner,
        autocomplete: "off",
        spellcheck: "false",
      }),
    ),
    filterSelect(
      "filter-status",
      "Status",
      w.plan_statuses.map((c) => [c.code, c.label]),
      filter.status,
    ),
    filterSelect(
      "filter-rag",
      "RAG rating",
      w.rags.map((c) => [c.code, c.label]),
      filter.rag,
    ),
    filterSelect(
      "filter-flag",
      "Flag",
      [
        ["overdue", "Overdue"],
        ["stale", `No update for ${p.stale_days} days`],
      ],
      filter.flag,
    ),
    filterCheckbox("filter-retired", "Include retired actions", filter.include_retired === true),
    el(
      "button",
      { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-plan-filter" },
      "Apply",
    ),
  );
  node.addEventListener("submit", (e) => {
    e.preventDefault();
    rerun({
      priority: Number(inputValue("filter-priority")) || null,
      owner: inputValue("filter-owner"),
      status: inputValue("filter-status"),
      rag: inputValue("filter-rag"),
      flag: inputValue("filter-flag"),
      include_retired: /** @type {HTMLInputElement} */ (document.getElementById("filter-retired"))
        .checked,
    });
  });
  return node;
}

/**
 * One heading: its wording (as printed, when corrected), the form to correct it, and its
 * actions as a table.
 * @param {Heading} h
 * @param {{staleDays: number, editable: boolean,
 *   rerun: (changes: Partial<PlanFilter>, message: string) => Promise<void>}} options
 */
function headingBlock(h, { staleDays, editable, rerun }) {
  return [
    el("h3", { class: "govuk-heading-s", id: `heading-${h.id}` }, h.text),
    h.printed !== null
      ? el(
          "p",
          { class: "govuk-hint", id: `heading-${h.id}-printed` },
          `Corrected. As printed: ${h.printed}`,
        )
      : null,
    editable
      ? details(
          "Correct the wording",
          `open-correct-heading-${h.id}`,
          form({
            id: `heading-form-${h.id}`,
            fields: [
              { name: `text-${h.id}`, label: "Heading", type: "textarea", rows: 2, value: h.text },
            ],
            submitText: "Save the wording",
            onSubmit: async (v) => {
              await suffixed(h.id, () => correctPlanHeading(h.id, v[`text-${h.id}`]));
              await rerun({}, "Heading corrected");
            },
          }),
        )
      : null,
    h.actions.length
      ? table({
          id: `actions-${h.id}`,
          caption: `Actions: ${h.text}`,
          captionSize: "hidden",
          head: ["Number", "Action", "Lead / owners", "Target", "Status", "RAG", "Flags"],
          rows: h.actions.map((a) => ({
            id: `action-${a.key}`,
            class: a.overdue ? "cd-overdue" : undefined,
            cells: [
              [
                a.number,
                a.note
                  ? el("div", { class: "govuk-body-s govuk-!-margin-bottom-0" }, a.note)
                  : null,
              ],
              routeLink(
                "plan-action",
                { id: a.id },
                { id: `open-action-${a.key}`, class: "govuk-link cd-detail" },
                a.text,
              ),
              el("span", { class: "cd-detail" }, leadOrOwners(a)),
              el("span", { class: "cd-nowrap" }, longDate(a.target_on)),
              statusTag(a),
              ragTag(a),
              flagTags(a, staleDays),
            ],
          })),
        })
      : para("No actions under this heading."),
    editable
      ? details(
          "Add an action under this heading",
          `open-add-action-${h.id}`,
          form({
            id: `add-action-form-${h.id}`,
            fields: [
              { name: `number-new-${h.id}`, label: "Number", width: "short" },
              { name: `text-new-${h.id}`, label: "Action", type: "textarea", rows: 3 },
              { name: `owners-new-${h.id}`, label: "Owners" },
              { name: `target_on-new-${h.id}`, label: "Target date", type: "date" },
            ],
            submitText: "Add the action",
            onSubmit: async (v) => {
              await suffixed(`new-${h.id}`, () =>
                addPlanAction({
                  heading_id: h.id,
                  number: v[`number-new-${h.id}`],
                  text: v[`text-new-${h.id}`],
                  owners: v[`owners-new-${h.id}`],
                  target_on: v[`target_on-new-${h.id}`],
                }),
              );
              await rerun({}, "Action added");
            },
          }),
        )
      : null,
  ];
}

/**
 * @param {App} app
 * @param {Plan} p
 * @param {PlanFilter} filter
 * @param {string} [message]
 */
async function showPlan(app, p, filter, message) {
  /**
   * @param {Partial<PlanFilter>} changes
   * @param {string} [msg]
   */
  const rerun = (changes, msg) =>
    planScreen(app, { filter: { ...filter, ...changes }, message: msg });
  const filtered = Boolean(
    filter.priority || filter.owner || filter.status || filter.rag || filter.flag,
  );
  const options = {
    staleDays: p.stale_days,
    editable: app.person.may.edit_plan && p.period.latest,
    rerun,
  };
  const priorities = p.priorities
    .map((pr) => ({ ...pr, headings: pr.headings.filter((h) => !filtered || h.actions.length) }))
    .filter((pr) => pr.headings.length)
    .map((pr) =>
      el(
        "section",
        { class: "cd-section", id: `priority-${pr.number}` },
        el("h2", { class: "govuk-heading-m" }, `Priority ${pr.number}: ${pr.title}`),
        pr.headings.map((h) => headingBlock(h, options)),
      ),
    );
  screen(
    "Delivery plan",
    message ? notice(message, "success") : null,
    heading(p.period.title),
    el("p", { class: "govuk-body-l", id: "period-dates" }, p.period.dates_text),
    p.period.latest
      ? null
      : el(
          "p",
          { class: "govuk-inset-text", id: "period-closed" },
          "This period is closed and kept as it was.",
        ),
    planNav(app, "plan"),
    visionAndObjectives(p.period),
    p.periods.length > 1 ? periodPicker(app, p) : null,
    await filterForm(p, filter, rerun),
    el(
      "p",
      { class: "govuk-body", id: "plan-count" },
      `Showing ${p.shown} of ${plural(p.total, "action", "actions")}`,
      filtered || filter.include_retired
        ? [
            ". ",
            routeLink(
              "plan",
              { filter: { ...EVERY_ACTION, period_id: filter.period_id } },
              { id: "clear-plan-filter" },
              "Clear the filters",
            ),
          ]
        : null,
    ),
    filtered && !p.shown
      ? emptyState("No actions found", "No action matches these filters. Change or clear them.")
      : priorities,
  );
}
