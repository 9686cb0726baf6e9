// One panel meeting: its tabs (Agenda · Attendance · In the room · Minutes · Export), each
// in tabs/. Every change is saved at once through the core, which decides what is allowed;
// its refusals are shown where the change was tried.

import { minutes as loadMinutes } from "../../api/meetings.js";
import { longDate } from "../../kit/dates.js";
import { el, heading, notice, screen, subNavigation } from "../../kit/dom.js";
import { minutesStatusTag } from "../../kit/tags.js";
import { agendaTab } from "./tabs/agenda.js";
import { attendanceTab } from "./tabs/attendance.js";
import { exportTab } from "./tabs/export.js";
import { minutesTab } from "./tabs/minutes.js";
import { roomTab } from "./tabs/room.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { MeetingTab } from "./parts.js" */

/** @type {[string, string][]} */
const TABS = [
  ["agenda", "Agenda"],
  ["attendance", "Attendance"],
  ["room", "In the room"],
  ["minutes", "Minutes"],
  ["export", "Export"],
];

/** @type {Record<string, (tab: MeetingTab) => any>} */
const CONTENT = {
  agenda: agendaTab,
  attendance: attendanceTab,
  room: roomTab,
  minutes: minutesTab,
  export: exportTab,
};

/**
 * @param {App} app
 * @param {number} id
 * @param {string} [tab]
 * @param {string | null} [message]
 * @param {number} [index] the agenda item shown in the room
 */
export async function meetingScreen(app, id, tab = "agenda", message = null, index = 0) {
  const minutes = await loadMinutes(id);
  const s = minutes.meeting.summary;
  const content = await CONTENT[tab]({
    app,
    minutes,
    locked: s.status === "approved" || !app.person.may.record_casework,
    reload: (t, msg, n) => meetingScreen(app, id, t, msg, n),
    index,
  });
  const tabTitle = TABS.find(([k]) => k === tab)[1];
  screen(
    `Panel meeting ${s.held_on_long} ${tabTitle}`,
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, "Panel meeting"),
    heading(`${s.held_on_long} at ${s.starts_at}`),
    el("p", { class: "govuk-body" }, `${s.place}. Chair: ${s.chair}. `, minutesStatusTag(s)),
    s.status === "approved"
      ? el(
          "p",
          { class: "govuk-inset-text", id: "locked-note" },
          `Approved on ${longDate(s.approved_on)}: the minutes are locked. ` +
            "Corrections are added as dated amendments on the Minutes tab.",
        )
      : null,
    subNavigation({
      label: "Meeting sections",
      items: TABS,
      current: tab,
      idPrefix: "tab",
      open: (key) => meetingScreen(app, id, key),
    }),
    el("h2", { class: "govuk-visually-hidden" }, tabTitle),
    content,
  );
}
