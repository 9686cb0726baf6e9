// GOV.UK form patterns: labelled fields, an error summary at the top of the page linking
// to each field, and each error again beside its field.

import { el } from "./dom.js";

function control(f) {
  const describedBy = f.hint ? `${f.name}-hint` : null;
  const common = { id: f.name, name: f.name, "aria-describedby": describedBy };
  if (f.type === "select") {
    return el("select", { ...common, class: "govuk-select" },
      f.options.map((o) => el("option", { value: o.value, selected: o.value === f.value }, o.label)));
  }
  const widths = { short: "govuk-input--width-5", medium: "govuk-input--width-20" };
  return el("input", {
    ...common,
    class: `govuk-input ${widths[f.width] || ""}`.trim(),
    type: f.type || "text",
    autocomplete: f.autocomplete || "off",
    spellcheck: "false",
    inputmode: f.inputmode,
    value: f.value,
  });
}

function field(f) {
  return el("div", { class: "govuk-form-group", id: `${f.name}-group` },
    el("label", { class: "govuk-label govuk-label--s", for: f.name }, f.label),
    f.hint ? el("div", { class: "govuk-hint", id: `${f.name}-hint` }, f.hint) : null,
    control(f));
}

function clearErrors(formNode) {
  document.getElementById("error-summary")?.remove();
  for (const group of formNode.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
    group.querySelector(".govuk-error-message")?.remove();
    const input = group.querySelector("input, select");
    input.classList.remove("govuk-input--error", "govuk-select--error");
    const hint = group.querySelector(".govuk-hint");
    input.setAttribute("aria-describedby", hint ? hint.id : "");
  }
}

/** Shows errors [{field, message}] in a summary at the top and beside each field. */
export function showErrors(formNode, errors) {
  clearErrors(formNode);
  const items = errors.map((e) => {
    const input = e.field && formNode.querySelector(`#${CSS.escape(e.field)}`);
    if (!input) return el("li", {}, e.message);
    const group = input.closest(".govuk-form-group");
    group.classList.add("govuk-form-group--error");
    input.classList.add(input.tagName === "SELECT" ? "govuk-select--error" : "govuk-input--error");
    const message = el("p", { class: "govuk-error-message", id: `${e.field}-error` },
      el("span", { class: "govuk-visually-hidden" }, "Error: "), e.message);
    input.before(message);
    input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${e.field}-error`.trim());
    return el("li", {}, el("a", { href: `#${e.field}`, onclick: (ev) => { ev.preventDefault(); input.focus(); } }, e.message));
  });
  const summary = el("div", { class: "govuk-error-summary", id: "error-summary", tabindex: "-1" },
    el("div", { role: "alert" },
      el("h2", { class: "govuk-error-summary__title" }, "There is a problem"),
      el("div", { class: "govuk-error-summary__body" },
        el("ul", { class: "govuk-list govuk-error-summary__list" }, items))));
  document.getElementById("main").prepend(summary);
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  summary.focus();
}

/**
 * A form whose submit calls `onSubmit(values)`. While that runs the button is disabled and
 * says so, so slow work (key derivation) cannot be started twice.
 */
export function form({ id, fields, submitText, onSubmit, extra = [] }) {
  const button = el("button", { type: "submit", class: "govuk-button", id: `${id}-submit` }, submitText);
  const node = el("form", { id, novalidate: true }, fields.map(field), el("div", { class: "govuk-button-group" }, button, ...extra));
  node.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (button.disabled) return;
    const values = Object.fromEntries(fields.map((f) => [f.name, node.elements[f.name].value]));
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Please wait…";
    try {
      await onSubmit(values);
      clearErrors(node);
      document.title = document.title.replace(/^Error: /, "");
    } catch (error) {
      showErrors(node, [{ field: error.field, message: error.message }]);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = submitText;
    }
  });
  return node;
}
