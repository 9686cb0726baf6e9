// The one GOV.UK table every list is built with, and the pagination under a long one.

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

/**
 * The page numbers to offer (counted from 0): the first, the last and those beside the
 * current one, with null where others are left out.
 * @param {number} page
 * @param {number} pages
 * @returns {(number | null)[]}
 */
function pageNumbers(page, pages) {
  const shown = [...new Set([0, page - 1, page, page + 1, pages - 1])]
    .filter((n) => n >= 0 && n < pages)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1] > 1 ? [null, n] : [n]));
}

/**
 * GOV.UK pagination under a list the core sends a page at a time (pages counted from 0, as
 * the core counts them): Previous, page numbers, Next, each a link that `go` follows. Where
 * the list now stands ("Page 2 of 10") is said in a live region, so it is announced after
 * the screen is shown again. Nothing when there is one page.
 * @param {{id: string, label: string, page: number, pages: number,
 *   go: (page: number) => unknown}} options
 */
export function pagination({ id, label, page, pages, go }) {
  if (pages <= 1) return null;
  /**
   * @param {number} to
   * @param {Record<string, any>} attrs
   * @param {...any} content
   */
  const link = (to, attrs, ...content) =>
    el(
      "a",
      {
        class: "govuk-link govuk-pagination__link",
        href: `#${id}-${to + 1}`,
        onclick: (/** @type {Event} */ e) => {
          e.preventDefault();
          go(to);
        },
        ...attrs,
      },
      ...content,
    );
  /** @param {string} text */
  const title = (text) =>
    el(
      "span",
      { class: "govuk-pagination__link-title" },
      text,
      el("span", { class: "govuk-visually-hidden" }, " page"),
    );
  const status = el("p", { class: "govuk-body-s", id: `${id}-status`, role: "status" });
  // Filled once on the page: a live region announces a change, not what it held when added.
  requestAnimationFrame(() => {
    status.textContent = `Page ${page + 1} of ${pages}`;
  });
  return el(
    "div",
    {},
    el(
      "nav",
      { class: "govuk-pagination", id, "aria-label": label },
      page > 0
        ? el(
            "div",
            { class: "govuk-pagination__prev" },
            link(page - 1, { id: `${id}-previous`, rel: "prev" }, title("Previous")),
          )
        : null,
      el(
        "ul",
        { class: "govuk-pagination__list" },
        pageNumbers(page, pages).map((n) =>
          n === null
            ? el("li", { class: "govuk-pagination__item govuk-pagination__item--ellipses" }, "⋯")
            : el(
                "li",
                {
                  class: `govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}`,
                },
                link(
                  n,
                  {
                    id: `${id}-page-${n + 1}`,
                    "aria-label": `Page ${n + 1}`,
                    "aria-current": n === page ? "page" : null,
                  },
                  String(n + 1),
                ),
              ),
        ),
      ),
      page < pages - 1
        ? el(
            "div",
            { class: "govuk-pagination__next" },
            link(page + 1, { id: `${id}-next`, rel: "next" }, title("Next")),
          )
        : null,
    ),
    status,
  );
}
