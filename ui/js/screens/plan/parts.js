// What the delivery plan's screens share: their sub-navigation, the tags of an action's
// status, RAG rating and flags, how a measure's figures read, and the refusal of one of
// several same-named forms on a page shown beside its own field.

import { subNavigation } from "../../kit/dom.js";
import { navigate } from "../../kit/navigate.js";
import { figure } from "../../kit/numbers.js";
import { tag } from "../../kit/tags.js";

/** @import { App } from "../../kit/navigate.js" */
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

/** @type {Record<string, "plan" | "plan-dashboard" | "training" | "steering" | "plan-period">} */
const NAV_ROUTES = {
  plan: "plan",
  dashboard: "plan-dashboard",
  training: "training",
  steering: "steering",
  period: "plan-period",
};

/**
 * Plan · Dashboard · Training · Steering group meetings, and for editors New plan period;
 * links with ids `plan-nav-<key>`.
 * @param {App} app
 * @param {"plan" | "dashboard" | "training" | "steering" | "period"} current
 */
export function planNav(app, current) {
  /** @type {[string, string][]} */
  const items = [
    ["plan", "Plan"],
    ["dashboard", "Dashboard"],
    ["training", "Training"],
    ["steering", "Steering group meetings"],
  ];
  if (app.person.may.edit_plan) items.push(["period", "New plan period"]);
  return subNavigation({
    label: "Delivery plan",
    items,
    current,
    idPrefix: "plan-nav",
    open: (key) => navigate(NAV_ROUTES[key], {}),
  });
}

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

/**
 * Runs one of several forms of a page whose fields carry `-<suffix>`: a refusal names the
 * field with the suffix, so that it shows beside that form's field.
 * @template T
 * @param {string | number} suffix
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
export async function suffixed(suffix, run) {
  try {
    return await run();
  } catch (error) {
    throw { ...error, field: error.field && `${error.field}-${suffix}` };
  }
}
