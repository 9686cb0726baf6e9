// Reference data for administrators: add items, retire those no longer used. A VAF factor
// belongs to a dimension; an ethnic group or a need may belong to a group (its heading on
// the referral form).

import { addReferenceItem, referenceItems, retireReferenceItem } from "../../api/cases.js";
import { actionButton } from "../../kit/buttons.js";
import { el, heading, notice, para, screen, subNavigation } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { table } from "../../kit/table.js";
import { tag } from "../../kit/tags.js";
import { labelOf, optionsOf, words } from "../../kit/words.js";

/** @import { App } from "../../kit/navigate.js" */

/**
 * The hint for the group of an item, for the kinds whose items may have one.
 * @type {Record<string, string>}
 */
const GROUP_HINTS = {
  ethnicity:
    'The ONS ethnic group, for example "White". Leave it empty for an answer outside the groups, such as "Not known".',
  need: '"Mental health", "Neurodiversity" or "Other needs". Leave it empty for an answer outside the groups, such as "Not known".',
};

/**
 * @param {App} app
 * @param {string} [kind]
 * @param {string} [message]
 */
export async function referenceScreen(app, kind = "sector", message = undefined) {
  const [items, w] = await Promise.all([referenceItems(kind), words()]);
  /** @type {[string, string][]} */
  const kinds = w.reference_kinds.map((c) => [c.code, c.label]);
  const title = labelOf(w.reference_kinds, kind);
  const isFactor = kind === "vaf_factor";
  const groupHint = GROUP_HINTS[kind];
  const groupColumn = isFactor ? "Dimension" : groupHint ? "Group" : null;
  screen(
    `Reference data: ${title}`,
    message ? notice(message, "success") : null,
    heading("Reference data"),
    subNavigation({
      label: "Kinds of reference data",
      items: kinds,
      current: kind,
      idPrefix: "kind",
      open: (k) => referenceScreen(app, k),
    }),
    table({
      id: "reference-table",
      caption: title,
      captionSize: "m",
      head: ["Item", groupColumn, "Status", "Action"],
      rows: items.map((i) => [
        i.label,
        groupColumn ? i.grouping : null,
        i.retired ? tag("Retired", "grey") : tag("In use", "green"),
        i.retired
          ? ""
          : actionButton({
              id: `retire-${i.code}`,
              label: ["Retire", el("span", { class: "govuk-visually-hidden" }, ` ${i.label}`)],
              variant: "warning",
              compact: true,
              run: async () => {
                await retireReferenceItem(kind, i.code);
                await referenceScreen(
                  app,
                  kind,
                  `${i.label} is retired: new records cannot use it; old records keep it`,
                );
              },
            }),
      ]),
    }),
    el("h2", { class: "govuk-heading-m" }, "Add an item"),
    para("Use the wording of the current Home Office release where there is one."),
    form({
      id: "reference-form",
      fields: [
        { name: "label", label: "Name of the item" },
        isFactor
          ? {
              name: "grouping",
              label: "Dimension",
              type: "radios",
              options: optionsOf(w.vaf_dimensions),
            }
          : groupHint
            ? { name: "grouping", label: "Group", hint: groupHint }
            : null,
      ],
      submitText: "Add item",
      onSubmit: async (v) => {
        const item = await addReferenceItem(kind, v.label, v.grouping || "");
        await referenceScreen(app, kind, `${item.label} added`);
      },
    }),
  );
}
