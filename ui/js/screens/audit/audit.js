// The audit trail for administrators: the file check (run at unlock, and again on request)
// at the top; then the trail newest first, fifty entries a page, filtered by person, case
// reference, type of event and days together, each entry with its label and its details in
// words from the core; and the entries the filters select exported as CSV.

import { auditLog, exportAudit, verifyDatabase } from "../../api/audit.js";
import { actionButton, button } from "../../kit/buttons.js";
import { fillDate } from "../../kit/datefield.js";
import { dateTime, longDate } from "../../kit/dates.js";
import { el, heading, notice, para, screen, section, summaryList } from "../../kit/dom.js";
import { form, renamed } from "../../kit/forms.js";
import { integritySection } from "../../kit/integrity.js";
import { pagination, table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";
import { labelOf, optionsOf, words } from "../../kit/words.js";

/** @import { AuditDetail, AuditPage, AuditQuery, Vocabularies } from "../../api/bindings.js" */

/** Each filter's field on this screen, by the name the core gives its errors. */
const FIELDS = {
  person: "filter-person",
  case_reference: "filter-case",
  action: "filter-action",
  from: "filter-from",
  to: "filter-to",
};

/** @param {AuditDetail[]} details */
const detailList = (details) =>
  details.length
    ? el(
        "ul",
        { class: "govuk-list govuk-body-s govuk-!-margin-bottom-0" },
        details.map((d) =>
          el("li", {}, el("span", { class: "govuk-!-font-weight-bold" }, `${d.label}: `), d.value),
        ),
      )
    : "";

/** The whole-file check now, shown as each of its three parts. */
function checkNow() {
  const result = el("div", { id: "verify-result", "aria-live": "polite" });
  const check = actionButton({
    id: "verify-button",
    label: "Check now",
    run: async () => {
      result.replaceChildren(para("Checking…"));
      try {
        const v = await verifyDatabase();
        result.replaceChildren(
          el(
            "p",
            { class: "govuk-body govuk-!-font-weight-bold" },
            `Checked just now: the database is intact and the audit trail of ${v.audit_rows} rows holds.`,
          ),
          summaryList([
            ["SQLite integrity check", `Passed (${v.integrity})`],
            ["Encrypted pages (SQLCipher check)", "Passed: every page authenticates"],
            ["Audit chain", `Holds: each of ${v.audit_rows} rows follows from the one before`],
          ]),
        );
      } catch (error) {
        result.replaceChildren(
          el(
            "div",
            { class: "govuk-error-summary", role: "alert" },
            el("h3", { class: "govuk-error-summary__title" }, "The check failed"),
            el(
              "div",
              { class: "govuk-error-summary__body" },
              para(error.message),
              para("Tell your information governance lead, and keep the laptop as it is."),
            ),
          ),
        );
      } finally {
        check.disabled = false;
      }
    },
  });
  return [check, result];
}

/**
 * What the table shows, in words: "Case viewed by Amara Okafor (amara) about CH-2026-0042".
 * @param {AuditPage} log
 * @param {Vocabularies} w
 */
function described(log, w) {
  const q = log.query;
  const person = log.people.find((p) => p.username === q.person)?.label ?? q.person;
  return [
    q.action ? labelOf(w.audit_actions, q.action) : "Entries",
    q.person ? ` by ${person}` : "",
    q.case_reference ? ` about ${q.case_reference}` : "",
    q.from ? ` from ${longDate(q.from)}` : "",
    q.to ? ` to ${longDate(q.to)}` : "",
  ].join("");
}

/**
 * The filters, as the log applied them; a refusal shows beside its field.
 * @param {AuditPage} log
 * @param {Vocabularies} w
 */
function filterForm(log, w) {
  const q = log.query;
  const any = { value: "", label: "Any" };
  const node = form({
    id: "audit-filter",
    fields: [
      {
        name: FIELDS.person,
        label: "Person",
        type: "select",
        value: q.person,
        options: [any, ...log.people.map((p) => ({ value: p.username, label: p.label }))],
      },
      {
        name: FIELDS.case_reference,
        label: "Case reference",
        hint: "For example, CH-2026-0042: its changes and views, and lists that showed it",
        value: q.case_reference,
        width: "medium",
      },
      {
        name: FIELDS.action,
        label: "Type of event",
        type: "select",
        value: q.action,
        options: [any, ...optionsOf(w.audit_actions)],
      },
      { name: FIELDS.from, label: "From (first day)", type: "date" },
      { name: FIELDS.to, label: "To (last day)", type: "date" },
    ],
    submitText: "Show entries",
    extra: [
      button({ id: "clear-audit-filter", label: "Clear filters", onclick: () => auditScreen() }),
    ],
    onSubmit: async (v) => {
      try {
        await auditScreen({
          person: v[FIELDS.person],
          case_reference: v[FIELDS.case_reference],
          action: v[FIELDS.action],
          from: v[FIELDS.from],
          to: v[FIELDS.to],
          page: 0,
        });
      } catch (error) {
        throw renamed(error, (field) => FIELDS[field] ?? field);
      }
    },
  });
  fillDate(node, FIELDS.from, q.from);
  fillDate(node, FIELDS.to, q.to);
  return node;
}

/**
 * The entries the filters select, every page, to a CSV file the person chooses.
 * @param {AuditQuery} query
 */
function exportButton(query) {
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  const save = actionButton({
    id: "export-audit",
    label: "Export these entries (CSV)",
    run: async () => {
      const saved = await exportAudit(query);
      save.disabled = false;
      if (saved) {
        result.replaceChildren(
          notice(`Saved ${plural(saved.rows, "entry", "entries")} to ${saved.path}`, "success"),
        );
      }
    },
  });
  return [
    para(
      "The file is marked OFFICIAL-SENSITIVE and holds every entry the filters select, oldest " +
        "first. Store and share it only as your council's handling rules allow. The export " +
        "is recorded in the audit trail.",
    ),
    save,
    result,
  ];
}

/** @param {Partial<AuditQuery>} [query] */
export async function auditScreen(query = {}) {
  const full = { action: "", person: "", case_reference: "", from: "", to: "", page: 0, ...query };
  const [log, w, check] = await Promise.all([auditLog(full), words(), integritySection()]);
  screen(
    "Audit trail",
    heading("Audit trail"),
    para("Every unlock, failed unlock, lock and change is recorded here and cannot be altered."),
    el("div", { class: "govuk-inset-text", id: "file-check" }, check, ...checkNow()),
    section("Filter the trail", filterForm(log, w)),
    table({
      id: "audit-table",
      caption: `${described(log, w)}: ${plural(log.total, "entry", "entries")}, page ${log.page + 1} of ${log.pages}`,
      captionSize: "m",
      head: ["When", "Who", "What", "Record", "Details"],
      rows: log.rows.map((e) => [
        dateTime(e.at),
        e.actor,
        e.action_label,
        e.subject,
        { class: "cd-detail", content: detailList(e.details) },
      ]),
    }),
    pagination({
      id: "audit-pages",
      label: "Audit trail pages",
      page: log.page,
      pages: log.pages,
      go: (to) => auditScreen({ ...log.query, page: to }),
    }),
    section("Export", ...exportButton(log.query)),
  );
}
