// Panel meetings: the list, newest first, and scheduling a meeting, for which the core
// proposes the agenda.

import { listMeetings, scheduleMeeting } from "../../api/meetings.js";
import { details, emptyState, heading, notice, screen } from "../../kit/dom.js";
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
  );
}
