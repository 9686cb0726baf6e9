// Referrals and cases: the filterable, sortable, paginated list, and the flags for support
// that is overdue or not being delivered.

import { call } from "../api.js";
import { el, heading, para, screen, shortDate } from "../dom.js";
import { caseScreen } from "./case.js";
import { newReferral } from "./referral.js";

const STAGES = [
  ["referral_received", "Referral received"], ["screening", "Police screening"], ["assessment", "Assessment"],
  ["awaiting_panel", "Awaiting panel"], ["adopted", "Adopted (in Channel)"], ["not_adopted", "Not adopted"],
  ["support", "In support"], ["exited", "Exited: 6-month review due"], ["six_month_review_done", "12-month review due"], ["closed", "Closed"],
];
const AGE_BANDS = ["10 or under", "11-15", "16-17", "18-20", "21-30", "31-40", "41-50", "51-60", "61+"];
const STAGE_COLOURS = { awaiting_panel: "yellow", adopted: "blue", support: "blue", exited: "purple", six_month_review_done: "purple", closed: "grey", not_adopted: "grey" };

export function stageTag(stage, label) {
  return el("strong", { class: `govuk-tag govuk-tag--${STAGE_COLOURS[stage] || "light-blue"}` }, label);
}

export async function referenceOptions(kind, includeRetired = false) {
  const items = await call("reference_items", { kind });
  return items.filter((i) => includeRetired || !i.retired).map((i) => ({ value: i.code, label: i.label, grouping: i.grouping }));
}

function select(id, label, options, value) {
  return el("div", { class: "govuk-form-group cd-filter__item" },
    el("label", { class: "govuk-label govuk-label--s", for: id }, label),
    el("select", { class: "govuk-select", id, name: id },
      el("option", { value: "" }, "Any"),
      options.map(([v, l]) => el("option", { value: v, selected: v === value }, l))));
}

export async function casesScreen(app, query = { sort: "received", descending: true, page: 0 }) {
  const [page, concerns, sectors, flags] = await Promise.all([
    call("list_cases", { query }),
    referenceOptions("concern_type", true),
    referenceOptions("sector", true),
    call("support_flags"),
  ]);
  const concernLabel = Object.fromEntries(concerns.map((c) => [c.value, c.label]));
  const rerun = (changes) => casesScreen(app, { ...query, ...changes });

  const filter = el("form", { class: "cd-filter", id: "case-filter", role: "search", "aria-label": "Filter cases" },
    el("div", { class: "govuk-form-group cd-filter__item cd-filter__search" },
      el("label", { class: "govuk-label govuk-label--s", for: "case-search" }, "Search by name, other name or reference"),
      el("input", { class: "govuk-input", id: "case-search", name: "search", type: "search", value: query.search || "", autocomplete: "off", spellcheck: "false" })),
    select("filter-stage", "Stage", STAGES, query.stage),
    select("filter-concern", "Type of concern", concerns.map((c) => [c.value, c.label]), query.concern_type),
    select("filter-sector", "Referrer sector", sectors.map((c) => [c.value, c.label]), query.sector),
    select("filter-age", "Age band", AGE_BANDS.map((b) => [b, b]), query.age_band),
    el("div", { class: "govuk-form-group cd-filter__item govuk-checkboxes govuk-checkboxes--small" },
      el("div", { class: "govuk-checkboxes__item" },
        el("input", { class: "govuk-checkboxes__input", id: "filter-flagged", type: "checkbox", checked: query.flagged === true }),
        el("label", { class: "govuk-label govuk-checkboxes__label", for: "filter-flagged" }, "Only flagged support"))),
    el("button", { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-filter" }, "Apply"));
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = (id) => document.getElementById(id).value;
    rerun({ search: v("case-search"), stage: v("filter-stage"), concern_type: v("filter-concern"), sector: v("filter-sector"), age_band: v("filter-age"), flagged: document.getElementById("filter-flagged").checked, page: 0 });
  });

  const sortHeader = (key, label) => {
    const active = (query.sort || "received") === key;
    const sort = active ? (query.descending ? "descending" : "ascending") : "none";
    return el("th", { scope: "col", class: "govuk-table__header", "aria-sort": sort },
      el("button", { type: "button", class: "cd-sort", id: `sort-${key}`, onclick: () => rerun({ sort: key, descending: active ? !query.descending : false, page: 0 }) }, label));
  };
  const cell = (...c) => el("td", { class: "govuk-table__cell" }, ...c);
  const table = page.total === 0
    ? el("div", { class: "cd-empty", id: "empty-state" },
      el("h2", { class: "govuk-heading-m" }, "No cases found"),
      para(query.search || query.stage || query.concern_type || query.sector || query.age_band || query.flagged
        ? "No case matches these filters. Change or clear them."
        : "No referrals are recorded yet. Use “Record a referral” to add the first one."))
    : el("table", { class: "govuk-table", id: "cases-table" },
      el("caption", { class: "govuk-table__caption govuk-table__caption--s" }, `${page.total} ${page.total === 1 ? "case" : "cases"}, page ${page.page + 1} of ${page.pages}`),
      el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" },
        sortHeader("reference", "Reference"), sortHeader("name", "Name"),
        el("th", { scope: "col", class: "govuk-table__header" }, "Age"),
        sortHeader("stage", "Stage"),
        el("th", { scope: "col", class: "govuk-table__header" }, "Type of concern"),
        sortHeader("received", "Received"))),
      el("tbody", { class: "govuk-table__body" }, page.rows.map((r) => el("tr", { class: "govuk-table__row" },
        cell(el("a", { href: "#case", class: "govuk-link", id: `open-${r.reference}`, onclick: (e) => { e.preventDefault(); caseScreen(app, r.id); } }, r.reference)),
        cell(r.full_name, r.other_names ? el("span", { class: "govuk-hint cd-other-names" }, ` (${r.other_names})`) : null),
        cell(r.age ?? "Not known"),
        cell(stageTag(r.stage, r.stage_label), r.flagged ? [" ", el("strong", { class: "govuk-tag govuk-tag--red" }, "Support flagged")] : null),
        cell(concernLabel[r.concern_type] || r.concern_type),
        cell(shortDate(r.received_on))))));

  const pager = page.pages > 1 ? el("nav", { class: "govuk-pagination", "aria-label": "Case list pages" },
    page.page > 0 ? el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: "page-previous", onclick: () => rerun({ page: page.page - 1 }) }, "Previous page") : null,
    " ",
    page.page + 1 < page.pages ? el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: "page-next", onclick: () => rerun({ page: page.page + 1 }) }, "Next page") : null) : null;

  const flagList = flags.length ? el("div", { class: "govuk-inset-text", id: "flags" },
    el("h2", { class: "govuk-heading-s" }, `Flagged support (${flags.length})`),
    el("ul", { class: "govuk-list govuk-list--bullet" }, flags.map((f) => el("li", {},
      el("a", { href: "#case", class: "govuk-link", onclick: (e) => { e.preventDefault(); caseScreen(app, f.case_id); } }, f.reference), ` ${f.full_name}: ${f.problem}`)))) : null;

  const canRecord = app.person.role !== "panel_member";
  screen("Referrals and cases",
    heading("Referrals and cases"),
    canRecord ? el("button", { type: "button", class: "govuk-button", id: "new-referral", onclick: () => newReferral(app) }, "Record a referral") : null,
    flagList, filter, table, pager);
}
