// The audit trail for administrators: newest first, a page at a time, of every event or one
// type of event, each with its label and its details in words from the core; and a check
// that the chain and the file are intact.

import { auditLog, verifyDatabase } from "../../api/audit.js";
import { button } from "../../kit/buttons.js";
import { dateTime } from "../../kit/dates.js";
import { el, heading, notice, para, screen } from "../../kit/dom.js";
import { filterSelect, inputValue } from "../../kit/forms.js";
import { pagination, table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";
import { labelOf, words } from "../../kit/words.js";

/** @import { AuditDetail, AuditQuery } from "../../api/bindings.js" */

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

/** @param {AuditQuery} [query] */
export async function auditScreen(query = { action: "", page: 0 }) {
  const [log, w] = await Promise.all([auditLog(query), words()]);
  const result = el("div", { id: "verify-result", "aria-live": "polite" });
  const verify = button({
    id: "verify-button",
    label: "Verify the database and audit trail",
    onclick: async () => {
      verify.disabled = true;
      result.replaceChildren(para("Checking…"));
      try {
        const v = await verifyDatabase();
        result.replaceChildren(
          notice(
            `The database is intact and the audit trail of ${v.audit_rows} rows holds.`,
            "success",
          ),
        );
      } catch (error) {
        result.replaceChildren(
          el(
            "div",
            { class: "govuk-error-summary", role: "alert" },
            el("h2", { class: "govuk-error-summary__title" }, "The check failed"),
            el("div", { class: "govuk-error-summary__body" }, para(error.message)),
          ),
        );
      } finally {
        verify.disabled = false;
      }
    },
  });
  const filter = el(
    "form",
    {
      class: "cd-filter",
      id: "audit-filter",
      role: "search",
      "aria-label": "Filter the audit trail",
    },
    filterSelect(
      "filter-action",
      "Type of event",
      w.audit_actions.map((c) => [c.code, c.label]),
      query.action,
    ),
    el(
      "button",
      { type: "submit", class: "govuk-button govuk-button--secondary", id: "apply-audit-filter" },
      "Show",
    ),
  );
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    auditScreen({ action: inputValue("filter-action"), page: 0 });
  });
  const what = query.action ? labelOf(w.audit_actions, query.action) : "Entries";
  screen(
    "Audit trail",
    heading("Audit trail"),
    para("Every unlock, failed unlock, lock and change is recorded here and cannot be altered."),
    verify,
    result,
    filter,
    table({
      id: "audit-table",
      caption: `${what}: ${plural(log.total, "entry", "entries")}, page ${log.page + 1} of ${log.pages}`,
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
      go: (to) => auditScreen({ ...query, page: to }),
    }),
  );
}
