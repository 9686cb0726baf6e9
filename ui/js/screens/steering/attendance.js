// A steering meeting's attendance: who came from which organisation and sector, how many
// faith and community representatives were present (the delivery plan's action 8), and
// recording someone while the minutes are a draft.

import { recordSteeringAttendance } from "../../api/steering.js";
import { el, para, section } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { referenceOptions } from "../../kit/reference.js";
import { table } from "../../kit/table.js";
import { tag } from "../../kit/tags.js";
import { optionsOf, words } from "../../kit/words.js";

/** @import { SteeringSection } from "./parts.js" */

/** @param {SteeringSection} s */
export async function attendanceSection({ meeting, editable, reload }) {
  const m = meeting;
  const recordForm = editable
    ? form({
        id: "attendee-form",
        fields: [
          { name: "name", label: "Name" },
          { name: "organisation", label: "Organisation" },
          {
            name: "sector",
            label: "Sector",
            type: "select",
            options: [
              { value: "", label: "Choose a sector" },
              ...(await referenceOptions("sector")),
            ],
          },
          {
            name: "faith_or_community",
            label: "Represents a faith or community group",
            type: "checkbox",
          },
          {
            name: "status",
            label: "Attendance",
            type: "radios",
            inline: true,
            value: "present",
            options: optionsOf((await words()).steering_attendance),
          },
        ],
        submitText: "Record attendance",
        onSubmit: async (v) => {
          await recordSteeringAttendance(m.summary.id, v);
          await reload("Attendance recorded");
        },
      })
    : null;
  return section(
    "Attendance",
    m.attendance.length
      ? table({
          id: "steering-attendance",
          caption: "Attendance",
          captionSize: "hidden",
          head: ["Name", "Organisation", "Sector", "Attendance"],
          rows: m.attendance.map((a) => ({
            id: `steering-attendee-${a.id}`,
            cells: [
              a.name,
              a.organisation,
              [
                a.sector_label,
                a.faith_or_community ? [" ", tag("Faith or community", "purple")] : null,
              ],
              a.status_label,
            ],
          })),
        })
      : para("No attendance is recorded yet."),
    el(
      "p",
      { class: "govuk-body", id: "faith-community" },
      `Faith and community representatives present: ${m.faith_or_community_present} ` +
        "(delivery plan action 8)",
    ),
    el(
      "p",
      { class: "govuk-body", id: "sectors-present" },
      "Sectors present: ",
      m.sectors_present.length
        ? m.sectors_present.map(([label, n]) => `${label} (${n})`).join(", ")
        : "none recorded",
    ),
    recordForm ? [el("h3", { class: "govuk-heading-s" }, "Record attendance"), recordForm] : null,
  );
}
