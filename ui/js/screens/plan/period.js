// A new plan period, for editors: its key, title, dates and vision, and which actions of the
// latest period it carries over (each keeps its key and history). The priorities, headings
// and objectives carry over whole; the period before is then kept as it was.

import { plan as loadPlan, startPlanPeriod } from "../../api/plan.js";
import { emptyState, heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { planNav } from "../../kit/plan.js";
import { plural } from "../../kit/text.js";
import { EVERY_ACTION } from "./parts.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Field } from "../../kit/forms.js" */

/** @param {App} app */
export async function periodScreen(app) {
  if (!app.person.may.edit_plan) {
    screen(
      "New plan period",
      heading("New plan period"),
      para("Only the steering group lead starts a new plan period."),
    );
    return;
  }
  const latest = await loadPlan(EVERY_ACTION);
  if (!latest) {
    screen(
      "New plan period",
      heading("New plan period"),
      planNav(app, "period"),
      emptyState(
        "No delivery plan is loaded",
        "A new period follows the plan loaded now. Load the borough's plan first.",
      ),
      para(routeLink("plan", {}, { id: "period-open-plan" }, "Go to the delivery plan")),
    );
    return;
  }
  const actions = latest.priorities.flatMap((p) => p.headings.flatMap((h) => h.actions));
  const node = form({
    id: "period-form",
    intro: [
      para(
        `It follows ${latest.period.title} (${latest.period.dates_text}), which is then ` +
          "kept as it was. The priorities, headings and objectives carry over.",
      ),
      para(
        "So do the actions ticked under “Actions to carry over”: untick those that end " +
          "with this period. Each keeps its key and its progress updates; complete and " +
          "dropped ones start again as not started, with the new period's end date as " +
          "their target.",
      ),
    ],
    fields: [
      {
        name: "key",
        label: "Short name of the period",
        hint: "For example, 2019-2021",
        width: "medium",
      },
      { name: "title", label: "Title of the plan" },
      { name: "starts_on", label: "Start date", type: "date" },
      { name: "ends_on", label: "End date", type: "date" },
      { name: "vision", label: "Vision", type: "textarea", rows: 4, value: latest.period.vision },
      { type: "section", label: "Actions to carry over" },
      ...actions.map(
        (a) =>
          /** @type {Field} */ ({
            name: `carry-${a.id}`,
            label: `${a.number} (${a.key}): ${a.text}`,
            type: "checkbox",
            value: true,
          }),
      ),
    ],
    submitText: "Start the new period",
    onSubmit: async (v) => {
      const carry = actions.filter((a) => v[`carry-${a.id}`]).map((a) => a.id);
      await startPlanPeriod({
        key: v.key,
        title: v.title,
        starts_on: v.starts_on,
        ends_on: v.ends_on,
        vision: v.vision,
        carry,
      });
      await navigate("plan", {
        message:
          `Plan period ${v.key.trim()} started with ` +
          `${plural(carry.length, "action", "actions")} carried over`,
      });
    },
  });
  screen("New plan period", heading("New plan period"), planNav(app, "period"), node);
}
