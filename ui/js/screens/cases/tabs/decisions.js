// Decisions: the panel's decisions on the case, and the form to record one.

import { recordDecision } from "../../../api/cases.js";
import { longDate } from "../../../kit/dates.js";
import { decisionFields } from "../../../kit/decision.js";
import { para, section, summaryList } from "../../../kit/dom.js";
import { labelOf, words } from "../../../kit/words.js";
import { actionForm } from "../parts.js";

/** @import { CaseView } from "../parts.js" */

/** @param {CaseView} view */
export async function decisionsTab(view) {
  const { record: r } = view;
  const w = await words();
  const list = r.decisions.length
    ? r.decisions.map((d) =>
        section(
          `${labelOf(w.decisions, d.kind)} on ${longDate(d.decided_on)}`,
          summaryList([
            ["Rationale", d.rationale],
            ["How reached", labelOf(w.how_reached, d.how_reached)],
            d.signposted_to ? ["Signposted to", d.signposted_to] : null,
            d.exit_reason ? ["Exit reason", labelOf(w.exit_reasons, d.exit_reason)] : null,
            ["Recorded by", d.recorded_by],
          ]),
        ),
      )
    : para("No panel decision is recorded yet.");
  const canRecord = r.may_record;
  return [
    canRecord
      ? section(
          "Record a panel decision",
          actionForm({
            view,
            tab: "decisions",
            id: "decision-form",
            fields: await decisionFields(true),
            submitText: "Save decision",
            message: "Decision recorded",
            submit: (v) => recordDecision(r.id, v),
          }),
        )
      : null,
    list,
  ];
}
