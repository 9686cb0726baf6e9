// A chart the core drew: its SVG as an image (never inserted as markup), then a table of the
// same figures, categories as rows and series as columns, which the image's text points to.

import { el } from "./dom.js";
import { figure } from "./numbers.js";
import { table } from "./table.js";

/** @import { DashboardChart } from "../api/bindings.js" */

/**
 * The image alone, with the chart's id; the table of its figures must follow it.
 * @param {DashboardChart} drawn
 */
export const chartImage = ({ chart, svg }) =>
  el("img", {
    id: chart.id,
    class: "cd-chart",
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    alt: `${chart.title}. The figures are in the table below.`,
  });

/**
 * The image has the chart's id, its table the id followed by "-table".
 * @param {DashboardChart} drawn
 * @param {string} categories what the rows are, heading their column
 */
export function chartWithTable(drawn, categories) {
  const { chart } = drawn;
  return el(
    "div",
    {},
    chartImage(drawn),
    table({
      id: `${chart.id}-table`,
      caption: chart.title,
      head: [categories, ...chart.series.map((s) => s.name)],
      rows: chart.categories.map((c, i) => [c, ...chart.series.map((s) => figure(s.values[i]))]),
    }),
  );
}
