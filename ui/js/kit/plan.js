// What the delivery plan's screens and the steering group's meetings (a section of the plan)
// share: the plan's sub-navigation.

import { subNavigation } from "./dom.js";
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
