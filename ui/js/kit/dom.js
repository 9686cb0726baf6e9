// Building the page, and the GOV.UK and MoJ pieces every screen uses. Text always goes in as
// text nodes: nothing a person typed is ever parsed as markup.

/** @import { Unprintable } from "../api/bindings.js" */

/**
 * el("p", {class: "govuk-body"}, "text", childNode, ...). An attribute named on... becomes an
 * event listener; false, null and undefined attributes and children are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/**
 * @param {Node & ParentNode} node
 * @param {any[]} children
 */
function append(node, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the main area with one screen: its title, its heading, focus on the heading. The
 * new screen starts at its top, so a success banner above the heading is in view.
 * @param {string} title
 * @param {...any} children
 */
export function screen(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(...children.flat(Number.POSITIVE_INFINITY).filter(Boolean));
  document.title = `${title} – Channel Desk`;
  const heading = main.querySelector("h1");
  window.scrollTo(0, 0);
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  return main;
}

/** @param {string} text */
export const heading = (text) => el("h1", { class: "govuk-heading-l", id: "page-heading" }, text);

/** @param {...any} text */
export const para = (...text) => el("p", { class: "govuk-body" }, ...text);

/**
 * A notification banner: "success" says so and is announced; otherwise "Important".
 * @param {string} text
 * @param {"" | "success"} [type]
 */
export function notice(text, type = "") {
  return el(
    "div",
    {
      class: `govuk-notification-banner ${type ? `govuk-notification-banner--${type}` : ""}`,
      role: type === "success" ? "alert" : "region",
      "aria-labelledby": "notice-title",
      id: "notice",
    },
    el(
      "div",
      { class: "govuk-notification-banner__header" },
      el(
        "h2",
        { class: "govuk-notification-banner__title", id: "notice-title" },
        type === "success" ? "Success" : "Important",
      ),
    ),
    el(
      "div",
      { class: "govuk-notification-banner__content" },
      el("p", { class: "govuk-notification-banner__heading" }, text),
    ),
  );
}

/**
 * A GOV.UK summary list of [key, value] rows; an empty value reads "Not recorded", and a null
 * row is left out.
 * @param {([string, any] | null)[]} rows
 */
export function summaryList(rows) {
  return el(
    "dl",
    { class: "govuk-summary-list" },
    rows
      .filter(Boolean)
      .map(([k, v]) =>
        el(
          "div",
          { class: "govuk-summary-list__row" },
          el("dt", { class: "govuk-summary-list__key" }, k),
          el(
            "dd",
            { class: "govuk-summary-list__value" },
            v === null || v === undefined || v === "" ? "Not recorded" : v,
          ),
        ),
      ),
  );
}

/**
 * @param {string} title
 * @param {...any} content
 */
export const section = (title, ...content) =>
  el("section", { class: "cd-section" }, el("h2", { class: "govuk-heading-m" }, title), ...content);

/**
 * GOV.UK details: `id` is the summary's, the control that opens it.
 * @param {string} summary
 * @param {string} id
 * @param {...any} content
 */
export const details = (summary, id, ...content) =>
  el(
    "details",
    { class: "govuk-details" },
    el(
      "summary",
      { class: "govuk-details__summary", id },
      el("span", { class: "govuk-details__summary-text" }, summary),
    ),
    el("div", { class: "govuk-details__text" }, ...content),
  );

/**
 * What goes in an empty list, and how to add the first item.
 * @param {string} title
 * @param {string} text
 */
export function emptyState(title, text) {
  return el(
    "div",
    { class: "cd-empty", id: "empty-state" },
    el("h2", { class: "govuk-heading-m" }, title),
    para(text),
  );
}

/**
 * GOV.UK warning text; `hidden` is what a screen reader hears first ("Warning").
 * @param {string} text
 * @param {{id?: string, hidden?: string}} [options]
 */
export function warningText(text, { id, hidden } = {}) {
  return el(
    "div",
    { class: "govuk-warning-text", id },
    el("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
    el(
      "strong",
      { class: "govuk-warning-text__text" },
      hidden ? el("span", { class: "govuk-visually-hidden" }, hidden) : null,
      text,
    ),
  );
}

/**
 * Characters an export printed as empty boxes because no font has them, and where: a
 * warning to spread among a result's nodes, or nothing.
 * @param {Unprintable[]} unprintable
 * @returns {HTMLElement[]}
 */
export function unprintableWarning(unprintable) {
  if (unprintable.length === 0) return [];
  const warning = el(
    "div",
    { id: "unprintable" },
    warningText("Some characters have no font and print as empty boxes in the PDF:", {
      hidden: "Warning",
    }),
    el(
      "ul",
      { class: "govuk-list govuk-list--bullet" },
      unprintable.map((u) => el("li", {}, `${u.characters.join(", ")} in “${u.text}”`)),
    ),
  );
  return [warning];
}

/**
 * The core's refusal, announced where it happened.
 * @param {string} message
 * @param {string} [id]
 */
export const errorMessage = (message, id) =>
  el("p", { class: "govuk-error-message", role: "alert", id }, message);

/**
 * MoJ sub-navigation: links `#key` with ids `${idPrefix}-${key}`; `open(key)` shows one.
 * @param {{label: string, items: [string, string][], current: string, idPrefix: string,
 *   open: (key: string) => void}} options
 */
export function subNavigation({ label, items, current, idPrefix, open }) {
  return el(
    "nav",
    { class: "moj-sub-navigation", "aria-label": label },
    el(
      "ul",
      { class: "moj-sub-navigation__list" },
      items.map(([key, text]) =>
        el(
          "li",
          { class: "moj-sub-navigation__item" },
          el(
            "a",
            {
              class: "moj-sub-navigation__link",
              href: `#${key}`,
              id: `${idPrefix}-${key}`,
              "aria-current": key === current ? "page" : null,
              onclick: (/** @type {Event} */ e) => {
                e.preventDefault();
                open(key);
              },
            },
            text,
          ),
        ),
      ),
    ),
  );
}
