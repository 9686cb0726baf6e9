// Panel meetings: the list, newest first, scheduling a meeting, for which the core proposes
// the agenda, and checking whether a copy of minutes that turned up is one this database
// exported.

import { checkExportFile, listMeetings, scheduleMeeting } from "../../api/meetings.js";
import { actionButton } from "../../kit/buttons.js";
import { details, el, emptyState, heading, notice, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { table } from "../../kit/table.js";
import { minutesStatusTag } from "../../kit/tags.js";
import { plural } from "../../kit/text.js";

/** @import { App } from "../../kit/navigate.js" */

/**
 * @param {App} app
 * @param {string} [message]
 */
export async function meetingsScreen(app, message = undefined) {
  const meetings = await listMeetings();
  const canRecord = app.person.may.record_casework;
  const schedule = canRecord
    ? details(
        "Schedule a meeting",
        "open-schedule",
        form({
          id: "schedule-form",
          fields: [
            { name: "held_on", label: "Date", type: "date" },
            {
              name: "starts_at",
              label: "Start time",
              hint: "24-hour clock, for example 14:00",
              width: "short",
              value: "14:00",
            },
            { name: "place", label: "Place", value: "Committee Room 2, Town Hall" },
            {
              name: "chair",
              label: "Chair",
              value: app.person.role === "chair" ? app.person.full_name : "",
            },
          ],
          submitText: "Schedule and propose the agenda",
          onSubmit: async (v) => {
            const id = await scheduleMeeting(v);
            await navigate("meeting", {
              id,
              tab: "agenda",
              message:
                "Meeting scheduled. The proposed agenda is below: reorder, add " +
                "or remove items as needed.",
            });
          },
        }),
      )
    : null;
  const list = meetings.length
    ? table({
        id: "meetings-table",
        caption: `${plural(meetings.length, "meeting", "meetings")}, newest first`,
        head: ["Date", "Place", "Cases", "Decisions", "Minutes"],
        rows: meetings.map((m) => [
          routeLink(
            "meeting",
            { id: m.id },
            { id: `open-meeting-${m.id}` },
            `${m.held_on_long} at ${m.starts_at}`,
          ),
          m.place,
          m.cases,
          m.decisions,
          minutesStatusTag(m),
        ]),
      })
    : emptyState(
        "No panel meetings yet",
        "Schedule the first meeting: Channel Desk proposes its agenda " +
          "from the cases awaiting a decision, cases in Channel, reviews " +
          "due and open actions.",
      );
  screen(
    "Panel meetings",
    message ? notice(message, "success") : null,
    heading("Panel meetings"),
    schedule,
    list,
    checkCopy(),
  );
}

/** "Is this ours?": the chosen file is compared with every kept export, byte for byte. */
function checkCopy() {
  const result = el("div", { id: "check-result", "aria-live": "polite" });
  return details(
    "Is this ours? Check a copy of the minutes",
    "open-check",
    para(
      "Choose a PDF of minutes that has turned up, for example in an email or on a " +
        "shared drive. Channel Desk says whether it is exactly one of the exports kept in " +
        "this database, and which. Nothing of the chosen file is kept.",
    ),
    actionButton({
      id: "check-copy",
      label: "Choose a PDF to check",
      run: async () => {
        const check = await checkExportFile();
        const found = check?.matches;
        result.replaceChildren(
          check ? notice(check.verdict, found ? "success" : "") : para("Cancelled."),
          found
            ? routeLink(
                "meeting",
                { id: found.meeting_id, tab: "export" },
                { id: "checked-meeting", class: "govuk-link" },
                `Open the meeting of ${found.held_on_long}`,
              )
            : null,
        );
        document.getElementById("check-copy")?.removeAttribute("disabled");
      },
    }),
    result,
  );
}
