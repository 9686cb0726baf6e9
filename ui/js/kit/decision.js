// The panel's decision, recorded alike on the case record and in the meeting room: its
// fields and the labels of its choices.

/** @import { Field } from "./forms.js" */

export const DECISION_LABELS = {
  adopt: "Adopt (enter Channel)",
  not_adopt: "Not adopt",
  remain: "Remain",
  exit: "Exit",
};

export const HOW_REACHED = {
  consensus: "Consensus",
  majority: "Majority",
  chair_casting: "Chair's casting decision",
};

/**
 * The decision's fields; in a meeting the date is the meeting's, so there is none.
 * @param {boolean} withDate
 * @returns {(Field | null)[]}
 */
export function decisionFields(withDate) {
  return [
    {
      name: "kind",
      label: "Decision",
      type: "radios",
      options: Object.entries(DECISION_LABELS).map(([value, label]) => ({ value, label })),
    },
    withDate ? { name: "decided_on", label: "Date of the decision", type: "date" } : null,
    { name: "rationale", label: "Rationale", type: "textarea" },
    {
      name: "how_reached",
      label: "How it was reached",
      type: "radios",
      options: Object.entries(HOW_REACHED).map(([value, label]) => ({ value, label })),
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
      options: [
        { value: "risk_removed_or_reduced", label: "Risk removed or significantly reduced" },
        { value: "consent_withdrawn", label: "Consent withdrawn" },
        { value: "other", label: "Other" },
      ],
    },
  ];
}
