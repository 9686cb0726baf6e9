// Every action agreed at the panel, across meetings: filter by owner, meeting and status;
// overdue ones are tagged and come first. Marking done or dropped (with a reason) is
// audited by the core.

import { call } from "../api.js";
import { details, el, heading, longDate, notice, para, screen } from "../dom.js";
import { form } from "../forms.js";
import { meetingScreen } from "./meetings.js";

const STATUSES = [["open", "Open"], ["done", "Done"], ["dropped", "Dropped"]];

function filterSelect(id, label, options, value) {
  return el("div", { class: "govuk-form-group cd-filter__item" },
    el("label", { class: "govuk-label govuk-label--s", for: id }, label),
    el("select", { class: "govuk-select", id, name: id },
      el("option", { value: "" }, "Any"),
      options.map(([v, l]) => el("option", { value: v, selected: String(v) === String(value ?? "") }, l))));
}

function statusCell(a) {
  if (a.status === "done") return el("strong", { class: "govuk-tag govuk-tag--green" }, "Done");
  if (a.status === "dropped") return [el("strong", { class: "govuk-tag govuk-tag--grey" }, "Dropped"), el("span", { class: "govuk-body-s" }, ` ${a.dropped_reason}`)];
  if (a.overdue) return el("strong", { class: "govuk-tag govuk-tag--red" }, "Overdue");
  return el("strong", { class: "govuk-tag govuk-tag--blue" }, "Open");
}

export async function actionsScreen(app, filter = { owner: "", meeting_id: null, status: "" }, message = null) {
  const [actions, meetings] = await Promise.all([call("list_actions", { filter }), call("list_meetings")]);
  const rerun = (changes, msg) => actionsScreen(app, { ...filter, ...changes }, msg);
  const canRecord = app.person.role !== "panel_member";

  const filterForm = el("form", { class: "cd-filter", id: "action-filter", role: "search", "aria-label": "Filter actions" },
    el("div", { class: "govuk-form-group cd-filter__item" },
      el("label", { class: "govuk-label govuk-label--s", for: "filter-owner" }, "Owner"),
      el("input", { class: "govuk-input", id: "filter-owner", type: "search", value: filter.owner, autocomplete: "off", spellcheck: "false" })),
    filterSelect("filter-meeting", "Meeting", meetings.map((m) => [m.id, m.held_on_long]), filter.meeting_id),
    filterSelect("filter-status", "Status", STATUSES, filter.status),
    el("button", { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-action-filter" }, "Apply"));
  filterForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = (id) => document.getElementById(id).value;
    rerun({ owner: v("filter-owner"), meeting_id: v("filter-meeting") ? Number(v("filter-meeting")) : null, status: v("filter-status") });
  });

  const setStatus = (a, status, reason = "") => call("set_action_status", { id: a.id, status, reason });
  const change = (a) => {
    if (!canRecord || a.status !== "open") return null;
    const done = el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: `done-${a.id}` }, "Mark done", el("span", { class: "govuk-visually-hidden" }, `: ${a.what}`));
    done.addEventListener("click", async () => { await setStatus(a, "done"); await rerun({}, "Action marked done"); });
    return [done, details("Drop it", `open-drop-${a.id}`, form({
      id: `drop-form-${a.id}`,
      fields: [{ name: `dropped_reason-${a.id}`, label: "Why it is dropped" }],
      submitText: "Drop the action",
      onSubmit: async (v) => {
        try {
          await setStatus(a, "dropped", v[`dropped_reason-${a.id}`]);
        } catch (error) {
          throw { ...error, field: error.field && `${error.field}-${a.id}` };
        }
        await rerun({}, "Action dropped");
      },
    }))];
  };
  const cell = (...c) => el("td", { class: "govuk-table__cell" }, ...c);
  const body = actions.length
    ? el("table", { class: "govuk-table", id: "actions-table" },
      el("caption", { class: "govuk-table__caption govuk-table__caption--s" }, `${actions.length} ${actions.length === 1 ? "action" : "actions"}, open and overdue first`),
      el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" },
        ["Action", "Case", "Owner", "Due", "Meeting", "Status", canRecord ? "Change" : null].filter(Boolean).map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
      el("tbody", { class: "govuk-table__body" }, actions.map((a) => el("tr", { class: `govuk-table__row${a.overdue ? " cd-overdue" : ""}`, id: `action-${a.id}` },
        cell(el("span", { class: "cd-detail" }, a.what)),
        cell(el("span", { class: "cd-nowrap" }, a.case_reference || "None")),
        cell(a.owner),
        cell(el("span", { class: "cd-nowrap" }, longDate(a.due_on))),
        cell(el("a", { href: "#meeting", class: "govuk-link", onclick: (e) => { e.preventDefault(); meetingScreen(app, a.meeting_id); } }, longDate(a.meeting_held_on))),
        cell(statusCell(a)),
        canRecord ? cell(change(a)) : null))))
    : el("div", { class: "cd-empty", id: "empty-state" },
      el("h2", { class: "govuk-heading-m" }, "No actions found"),
      para(filter.owner || filter.meeting_id || filter.status
        ? "No action matches these filters. Change or clear them."
        : "Actions agreed at panel meetings appear here. Add them in a meeting's “In the room” tab."));

  screen("Actions", message ? notice(message, "success") : null, heading("Actions"), filterForm, body);
}
