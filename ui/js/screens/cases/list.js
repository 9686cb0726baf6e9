// Referrals and cases: the filterable, sortable, paginated list with each case's next review
// (tagged when overdue), and the flags for support that is overdue or not being delivered.

import { listCases, supportFlags } from "../../api/cases.js";
import { button } from "../../kit/buttons.js";
import { shortDate } from "../../kit/dates.js";
import { details, el, emptyState, heading, screen } from "../../kit/dom.js";
import { filterCheckbox, filterSelect, inputValue } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { referenceOptions } from "../../kit/reference.js";
import { pagination, table } from "../../kit/table.js";
import { overdueTag, stageTag, tag } from "../../kit/tags.js";
import { plural } from "../../kit/text.js";
import { labelOf, words } from "../../kit/words.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { CaseQuery, Choice } from "../../api/bindings.js" */

/**
 * @param {App} app
 * @param {CaseQuery} [query]
 */
export async function casesScreen(app, query = { sort: "received", descending: true, page: 0 }) {
  const [page, concerns, sectors, flags, w] = await Promise.all([
    listCases(query),
    referenceOptions("concern_type", true),
    referenceOptions("sector", true),
    supportFlags(),
    words(),
  ]);
  /** @param {Choice[]} list @returns {[string, string][]} */
  const pairs = (list) => list.map((c) => [c.code, c.label]);
  const concernLabel = Object.fromEntries(concerns.map((c) => [c.value, c.label]));
  const sectorLabel = Object.fromEntries(sectors.map((c) => [c.value, c.label]));
  /** @param {CaseQuery} changes */
  const rerun = (changes) => casesScreen(app, { ...query, ...changes });

  // Search stays in view; the other filters fold away under a summary of those in use, so
  // that the table starts on the first screen.
  const active = [
    query.stage && `Stage: ${labelOf(w.stages, query.stage)}`,
    query.concern_type && `Type of concern: ${concernLabel[query.concern_type]}`,
    query.sector && `Referrer sector: ${sectorLabel[query.sector]}`,
    query.age_band && `Age band: ${query.age_band}`,
    query.flagged && "Only flagged support",
  ].filter(Boolean);
  const filter = el(
    "form",
    { class: "cd-filter", id: "case-filter", role: "search", "aria-label": "Filter cases" },
    el(
      "div",
      { class: "govuk-form-group cd-filter__item cd-filter__search" },
      el(
        "label",
        { class: "govuk-label govuk-label--s", for: "case-search" },
        "Search by name, other name or reference",
      ),
      el("input", {
        class: "govuk-input",
        id: "case-search",
        name: "search",
        type: "search",
        value: query.search || "",
        autocomplete: "off",
        spellcheck: "false",
      }),
    ),
    el(
      "button",
      { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-filter" },
      "Search",
    ),
    details(
      active.length
        ? `Filters: ${active.join("; ")}`
        : "Filter by stage, type of concern, sector, age band or flagged support",
      "open-case-filters",
      el(
        "div",
        { class: "cd-filter cd-filter--inner" },
        filterSelect("filter-stage", "Stage", pairs(w.stages), query.stage),
        filterSelect(
          "filter-concern",
          "Type of concern",
          concerns.map((c) => [c.value, c.label]),
          query.concern_type,
        ),
        filterSelect(
          "filter-sector",
          "Referrer sector",
          sectors.map((c) => [c.value, c.label]),
          query.sector,
        ),
        filterSelect("filter-age", "Age band", pairs(w.age_bands), query.age_band),
        filterCheckbox("filter-flagged", "Only flagged support", query.flagged === true),
        el(
          "button",
          {
            type: "submit",
            class: "govuk-button govuk-button--secondary",
            id: "apply-case-filters",
          },
          "Apply filters",
        ),
      ),
    ),
  );
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    rerun({
      search: inputValue("case-search"),
      stage: inputValue("filter-stage"),
      concern_type: inputValue("filter-concern"),
      sector: inputValue("filter-sector"),
      age_band: inputValue("filter-age"),
      flagged: /** @type {HTMLInputElement} */ (document.getElementById("filter-flagged")).checked,
      page: 0,
    });
  });

  /**
   * @param {"received" | "reference" | "name" | "stage"} key
   * @param {string} label
   */
  const sortHeader = (key, label) => {
    const active = (query.sort || "received") === key;
    return {
      attrs: { "aria-sort": active ? (query.descending ? "descending" : "ascending") : "none" },
      content: el(
        "button",
        {
          type: "button",
          class: "cd-sort",
          id: `sort-${key}`,
          onclick: () =>
            rerun({ sort: key, descending: active ? !query.descending : false, page: 0 }),
        },
        label,
      ),
    };
  };
  const filtered = query.search || active.length > 0;
  const list =
    page.total === 0
      ? emptyState(
          "No cases found",
          filtered
            ? "No case matches these filters. Change or clear them."
            : "No referrals are recorded yet. Use “Record a referral” to add the first one.",
        )
      : table({
          id: "cases-table",
          caption: `${plural(page.total, "case", "cases")}, page ${page.page + 1} of ${page.pages}`,
          head: [
            sortHeader("reference", "Reference"),
            sortHeader("name", "Name"),
            "Age",
            sortHeader("stage", "Stage"),
            "Type of concern",
            sortHeader("received", "Received"),
            "Next review",
          ],
          rows: page.rows.map((r) => [
            routeLink("case", { id: r.id }, { id: `open-${r.reference}` }, r.reference),
            [
              r.full_name,
              r.other_names
                ? el("span", { class: "govuk-hint cd-other-names" }, ` (${r.other_names})`)
                : null,
            ],
            r.age ?? "Not known",
            [
              stageTag(r.stage, r.stage_label),
              r.flagged ? [" ", tag("Support flagged", "red")] : null,
            ],
            concernLabel[r.concern_type] || r.concern_type,
            shortDate(r.received_on),
            r.next_review
              ? [
                  `${r.next_review.what} ${shortDate(r.next_review.due_on)}`,
                  overdueTag(r.next_review.overdue),
                ]
              : "None due",
          ]),
        });

  const pager = pagination({
    id: "cases-pages",
    label: "Case list pages",
    page: page.page,
    pages: page.pages,
    go: (to) => rerun({ page: to }),
  });

  // One line until opened: each flagged case also carries a tag in the table.
  const flagList = flags.length
    ? details(
        `Flagged support across all cases (${flags.length})`,
        "open-flags",
        el(
          "ul",
          { class: "govuk-list govuk-list--bullet", id: "flags" },
          flags.map((f) =>
            el(
              "li",
              {},
              routeLink("case", { id: f.case_id }, {}, f.reference),
              ` ${f.full_name}: ${f.problem}`,
            ),
          ),
        ),
      )
    : null;

  const canRecord = app.person.may.record_casework;
  screen(
    "Referrals and cases",
    el(
      "div",
      { class: "cd-heading-row" },
      heading("Referrals and cases"),
      canRecord
        ? button({
            id: "new-referral",
            label: "Record a referral",
            variant: "primary",
            onclick: () => navigate("referral"),
          })
        : null,
    ),
    flagList,
    filter,
    list,
    pager,
  );
}
