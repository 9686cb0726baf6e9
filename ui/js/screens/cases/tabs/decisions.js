// Decisions: the panel's decisions on the case, and the form to record one.

import { recordDecision } from "../../../api/cases.js";
import { longDate } from "../../../kit/dates.js";
import { DECISION_LABELS, decisionFields, HOW_REACHED } from "../../../kit/decision.js";
import { para, section, summaryList } from "../../../kit/dom.js";
import { actionForm } from "../parts.js";

/** @import { CaseView } from "../parts.js" */

/** @param {CaseView} view */
export function decisionsTab(view) {
  const { app, record: r } = view;
  const list = r.decisions.length
    ? r.decisions.map((d) =>
        section(
          `${DECISION_LABELS[d.kind]} on ${longDate(d.decided_on)}`,
          summaryList([
            ["Rationale", d.rationale],
            ["How reached", HOW_REACHED[d.how_reached]],
            d.signposted_to ? ["Signposted to", d.signposted_to] : null,
            d.exit_reason ? ["Exit reason", d.exit_reason.replaceAll("_", " ")] : null,
            ["Recorded by", d.recorded_by],
          ]),
        ),
      )
    : para("No panel decision is recorded yet.");
  const canRecord = app.person.role !== "panel_member";
  return [
    canRecord
      ? section(
          "Record a panel decision",
          actionForm({
            view,
            tab: "decisions",
            id: "decision-form",
            fields: decisionFields(true),
            submitText: "Save decision",
            message: "Decision recorded",
            submit: (v) => recordDecision(r.id, v),
          }),
        )
      : null,
    list,
  ];
}
