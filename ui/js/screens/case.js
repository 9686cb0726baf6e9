// One case's record: a summary card and sub-navigation (Summary · Timeline · VAF · Consent ·
// Support · Decisions · Notes). Each section offers the actions the journey allows; the core
// decides, and its refusal is shown with the rule it names.

import { call } from "../api.js";
import { details, el, heading, longDate, notice, para, screen, section, shortDate, summaryList } from "../dom.js";
import { form } from "../forms.js";
import { referenceOptions, stageTag } from "./cases.js";

const TABS = [["summary", "Summary"], ["timeline", "Timeline"], ["vaf", "VAF"], ["consent", "Consent"], ["support", "Support"], ["decisions", "Decisions"], ["notes", "Notes"]];
const YES_NO = (v) => (v === 1 ? "Yes" : v === 0 ? "No" : "Not recorded");

/** `toData` turns the form's values into what the action takes, where they differ. */
function actionForm(app, record, tab, id, action, fields, submitText, message, target = record.id, toData = (v) => v) {
  return form({
    id,
    fields,
    submitText,
    onSubmit: async (v) => {
      await call("case_action", { id: target, action, data: toData(v) });
      await caseScreen(app, record.id, tab, message);
    },
  });
}

function actionButton(app, record, tab, id, action, label, message) {
  const button = el("button", { type: "button", class: "govuk-button govuk-button--secondary", id }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await call("case_action", { id: record.id, action, data: {} });
      await caseScreen(app, record.id, tab, message);
    } catch (error) {
      button.disabled = false;
      button.after(el("p", { class: "govuk-error-message", role: "alert" }, error.message));
    }
  });
  return button;
}

function summaryTab(app, r) {
  const ref = r.referral;
  const canRecord = app.person.role !== "panel_member";
  const actions = [];
  if (canRecord && r.stage === "referral_received") actions.push(actionButton(app, r, "summary", "start-screening", "start_screening", "Send for police screening", "Sent for police screening"));
  if (canRecord && ["referral_received", "screening"].includes(r.stage)) {
    actions.push(section("Record the police screening outcome", actionForm(app, r, "summary", "screening-form", "screening", [
      { name: "screened_on", label: "Date screened", type: "date" },
      { name: "outcome", label: "Outcome", type: "radios", options: [
        { value: "suitable_for_channel", label: "Suitable for Channel" },
        { value: "police_led_case_management", label: "Police-led case management" },
        { value: "passed_to_other_services", label: "Not appropriate: passed to other safeguarding services" },
        { value: "not_appropriate_no_further_action", label: "Not appropriate: no further action" }] },
      { name: "information_gathering", label: "Information gathering", hint: "What partners shared, and information sharing requests", type: "textarea" },
    ], "Save screening outcome", "Screening outcome recorded")));
  }
  if (canRecord && r.stage === "assessment") actions.push(actionButton(app, r, "summary", "send-to-panel", "send_to_panel", "Send to the panel", "Ready for the panel"));
  if (canRecord && ["exited", "six_month_review_done"].includes(r.stage)) {
    const months = r.stage === "exited" ? 6 : 12;
    actions.push(section(`Record the ${months}-month review`, actionForm(app, r, "summary", "review-form", "review", [
      { name: "reviewed_on", label: "Date of review", type: "date" },
      { name: "notes", label: "What the review found", type: "textarea" },
    ], "Save review", "Review recorded", r.id, (v) => ({ ...v, months }))));
  }
  if (canRecord && ["closed", "not_adopted"].includes(r.stage)) {
    actions.push(section("Re-refer", para("A new referral for this person opens a new episode; the history stays."), actionForm(app, r, "summary", "rerefer-form", "re_refer", [
      { name: "received_on", label: "Date the new referral was received", type: "date" },
      { name: "concern", label: "The new concern", type: "textarea" },
    ], "Re-refer", "Re-referred as a new episode")));
  }
  return [
    summaryList([
      ["Received", longDate(ref.received_on)],
      ["Referrer", [ref.referrer_name, ref.referrer_organisation].filter(Boolean).join(", ")],
      ["Referrer sector", r.sector_label],
      ["Other names", ref.other_names],
      ["Date of birth", ref.date_of_birth ? longDate(ref.date_of_birth) : ref.approximate_age !== null ? `Not known (about ${ref.approximate_age} at referral)` : ""],
      ["Gender", ref.gender],
      ["Address", [ref.address, ref.postcode].filter(Boolean).join(", ")],
      ["School, college or employer", ref.school_or_employer],
      ["Languages", ref.languages],
      ["Ethnicity", ref.ethnicity],
      ["Type of concern", r.concern_type_label],
      ["The concern", ref.concern],
      ["Needs", [ref.needs_mental_health && "Mental health", ref.needs_neurodiversity && "Neurodiversity", ref.needs_sen && "Special educational needs"].filter(Boolean).join(", ") || "None recorded"],
      ["Other agencies", ref.other_agencies],
      ["MASH informed", YES_NO(ref.mash_informed)],
    ]),
    ...actions.map((a) => el("div", { class: "cd-action" }, a)),
  ];
}

function timelineTab(r) {
  return el("div", { class: "moj-timeline", id: "timeline" }, r.timeline.map((e) => el("div", { class: "moj-timeline__item" },
    el("div", { class: "moj-timeline__header" },
      el("h3", { class: "moj-timeline__title" }, e.summary),
      el("p", { class: "moj-timeline__byline" }, `by ${e.recorded_by}${e.episode > 1 ? `, episode ${e.episode}` : ""}`)),
    el("p", { class: "moj-timeline__date" }, el("time", { datetime: e.happened_on }, longDate(e.happened_on))))));
}

async function vafTab(app, r) {
  const factors = await referenceOptions("vaf_factor");
  const canRecord = app.person.role !== "panel_member" && ["assessment", "awaiting_panel", "adopted", "support"].includes(r.stage);
  const dimensions = [["engagement", "Engagement"], ["intent", "Intent"], ["capability", "Capability"]];
  const assessments = r.assessments.map((a) => section(`Assessment of ${longDate(a.assessed_on)} by ${a.assessor}`,
    a.changes.length ? el("div", { class: "govuk-inset-text" }, el("h3", { class: "govuk-heading-s" }, "Changed since the previous assessment"), el("ul", { class: "govuk-list govuk-list--bullet" }, a.changes.map((c) => el("li", {}, c)))) : null,
    dimensions.map(([key, label]) => [
      el("h3", { class: "govuk-heading-s" }, label),
      el("ul", { class: "govuk-list govuk-list--bullet" }, a.factors.filter((f) => f.dimension === key && f.applies).map((f) => el("li", {}, f.label, f.notes ? `: ${f.notes}` : ""))),
      para(a[`${key}_summary`]),
    ]),
    el("h3", { class: "govuk-heading-s" }, "Conclusion"), para(a.conclusion)));
  const record = canRecord ? details("Record a VAF assessment", "open-vaf-form", form({
    id: "vaf-form",
    fields: [
      { name: "assessed_on", label: "Date of assessment", type: "date" },
      { name: "assessor", label: "Assessor" },
      ...dimensions.flatMap(([key, label]) => [
        { type: "section", label: `${label}: factors that apply` },
        ...factors.filter((f) => f.grouping === key).map((f) => ({ name: `factor-${f.value}`, label: f.label, type: "checkbox" })),
        { name: `${key}_summary`, label: `${label} summary`, type: "textarea", rows: 3 },
      ]),
      { name: "conclusion", label: "Conclusion", type: "textarea", rows: 3 },
    ],
    submitText: "Save assessment",
    onSubmit: async (v) => {
      const data = { ...v, factors: factors.map((f) => ({ factor: f.value, applies: v[`factor-${f.value}`], notes: "" })) };
      await call("case_action", { id: r.id, action: "assessment", data });
      await caseScreen(app, r.id, "vaf", "VAF assessment recorded");
    },
  })) : null;
  return [record, assessments.length ? assessments : para("No VAF assessment is recorded yet.")];
}

function consentTab(app, r) {
  const list = r.consents.length ? el("table", { class: "govuk-table", id: "consent-table" },
    el("caption", { class: "govuk-table__caption govuk-table__caption--s" }, "Consent records, newest first"),
    el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" }, ["Answer", "Date", "By", "Sought", "Capacity notes"].map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
    el("tbody", { class: "govuk-table__body" }, r.consents.map((c) => el("tr", { class: "govuk-table__row" },
      el("td", { class: "govuk-table__cell" }, el("strong", { class: `govuk-tag govuk-tag--${{ given: "green", refused: "red", withdrawn: "orange" }[c.status]}` }, c.status)),
      el("td", { class: "govuk-table__cell" }, shortDate(c.status_on)),
      el("td", { class: "govuk-table__cell" }, c.given_by === "parent_guardian" ? `${c.guardian_name} (${c.guardian_relationship})` : "The person"),
      el("td", { class: "govuk-table__cell" }, `${shortDate(c.sought_on)} by ${c.sought_by}`),
      el("td", { class: "govuk-table__cell" }, c.capacity_notes))))) : para("No consent is recorded yet. Consent is sought after the panel adopts the case.");
  const canRecord = app.person.role !== "panel_member" && ["adopted", "support"].includes(r.stage);
  return [
    r.consent_withdrawn ? el("div", { class: "govuk-warning-text" }, el("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"), el("strong", { class: "govuk-warning-text__text" }, "Consent has been withdrawn: the chair should consider exit or other support.")) : null,
    list,
    canRecord ? section("Record consent", actionForm(app, r, "consent", "consent-form", "consent", [
      { name: "sought_on", label: "Date consent was sought", type: "date" },
      { name: "sought_by", label: "Sought by" },
      { name: "status", label: "Answer", type: "radios", options: [{ value: "given", label: "Given" }, { value: "refused", label: "Refused" }, { value: "withdrawn", label: "Withdrawn" }] },
      { name: "status_on", label: "Date of the answer", type: "date" },
      { name: "given_by", label: "Who answered", hint: "For a person under 18, a parent or guardian", type: "radios", options: [{ value: "individual", label: "The person" }, { value: "parent_guardian", label: "A parent or guardian" }] },
      { name: "guardian_name", label: "Parent or guardian's name" },
      { name: "guardian_relationship", label: "Their relationship to the person", width: "medium" },
      { name: "capacity_notes", label: "Capacity notes", type: "textarea", rows: 2 },
    ], "Save consent", "Consent recorded")) : null,
  ];
}

async function supportTab(app, r) {
  const canRecord = app.person.role !== "panel_member" && ["adopted", "support"].includes(r.stage);
  const types = canRecord ? await referenceOptions("intervention_type") : [];
  const items = r.interventions.map((i) => section(`${i.kind}: ${i.provider}`,
    i.flag ? el("p", {}, el("strong", { class: "govuk-tag govuk-tag--red", id: `flag-${i.id}` }, i.flag)) : null,
    summaryList([
      ["Status", i.status],
      ["Start", shortDate(i.start_on)],
      ["Planned end", shortDate(i.planned_end_on)],
      ["Funding", i.funding],
      ["Sessions", `${i.sessions_delivered} of ${i.sessions_planned} delivered${i.last_session_on ? `, last on ${shortDate(i.last_session_on)}` : ""}`],
      ["Outcome", i.outcome],
    ]),
    canRecord ? details("Change the status", `open-status-${i.id}`, actionForm(app, r, "support", `status-form-${i.id}`, "update_intervention", [
      { name: `status-${i.id}`, label: "Status", type: "select", value: i.status, options: ["planned", "active", "paused", "completed", "stopped"].map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })) },
      { name: `outcome-${i.id}`, label: "Outcome", hint: "Required when support is completed or stopped", type: "textarea", rows: 2 },
    ], "Save status", "Support updated", i.id, (v) => ({ status: v[`status-${i.id}`], outcome: v[`outcome-${i.id}`] }))) : null,
    canRecord && i.status === "active" ? details("Record a session", `open-session-${i.id}`, actionForm(app, r, "support", `session-form-${i.id}`, "session", [
      { name: `session_on-${i.id}`, label: "Date of the session", type: "date" },
    ], "Save session", "Session recorded", i.id, (v) => ({ session_on: v[`session_on-${i.id}`] }))) : null));
  return [
    items.length ? items : para("No support is planned yet."),
    canRecord ? section("Plan support", actionForm(app, r, "support", "intervention-form", "add_intervention", [
      { name: "kind", label: "Type of support", type: "select", options: [{ value: "", label: "Choose" }, ...types] },
      { name: "provider", label: "Provider" },
      { name: "start_on", label: "Start date", type: "date" },
      { name: "planned_end_on", label: "Planned end date", type: "date" },
      { name: "funding", label: "Funding source" },
      { name: "sessions_planned", label: "Sessions planned", width: "short", inputmode: "numeric" },
    ], "Add support", "Support planned")) : null,
  ];
}

export const DECISION_LABELS = { adopt: "Adopt (enter Channel)", not_adopt: "Not adopt", remain: "Remain", exit: "Exit" };
export const HOW_REACHED = { consensus: "Consensus", majority: "Majority", chair_casting: "Chair's casting decision" };

/** The panel decision's fields; in a meeting the date is the meeting's. */
export function decisionFields(withDate) {
  return [
    { name: "kind", label: "Decision", type: "radios", options: Object.entries(DECISION_LABELS).map(([value, label]) => ({ value, label })) },
    withDate ? { name: "decided_on", label: "Date of the decision", type: "date" } : null,
    { name: "rationale", label: "Rationale", type: "textarea" },
    { name: "how_reached", label: "How it was reached", type: "radios", options: Object.entries(HOW_REACHED).map(([value, label]) => ({ value, label })) },
    { name: "signposted_to", label: "Signposted to (when not adopted)", hint: "For example early help, children's or adults' social care, mental health services" },
    { name: "exit_reason", label: "Reason for exit (when exiting)", type: "radios", options: [{ value: "risk_removed_or_reduced", label: "Risk removed or significantly reduced" }, { value: "consent_withdrawn", label: "Consent withdrawn" }, { value: "other", label: "Other" }] },
  ].filter(Boolean);
}

function decisionsTab(app, r) {
  const list = r.decisions.length ? r.decisions.map((d) => section(`${DECISION_LABELS[d.kind]} on ${longDate(d.decided_on)}`, summaryList([
    ["Rationale", d.rationale], ["How reached", HOW_REACHED[d.how_reached]],
    d.signposted_to ? ["Signposted to", d.signposted_to] : null,
    d.exit_reason ? ["Exit reason", d.exit_reason.replaceAll("_", " ")] : null,
    ["Recorded by", d.recorded_by]]))) : para("No panel decision is recorded yet.");
  const canRecord = app.person.role !== "panel_member";
  return [
    canRecord ? section("Record a panel decision", actionForm(app, r, "decisions", "decision-form", "decision", decisionFields(true), "Save decision", "Decision recorded")) : null,
    list,
  ];
}

function notesTab(app, r) {
  return [
    app.person.role !== "panel_member" ? actionForm(app, r, "notes", "note-form", "note", [{ name: "note", label: "Add a note", type: "textarea" }], "Save note", "Note added") : null,
    r.notes.length ? r.notes.map((n) => el("div", { class: "cd-note" }, el("p", { class: "govuk-body-s cd-note__meta" }, `${longDate(n.written_on)}, ${n.author}`), el("p", { class: "govuk-body cd-note__text" }, n.text))) : para("No notes yet."),
  ];
}

export async function caseScreen(app, id, tab = "summary", message) {
  const r = await call("case_record", { id });
  const content = {
    summary: () => summaryTab(app, r),
    timeline: () => timelineTab(r),
    vaf: () => vafTab(app, r),
    consent: () => consentTab(app, r),
    support: () => supportTab(app, r),
    decisions: () => decisionsTab(app, r),
    notes: () => notesTab(app, r),
  }[tab];
  const body = await content();
  const tabTitle = TABS.find(([k]) => k === tab)[1];
  screen(`${r.reference} ${tabTitle}`,
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, r.reference),
    heading(r.referral.full_name),
    el("div", { class: "cd-case-summary", id: "case-summary" },
      summaryList([
        ["Reference", r.reference + (r.episode > 1 ? `, episode ${r.episode}` : "")],
        ["Age today", r.age_today ?? "Not known"],
        ["Stage", [stageTag(r.stage, r.stage_label), ` for ${r.days_in_stage} ${r.days_in_stage === 1 ? "day" : "days"}`]],
        ["Next review", r.next_review ? `${r.next_review[0]} due ${longDate(r.next_review[1])}` : "None due"],
      ])),
    el("nav", { class: "moj-sub-navigation", "aria-label": "Case record sections" },
      el("ul", { class: "moj-sub-navigation__list" }, TABS.map(([key, label]) => el("li", { class: "moj-sub-navigation__item" },
        el("a", { class: "moj-sub-navigation__link", href: `#${key}`, id: `tab-${key}`, "aria-current": key === tab ? "page" : null, onclick: (e) => { e.preventDefault(); caseScreen(app, id, key); } }, label))))),
    el("h2", { class: "govuk-visually-hidden" }, tabTitle),
    body);
}
