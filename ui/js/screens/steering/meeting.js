// One steering group meeting, in tabs: attendance, the agenda proposed from the delivery plan,
// the actions agreed, and approval (which locks the minutes) with the minutes to PDF. Every
// change is saved at once through the core, which decides what is allowed; its refusals are
// shown where the change was tried. No case data is held here.

import {
  addSteeringAgreed,
  approveSteeringMinutes,
  exportSteeringMinutes,
  openExport,
  steeringMeeting,
} from "../../api/steering.js";
import { actionButton } from "../../kit/buttons.js";
import { longDate } from "../../kit/dates.js";
import {
  el,
  heading,
  notice,
  para,
  screen,
  section,
  subNavigation,
  unprintableWarning,
} from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { table } from "../../kit/table.js";
import { agendaSection } from "./agenda.js";
import { attendanceSection } from "./attendance.js";
import { steeringStatusTag } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { SteeringSection } from "./parts.js" */

/** @param {SteeringSection} s */
function agreedSection({ meeting, editable, reload }) {
  return section(
    "Actions agreed",
    meeting.agreed.length
      ? table({
          id: "steering-agreed",
          caption: "Actions agreed",
          captionSize: "hidden",
          head: ["Action", "Owner", "Due"],
          rows: meeting.agreed.map((a) => ({
            id: `steering-agreed-${a.id}`,
            cells: [a.what, a.owner, longDate(a.due_on)],
          })),
        })
      : para("No actions have been agreed."),
    editable
      ? [
          el("h3", { class: "govuk-heading-s" }, "Add an action agreed"),
          form({
            id: "agreed-form",
            fields: [
              { name: "what", label: "What is to be done", type: "textarea", rows: 3 },
              { name: "owner", label: "Owner" },
              { name: "due_on", label: "Due date", type: "date" },
            ],
            submitText: "Add the action",
            onSubmit: async (v) => {
              await addSteeringAgreed(meeting.summary.id, v);
              await reload("Action agreed added");
            },
          }),
        ]
      : null,
  );
}

/** @param {SteeringSection} s */
function approvalSection({ meeting, reload }) {
  return section(
    "Approval",
    para("Once approved, the minutes are locked: nothing more can be recorded at this meeting."),
    actionButton({
      id: "approve-steering",
      label: "Approve the minutes",
      variant: "primary",
      run: async () => {
        await approveSteeringMinutes(meeting.summary.id);
        await reload("Minutes approved and locked");
      },
    }),
  );
}

/** @param {number} id */
function exportSection(id) {
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  return section(
    "Export",
    para(
      "The PDF is marked OFFICIAL-SENSITIVE on every page. Store and share it only as " +
        "your council's handling rules allow. Every export is recorded in the audit trail.",
    ),
    actionButton({
      id: "export-steering",
      label: "Export the minutes to PDF",
      run: async () => {
        const saved = await exportSteeringMinutes(id);
        result.replaceChildren(
          ...(saved === null
            ? [para("Export cancelled: nothing was saved.")]
            : [
                notice(`Saved the minutes to ${saved.path}`, "success"),
                ...unprintableWarning(saved.unprintable),
                actionButton({ id: "open-export", label: "Open the PDF", run: () => openExport() }),
              ]),
        );
        document.getElementById("export-steering")?.removeAttribute("disabled");
      },
    }),
    result,
  );
}

/** @type {[string, string][]} */
const TABS = [
  ["attendance", "Attendance"],
  ["agenda", "Agenda"],
  ["agreed", "Actions agreed"],
  ["minutes", "Approval and export"],
];

/**
 * @param {App} app
 * @param {{id: number, message?: string, tab?: string}} params
 */
export async function steeringMeetingScreen(app, { id, message, tab = "agenda" }) {
  const meeting = await steeringMeeting(id);
  const s = meeting.summary;
  /** @type {SteeringSection} */
  const parts = {
    meeting,
    editable: !s.approved_on && app.person.may.edit_plan,
    reload: (msg) => steeringMeetingScreen(app, { id, message: msg, tab }),
  };
  /** @type {Record<string, () => any>} */
  const content = {
    attendance: () => attendanceSection(parts),
    agenda: () => agendaSection(parts),
    agreed: () => agreedSection(parts),
    minutes: () => [parts.editable ? approvalSection(parts) : null, exportSection(s.id)],
  };
  const [, tabTitle] = TABS.find(([key]) => key === tab) ?? TABS[1];
  screen(
    `Steering group meeting ${s.held_on_long} ${tabTitle}`,
    routeLink(
      "steering",
      {},
      { id: "back-to-steering", class: "govuk-back-link" },
      "Back to the steering group meetings",
    ),
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, "Steering group meeting"),
    heading(`${s.held_on_long} at ${s.starts_at}`),
    el("p", { class: "govuk-body" }, `${s.place}. Chair: ${s.chair}. `, steeringStatusTag(s)),
    s.approved_on
      ? el(
          "p",
          { class: "govuk-inset-text", id: "locked-note" },
          `Approved on ${longDate(s.approved_on)}: the minutes are locked.`,
        )
      : null,
    planNav(app, "steering"),
    subNavigation({
      label: "Meeting sections",
      items: TABS,
      current: tab,
      idPrefix: "tab",
      open: (key) => steeringMeetingScreen(app, { id, tab: key }),
    }),
    await (content[tab] ?? content.agenda)(),
  );
}
