// Building the page. Text always goes in as text nodes: nothing a person typed is ever
// parsed as markup.

/** el("p", {class: "govuk-body"}, "text", childNode, ...) */
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

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the main area with one screen: its title, its heading, focus on the heading. */
export function screen(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  document.title = `${title} – Channel Desk`;
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  return main;
}

export const heading = (text) => el("h1", { class: "govuk-heading-l", id: "page-heading" }, text);
export const para = (...text) => el("p", { class: "govuk-body" }, ...text);

/** "29 November 2026 at 14:05", in Europe/London time. */
export function dateTime(iso) {
  const d = new Date(iso);
  const date = d.toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
  const time = d.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });
  return `${date} at ${time}`;
}

/** "2026-11-29" as 29/11/2026, for tables. */
export function shortDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "2026-11-29" as 29 November 2026, for text. */
export function longDate(iso) {
  if (!iso) return "";
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function notice(text, type = "") {
  return el("div", { class: `govuk-notification-banner ${type ? `govuk-notification-banner--${type}` : ""}`, role: type === "success" ? "alert" : "region", "aria-labelledby": "notice-title", id: "notice" },
    el("div", { class: "govuk-notification-banner__header" },
      el("h2", { class: "govuk-notification-banner__title", id: "notice-title" }, type === "success" ? "Success" : "Important")),
    el("div", { class: "govuk-notification-banner__content" },
      el("p", { class: "govuk-notification-banner__heading" }, text)));
}

/** A GOV.UK summary list of [key, value] rows; an empty value reads "Not recorded". */
export function summaryList(rows) {
  return el("dl", { class: "govuk-summary-list" }, rows.filter(Boolean).map(([k, v]) => el("div", { class: "govuk-summary-list__row" },
    el("dt", { class: "govuk-summary-list__key" }, k),
    el("dd", { class: "govuk-summary-list__value" }, v === null || v === undefined || v === "" ? "Not recorded" : v))));
}

export const section = (title, ...content) => el("section", { class: "cd-section" }, el("h2", { class: "govuk-heading-m" }, title), ...content);
export const details = (summary, id, ...content) => el("details", { class: "govuk-details" },
  el("summary", { class: "govuk-details__summary", id }, el("span", { class: "govuk-details__summary-text" }, summary)),
  el("div", { class: "govuk-details__text" }, ...content));
