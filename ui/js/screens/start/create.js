// The first run: create the encrypted database and its first administrator, then keep the
// recovery key, shown this once and confirmed by typing its last group back.

import { createDatabase } from "../../api/session.js";
import { el, heading, para, screen, warningText } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { newPersonFields } from "./fields.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { Person } from "../../api/bindings.js" */

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
        showRecoveryKey(app, created.recovery_key, created.person);
      },
    }),
  );
}

/**
 * @param {App} app
 * @param {string} recoveryKey
 * @param {Person} person
 */
function showRecoveryKey(app, recoveryKey, person) {
  const groups = recoveryKey.split("-");
  const lastGroup = groups[groups.length - 1];
  const confirm = form({
    id: "recovery-confirm-form",
    fields: [
      {
        name: "recovery_last_group",
        label: "Type the last group of 4 characters of the recovery key",
        width: "short",
        autocomplete: "off",
      },
    ],
    submitText: "I have stored the recovery key",
    onSubmit: async (v) => {
      if (v.recovery_last_group.trim().toUpperCase() !== lastGroup) {
        throw {
          field: "recovery_last_group",
          message: "That is not the last group of the recovery key: check what you wrote down",
        };
      }
      app.signedIn(person);
    },
  });
  screen(
    "Your recovery key",
    heading("Your recovery key"),
    warningText(
      "This is the only time Channel Desk shows this key. Anyone who has it can open the database.",
      { hidden: "Warning" },
    ),
    para(
      "Print this page or write the key down, and store it as the council " +
        "stores its other recovery keys: locked away, apart from this " +
        "laptop. It opens the database if the key file is lost or no administrator " +
        "can unlock it.",
    ),
    el(
      "p",
      { class: "cd-recovery-key", id: "recovery-key", "aria-label": "Recovery key" },
      groups.map((g, i) => [i ? " " : null, el("span", { class: "cd-recovery-key__group" }, g)]),
    ),
    confirm,
  );
}
