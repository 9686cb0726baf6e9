// Support: each intervention with its status, sessions and flag, and the forms to plan one,
// change its status and record a session.

import { addIntervention, recordSession, updateIntervention } from "../../../api/cases.js";
import { shortDate } from "../../../kit/dates.js";
import { details, el, para, section, summaryList } from "../../../kit/dom.js";
import { suffixed } from "../../../kit/forms.js";
import { referenceOptions } from "../../../kit/reference.js";
import { tag } from "../../../kit/tags.js";
import { labelOf, optionsOf, words } from "../../../kit/words.js";
import { actionForm } from "../parts.js";

/** @import { CaseView } from "../parts.js" */

/** @param {CaseView} view */
export async function supportTab(view) {
  const w = await words();
  const { record: r } = view;
  const canRecord = r.next_steps.support;
  const types = canRecord ? await referenceOptions("intervention_type") : [];
  const items = r.interventions.map((i) =>
    section(
      `${i.kind}: ${i.provider}`,
      i.flag ? el("p", {}, tag(i.flag, "red", `flag-${i.id}`)) : null,
      summaryList([
        ["Status", labelOf(w.intervention_statuses, i.status)],
        ["Start", shortDate(i.start_on)],
        ["Planned end", shortDate(i.planned_end_on)],
        ["Funding", i.funding],
        [
          "Sessions",
          `${i.sessions_delivered} of ${i.sessions_planned} delivered` +
            (i.last_session_on ? `, last on ${shortDate(i.last_session_on)}` : ""),
        ],
        ["Outcome", i.outcome],
      ]),
      canRecord
        ? details(
            "Change the status",
            `open-status-${i.id}`,
            actionForm({
              view,
              tab: "support",
              id: `status-form-${i.id}`,
              fields: [
                {
                  name: `status-${i.id}`,
                  label: "Status",
                  type: "select",
                  value: i.status,
                  options: optionsOf(w.intervention_statuses),
                },
                {
                  name: `outcome-${i.id}`,
                  label: "Outcome",
                  hint: "Required when support is completed or stopped",
                  type: "textarea",
                  rows: 2,
                },
              ],
              submitText: "Save status",
              message: "Support updated",
              submit: (v) =>
                suffixed(i.id, () =>
                  updateIntervention(i.id, {
                    status: v[`status-${i.id}`],
                    outcome: v[`outcome-${i.id}`],
                  }),
                ),
            }),
          )
        : null,
      canRecord && i.status === "active"
        ? details(
            "Record a session",
            `open-session-${i.id}`,
            actionForm({
              view,
              tab: "support",
              id: `session-form-${i.id}`,
              fields: [{ name: `session_on-${i.id}`, label: "Date of the session", type: "date" }],
              submitText: "Save session",
              message: "Session recorded",
              submit: (v) => suffixed(i.id, () => recordSession(i.id, v[`session_on-${i.id}`])),
            }),
          )
        : null,
    ),
  );
  return [
    items.length ? items : para("No support is planned yet."),
    canRecord
      ? section(
          "Plan support",
          actionForm({
            view,
            tab: "support",
            id: "intervention-form",
            fields: [
              {
                name: "kind",
                label: "Type of support",
                type: "select",
                options: [{ value: "", label: "Choose" }, ...types],
              },
              { name: "provider", label: "Provider" },
              { name: "start_on", label: "Start date", type: "date" },
              { name: "planned_end_on", label: "Planned end date", type: "date" },
              { name: "funding", label: "Funding source" },
              {
                name: "sessions_planned",
                label: "Sessions planned",
                width: "short",
                inputmode: "numeric",
              },
            ],
            submitText: "Add support",
            message: "Support planned",
            submit: (v) => addIntervention(r.id, v),
          }),
        )
      : null,
  ];
}
