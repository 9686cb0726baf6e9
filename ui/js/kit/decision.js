// The panel's decision, recorded alike on the case record and in the meeting room: its
// fields, with the core's choices.

import { optionsOf, words } from "./words.js";

/** @import { Field } from "./forms.js" */

/**
 * The decision's fields; in a meeting the date is the meeting's, so there is none.
 * @param {boolean} withDate
 * @returns {Promise<(Field | null)[]>}
 */
export async function decisionFields(withDate) {
  const w = await words();
  return [
    {
      name: "kind",
      label: "Decision",
      type: "radios",
      options: optionsOf(w.decisions),
    },
    withDate ? { name: "decided_on", label: "Date of the decision", type: "date" } : null,
    { name: "rationale", label: "Rationale", type: "textarea" },
    {
      name: "how_reached",
      label: "How it was reached",
      type: "radios",
      options: optionsOf(w.how_reached),
    },
    {
      name: "signposted_to",
      label: "Signposted to (when not adopted)",
      hint: "For example early help, children's or adults' social care, mental health services",
    },
    {
      name: "exit_reason",
      label: "Reason for exit (when exiting)",
      type: "radios",
      options: optionsOf(w.exit_reasons),
    },
  ];
}
