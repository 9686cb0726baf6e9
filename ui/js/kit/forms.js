// GOV.UK form patterns: labelled fields, an error summary at the top of the page linking
// to each field, and each error again beside its field; and the selects of a filter form.

import { el } from "./dom.js";

/**
 * One field of a form. `name` is the control's id and name, and the key of its value; a
 * "section" is a heading between fields. Dates are three inputs, read as "d/m/y";
 * "checkboxes" are a group whose value is the list of values ticked. An option's `group`
 * puts it with the others of that group (an optgroup, or a fieldset of checkboxes).
 * @typedef {object} Field
 * @property {string} [name]
 * @property {string} label
 * @property {"text" | "password" | "select" | "textarea" | "date" | "radios" | "checkbox"
 *   | "checkboxes" | "section"} [type]
 * @property {string} [hint]
 * @property {any} [value]
 * @property {Option[]} [options]
 * @property {number} [rows]
 * @property {"short" | "medium"} [width]
 * @property {string} [autocomplete]
 * @property {string} [inputmode]
 * @property {boolean} [inline]
 */

/**
 * @typedef {object} Option
 * @property {string} value
 * @property {string} label
 * @property {string} [group]
 */

/**
 * The options' nodes, each group's together where the group first appears (`wrap` makes
 * the group's node); an option without a group keeps its place.
 * @param {Option[]} options
 * @param {(o: Option, i: number) => Node} item
 * @param {(group: string, members: Node[]) => Node} wrap
 */
function grouped(options, item, wrap) {
  /** @type {Map<string, Node[]>} */
  const groups = new Map();
  /** @type {(Node | string)[]} */
  const parts = [];
  options.forEach((o, i) => {
    const node = item(o, i);
    if (!o.group) parts.push(node);
    else if (groups.has(o.group)) groups.get(o.group).push(node);
    else {
      groups.set(o.group, [node]);
      parts.push(o.group);
    }
  });
  return parts.map((p) => (typeof p === "string" ? wrap(p, groups.get(p)) : p));
}

/** @param {Field} f */
function control(f) {
  const describedBy = f.hint ? `${f.name}-hint` : null;
  const common = { id: f.name, name: f.name, "aria-describedby": describedBy };
  if (f.type === "select") {
    return el(
      "select",
      { ...common, class: "govuk-select" },
      grouped(
        f.options,
        (o) => el("option", { value: o.value, selected: o.value === f.value }, o.label),
        (group, members) => el("optgroup", { label: group }, members),
      ),
    );
  }
  if (f.type === "textarea") {
    return el(
      "textarea",
      { ...common, class: "govuk-textarea", rows: f.rows || 4, spellcheck: "true" },
      f.value || "",
    );
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

/**
 * A GOV.UK fieldset with a legend; `inner` is its content.
 * @param {Field} f
 * @param {any} inner
 * @param {string} [extraClass]
 */
function fieldset(f, inner, extraClass = "") {
  return el(
    "div",
    { class: "govuk-form-group", id: `${f.name}-group` },
    el(
      "fieldset",
      { class: "govuk-fieldset", "aria-describedby": f.hint ? `${f.name}-hint` : null },
      el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, f.label),
      f.hint ? el("div", { class: "govuk-hint", id: `${f.name}-hint` }, f.hint) : null,
      el("div", { class: extraClass }, inner),
    ),
  );
}

/**
 * Three inputs for day, month and year; the day input carries the field's id.
 * @param {Field} f
 */
function dateField(f) {
  const part = (suffix, label, width) => {
    const id = suffix ? `${f.name}-${suffix}` : f.name;
    return el(
      "div",
      { class: "govuk-date-input__item" },
      el(
        "div",
        { class: "govuk-form-group" },
        el("label", { class: "govuk-label govuk-date-input__label", for: id }, label),
        el("input", {
          class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
          id,
          name: id,
          type: "text",
          inputmode: "numeric",
          autocomplete: "off",
        }),
      ),
    );
  };
  return fieldset(
    { ...f, hint: f.hint || "For example, 27 3 2011" },
    [part("", "Day", 2), part("month", "Month", 2), part("year", "Year", 4)],
    "govuk-date-input",
  );
}

/** @param {Field} f */
function radiosField(f) {
  return fieldset(
    f,
    f.options.map((o, i) =>
      el(
        "div",
        { class: "govuk-radios__item" },
        el("input", {
          class: "govuk-radios__input",
          id: i ? `${f.name}-${i}` : f.name,
          name: f.name,
          type: "radio",
          value: o.value,
          checked: o.value === f.value,
        }),
        el(
          "label",
          { class: "govuk-label govuk-radios__label", for: i ? `${f.name}-${i}` : f.name },
          o.label,
        ),
      ),
    ),
    `govuk-radios ${f.inline ? "govuk-radios--inline" : ""}`,
  );
}

/**
 * One checkbox; `value` is what a group of them sends when it is ticked.
 * @param {{id: string, name: string, label: string, checked: boolean, value?: string}} c
 */
function checkboxItem({ id, name, label, checked, value }) {
  return el(
    "div",
    { class: "govuk-checkboxes__item" },
    el("input", { class: "govuk-checkboxes__input", id, name, type: "checkbox", value, checked }),
    el("label", { class: "govuk-label govuk-checkboxes__label", for: id }, label),
  );
}

/**
 * A group of checkboxes, the first carrying the field's id (where an error links to). Each
 * group of options is a fieldset of its own, its name the legend; options without a group
 * follow the groups after an "or", as answers such as "Not known" do.
 * @param {Field} f
 */
function checkboxesField(f) {
  const ticked = f.value || [];
  const items = grouped(
    f.options,
    (o, i) => {
      const item = checkboxItem({
        id: i ? `${f.name}-${i}` : f.name,
        name: f.name,
        label: o.label,
        checked: ticked.includes(o.value),
        value: o.value,
      });
      return !o.group && f.options[i - 1]?.group
        ? el("div", {}, el("div", { class: "govuk-checkboxes__divider" }, "or"), item)
        : item;
    },
    (group, members) =>
      el(
        "fieldset",
        { class: "govuk-fieldset govuk-!-margin-bottom-4" },
        el("legend", { class: "govuk-fieldset__legend" }, group),
        members,
      ),
  );
  return fieldset(f, items, "govuk-checkboxes govuk-checkboxes--small");
}

/** @param {Field} f */
function field(f) {
  if (f.type === "section") return el("h2", { class: "govuk-heading-m" }, f.label);
  if (f.type === "date") return dateField(f);
  if (f.type === "radios") return radiosField(f);
  if (f.type === "checkboxes") return checkboxesField(f);
  if (f.type === "checkbox") {
    return el(
      "div",
      {
        class: "govuk-form-group govuk-checkboxes govuk-checkboxes--small",
        id: `${f.name}-group`,
      },
      checkboxItem({ id: f.name, name: f.name, label: f.label, checked: f.value === true }),
    );
  }
  return el(
    "div",
    { class: "govuk-form-group", id: `${f.name}-group` },
    el("label", { class: "govuk-label govuk-label--s", for: f.name }, f.label),
    f.hint ? el("div", { class: "govuk-hint", id: `${f.name}-hint` }, f.hint) : null,
    control(f),
  );
}

/**
 * The value of one field as the core expects it.
 * @param {HTMLFormElement} formNode
 * @param {Field} f
 * @returns {string | boolean | string[]}
 */
function fieldValue(formNode, f) {
  /** @param {string} name */
  const named = (name) =>
    /** @type {HTMLInputElement} */ (formNode.querySelector(`[name="${name}"]`));
  if (f.type === "checkbox") return named(f.name).checked;
  if (f.type === "checkboxes") {
    return Array.from(
      formNode.querySelectorAll(`[name="${f.name}"]:checked`),
      (i) => /** @type {HTMLInputElement} */ (i).value,
    );
  }
  if (f.type === "date") {
    return ["", "-month", "-year"].map((s) => named(`${f.name}${s}`).value.trim()).join("/");
  }
  if (f.type === "radios") {
    return (
      /** @type {HTMLInputElement | null} */ (formNode.querySelector(`[name="${f.name}"]:checked`))
        ?.value || ""
    );
  }
  return named(f.name).value;
}

/** @param {HTMLFormElement} formNode */
function clearErrors(formNode) {
  document.getElementById("error-summary")?.remove();
  for (const group of formNode.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
    group.querySelector(".govuk-error-message")?.remove();
    for (const input of group.querySelectorAll("input, select, textarea")) {
      input.classList.remove("govuk-input--error", "govuk-select--error", "govuk-textarea--error");
      input.removeAttribute("aria-describedby");
    }
    const hint = group.querySelector(":scope > .govuk-hint, :scope > fieldset > .govuk-hint");
    const described =
      group.querySelector("fieldset") || group.querySelector("input, select, textarea");
    if (hint) described.setAttribute("aria-describedby", hint.id);
  }
}

/**
 * Page order for errors: one that belongs beside no field of the form first, then each where
 * its field is on the page.
 * @param {{input: Element | null}} a
 * @param {{input: Element | null}} b
 */
function pageOrder(a, b) {
  if (a.input === b.input) return 0;
  if (!a.input || !b.input) return a.input ? 1 : -1;
  return a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * Shows every error at once, in the order of the page: in a summary at the top linking to
 * each field, and beside each field.
 * @param {HTMLFormElement} formNode
 * @param {{field?: string | null, message: string}[]} errors
 */
export function showErrors(formNode, errors) {
  clearErrors(formNode);
  const placed = errors
    .map((e) => ({
      ...e,
      input: /** @type {HTMLInputElement | null} */ (
        e.field && formNode.querySelector(`#${CSS.escape(e.field)}`)
      ),
    }))
    .sort(pageOrder);
  const items = placed.map(({ input, ...e }) => {
    if (!input) return el("li", {}, e.message);
    const group =
      formNode.querySelector(`#${CSS.escape(e.field)}-group`) || input.closest(".govuk-form-group");
    group.classList.add("govuk-form-group--error");
    const errorClass =
      { SELECT: "govuk-select--error", TEXTAREA: "govuk-textarea--error" }[input.tagName] ||
      "govuk-input--error";
    if (input.type !== "radio" && input.type !== "checkbox") input.classList.add(errorClass);
    const message = el(
      "p",
      { class: "govuk-error-message", id: `${e.field}-error` },
      el("span", { class: "govuk-visually-hidden" }, "Error: "),
      e.message,
    );
    const described = group.querySelector("fieldset") || input;
    const anchor = group.querySelector("fieldset > div:last-child") || input;
    anchor.before(message);
    described.setAttribute(
      "aria-describedby",
      `${described.getAttribute("aria-describedby") || ""} ${e.field}-error`.trim(),
    );
    return el(
      "li",
      {},
      el(
        "a",
        {
          href: `#${e.field}`,
          onclick: (/** @type {Event} */ ev) => {
            ev.preventDefault();
            input.focus();
          },
        },
        e.message,
      ),
    );
  });
  const summary = el(
    "div",
    { class: "govuk-error-summary", id: "error-summary", tabindex: "-1" },
    el(
      "div",
      { role: "alert" },
      el("h2", { class: "govuk-error-summary__title" }, "There is a problem"),
      el(
        "div",
        { class: "govuk-error-summary__body" },
        el("ul", { class: "govuk-list govuk-error-summary__list" }, items),
      ),
    ),
  );
  document.getElementById("main").prepend(summary);
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  summary.focus();
}

/**
 * A refusal with each field it names renamed by `rename`, for a form whose fields are named
 * otherwise than the command's (with a suffix, for one of several forms on a page).
 * @param {any} error
 * @param {(field: string) => string} rename
 */
export function renamed(error, rename) {
  return {
    ...error,
    field: error.field && rename(error.field),
    errors: error.errors?.map((/** @type {any} */ e) => ({ ...e, field: rename(e.field) })),
  };
}

/**
 * Runs one of several forms of a page whose fields carry `-<suffix>`: a refusal names the
 * field with the suffix, so that it shows beside that form's field.
 * @template T
 * @param {string | number} suffix
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
export async function suffixed(suffix, run) {
  try {
    return await run();
  } catch (error) {
    throw renamed(error, (field) => `${field}-${suffix}`);
  }
}

/**
 * A form whose submit calls `onSubmit(values)`, values keyed by field name. While that runs
 * the button is disabled and says so, so slow work (key derivation) cannot be started twice.
 * What it throws (a CommandError: every field's error, or one message) is shown as GOV.UK
 * errors.
 * A null field is left out.
 * @param {{id: string, fields: (Field | null)[], submitText: string,
 *   onSubmit: (values: any) => Promise<void>, extra?: any[], intro?: any[]}} options
 */
export function form({ id, fields: given, submitText, onSubmit, extra = [], intro = [] }) {
  const fields = given.filter(Boolean);
  const button = el(
    "button",
    { type: "submit", class: "govuk-button", id: `${id}-submit` },
    submitText,
  );
  const node = el(
    "form",
    { id, novalidate: true },
    intro,
    fields.map(field),
    el("div", { class: "govuk-button-group" }, button, ...extra),
  );
  node.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (button.disabled) return;
    const values = Object.fromEntries(
      fields.filter((f) => f.type !== "section").map((f) => [f.name, fieldValue(node, f)]),
    );
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Please wait…";
    try {
      await onSubmit(values);
      clearErrors(node);
      document.title = document.title.replace(/^Error: /, "");
    } catch (error) {
      showErrors(
        node,
        error.errors?.length ? error.errors : [{ field: error.field, message: error.message }],
      );
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = submitText;
    }
  });
  return node;
}

/**
 * A select in a filter form, "Any" first; `value` is the option chosen.
 * @param {string} id
 * @param {string} label
 * @param {[string | number, string][]} options value and label
 * @param {string | number | null | undefined} value
 */
export function filterSelect(id, label, options, value) {
  return el(
    "div",
    { class: "govuk-form-group cd-filter__item" },
    el("label", { class: "govuk-label govuk-label--s", for: id }, label),
    el(
      "select",
      { class: "govuk-select", id, name: id },
      el("option", { value: "" }, "Any"),
      options.map(([v, l]) =>
        el("option", { value: v, selected: String(v) === String(value ?? "") }, l),
      ),
    ),
  );
}

/**
 * A small checkbox in a filter form; `checked` is whether it is ticked.
 * @param {string} id
 * @param {string} label
 * @param {boolean} checked
 */
export function filterCheckbox(id, label, checked) {
  return el(
    "div",
    { class: "govuk-form-group cd-filter__item govuk-checkboxes govuk-checkboxes--small" },
    el(
      "div",
      { class: "govuk-checkboxes__item" },
      el("input", { class: "govuk-checkboxes__input", id, type: "checkbox", checked }),
      el("label", { class: "govuk-label govuk-checkboxes__label", for: id }, label),
    ),
  );
}

/**
 * The value of the input or select `id` on the page, as typed or chosen.
 * @param {string} id
 */
export const inputValue = (id) =>
  /** @type {HTMLInputElement} */ (document.getElementById(id)).value;
