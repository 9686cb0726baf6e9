// What the tabs of a case record share: what each is given, and the form that makes one
// change to the case.

import { caseAction } from "../../api/cases.js";
import { form } from "../../kit/forms.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Field } from "../../kit/forms.js" */
/** @import { CaseActions, CaseRecord } from "../../api/types.js" */

/**
 * What each tab of a case record is given; `show` shows the record again on a tab, with a
 * message.
 * @typedef {object} CaseView
 * @property {App} app
 * @property {CaseRecord} record
 * @property {(tab: string, message?: string) => Promise<void>} show
 */

/**
 * A form that makes one change to the case, or to one of its interventions (`target`), and
 * then shows `tab` again with `message`. `toData` turns the form's values into what the
 * action takes, where they differ.
 * @param {{view: CaseView, tab: string, id: string, action: keyof CaseActions,
 *   fields: Field[], submitText: string, message: string, target?: number,
 *   toData?: (values: any) => any}} options
 */
export function actionForm({
  view,
  tab,
  id,
  action,
  fields,
  submitText,
  message,
  target = view.record.id,
  toData = (v) => v,
}) {
  return form({
    id,
    fields,
    submitText,
    onSubmit: async (v) => {
      await caseAction(target, action, toData(v));
      await view.show(tab, message);
    },
  });
}
