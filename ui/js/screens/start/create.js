// The first run: create the encrypted database and its first administrator, then keep the
// recovery key, shown this once and confirmed by typing it back.

import { createDatabase } from "../../api/session.js";
import { heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { routeLink } from "../../kit/navigate.js";
import { showRecoveryKey } from "../../kit/recovery.js";
import { newPersonFields } from "./fields.js";

/** @import { App } from "../../kit/navigate.js" */

/** @param {App} app */
export function createScreen(app) {
  screen(
    "Create a new Channel Desk database",
    heading("Create a new Channel Desk database"),
    para(
      `There is no database at ${app.status.path} yet. Channel Desk ` +
        "will create one, encrypted, and make you its first administrator.",
    ),
    form({
      id: "create-form",
      fields: newPersonFields(),
      submitText: "Create database",
      onSubmit: async (v) => {
        const created = await createDatabase(v);
        showRecoveryKey({
          title: "Your recovery key",
          recoveryKey: created.recovery_key,
          onConfirmed: () => app.signedIn(created.person),
        });
      },
    }),
    para(
      "Moving to a new laptop, or replacing a lost one? ",
      routeLink("restore", {}, { id: "restore-from-backup" }, "Restore from a backup"),
      " instead.",
    ),
  );
}
