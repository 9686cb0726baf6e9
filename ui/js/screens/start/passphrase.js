// Changing one's own passphrase; `forced` when a temporary one must be changed before
// anything else.

import { changePassphrase } from "../../api/session.js";
import { heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { NEW_PASSPHRASE_HINT } from "./fields.js";

/** @import { App } from "../../kit/navigate.js" */

/**
 * @param {App} app
 * @param {boolean} forced
 */
export function passphraseScreen(app, forced) {
  screen(
    forced ? "Choose your own passphrase" : "Change your passphrase",
    heading(forced ? "Choose your own passphrase" : "Change your passphrase"),
    forced
      ? para("You unlocked with a temporary passphrase. Choose your own before you continue.")
      : null,
    form({
      id: "change-passphrase-form",
      fields: [
        {
          name: "current_passphrase",
          label: forced ? "Temporary passphrase" : "Current passphrase",
          type: "password",
          autocomplete: "current-password",
        },
        {
          name: "passphrase",
          label: "New passphrase",
          type: "password",
          hint: NEW_PASSPHRASE_HINT,
          autocomplete: "new-password",
        },
        {
          name: "passphrase_confirm",
          label: "Confirm new passphrase",
          type: "password",
          autocomplete: "new-password",
        },
      ],
      submitText: "Change passphrase",
      onSubmit: async (v) => {
        const person = await changePassphrase(
          v.current_passphrase,
          v.passphrase,
          v.passphrase_confirm,
        );
        app.signedIn(person, { message: "Your passphrase has been changed" });
      },
    }),
  );
}
