// The audit trail for administrators: newest first, a page at a time, and a check that
// the chain and the file are intact.

import { auditLog, verifyDatabase } from "../../api/audit.js";
import { button } from "../../kit/buttons.js";
import { dateTime } from "../../kit/dates.js";
import { el, heading, notice, para, screen } from "../../kit/dom.js";
import { table } from "../../kit/table.js";

/** @param {number} [page] */
export async function auditScreen(page = 0) {
  const entries = await auditLog(page);
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
  /**
   * @param {string} id
   * @param {number} to
   * @param {string} text
   */
  const pageLink = (id, to, text) =>
    el(
      "a",
      {
        class: "govuk-link",
        href: "#audit",
        id,
        onclick: (/** @type {Event} */ e) => {
          e.preventDefault();
          auditScreen(to);
        },
      },
      text,
    );
  const pager = el(
    "nav",
    { class: "govuk-pagination", "aria-label": "Audit pages" },
    page > 0 ? pageLink("audit-newer", page - 1, "Newer entries") : null,
    " ",
    entries.length === 50 ? pageLink("audit-older", page + 1, "Older entries") : null,
  );
  screen(
    "Audit trail",
    heading("Audit trail"),
    para("Every unlock, failed unlock, lock and change is recorded here and cannot be altered."),
    verify,
    result,
    table({
      id: "audit-table",
      caption: `Entries, page ${page + 1}`,
      captionSize: "m",
      head: ["When", "Who", "What", "Record", "Details"],
      rows: entries.map((e) => [
        dateTime(e.at),
        e.actor,
        e.action,
        e.subject,
        { class: "cd-detail", content: e.detail === "{}" ? "" : e.detail },
      ]),
    }),
    pager,
  );
}
