// Cases past their retention period, for administrators: each case closed longer ago than
// the retention period, and erasing one or all of them after a confirmation. The core
// decides which cases are due and what erasing removes.

import { casesPastRetention, eraseCases } from "../../api/retention.js";
import { actionButton, button } from "../../kit/buttons.js";
import { longDate } from "../../kit/dates.js";
import { el, emptyState, heading, notice, para, screen, warningText } from "../../kit/dom.js";
import { routeLink } from "../../kit/navigate.js";
import { table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";

/** @import { DueCase } from "../../api/bindings.js" */

const WHAT_GOES =
  "Erasing removes everything that names or describes the person: name, other names, date " +
  "of birth, address, school or employer, the referral's words, notes, the timeline, " +
  "assessments, what screening, decisions, consent and support recorded in words, what " +
  "the panel's minutes said about them, actions about them, and the kept copies of full " +
  "minutes that named them. The statistics keep the anonymised facts (dates, categories, " +
  "age on referral, outcomes), so past figures do not change. The audit trail keeps that " +
  "the case was erased, when and by whom, but no longer what its entries said about the " +
  "person.";

/** @param {string} [message] */
export async function retentionScreen(message) {
  const review = await casesPastRetention();
  const cases = review.cases;
  const period = plural(review.retention_years, "year", "years");
  screen(
    "Cases past their retention period",
    message ? notice(message, "success") : null,
    heading("Cases past their retention period"),
    para(
      `Cases closed more than ${period} ago (the retention period). A case closes when it ` +
        "is closed or not adopted; one exited whose reviews were never all held counts " +
        "from its exit.",
    ),
    para(WHAT_GOES),
    cases.length === 0
      ? emptyState("No case is past its retention period", "Nothing needs erasing today.")
      : [
          table({
            id: "retention-table",
            caption: `${plural(cases.length, "case", "cases")} closed more than ${period} ago`,
            captionSize: "m",
            head: ["Case", "Stage", "Closed on", "Years since closing", "Erase"],
            rows: cases.map((c) => ({
              id: `due-${c.id}`,
              cells: [
                c.reference,
                c.stage_label,
                longDate(c.closed_on),
                String(c.years_closed),
                button({
                  id: `erase-${c.id}`,
                  label: [
                    "Erase",
                    el("span", { class: "govuk-visually-hidden" }, ` ${c.reference}`),
                  ],
                  variant: "warning",
                  compact: true,
                  onclick: () => confirmScreen([c]),
                }),
              ],
            })),
          }),
          button({
            id: "erase-all",
            label: `Erase all ${plural(cases.length, "case", "cases")}`,
            variant: "warning",
            onclick: () => confirmScreen(cases),
          }),
        ],
  );
}

/**
 * Asks before erasing: what goes, and that it cannot be undone.
 * @param {DueCase[]} cases
 */
function confirmScreen(cases) {
  const what = plural(cases.length, "case", "cases");
  screen(
    "Erase cases",
    heading(`Erase ${what}?`),
    para(`${cases.map((c) => c.reference).join(", ")}.`),
    warningText("Erasing cannot be undone, and no backup made afterwards holds what went.", {
      id: "erase-warning",
      hidden: "Warning",
    }),
    para(WHAT_GOES),
    el("p", { class: "govuk-body", id: "erase-progress", role: "status" }),
    el(
      "div",
      { class: "govuk-button-group" },
      actionButton({
        id: "confirm-erase",
        label: `Yes, erase ${what}`,
        variant: "warning",
        run: async () => {
          const progress = /** @type {HTMLElement} */ (document.getElementById("erase-progress"));
          progress.textContent = "Erasing and clearing the freed space in the file…";
          try {
            const erased = await eraseCases(cases.map((c) => c.id));
            await retentionScreen(`Erased ${plural(erased, "case", "cases")}`);
          } finally {
            progress.textContent = "";
          }
        },
      }),
      routeLink("retention", {}, { id: "cancel" }, "Cancel"),
    ),
  );
}
