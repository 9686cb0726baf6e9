// What the delivery plan's screens and the steering group's meetings (a section of the plan)
// share: the plan's sub-navigation, and the refusal of one of several same-named forms on a
// page shown beside its own field.

import { subNavigation } from "./dom.js";
import { renamed } from "./forms.js";
import { navigate } from "./navigate.js";

/** @import { App } from "./navigate.js" */

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
    throw renamed(error, (field) => `${field}-${suffix}`);
  }
}
