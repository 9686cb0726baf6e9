// Consent: the answers recorded, newest first, and the form to record one; a withdrawn
// consent is flagged for the chair.

import { recordConsent } from "../../../api/cases.js";
import { shortDate } from "../../../kit/dates.js";
import { para, section, warningText } from "../../../kit/dom.js";
import { table } from "../../../kit/table.js";
import { tag } from "../../../kit/tags.js";
import { labelOf, optionsOf, words } from "../../../kit/words.js";
import { actionForm } from "../parts.js";

/** @import { CaseView } from "../parts.js" */

const CONSENT_COLOURS = { given: "green", refused: "red", withdrawn: "orange" };

/** @param {CaseView} view */
export async function consentTab(view) {
  const w = await words();
  const { record: r } = view;
  const list = r.consents.length
    ? table({
        id: "consent-table",
        caption: "Consent records, newest first",
        head: ["Answer", "Date", "By", "Sought", "Capacity notes"],
        rows: r.consents.map((c) => [
          tag(labelOf(w.consent_statuses, c.status), CONSENT_COLOURS[c.status]),
          shortDate(c.status_on),
          c.given_by === "parent_guardian"
            ? `${c.guardian_name} (${c.guardian_relationship})`
            : "The person",
          `${shortDate(c.sought_on)} by ${c.sought_by}`,
          c.capacity_notes,
        ]),
      })
    : para("No consent is recorded yet. Consent is sought after the panel adopts the case.");
  const canRecord = r.next_steps.record_consent;
  return [
    r.consent_withdrawn
      ? warningText("Consent has been withdrawn: the chair should consider exit or other support.")
      : null,
    list,
    canRecord
      ? section(
          "Record consent",
          actionForm({
            view,
            tab: "consent",
            id: "consent-form",
            fields: [
              { name: "sought_on", label: "Date consent was sought", type: "date" },
              { name: "sought_by", label: "Sought by" },
              {
                name: "status",
                label: "Answer",
                type: "radios",
                options: optionsOf(w.consent_statuses),
              },
              { name: "status_on", label: "Date of the answer", type: "date" },
              {
                name: "given_by",
                label: "Who answered",
                hint: "For a person under 18, a parent or guardian",
                type: "radios",
                options: optionsOf(w.consent_by),
              },
              { name: "guardian_name", label: "Parent or guardian's name" },
              {
                name: "guardian_relationship",
                label: "Their relationship to the person",
                width: "medium",
              },
              { name: "capacity_notes", label: "Capacity notes", type: "textarea", rows: 2 },
            ],
            submitText: "Save consent",
            message: "Consent recorded",
            submit: (v) => recordConsent(r.id, v),
          }),
        )
      : null,
  ];
}
