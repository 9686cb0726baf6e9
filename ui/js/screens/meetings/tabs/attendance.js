// Attendance: members present, apologies, and people attending for one item; someone new
// joins the membership. While no police representative is present, the tab says so.

import {
  members as loadMembers,
  recordAttendance,
  removeAttendance,
} from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { el, para, section } from "../../../kit/dom.js";
import { form, renamed } from "../../../kit/forms.js";
import { table } from "../../../kit/table.js";
import { tag } from "../../../kit/tags.js";
import { labelOf, optionsOf, words } from "../../../kit/words.js";
import { itemLabel, policeWarning } from "../parts.js";

/** @import { MeetingTab } from "../parts.js" */
/** @import { Field } from "../../../kit/forms.js" */
/** @import { AttendanceInput, Choice } from "../../../api/bindings.js" */

/**
 * @param {string} name
 * @param {Choice[]} statuses
 * @returns {Field}
 */
const statusField = (name, statuses) => ({
  name,
  label: "Attendance",
  type: "radios",
  inline: true,
  value: "present",
  options: optionsOf(statuses),
});

/** @param {MeetingTab} tab */
export async function attendanceTab({ minutes, locked, reload }) {
  const m = minutes.meeting;
  const members = locked ? [] : await loadMembers();
  const statuses = (await words()).attendance_statuses;
  const itemOptions = [
    { value: "", label: "Not for one item" },
    ...m.agenda
      .filter((i) => !i.removed_reason)
      .map((i) => ({ value: String(i.id), label: `Item ${i.position}: ${itemLabel(i)}` })),
  ];
  /**
   * @param {AttendanceInput["status"]} status
   * @param {string} item an agenda item's id, or "" for none
   * @param {AttendanceInput} rest
   */
  const record = (status, item, rest) =>
    recordAttendance(m.summary.id, {
      status,
      agenda_item_id: item ? Number(item) : null,
      ...rest,
    });
  const police = m.attendance.some((a) => a.police && a.status === "present");
  const forms = locked
    ? null
    : [
        members.length
          ? section(
              "From the membership",
              form({
                id: "member-attendance-form",
                fields: [
                  {
                    name: "member_id",
                    label: "Member",
                    type: "select",
                    options: [
                      { value: "", label: "Choose" },
                      ...members.map((x) => ({
                        value: String(x.id),
                        label: `${x.name}, ${x.organisation}${x.police ? " (police)" : ""}`,
                      })),
                    ],
                  },
                  statusField("member_status", statuses),
                  {
                    name: "member_item",
                    label: "The item they attend for",
                    type: "select",
                    options: itemOptions,
                  },
                ],
                submitText: "Record attendance",
                onSubmit: async (v) => {
                  if (!v.member_id) throw { field: "member_id", message: "Choose a member" };
                  await record(v.member_status, v.member_item, {
                    member_id: Number(v.member_id),
                  }).catch((e) => {
                    const names = { status: "member_status", agenda_item_id: "member_item" };
                    throw renamed(e, (field) => names[field] || field);
                  });
                  await reload("attendance", "Attendance recorded");
                },
              }),
            )
          : null,
        section(
          "Someone new",
          form({
            id: "new-attendance-form",
            intro: [
              para("They join the membership, so next time they can be chosen from the list."),
            ],
            fields: [
              { name: "name", label: "Name" },
              { name: "organisation", label: "Organisation" },
              { name: "role", label: "Role" },
              { name: "police", label: "Police representative", type: "checkbox" },
              statusField("status", statuses),
              {
                name: "agenda_item_id",
                label: "The item they attend for",
                type: "select",
                options: itemOptions,
              },
            ],
            submitText: "Record attendance",
            onSubmit: async (v) => {
              await record(v.status, v.agenda_item_id, {
                member: {
                  name: v.name,
                  organisation: v.organisation,
                  role: v.role,
                  police: v.police,
                },
              });
              await reload("attendance", "Attendance recorded");
            },
          }),
        ),
      ];
  const rows = m.attendance.map((a) => [
    [a.name, a.police ? [" ", tag("Police", "blue")] : null],
    a.organisation,
    a.role,
    [
      labelOf(statuses, a.status),
      a.agenda_item_id
        ? ` (item ${m.agenda.find((i) => i.id === a.agenda_item_id)?.position ?? ""})`
        : "",
    ],
    locked
      ? null
      : actionButton({
          id: `remove-attendance-${a.id}`,
          label: ["Remove", el("span", { class: "govuk-visually-hidden" }, ` ${a.name}`)],
          run: async () => {
            await removeAttendance(a.id);
            await reload("attendance", "Attendance line removed");
          },
        }),
  ]);
  return [
    police ? null : policeWarning("police-warning"),
    m.attendance.length
      ? table({
          id: "attendance-table",
          caption: "Attendance",
          head: ["Name", "Organisation", "Role", "Attendance", locked ? null : "Change"],
          rows,
        })
      : para("No attendance is recorded yet."),
    forms,
  ];
}
