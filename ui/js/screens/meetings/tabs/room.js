// In the room: one agenda item at a time in large type, Previous item / Next item; the
// discussion saved as it is typed (and before locking), the decision under the same rules
// as on the case record, and the actions agreed.

import { beforeLock } from "../../../api/call.js";
import { addAction, recordItemDecision, saveDiscussion } from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { longDate } from "../../../kit/dates.js";
import { decisionFields } from "../../../kit/decision.js";
import { details, el, para, section, summaryList } from "../../../kit/dom.js";
import { form } from "../../../kit/forms.js";
import { itemLabel, policeWarning } from "../parts.js";

/** @import { MeetingTab } from "../parts.js" */
/** @import { AgendaItem } from "../../../api/bindings.js" */

/**
 * Saves the discussion as it is typed (shortly after typing pauses, and on leaving the field).
 * @param {AgendaItem} item
 * @param {boolean} locked
 */
function discussionBox(item, locked) {
  const status = el(
    "p",
    { class: "govuk-body-s cd-save-status", id: "discussion-status", role: "status" },
    "",
  );
  const box = el(
    "textarea",
    {
      class: "govuk-textarea cd-room__text",
      id: "discussion",
      name: "discussion",
      rows: 6,
      spellcheck: "true",
      disabled: locked,
      "aria-describedby": "discussion-hint discussion-status",
    },
    item.discussion,
  );
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  let saved = item.discussion;
  const save = async () => {
    clearTimeout(timer);
    timer = null;
    const text = box.value;
    if (text === saved) return;
    try {
      await saveDiscussion(item.id, text);
      saved = text;
      status.textContent = "Saved";
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  };
  box.addEventListener("input", () => {
    status.textContent = "Saving…";
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
  box.addEventListener("blur", save);
  beforeLock(save);
  return el(
    "div",
    { class: "govuk-form-group", id: "discussion-group" },
    el("label", { class: "govuk-label govuk-label--m", for: "discussion" }, "Discussion summary"),
    el("div", { class: "govuk-hint", id: "discussion-hint" }, "Saved as you type"),
    box,
    status,
  );
}

/** @param {MeetingTab} tab */
export async function roomTab({ minutes, locked, reload, index }) {
  const m = minutes.meeting;
  const items = m.agenda.filter((i) => !i.removed_reason);
  if (!items.length) return para("The agenda is empty: add items on the Agenda tab.");
  const at = Math.min(Math.max(index, 0), items.length - 1);
  const item = items[at];
  /** @param {number} n */
  const go = (n) => reload("room", null, n);
  const previous = actionButton({
    id: "previous-item",
    label: "Previous item",
    run: () => go(at - 1),
  });
  const next = actionButton({ id: "next-item", label: "Next item", run: () => go(at + 1) });
  if (at === 0) previous.disabled = true;
  if (at === items.length - 1) next.disabled = true;
  const nav = el(
    "nav",
    { class: "cd-room__nav", "aria-label": "Agenda items" },
    previous,
    el(
      "span",
      { class: "govuk-body cd-room__count", id: "item-count" },
      `Item ${at + 1} of ${items.length}`,
    ),
    next,
  );
  const actions = minutes.actions.filter((a) => a.agenda_item_id === item.id);
  const decision = item.decision
    ? section(
        "Decision",
        summaryList([
          ["Decision", item.decision.kind_label],
          ["How reached", item.decision.how_reached_label],
          ["Rationale", item.decision.rationale],
          item.decision.signposted_to ? ["Signposted to", item.decision.signposted_to] : null,
          item.decision.exit_reason ? ["Exit reason", item.decision.exit_reason_label] : null,
        ]),
      )
    : item.case_id && !locked
      ? section(
          "Decision",
          item.police_present ? null : policeWarning("room-police-warning"),
          form({
            id: "room-decision-form",
            fields: await decisionFields(false),
            submitText: "Save decision",
            onSubmit: async (v) => {
              await recordItemDecision(item.id, v);
              await reload("room", "Decision recorded", at);
            },
          }),
        )
      : null;
  const actionForm = locked
    ? null
    : details(
        "Add an action",
        "open-action-form",
        form({
          id: "room-action-form",
          fields: [
            { name: "what", label: "What is to be done", type: "textarea", rows: 2 },
            { name: "owner", label: "Owner", width: "medium" },
            { name: "due_on", label: "Due date", type: "date" },
          ],
          submitText: "Add action",
          onSubmit: async (v) => {
            await addAction(m.summary.id, { ...v, agenda_item_id: item.id });
            await reload("room", "Action added", at);
          },
        }),
      );
  return el(
    "div",
    { class: "cd-room", id: "room" },
    nav,
    el(
      "h2",
      { class: "govuk-heading-l cd-room__title", id: "room-item-title" },
      `${item.position}. ${itemLabel(item)}`,
    ),
    item.case_id
      ? summaryList([
          ["Reference", item.reference],
          ["Age", item.age ?? "Not known"],
          ["Stage at the meeting", item.stage_label],
          ["On the agenda because", item.reason],
        ])
      : para(item.reason),
    discussionBox(item, locked),
    decision,
    section(
      "Actions",
      actions.length
        ? el(
            "ul",
            { class: "govuk-list govuk-list--bullet", id: "room-actions" },
            actions.map((a) => el("li", {}, `${a.what} (${a.owner}, due ${longDate(a.due_on)})`)),
          )
        : para("No actions yet for this item."),
      actionForm,
    ),
  );
}
