// What the delivery plan's screens share: the tags of an action's status, RAG rating and
// flags, and how a measure's figures read.

import { figure } from "../../kit/numbers.js";
import { tag } from "../../kit/tags.js";

/** @import { Measure, MeasureValue, PlanAction, PlanFilter } from "../../api/bindings.js" */

/**
 * Every action of the latest period but the retired ones: where a filter starts.
 * @type {PlanFilter}
 */
export const EVERY_ACTION = {
  period_id: null,
  priority: null,
  owner: "",
  status: "",
  rag: "",
  flag: "",
  include_retired: false,
};

/** @type {Record<string, string>} */
const STATUS_COLOURS = {
  not_started: "grey",
  on_track: "blue",
  at_risk: "yellow",
  off_track: "red",
  complete: "green",
  dropped: "purple",
};

/** @type {Record<string, string>} */
const RAG_COLOURS = { red: "red", amber: "orange", green: "green", none: "grey" };

/**
 * Where an action stands, with the core's label; a retired action says so.
 * @param {PlanAction} a
 */
export const statusTag = (a) =>
  a.retired_on ? tag("Retired", "grey") : tag(a.status_label, STATUS_COLOURS[a.status] || "grey");

/**
 * The RAG rating, always with its label.
 * @param {PlanAction} a
 */
export const ragTag = (a) => tag(a.rag_label, RAG_COLOURS[a.rag] || "grey");

/**
 * Overdue and stale, as tags a space apart; none is an empty list.
 * @param {PlanAction} a
 * @param {number} staleDays
 */
export const flagTags = (a, staleDays) =>
  [
    a.overdue ? tag("Overdue", "red") : null,
    a.stale ? tag(`No update for ${staleDays} days`, "yellow") : null,
  ]
    .filter(Boolean)
    .flatMap((t, i) => (i ? [" ", t] : [t]));

/**
 * Who leads an action: the lead once named, else the owners as printed.
 * @param {PlanAction} a
 */
export const leadOrOwners = (a) => a.lead || a.owners;

/**
 * A figure of a measure: "64%" or "12".
 * @param {Measure} m
 * @param {number} value
 */
export const measureFigure = (m, value) => `${figure(value)}${m.unit === "percent" ? "%" : ""}`;

/**
 * A value of a measure: "64% (640 of 1,000)" when counted.
 * @param {Measure} m
 * @param {MeasureValue} v
 */
export const measureValue = (m, v) =>
  v.numerator !== null && v.denominator !== null
    ? `${measureFigure(m, v.value)} (${figure(v.numerator)} of ${figure(v.denominator)})`
    : measureFigure(m, v.value);

/**
 * Whether a measure meets its target, as a tag.
 * @param {Measure} m
 * @param {string} [id]
 */
export function targetTag(m, id) {
  if (!m.values.length) return tag("No value yet", "grey", id);
  return m.below_target ? tag("Below target", "red", id) : tag("Meets target", "green", id);
}
