// The steering group's meetings: the list, newest first, and scheduling a meeting, for which
// the core proposes the agenda from the delivery plan.

import { scheduleSteeringMeeting, steeringMeetings } from "../../api/steering.js";
import { details, emptyState, heading, notice, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { table } from "../../kit/table.js";
import { plural } from "../../kit/text.js";
import { steeringStatusTag } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */

/**
 * @param {App} app
 * @param {{message?: string}} params
 */
export async function steeringScreen(app, { message } = {}) {
  const meetings = await steeringMeetings();
  const mayEdit = app.person.may.edit_plan;
  const schedule = mayEdit
    ? details(
        "Schedule a meeting",
        "open-schedule-steering",
        form({
          id: "steering-form",
          fields: [
            { name: "held_on", label: "Date", type: "date" },
            {
              name: "starts_at",
              label: "Start time",
              hint: "24-hour clock, for example 10:00",
              width: "short",
              value: "10:00",
            },
            { name: "place", label: "Place" },
            { name: "chair", label: "Chair" },
          ],
          submitText: "Schedule and propose the agenda",
          onSubmit: async (v) => {
            const id = await scheduleSteeringMeeting(v);
            await navigate("steering-meeting", {
              id,
              message:
                "Meeting scheduled. The agenda below is proposed from the delivery plan: " +
                "actions at risk, off track, overdue or without a recent update, and " +
                "measures below target.",
            });
          },
        }),
      )
    : null;
  const list = meetings.length
    ? table({
        id: "steering-table",
        caption: `${plural(meetings.length, "meeting", "meetings")}, newest first`,
        head: ["Date", "Place", "Chair", "Minutes"],
        rows: meetings.map((m) => ({
          id: `steering-${m.id}`,
          cells: [
            routeLink(
              "steering-meeting",
              { id: m.id },
              { id: `open-steering-${m.id}` },
              `${m.held_on_long} at ${m.starts_at}`,
            ),
            m.place,
            m.chair,
            steeringStatusTag(m),
          ],
        })),
      })
    : emptyState(
        "No steering group meetings yet",
        mayEdit
          ? "Schedule the first meeting: Channel Desk proposes its agenda from the " +
              "delivery plan's actions and measures that need the group's attention."
          : "Meetings appear here once the steering group's secretariat schedules them.",
      );
  screen(
    "Steering group meetings",
    message ? notice(message, "success") : null,
    heading("Steering group meetings"),
    planNav(app, "steering"),
    schedule,
    list,
  );
}
