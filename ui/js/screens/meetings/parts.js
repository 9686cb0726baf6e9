// What the tabs of a meeting share: how an agenda item is named, the police warning, and
// what each tab is given.

import { warningText } from "../../kit/dom.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { AgendaItem, Minutes } from "../../api/bindings.js" */

/**
 * What each tab of a meeting is given. `locked`: approved, or a read-only panel member.
 * `reload` shows the meeting again on a tab, with a message, at an item of the room.
 * @typedef {object} MeetingTab
 * @property {App} app
 * @property {Minutes} minutes
 * @property {boolean} locked
 * @property {(tab: string, message?: string | null, index?: number) => Promise<void>} reload
 * @property {number} index the item shown in the room
 */

/** @param {AgendaItem} item */
export function itemLabel(item) {
  return item.reference ? `${item.reference}: ${item.full_name}` : item.title;
}

/** @param {string} id */
export function policeWarning(id) {
  return warningText(
    "No police representative is recorded as present. The police force " +
      "for the area where the person lives must be represented when " +
      "their case is discussed.",
    { id, hidden: "Warning: " },
  );
}
