// What the tabs of a case record share: what each is given, and the form that makes one
// change to the case; and, shared with the referral form, the fields of a person's sex or
// gender, ethnicity and needs, in the categories the Home Office statistics count.

import { form } from "../../kit/forms.js";
import { choose, referenceOptions } from "../../kit/reference.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Field } from "../../kit/forms.js" */
/** @import { CaseRecord, CategoriesInput } from "../../api/bindings.js" */

/**
 * What each tab of a case record is given; `show` shows the record again on a tab, with a
 * message.
 * @typedef {object} CaseView
 * @property {App} app
 * @property {CaseRecord} record
 * @property {(tab: string, message?: string) => Promise<void>} show
 */

/**
 * A form that makes one change to the case, or to one of its interventions, through
 * `submit` (the command, given the form's values), and then shows `tab` again with
 * `message`.
 * @param {{view: CaseView, tab: string, id: string, fields: Field[], submitText: string,
 *   message: string, submit: (values: any) => Promise<unknown>}} options
 */
export function actionForm({ view, tab, id, fields, submitText, message, submit }) {
  return form({
    id,
    fields,
    submitText,
    onSubmit: async (v) => {
      await submit(v);
      await view.show(tab, message);
    },
  });
}

/**
 * Items in use in their groups (an ethnicity's ONS group), those without one, such as
 * "Not known", after the groups.
 * @param {string} kind
 */
async function groupedOptions(kind) {
  const options = (await referenceOptions(kind)).map((o) => ({ ...o, group: o.grouping }));
  return [...options.filter((o) => o.group), ...options.filter((o) => !o.group)];
}

/**
 * The three fields, named as CategoriesInput's members, showing `current`'s codes.
 * @param {CategoriesInput} [current]
 * @returns {Promise<{gender: Field, ethnicity: Field, needs: Field}>}
 */
export async function categoryFields(current = { gender: "", ethnicity: "", needs: [] }) {
  const [genders, ethnicities, needs] = await Promise.all([
    referenceOptions("gender"),
    groupedOptions("ethnicity"),
    groupedOptions("need"),
  ]);
  return {
    gender: {
      name: "gender",
      label: "Sex or gender (required)",
      type: "select",
      options: choose(genders),
      value: current.gender,
    },
    ethnicity: {
      name: "ethnicity",
      label: "Ethnicity (required)",
      type: "select",
      options: choose(ethnicities),
      value: current.ethnicity,
    },
    needs: {
      name: "needs",
      label: "Mental health and neurodiversity needs",
      hint: "Select all that apply. A person can have more than one.",
      type: "checkboxes",
      options: needs,
      value: current.needs,
    },
  };
}
