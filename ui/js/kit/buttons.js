// Buttons that do something on the page rather than submit a form.

import { el, errorMessage } from "./dom.js";

/**
 * @typedef {object} ButtonOptions
 * @property {string} id
 * @property {any} label text, or text with a visually hidden part naming what it acts on
 * @property {"primary" | "secondary" | "warning"} [variant] secondary unless said
 * @property {boolean} [compact] no margin below, for buttons in a table row
 */

/** @param {ButtonOptions} options */
function classes({ variant = "secondary", compact = false }) {
  return [
    "govuk-button",
    variant === "primary" ? null : `govuk-button--${variant}`,
    compact ? "govuk-!-margin-bottom-0" : null,
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * A button that opens something: another screen, a form.
 * @param {ButtonOptions & {onclick: () => void}} options
 */
export function button(options) {
  return el(
    "button",
    { type: "button", class: classes(options), id: options.id, onclick: options.onclick },
    options.label,
  );
}

/**
 * A button that runs `run` once: disabled while it runs (and after, as the screen is usually
 * shown again); a refusal from the core is shown beside it, and the button works again.
 * @param {ButtonOptions & {run: () => Promise<unknown>}} options
 */
export function actionButton(options) {
  const { id, run } = options;
  const node = el("button", { type: "button", class: classes(options), id }, options.label);
  node.addEventListener("click", async () => {
    node.disabled = true;
    document.getElementById(`${id}-error`)?.remove();
    try {
      await run();
    } catch (error) {
      node.disabled = false;
      node.after(errorMessage(error.message, `${id}-error`));
    }
  });
  return node;
}
