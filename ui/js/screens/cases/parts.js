// What the tabs of a case record share: what each is given, and the form that makes one
// change to the case.

import { form } from "../../kit/forms.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Field } from "../../kit/forms.js" */
/** @import { CaseRecord } from "../../api/bindings.js" */

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
