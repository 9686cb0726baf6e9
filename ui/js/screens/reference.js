// Reference data for administrators: add items, retire those no longer used.

import { call } from "../api.js";
import { el, heading, notice, para, screen } from "../dom.js";
import { form } from "../forms.js";

const KINDS = [
  ["sector", "Referrer sectors"],
  ["concern_type", "Types of concern"],
  ["intervention_type", "Types of support"],
  ["vaf_factor", "VAF factors"],
];

export async function referenceScreen(app, kind = "sector", message) {
  const items = await call("reference_items", { kind });
  const title = KINDS.find(([k]) => k === kind)[1];
  const cell = (...c) => el("td", { class: "govuk-table__cell" }, ...c);
  const retire = (item) => {
    const button = el("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0", id: `retire-${item.code}` },
      "Retire", el("span", { class: "govuk-visually-hidden" }, ` ${item.label}`));
    button.addEventListener("click", async () => {
      button.disabled = true;
      await call("retire_reference_item", { kind, code: item.code });
      await referenceScreen(app, kind, `${item.label} is retired: new records cannot use it; old records keep it`);
    });
    return button;
  };
  screen(`Reference data: ${title}`,
    message ? notice(message, "success") : null,
    heading("Reference data"),
    el("nav", { class: "moj-sub-navigation", "aria-label": "Kinds of reference data" },
      el("ul", { class: "moj-sub-navigation__list" }, KINDS.map(([k, label]) => el("li", { class: "moj-sub-navigation__item" },
        el("a", { class: "moj-sub-navigation__link", href: `#${k}`, id: `kind-${k}`, "aria-current": k === kind ? "page" : null, onclick: (e) => { e.preventDefault(); referenceScreen(app, k); } }, label))))),
    el("table", { class: "govuk-table", id: "reference-table" },
      el("caption", { class: "govuk-table__caption govuk-table__caption--m" }, title),
      el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" },
        ["Item", kind === "vaf_factor" ? "Dimension" : null, "Status", "Action"].filter(Boolean).map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
      el("tbody", { class: "govuk-table__body" }, items.map((i) => el("tr", { class: "govuk-table__row" },
        cell(i.label),
        kind === "vaf_factor" ? cell(i.grouping) : null,
        cell(i.retired ? el("strong", { class: "govuk-tag govuk-tag--grey" }, "Retired") : el("strong", { class: "govuk-tag govuk-tag--green" }, "In use")),
        cell(i.retired ? "" : retire(i)))))),
    el("h2", { class: "govuk-heading-m" }, "Add an item"),
    para("Use the wording of the current Home Office release where there is one."),
    form({
      id: "reference-form",
      fields: [
        { name: "label", label: "Name of the item" },
        kind === "vaf_factor" ? { name: "grouping", label: "Dimension", type: "radios", options: [{ value: "engagement", label: "Engagement" }, { value: "intent", label: "Intent" }, { value: "capability", label: "Capability" }] } : null,
      ].filter(Boolean),
      submitText: "Add item",
      onSubmit: async (v) => {
        const item = await call("add_reference_item", { kind, label: v.label, grouping: v.grouping || "" });
        await referenceScreen(app, kind, `${item.label} added`);
      },
    }));
}
