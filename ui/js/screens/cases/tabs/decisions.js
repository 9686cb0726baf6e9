// Decisions: the panel's decisions on the case, and the chair's form for one that cannot
// wait for the next panel meeting.

import { recordDecision } from "../../../api/cases.js";
import { longDate } from "../../../kit/dates.js";
import { decisionFields } from "../../../kit/decision.js";
import { el, para, section, summaryList } from "../../../kit/dom.js";
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
            d.urgent_reason ? ["Recorded outside a panel meeting because", d.urgent_reason] : null,
            ["Recorded by", d.recorded_by],
          ]),
        ),
      )
    : para("No panel decision is recorded yet.");
  return [await decisionForm(view), list];
}

/**
 * The chair's form for a decision that cannot wait for the next panel meeting; for others who
 * record casework, where the panel's decisions are recorded instead.
 * @param {CaseView} view
 */
async function decisionForm(view) {
  const { record: r, app } = view;
  if (!r.may_record) return null;
  if (!app.person.may.decide_outside_meeting) {
    return el(
      "p",
      { class: "govuk-body", id: "decisions-at-meetings" },
      "The panel's decisions are recorded at its meetings, in the room, with the police present. " +
        "Only the chair can record a decision here, when it cannot wait for the next panel meeting.",
    );
  }
  return section(
    "Record a decision outside a panel meeting",
    para(
      "The panel's decisions are recorded at its meetings, in the room. " +
        "Record one here only when it cannot wait for the next meeting, and say why.",
    ),
    actionForm({
      view,
      tab: "decisions",
      id: "decision-form",
      fields: [
        {
          name: "urgent_reason",
          label: "Why this decision cannot wait for the next panel meeting",
          type: "textarea",
        },
        ...(await decisionFields(true)),
      ],
      submitText: "Save decision",
      message: "Decision recorded",
      submit: (v) => recordDecision(r.id, v, v.urgent_reason),
    }),
  );
}
