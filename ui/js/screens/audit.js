// The audit trail for administrators: newest first, a page at a time, and a check that
// the chain and the file are intact.

import { call } from "../api.js";
import { dateTime, el, heading, notice, para, screen } from "../dom.js";

export async function auditScreen(page = 0) {
  const entries = await call("audit_log", { page });
  const result = el("div", { id: "verify-result", "aria-live": "polite" });
  const verify = el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: "verify-button" }, "Verify the database and audit trail");
  verify.addEventListener("click", async () => {
    verify.disabled = true;
    result.replaceChildren(para("Checking…"));
    try {
      const v = await call("verify_database");
      result.replaceChildren(notice(`The database is intact and the audit trail of ${v.audit_rows} rows holds.`, "success"));
    } catch (error) {
      result.replaceChildren(el("div", { class: "govuk-error-summary", role: "alert" },
        el("h2", { class: "govuk-error-summary__title" }, "The check failed"),
        el("div", { class: "govuk-error-summary__body" }, para(error.message))));
    } finally {
      verify.disabled = false;
    }
  });
  const pager = el("nav", { class: "govuk-pagination", "aria-label": "Audit pages" },
    page > 0 ? el("a", { class: "govuk-link", href: "#audit", id: "audit-newer", onclick: (e) => { e.preventDefault(); auditScreen(page - 1); } }, "Newer entries") : null,
    " ",
    entries.length === 50 ? el("a", { class: "govuk-link", href: "#audit", id: "audit-older", onclick: (e) => { e.preventDefault(); auditScreen(page + 1); } }, "Older entries") : null);
  screen("Audit trail",
    heading("Audit trail"),
    para("Every unlock, failed unlock, lock and change is recorded here and cannot be altered."),
    verify, result,
    el("table", { class: "govuk-table", id: "audit-table" },
      el("caption", { class: "govuk-table__caption govuk-table__caption--m" }, `Entries, page ${page + 1}`),
      el("thead", { class: "govuk-table__head" },
        el("tr", { class: "govuk-table__row" },
          ["When", "Who", "What", "Record", "Details"].map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
      el("tbody", { class: "govuk-table__body" },
        entries.map((e) => el("tr", { class: "govuk-table__row" },
          el("td", { class: "govuk-table__cell" }, dateTime(e.at)),
          el("td", { class: "govuk-table__cell" }, e.actor),
          el("td", { class: "govuk-table__cell" }, e.action),
          el("td", { class: "govuk-table__cell" }, e.subject),
          el("td", { class: "govuk-table__cell cd-detail" }, e.detail === "{}" ? "" : e.detail))))),
    pager);
}
