// Panel meetings: the list, scheduling, and one meeting's tabs (Agenda · Attendance · In the
// room · Minutes · Export). Every change is saved at once through the core, which decides
// what is allowed; its refusals are shown where the change was tried.

import { call, beforeLock } from "../api.js";
import { details, el, heading, longDate, notice, para, screen, section, summaryList } from "../dom.js";
import { form } from "../forms.js";
import { DECISION_LABELS, HOW_REACHED, decisionFields } from "./case.js";

const TABS = [["agenda", "Agenda"], ["attendance", "Attendance"], ["room", "In the room"], ["minutes", "Minutes"], ["export", "Export"]];
const STATUS = { present: "Present", apologies: "Apologies", for_item: "For one item" };

const statusTag = (status) => el("strong", { class: `govuk-tag govuk-tag--${status === "approved" ? "green" : "yellow"}` }, status === "approved" ? "Approved" : "Draft");
const cell = (...c) => el("td", { class: "govuk-table__cell" }, ...c);
const table = (id, caption, headers, rows) => el("table", { class: "govuk-table", id },
  el("caption", { class: "govuk-table__caption govuk-table__caption--s" }, caption),
  el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" }, headers.map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
  el("tbody", { class: "govuk-table__body" }, rows));

export async function meetingsScreen(app, message) {
  const meetings = await call("list_meetings");
  const canRecord = app.person.role !== "panel_member";
  const schedule = canRecord ? details("Schedule a meeting", "open-schedule", form({
    id: "schedule-form",
    fields: [
      { name: "held_on", label: "Date", type: "date" },
      { name: "starts_at", label: "Start time", hint: "24-hour clock, for example 14:00", width: "short", value: "14:00" },
      { name: "place", label: "Place", value: "Committee Room 2, Town Hall" },
      { name: "chair", label: "Chair", value: app.person.role === "chair" ? app.person.full_name : "" },
    ],
    submitText: "Schedule and propose the agenda",
    onSubmit: async (v) => {
      const id = await call("schedule_meeting", { form: v });
      await meetingScreen(app, id, "agenda", "Meeting scheduled. The proposed agenda is below: reorder, add or remove items as needed.");
    },
  })) : null;
  const list = meetings.length
    ? table("meetings-table", `${meetings.length} ${meetings.length === 1 ? "meeting" : "meetings"}, newest first`, ["Date", "Place", "Cases", "Decisions", "Minutes"],
      meetings.map((m) => el("tr", { class: "govuk-table__row" },
        cell(el("a", { href: "#meeting", class: "govuk-link", id: `open-meeting-${m.id}`, onclick: (e) => { e.preventDefault(); meetingScreen(app, m.id); } }, `${m.held_on_long} at ${m.starts_at}`)),
        cell(m.place), cell(m.cases), cell(m.decisions), cell(statusTag(m.status)))))
    : el("div", { class: "cd-empty", id: "empty-state" },
      el("h2", { class: "govuk-heading-m" }, "No panel meetings yet"),
      para("Schedule the first meeting: Channel Desk proposes its agenda from the cases awaiting a decision, cases in Channel, reviews due and open actions."));
  screen("Panel meetings", message ? notice(message, "success") : null, heading("Panel meetings"), schedule, list);
}

/** A button that runs `action` once, showing the core's refusal beside it. */
function actionButton(id, label, run, secondary = true) {
  const button = el("button", { type: "button", class: `govuk-button ${secondary ? "govuk-button--secondary" : ""}`, id }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    document.getElementById(`${id}-error`)?.remove();
    try {
      await run();
    } catch (error) {
      button.disabled = false;
      button.after(el("p", { class: "govuk-error-message", role: "alert", id: `${id}-error` }, error.message));
    }
  });
  return button;
}

const change = (id, action, data = {}) => call("meeting_action", { id, action, data });

function itemLabel(item) {
  return item.reference ? `${item.reference}: ${item.full_name}` : item.title;
}

function agendaTab(app, m, locked, reload) {
  const live = m.agenda.filter((i) => !i.removed_reason);
  const removed = m.agenda.filter((i) => i.removed_reason);
  const rows = live.map((item, n) => el("tr", { class: "govuk-table__row", id: `agenda-row-${item.id}` },
    cell(item.position),
    cell(el("span", { class: "cd-detail" }, itemLabel(item)), item.age !== null && item.age !== undefined ? el("span", { class: "govuk-hint" }, ` (age ${item.age})`) : null),
    cell(item.reason),
    cell(item.stage_label),
    locked ? null : cell(el("div", { class: "cd-row-actions" },
      n > 0 ? actionButton(`up-${item.id}`, ["Move up", el("span", { class: "govuk-visually-hidden" }, ` ${itemLabel(item)}`)], async () => { await change(item.id, "move_item", { by: -1 }); await reload("agenda"); }) : null,
      n < live.length - 1 ? actionButton(`down-${item.id}`, ["Move down", el("span", { class: "govuk-visually-hidden" }, ` ${itemLabel(item)}`)], async () => { await change(item.id, "move_item", { by: 1 }); await reload("agenda"); }) : null,
      item.decision ? null : details(`Remove item ${item.position}`, `open-remove-${item.id}`, form({
        id: `remove-form-${item.id}`,
        fields: [{ name: `removed_reason-${item.id}`, label: "Why it is removed" }],
        submitText: "Remove from the agenda",
        onSubmit: async (v) => {
          try {
            await change(item.id, "remove_item", { removed_reason: v[`removed_reason-${item.id}`] });
          } catch (error) {
            throw { ...error, field: error.field && `${error.field}-${item.id}` };
          }
          await reload("agenda", "Item removed from the agenda");
        },
      }))))));
  const add = locked ? null : section("Add an item",
    form({
      id: "add-case-form",
      fields: [{ name: "case_reference", label: "Case reference", hint: "For example CH-2026-0042", width: "medium" }],
      submitText: "Add the case",
      onSubmit: async (v) => {
        const reference = v.case_reference.trim().toUpperCase();
        if (!reference) throw { field: "case_reference", message: "Enter the case reference" };
        const page = await call("list_cases", { query: { search: reference, page: 0 } });
        const found = page.rows.find((r) => r.reference === reference);
        if (!found) throw { field: "case_reference", message: `No case has the reference ${reference}` };
        try {
          await change(m.summary.id, "add_item", { case_id: found.id });
        } catch (error) {
          throw { ...error, field: error.field === "case_id" ? "case_reference" : error.field };
        }
        await reload("agenda", `${reference} added to the agenda`);
      },
    }),
    form({
      id: "add-topic-form",
      fields: [{ name: "topic", label: "Other topic" }],
      submitText: "Add the topic",
      onSubmit: async (v) => {
        await change(m.summary.id, "add_item", { topic: v.topic });
        await reload("agenda", "Topic added to the agenda");
      },
    }));
  return [
    live.length
      ? table("agenda-table", `Agenda: ${live.length} ${live.length === 1 ? "item" : "items"}`, ["No.", "Item", "Why it is on the agenda", "Stage", locked ? null : "Change"].filter(Boolean), rows)
      : para("The agenda is empty. Add a case or a topic below."),
    removed.length ? section("Removed from the agenda", el("ul", { class: "govuk-list", id: "removed-items" }, removed.map((i) => el("li", {}, `${itemLabel(i)}: ${i.removed_reason}`)))) : null,
    add,
  ];
}

function policeWarning(id) {
  return el("div", { class: "govuk-warning-text", id },
    el("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
    el("strong", { class: "govuk-warning-text__text" },
      el("span", { class: "govuk-visually-hidden" }, "Warning: "),
      "No police representative is recorded as present. The police force for the area where the person lives must be represented when their case is discussed."));
}

async function attendanceTab(app, m, locked, reload) {
  const members = locked ? [] : await call("members");
  const itemOptions = [{ value: "", label: "Not for one item" }, ...m.agenda.filter((i) => !i.removed_reason).map((i) => ({ value: String(i.id), label: `Item ${i.position}: ${itemLabel(i)}` }))];
  const statusField = (name) => ({ name, label: "Attendance", type: "radios", inline: true, value: "present", options: Object.entries(STATUS).map(([value, label]) => ({ value, label })) });
  const record = (status, item, rest) => change(m.summary.id, "attendance", { status, agenda_item_id: item ? Number(item) : null, ...rest });
  const police = m.attendance.some((a) => a.police && a.status === "present");
  const forms = locked ? null : [
    members.length ? section("From the membership", form({
      id: "member-attendance-form",
      fields: [
        { name: "member_id", label: "Member", type: "select", options: [{ value: "", label: "Choose" }, ...members.map((x) => ({ value: String(x.id), label: `${x.name}, ${x.organisation}${x.police ? " (police)" : ""}` }))] },
        statusField("member_status"),
        { name: "member_item", label: "The item they attend for", type: "select", options: itemOptions },
      ],
      submitText: "Record attendance",
      onSubmit: async (v) => {
        if (!v.member_id) throw { field: "member_id", message: "Choose a member" };
        await record(v.member_status, v.member_item, { member_id: Number(v.member_id) }).catch((e) => { throw { ...e, field: { status: "member_status", agenda_item_id: "member_item" }[e.field] || e.field }; });
        await reload("attendance", "Attendance recorded");
      },
    })) : null,
    section("Someone new", form({
      id: "new-attendance-form",
      intro: [para("They join the membership, so next time they can be chosen from the list.")],
      fields: [
        { name: "name", label: "Name" },
        { name: "organisation", label: "Organisation" },
        { name: "role", label: "Role" },
        { name: "police", label: "Police representative", type: "checkbox" },
        statusField("status"),
        { name: "agenda_item_id", label: "The item they attend for", type: "select", options: itemOptions },
      ],
      submitText: "Record attendance",
      onSubmit: async (v) => {
        await record(v.status, v.agenda_item_id, { member: { name: v.name, organisation: v.organisation, role: v.role, police: v.police } });
        await reload("attendance", "Attendance recorded");
      },
    })),
  ];
  const rows = m.attendance.map((a) => el("tr", { class: "govuk-table__row" },
    cell(a.name, a.police ? [" ", el("strong", { class: "govuk-tag govuk-tag--blue" }, "Police")] : null),
    cell(a.organisation), cell(a.role),
    cell(STATUS[a.status], a.agenda_item_id ? ` (item ${m.agenda.find((i) => i.id === a.agenda_item_id)?.position ?? ""})` : ""),
    locked ? null : cell(actionButton(`remove-attendance-${a.id}`, ["Remove", el("span", { class: "govuk-visually-hidden" }, ` ${a.name}`)], async () => { await change(a.id, "remove_attendance"); await reload("attendance", "Attendance line removed"); }))));
  return [
    police ? null : policeWarning("police-warning"),
    m.attendance.length ? table("attendance-table", "Attendance", ["Name", "Organisation", "Role", "Attendance", locked ? null : "Change"].filter(Boolean), rows) : para("No attendance is recorded yet."),
    forms,
  ];
}

/** Saves the discussion as it is typed (shortly after typing pauses, and on leaving the field). */
function discussionBox(item, locked) {
  const status = el("p", { class: "govuk-body-s cd-save-status", id: "discussion-status", role: "status" }, "");
  const box = el("textarea", { class: "govuk-textarea cd-room__text", id: "discussion", name: "discussion", rows: 6, spellcheck: "true", disabled: locked, "aria-describedby": "discussion-hint discussion-status" }, item.discussion);
  let timer = null;
  let saved = item.discussion;
  const save = async () => {
    clearTimeout(timer);
    timer = null;
    const text = box.value;
    if (text === saved) return;
    try {
      await change(item.id, "discussion", { discussion: text });
      saved = text;
      status.textContent = "Saved";
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  };
  box.addEventListener("input", () => {
    status.textContent = "Saving…";
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
  box.addEventListener("blur", save);
  beforeLock(save);
  return el("div", { class: "govuk-form-group", id: "discussion-group" },
    el("label", { class: "govuk-label govuk-label--m", for: "discussion" }, "Discussion summary"),
    el("div", { class: "govuk-hint", id: "discussion-hint" }, "Saved as you type"),
    box, status);
}

function roomTab(app, minutes, locked, reload, index) {
  const m = minutes.meeting;
  const items = m.agenda.filter((i) => !i.removed_reason);
  if (!items.length) return para("The agenda is empty: add items on the Agenda tab.");
  const at = Math.min(Math.max(index, 0), items.length - 1);
  const item = items[at];
  const go = (n) => reload("room", null, n);
  const nav = el("nav", { class: "cd-room__nav", "aria-label": "Agenda items" },
    actionButton("previous-item", "Previous item", () => go(at - 1)),
    el("span", { class: "govuk-body cd-room__count", id: "item-count" }, `Item ${at + 1} of ${items.length}`),
    actionButton("next-item", "Next item", () => go(at + 1)));
  if (at === 0) nav.querySelector("#previous-item").disabled = true;
  if (at === items.length - 1) nav.querySelector("#next-item").disabled = true;
  const actions = minutes.actions.filter((a) => a.agenda_item_id === item.id);
  const decision = item.decision
    ? section("Decision", summaryList([
      ["Decision", DECISION_LABELS[item.decision.kind]],
      ["How reached", HOW_REACHED[item.decision.how_reached]],
      ["Rationale", item.decision.rationale],
      item.decision.signposted_to ? ["Signposted to", item.decision.signposted_to] : null,
    ]))
    : item.case_id && !locked
      ? section("Decision",
        item.police_present ? null : policeWarning("room-police-warning"),
        form({
          id: "room-decision-form",
          fields: decisionFields(false),
          submitText: "Save decision",
          onSubmit: async (v) => {
            await change(item.id, "decision", v);
            await reload("room", "Decision recorded", at);
          },
        }))
      : null;
  const actionForm = locked ? null : details("Add an action", "open-action-form", form({
    id: "room-action-form",
    fields: [
      { name: "what", label: "What is to be done", type: "textarea", rows: 2 },
      { name: "owner", label: "Owner", width: "medium" },
      { name: "due_on", label: "Due date", type: "date" },
    ],
    submitText: "Add action",
    onSubmit: async (v) => {
      await change(m.summary.id, "action", { ...v, agenda_item_id: item.id });
      await reload("room", "Action added", at);
    },
  }));
  return el("div", { class: "cd-room", id: "room" },
    nav,
    el("h2", { class: "govuk-heading-l cd-room__title", id: "room-item-title" }, `${item.position}. ${itemLabel(item)}`),
    item.case_id ? summaryList([
      ["Reference", item.reference],
      ["Age", item.age ?? "Not known"],
      ["Stage at the meeting", item.stage_label],
      ["On the agenda because", item.reason],
    ]) : para(item.reason),
    discussionBox(item, locked),
    decision,
    section("Actions",
      actions.length ? el("ul", { class: "govuk-list govuk-list--bullet", id: "room-actions" }, actions.map((a) => el("li", {}, `${a.what} (${a.owner}, due ${longDate(a.due_on)})`))) : para("No actions yet for this item."),
      actionForm));
}

function minutesTab(app, minutes, reload) {
  const m = minutes.meeting;
  const s = m.summary;
  const canApprove = m.can_approve && ["chair", "administrator"].includes(app.person.role);
  const items = m.agenda.filter((i) => !i.removed_reason);
  return [
    summaryList([
      ["Status", s.status === "approved" ? `Approved on ${longDate(s.approved_on)} by ${s.approved_by}` : "Draft: not yet approved"],
      ["Present", m.attendance.filter((a) => a.status === "present").map((a) => `${a.name} (${a.organisation})`).join("; ")],
      ["Apologies", m.attendance.filter((a) => a.status === "apologies").map((a) => `${a.name} (${a.organisation})`).join("; ") || "None"],
    ]),
    el("ol", { class: "govuk-list cd-minutes", id: "minutes-items" }, items.map((i) => el("li", {},
      el("h3", { class: "govuk-heading-s" }, `${i.position}. ${itemLabel(i)}`),
      para(i.discussion || "No discussion recorded."),
      i.decision ? para(el("strong", {}, "Decision: "), `${DECISION_LABELS[i.decision.kind]} (${HOW_REACHED[i.decision.how_reached].toLowerCase()}). ${i.decision.rationale}`) : null))),
    minutes.actions.length ? table("minutes-actions", "Actions", ["Action", "Owner", "Due", "Status"],
      minutes.actions.map((a) => el("tr", { class: "govuk-table__row" }, cell(a.what), cell(a.owner), cell(longDate(a.due_on)), cell(a.status)))) : para("No actions were agreed."),
    canApprove ? section("Approve the minutes",
      para("Once approved, the minutes are locked. Later corrections are added as dated amendments."),
      actionButton("approve-minutes", "Approve the minutes", async () => { await change(s.id, "approve"); await reload("minutes", "Minutes approved and locked"); }, false)) : null,
    m.amendments.length ? section("Amendments", el("ul", { class: "govuk-list", id: "amendments" }, m.amendments.map((a) => el("li", {}, `${longDate(a.made_on)}, ${a.made_by}: ${a.text}`)))) : null,
    s.status === "approved" && app.person.role !== "panel_member" ? details("Add an amendment", "open-amend", form({
      id: "amend-form",
      fields: [{ name: "amendment", label: "The correction", type: "textarea", rows: 3 }],
      submitText: "Add amendment",
      onSubmit: async (v) => {
        await change(s.id, "amend", v);
        await reload("minutes", "Amendment added");
      },
    })) : null,
  ];
}

function exportTab(app, m) {
  if (app.person.role === "panel_member") return para("The chair and the secretariat export the minutes.");
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  const exportForm = form({
    id: "export-form",
    intro: [para("The file is marked OFFICIAL-SENSITIVE on every page. Store and share it only as your council's handling rules allow; every export is recorded in the audit trail.")],
    fields: [{ name: "version", label: "Version", type: "radios", value: "full", options: [
      { value: "full", label: "Full, for the panel: names, ages, discussion, decisions and actions" },
      { value: "redacted", label: "Redacted, for wider circulation: no names, dates of birth, addresses or notes" }] }],
    submitText: "Export to PDF",
    onSubmit: async (v) => {
      const done = await call("export_minutes", { id: m.summary.id, version: v.version });
      if (!done) {
        result.replaceChildren(para("Export cancelled: nothing was saved."));
        return;
      }
      result.replaceChildren(
        notice(`Saved the ${v.version} minutes to ${done.path}`, "success"),
        actionButton("open-export", "Open the PDF", () => call("open_export")));
    },
  });
  return [exportForm, result];
}

export async function meetingScreen(app, id, tab = "agenda", message = null, index = 0) {
  const minutes = await call("minutes", { id });
  const m = minutes.meeting;
  const s = m.summary;
  const locked = s.status === "approved" || app.person.role === "panel_member";
  const reload = (t, msg, n) => meetingScreen(app, id, t, msg, n);
  const body = {
    agenda: () => agendaTab(app, m, locked, reload),
    attendance: () => attendanceTab(app, m, locked, reload),
    room: () => roomTab(app, minutes, locked, reload, index),
    minutes: () => minutesTab(app, minutes, reload),
    export: () => exportTab(app, m),
  }[tab];
  const content = await body();
  const tabTitle = TABS.find(([k]) => k === tab)[1];
  screen(`Panel meeting ${s.held_on_long} ${tabTitle}`,
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, "Panel meeting"),
    heading(`${s.held_on_long} at ${s.starts_at}`),
    el("p", { class: "govuk-body" }, `${s.place}. Chair: ${s.chair}. `, statusTag(s.status)),
    s.status === "approved" ? el("p", { class: "govuk-inset-text", id: "locked-note" }, `Approved on ${longDate(s.approved_on)}: the minutes are locked. Corrections are added as dated amendments on the Minutes tab.`) : null,
    el("nav", { class: "moj-sub-navigation", "aria-label": "Meeting sections" },
      el("ul", { class: "moj-sub-navigation__list" }, TABS.map(([key, label]) => el("li", { class: "moj-sub-navigation__item" },
        el("a", { class: "moj-sub-navigation__link", href: `#${key}`, id: `tab-${key}`, "aria-current": key === tab ? "page" : null, onclick: (e) => { e.preventDefault(); meetingScreen(app, id, key); } }, label))))),
    el("h2", { class: "govuk-visually-hidden" }, tabTitle),
    content);
}
