// What the steering group's screens share: the minutes' status as a tag, and what each
// section of a meeting is given.

import { tag } from "../../kit/tags.js";

/** @import { SteeringMeeting, SteeringSummary } from "../../api/bindings.js" */

/**
 * What each section of a meeting is given. `editable`: a draft, and the person may edit the
 * plan. `reload` shows the meeting again with a message.
 * @typedef {object} SteeringSection
 * @property {SteeringMeeting} meeting
 * @property {boolean} editable
 * @property {(message: string) => Promise<void>} reload
 */

/**
 * Approved (green) or Draft (yellow), with the core's label.
 * @param {SteeringSummary} summary
 */
export const steeringStatusTag = ({ approved_on, status_label }) =>
  tag(status_label, approved_on ? "green" : "yellow");
