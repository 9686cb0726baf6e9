// A steering meeting's agenda, proposed from the delivery plan: each item with why it is on
// the agenda, what was said and the progress recorded against its action; while the minutes
// are a draft, a form per item records both.

import { recordSteeringItem } from "../../api/steering.js";
import { longDate } from "../../kit/dates.js";
import { el, para, section } from "../../kit/dom.js";
import { form, suffixed } from "../../kit/forms.js";

/** @import { SteeringSection } from "./parts.js" */
/** @import { SteeringItem } from "../../api/bindings.js" */

/**
 * The form for one item; its fields' ids end with the item's id.
 * @param {SteeringItem} item
 * @param {(message: string) => Promise<void>} reload
 */
function itemForm(item, reload) {
  const named = (/** @type {string} */ name) => `${name}-${item.id}`;
  return form({
    id: `item-form-${item.id}`,
    fields: [
      {
        name: named("discussion"),
        label: `Discussion of item ${item.position}`,
        type: "textarea",
        value: item.discussion,
      },
      item.action_id
        ? {
            name: named("progress"),
            label: "Progress to record against the action",
            hint: "Added to the action's progress updates, dated the day of the meeting.",
            type: "textarea",
            rows: 3,
          }
        : null,
      item.action_id ? { name: named("evidence"), label: "Evidence" } : null,
    ],
    submitText: "Save the item",
    onSubmit: async (v) => {
      await suffixed(item.id, () =>
        recordSteeringItem(item.id, {
          discussion: v[named("discussion")],
          progress: v[named("progress")] ?? "",
          evidence: v[named("evidence")] ?? "",
        }),
      );
      await reload("Item saved");
    },
  });
}

/**
 * @param {SteeringItem} item
 * @param {boolean} editable
 * @param {(message: string) => Promise<void>} reload
 */
function agendaItem(item, editable, reload) {
  return el(
    "li",
    { id: `steering-item-${item.id}` },
    el("h3", { class: "govuk-heading-s" }, `${item.position}. ${item.title}`),
    para(el("strong", {}, "On the agenda because: "), item.reason),
    editable ? null : para(el("strong", {}, "Discussion: "), item.discussion || "None recorded."),
    item.updates.length
      ? el(
          "ul",
          { class: "govuk-list govuk-list--bullet", id: `steering-item-${item.id}-progress` },
          item.updates.map((u) =>
            el(
              "li",
              {},
              `Progress recorded on ${longDate(u.made_on)} by ${u.made_by}: ${u.text}`,
              u.evidence ? ` Evidence: ${u.evidence}` : null,
            ),
          ),
        )
      : null,
    editable ? itemForm(item, reload) : null,
  );
}

/** @param {SteeringSection} s */
export function agendaSection({ meeting, editable, reload }) {
  return section(
    "Agenda",
    meeting.agenda.length
      ? el(
          "ol",
          { class: "govuk-list", id: "steering-agenda" },
          meeting.agenda.map((item) => agendaItem(item, editable, reload)),
        )
      : el(
          "p",
          { class: "govuk-body", id: "steering-agenda-empty" },
          "Nothing in the plan needs the group's attention.",
        ),
  );
}
