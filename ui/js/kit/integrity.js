// For administrators on Home and the audit screen: the check of the whole file run in the
// background at each unlock (SQLite's and SQLCipher's integrity checks and the audit chain),
// and where the audit trail ends, to note somewhere else.

import { integrityStatus } from "../api/audit.js";
import { dateTime } from "./dates.js";
import { el, para } from "./dom.js";

/** @import { IntegrityView } from "../api/bindings.js" */

/** @param {IntegrityView} view */
function describe({ status, head }) {
  const ends = head ? para(`The audit trail ends at ${head}.`) : null;
  switch (status.state) {
    case "running":
      return [para("The file and its audit trail are being checked…")];
    case "passed":
      return [
        para(
          `Checked on ${dateTime(status.checked_at)}: the file is intact and the audit ` +
            `trail of ${status.audit_rows} rows holds.`,
        ),
        ends,
      ];
    case "failed":
      return [
        el(
          "div",
          { class: "govuk-error-summary", role: "alert", id: "integrity-failed" },
          el("h3", { class: "govuk-error-summary__title" }, "The check of the file failed"),
          el(
            "div",
            { class: "govuk-error-summary__body" },
            para(status.message),
            para("Tell your information governance lead, and keep the laptop as it is."),
          ),
        ),
        ends,
      ];
    default:
      return [para("Not checked since this unlock."), ends];
  }
}

/** The section, kept up to date while the check runs and Home is on screen. */
export async function integritySection() {
  const body = el("div", { id: "integrity", "aria-live": "polite" });
  const show = async () => {
    const view = await integrityStatus();
    body.replaceChildren(...describe(view));
    if (view.status.state === "running") {
      setTimeout(() => {
        if (body.isConnected) show().catch(() => {});
      }, 1000);
    }
  };
  await show();
  return el(
    "section",
    { "aria-labelledby": "integrity-title" },
    el("h2", { class: "govuk-heading-m", id: "integrity-title" }, "File check"),
    body,
  );
}
