// Timeline: every event of the case, newest first, with who recorded it.

import { longDate } from "../../../kit/dates.js";
import { el } from "../../../kit/dom.js";

/** @import { CaseView } from "../parts.js" */

/** @param {CaseView} view */
export function timelineTab({ record: r }) {
  return el(
    "div",
    { class: "moj-timeline", id: "timeline" },
    r.timeline.map((e) =>
      el(
        "div",
        { class: "moj-timeline__item" },
        el(
          "div",
          { class: "moj-timeline__header" },
          el("h3", { class: "moj-timeline__title" }, e.summary),
          " ",
          el(
            "p",
            { class: "moj-timeline__byline" },
            `by ${e.recorded_by}${e.episode > 1 ? `, episode ${e.episode}` : ""}`,
          ),
        ),
        el(
          "p",
          { class: "moj-timeline__date" },
          el("time", { datetime: e.happened_on }, longDate(e.happened_on)),
        ),
      ),
    ),
  );
}
