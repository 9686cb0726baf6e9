// The agenda the core proposed: move items up and down, remove one with a reason (kept and
// shown as removed), add a case by its reference or another topic.

import { listCases } from "../../../api/cases.js";
import { addAgendaItem, moveAgendaItem, removeAgendaItem } from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { details, el, para, section } from "../../../kit/dom.js";
import { form, renamed, suffixed } from "../../../kit/forms.js";
import { table } from "../../../kit/table.js";
import { plural } from "../../../kit/text.js";
import { itemLabel } from "../parts.js";

/** @import { MeetingTab } from "../parts.js" */
/** @import { AgendaItem } from "../../../api/bindings.js" */

/**
 * @param {AgendaItem} item
 * @param {-1 | 1} by
 * @param {MeetingTab["reload"]} reload
 */
function moveButton(item, by, reload) {
  return actionButton({
    id: `${by < 0 ? "up" : "down"}-${item.id}`,
    label: [
      by < 0 ? "Move up" : "Move down",
      el("span", { class: "govuk-visually-hidden" }, ` ${itemLabel(item)}`),
    ],
    run: async () => {
      await moveAgendaItem(item.id, by);
      await reload("agenda");
    },
  });
}

/**
 * @param {AgendaItem} item
 * @param {MeetingTab["reload"]} reload
 */
function removeForm(item, reload) {
  return details(
    `Remove item ${item.position}`,
    `open-remove-${item.id}`,
    form({
      id: `remove-form-${item.id}`,
      fields: [{ name: `removed_reason-${item.id}`, label: "Why it is removed" }],
      submitText: "Remove from the agenda",
      onSubmit: async (v) => {
        await suffixed(item.id, () => removeAgendaItem(item.id, v[`removed_reason-${item.id}`]));
        await reload("agenda", "Item removed from the agenda");
      },
    }),
  );
}

/** @param {MeetingTab} tab */
export function agendaTab({ minutes, locked, reload }) {
  const m = minutes.meeting;
  const live = m.agenda.filter((i) => !i.removed_reason);
  const removed = m.agenda.filter((i) => i.removed_reason);
  const rows = live.map((item, n) => ({
    id: `agenda-row-${item.id}`,
    cells: [
      item.position,
      [
        el("span", { class: "cd-detail" }, itemLabel(item)),
        item.age !== null && item.age !== undefined
          ? el("span", { class: "govuk-hint" }, ` (age ${item.age})`)
          : null,
      ],
      item.reason,
      item.stage_label,
      locked
        ? null
        : el(
            "div",
            { class: "cd-row-actions" },
            n > 0 ? moveButton(item, -1, reload) : null,
            n < live.length - 1 ? moveButton(item, 1, reload) : null,
            item.decision ? null : removeForm(item, reload),
          ),
    ],
  }));
  const add = locked
    ? null
    : section(
        "Add an item",
        form({
          id: "add-case-form",
          fields: [
            {
              name: "case_reference",
              label: "Case reference",
              hint: "For example CH-2026-0042",
              width: "medium",
            },
          ],
          submitText: "Add the case",
          onSubmit: async (v) => {
            const reference = v.case_reference.trim().toUpperCase();
            if (!reference) throw { field: "case_reference", message: "Enter the case reference" };
            const page = await listCases({ search: reference, page: 0 });
            const found = page.rows.find((r) => r.reference === reference);
            if (!found) {
              throw { field: "case_reference", message: `No case has the reference ${reference}` };
            }
            try {
              await addAgendaItem(m.summary.id, found.id, "");
            } catch (error) {
              throw renamed(error, (field) => (field === "case_id" ? "case_reference" : field));
            }
            await reload("agenda", `${reference} added to the agenda`);
          },
        }),
        form({
          id: "add-topic-form",
          fields: [{ name: "topic", label: "Other topic" }],
          submitText: "Add the topic",
          onSubmit: async (v) => {
            await addAgendaItem(m.summary.id, null, v.topic);
            await reload("agenda", "Topic added to the agenda");
          },
        }),
      );
  return [
    live.length
      ? table({
          id: "agenda-table",
          caption: `Agenda: ${plural(live.length, "item", "items")}`,
          head: ["No.", "Item", "Why it is on the agenda", "Stage", locked ? null : "Change"],
          rows,
        })
      : para("The agenda is empty. Add a case or a topic below."),
    removed.length
      ? section(
          "Removed from the agenda",
          el(
            "ul",
            { class: "govuk-list", id: "removed-items" },
            removed.map((i) => el("li", {}, `${itemLabel(i)}: ${i.removed_reason}`)),
          ),
        )
      : null,
    add,
  ];
}
