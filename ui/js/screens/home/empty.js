// An area later work fills (Delivery plan, Reports) says plainly that it holds nothing yet.

import { emptyState, heading, screen } from "../../kit/dom.js";

/** @import { Area } from "../../kit/navigate.js" */

/** @param {Area} area */
export function emptyArea(area) {
  screen(area.title, heading(area.title), emptyState("Nothing here yet", area.empty));
}
