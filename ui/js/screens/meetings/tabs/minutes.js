// The minutes: a draft built from what was recorded; approved by the chair (or an
// administrator) once the meeting has taken place, then locked, with dated amendments.

import { amendMinutes, approveMinutes } from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { longDate } from "../../../kit/dates.js";
import { details, el, para, section, summaryList } from "../../../kit/dom.js";
import { form } from "../../../kit/forms.js";
import { table } from "../../../kit/table.js";
import { overdueTag } from "../../../kit/tags.js";
import { itemLabel } from "../parts.js";

/** @import { MeetingTab } from "../parts.js" */
/** @import { Attendee } from "../../../api/bindings.js" */

/** @param {Attendee[]} people */
const names = (people) => people.map((a) => `${a.name} (${a.organisation})`).join("; ");

/** @param {MeetingTab} tab */
export function minutesTab({ app, minutes, reload }) {
  const m = minutes.meeting;
  const s = m.summary;
  const canApprove = m.can_approve && app.person.may.approve_minutes;
  const items = m.agenda.filter((i) => !i.removed_reason);
  return [
    summaryList([
      [
        "Status",
        s.status === "approved"
          ? `Approved on ${longDate(s.approved_on)} by ${s.approved_by}`
          : "Draft: not yet approved",
      ],
      ["Present", names(m.attendance.filter((a) => a.status === "present"))],
      ["Apologies", names(m.attendance.filter((a) => a.status === "apologies")) || "None"],
    ]),
    el(
      "ol",
      { class: "govuk-list cd-minutes", id: "minutes-items" },
      items.map((i) =>
        el(
          "li",
          {},
          el("h3", { class: "govuk-heading-s" }, `${i.position}. ${itemLabel(i)}`),
          para(i.discussion || "No discussion recorded."),
          i.decision
            ? [
                para(
                  el("strong", {}, "Decision: "),
                  `${i.decision.kind_label} ` +
                    `(${i.decision.how_reached_label.toLowerCase()}). ${i.decision.rationale}`,
                ),
                // As in the exported minutes: where the person was signposted, why they left.
                i.decision.signposted_to
                  ? para(el("strong", {}, "Signposted to: "), i.decision.signposted_to)
                  : null,
                i.decision.exit_reason
                  ? para(el("strong", {}, "Exit reason: "), i.decision.exit_reason_label)
                  : null,
              ]
            : null,
        ),
      ),
    ),
    minutes.actions.length
      ? table({
          id: "minutes-actions",
          caption: "Actions",
          head: ["Action", "Owner", "Due", "Status"],
          rows: minutes.actions.map((a) => [
            a.what,
            a.owner,
            longDate(a.due_on),
            [a.status_label, overdueTag(a.overdue)],
          ]),
        })
      : para("No actions were agreed."),
    canApprove
      ? section(
          "Approve the minutes",
          para(
            "Once approved, the minutes are locked. Later corrections are " +
              "added as dated amendments.",
          ),
          actionButton({
            id: "approve-minutes",
            label: "Approve the minutes",
            variant: "primary",
            run: async () => {
              await approveMinutes(s.id);
              await reload("minutes", "Minutes approved and locked");
            },
          }),
        )
      : null,
    m.amendments.length
      ? section(
          "Amendments",
          el(
            "ul",
            { class: "govuk-list", id: "amendments" },
            m.amendments.map((a) =>
              el("li", {}, `${longDate(a.made_on)}, ${a.made_by}: ${a.text}`),
            ),
          ),
        )
      : null,
    s.status === "approved" && app.person.may.record_casework
      ? details(
          "Add an amendment",
          "open-amend",
          form({
            id: "amend-form",
            fields: [{ name: "amendment", label: "The correction", type: "textarea", rows: 3 }],
            submitText: "Add amendment",
            onSubmit: async (v) => {
              await amendMinutes(s.id, v.amendment);
              await reload("minutes", "Amendment added");
            },
          }),
        )
      : null,
  ];
}
