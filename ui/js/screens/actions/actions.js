// Every action agreed at the panel, across meetings, 25 a page: filter by owner, meeting and
// status; overdue ones are tagged and come first. Marking done or dropped (with a reason) is
// audited by the core.

import { listActions, listMeetings, setActionStatus } from "../../api/meetings.js";
import { actionButton } from "../../kit/buttons.js";
import { longDate } from "../../kit/dates.js";
import { details, el, emptyState, heading, notice, screen } from "../../kit/dom.js";
import { filterSelect, form, inputValue, suffixed } from "../../kit/forms.js";
import { routeLink } from "../../kit/navigate.js";
import { pagination, table } from "../../kit/table.js";
import { overdueTag, tag } from "../../kit/tags.js";
import { plural } from "../../kit/text.js";
import { words } from "../../kit/words.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Action, ActionFilter } from "../../api/bindings.js" */

/** @param {Action} a */
function statusCell(a) {
  if (a.status === "done") return tag(a.status_label, "green");
  if (a.status === "dropped") {
    return [
      tag(a.status_label, "grey"),
      el("span", { class: "govuk-body-s" }, ` ${a.dropped_reason}`),
    ];
  }
  return [tag(a.status_label, "blue"), overdueTag(a.overdue)];
}

/**
 * @param {App} app
 * @param {ActionFilter} [filter]
 * @param {string | null} [message]
 */
export async function actionsScreen(
  app,
  filter = { owner: "", meeting_id: null, status: "", page: 0 },
  message = null,
) {
  const [actions, meetings] = await Promise.all([listActions(filter), listMeetings()]);
  const rows = actions.rows;
  /**
   * @param {ActionFilter} changes
   * @param {string} [msg]
   */
  const rerun = (changes, msg) => actionsScreen(app, { ...filter, ...changes }, msg);
  const canRecord = app.person.may.record_casework;

  const filterForm = el(
    "form",
    { class: "cd-filter", id: "action-filter", role: "search", "aria-label": "Filter actions" },
    el(
      "div",
      { class: "govuk-form-group cd-filter__item" },
      el("label", { class: "govuk-label govuk-label--s", for: "filter-owner" }, "Owner"),
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
      "filter-meeting",
      "Meeting",
      meetings.map((m) => [m.id, m.held_on_long]),
      filter.meeting_id,
    ),
    filterSelect(
      "filter-status",
      "Status",
      (await words()).action_statuses.map((c) => [c.code, c.label]),
      filter.status,
    ),
    el(
      "button",
      { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-action-filter" },
      "Apply",
    ),
  );
  filterForm.addEventListener("submit", (e) => {
    e.preventDefault();
    rerun({
      owner: inputValue("filter-owner"),
      meeting_id: inputValue("filter-meeting") ? Number(inputValue("filter-meeting")) : null,
      status: /** @type {ActionFilter["status"]} */ (inputValue("filter-status")),
      page: 0,
    });
  });

  /** @param {Action} a */
  const change = (a) => {
    if (!canRecord || a.status !== "open") return [];
    return [
      actionButton({
        id: `done-${a.id}`,
        label: ["Mark done", el("span", { class: "govuk-visually-hidden" }, `: ${a.what}`)],
        run: async () => {
          await setActionStatus(a.id, "done", "");
          await rerun({}, "Action marked done");
        },
      }),
      details(
        "Drop it",
        `open-drop-${a.id}`,
        form({
          id: `drop-form-${a.id}`,
          fields: [{ name: `dropped_reason-${a.id}`, label: "Why it is dropped" }],
          submitText: "Drop the action",
          onSubmit: async (v) => {
            await suffixed(a.id, () =>
              setActionStatus(a.id, "dropped", v[`dropped_reason-${a.id}`]),
            );
            await rerun({}, "Action dropped");
          },
        }),
      ),
    ];
  };
  const body = rows.length
    ? table({
        id: "actions-table",
        caption:
          `${plural(actions.total, "action", "actions")}, open and overdue first` +
          (actions.pages > 1 ? `, page ${actions.page + 1} of ${actions.pages}` : ""),
        head: ["Action", "Case", "Owner", "Due", "Meeting", "Status", canRecord ? "Change" : null],
        rows: rows.map((a) => ({
          id: `action-${a.id}`,
          class: a.overdue ? "cd-overdue" : undefined,
          cells: [
            el("span", { class: "cd-detail" }, a.what),
            el("span", { class: "cd-nowrap" }, a.case_reference || "None"),
            a.owner,
            el("span", { class: "cd-nowrap" }, longDate(a.due_on)),
            routeLink("meeting", { id: a.meeting_id }, {}, longDate(a.meeting_held_on)),
            statusCell(a),
            canRecord ? change(a) : null,
          ],
        })),
      })
    : emptyState(
        "No actions found",
        filter.owner || filter.meeting_id || filter.status
          ? "No action matches these filters. Change or clear them."
          : "Actions agreed at panel meetings appear here. " +
              "Add them in a meeting's “In the room” tab.",
      );

  screen(
    "Actions",
    message ? notice(message, "success") : null,
    heading("Actions"),
    filterForm,
    body,
    pagination({
      id: "actions-pages",
      label: "Action list pages",
      page: actions.page,
      pages: actions.pages,
      go: (to) => rerun({ page: to }),
    }),
  );
}
