// GOV.UK tags: text as well as colour, never colour alone.

import { el } from "./dom.js";

/** @import { Stage } from "../api/bindings.js" */

/**
 * @param {string} text
 * @param {string} colour a GOV.UK tag colour: "green", "red", "light-blue"...
 * @param {string} [id]
 */
export const tag = (text, colour, id) =>
  el("strong", { class: `govuk-tag govuk-tag--${colour}`, id }, text);

/** @type {Partial<Record<Stage, string>>} */
const STAGE_COLOURS = {
  awaiting_panel: "yellow",
  adopted: "blue",
  support: "blue",
  exited: "purple",
  six_month_review_done: "purple",
  closed: "grey",
  not_adopted: "grey",
};

/**
 * A case's stage, with the core's label.
 * @param {Stage} stage
 * @param {string} label
 */
export const stageTag = (stage, label) => tag(label, STAGE_COLOURS[stage] || "light-blue");

/**
 * Whether a meeting's minutes are approved, with the core's label.
 * @param {{status: string, status_label: string}} summary
 */
export const minutesStatusTag = ({ status, status_label }) =>
  tag(status_label, status === "approved" ? "green" : "yellow");

/**
 * The red "Overdue" tag, after a space, for something the core says is overdue; else nothing.
 * @param {boolean} overdue
 */
export const overdueTag = (overdue) => (overdue ? [" ", tag("Overdue", "red")] : null);
