// The one GOV.UK table every list is built with.

import { el } from "./dom.js";

/**
 * A cell's content (text, a node, or several), or that content with a class of its own.
 * @typedef {any | {content: any, class: string}} Cell
 */

/**
 * A header's text, or content with attributes for its th (a sortable column's aria-sort).
 * @typedef {string | {content: any, attrs: Record<string, any>}} Header
 */

/**
 * A row: its cells, or its cells with the tr's id and an extra class.
 * @typedef {Cell[] | {cells: Cell[], id?: string, class?: string}} Row
 */

const CAPTIONS = {
  s: "govuk-table__caption--s",
  m: "govuk-table__caption--m",
  hidden: "govuk-visually-hidden",
};

/** @param {any} c */
const isCellWithClass = (c) =>
  c !== null && typeof c === "object" && !(c instanceof Node) && !Array.isArray(c);

/**
 * A null header leaves its column out, as a null cell does in each row.
 * @param {{id: string, caption: string, captionSize?: "s" | "m" | "hidden",
 *   head: (Header | null)[], rows: Row[]}} options
 */
export function table({ id, caption, captionSize = "s", head, rows }) {
  const th = (/** @type {Header} */ h) =>
    typeof h === "string"
      ? el("th", { scope: "col", class: "govuk-table__header" }, h)
      : el("th", { scope: "col", class: "govuk-table__header", ...h.attrs }, h.content);
  const td = (/** @type {Cell} */ c) =>
    isCellWithClass(c)
      ? el("td", { class: `govuk-table__cell ${c.class}` }, c.content)
      : el("td", { class: "govuk-table__cell" }, c);
  const tr = (/** @type {Row} */ row) => {
    const r = Array.isArray(row) ? { cells: row } : row;
    return el(
      "tr",
      { class: r.class ? `govuk-table__row ${r.class}` : "govuk-table__row", id: r.id },
      r.cells.filter((c) => c !== null).map(td),
    );
  };
  return el(
    "table",
    { class: "govuk-table", id },
    el("caption", { class: `govuk-table__caption ${CAPTIONS[captionSize]}` }, caption),
    el(
      "thead",
      { class: "govuk-table__head" },
      el("tr", { class: "govuk-table__row" }, head.filter((h) => h !== null).map(th)),
    ),
    el("tbody", { class: "govuk-table__body" }, rows.map(tr)),
  );
}

/**
 * A column heading set right, over figures.
 * @param {string} text
 * @returns {Header}
 */
export const numericHeader = (text) => ({
  content: text,
  attrs: { class: "govuk-table__header govuk-table__header--numeric" },
});

/**
 * A figure set right in its cell; `extra` adds a class (bold for a total).
 * @param {any} content
 * @param {string} [extra]
 * @returns {Cell}
 */
export const numericCell = (content, extra = "") => ({
  content,
  class: `govuk-table__cell--numeric ${extra}`.trim(),
});
