// After unlocking with the recovery key: a new administrator, who can then give everyone
// else access again.

import { setUpAdministrator } from "../../api/session.js";
import { heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { newPersonFields } from "./fields.js";

/** @import { App } from "../../kit/navigate.js" */

/** @param {App} app */
export function administratorScreen(app) {
  screen(
    "Set up an administrator",
    heading("Set up an administrator"),
    para(
      "The database is open with its recovery key. Set up an administrator " +
        "who can then give everyone else access again.",
    ),
    form({
      id: "administrator-form",
      fields: newPersonFields(),
      submitText: "Set up administrator",
      onSubmit: async (v) => app.signedIn(await setUpAdministrator(v)),
    }),
  );
}
