// Panel meetings (src-tauri/src/commands/meetings.rs): the list, minutes, membership,
// scheduling, every change to a meeting through one command that names the action, the
// actions across meetings, and the minutes' export to PDF.

import { call } from "./call.js";

/**
 * @import { Action, ActionFilter, ActionStatus, Export, MeetingActions, MeetingInput,
 *   MeetingSummary, Member, Minutes, MinutesVersion } from "./types.js"
 */

/** @returns {Promise<MeetingSummary[]>} newest first */
export function listMeetings() {
  return call("list_meetings");
}

/**
 * @param {number} id
 * @returns {Promise<Minutes>}
 */
export function minutes(id) {
  return call("minutes", { id });
}

/** @returns {Promise<Member[]>} */
export function members() {
  return call("members");
}

/**
 * @param {MeetingInput} form
 * @returns {Promise<number>} the new meeting's id
 */
export function scheduleMeeting(form) {
  return call("schedule_meeting", { form });
}

/**
 * One change to a meeting: `id` is the meeting's, or for item actions the agenda item's, for
 * attendance removal the attendance line's.
 * @template {keyof MeetingActions} A
 * @param {number} id
 * @param {A} action
 * @param {MeetingActions[A]} data
 * @returns {Promise<null>}
 */
export function meetingAction(id, action, data) {
  return call("meeting_action", { id, action, data });
}

/**
 * @param {ActionFilter} filter
 * @returns {Promise<Action[]>}
 */
export function listActions(filter) {
  return call("list_actions", { filter });
}

/**
 * @param {number} id
 * @param {ActionStatus} status
 * @param {string} reason
 * @returns {Promise<null>}
 */
export function setActionStatus(id, status, reason) {
  return call("set_action_status", { id, status, reason });
}

/**
 * Asks where to save and writes the PDF; null when the person cancelled.
 * @param {number} id
 * @param {MinutesVersion} version
 * @returns {Promise<Export | null>}
 */
export function exportMinutes(id, version) {
  return call("export_minutes", { id, version });
}

/** Opens the file this window last exported in the system's viewer. @returns {Promise<null>} */
export function openExport() {
  return call("open_export");
}
