// Unlocking with a username and passphrase, or, when the key file is lost or damaged, the
// way to the recovery key.

import { unlockDatabase } from "../../api/session.js";
import { el, heading, notice, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { routeLink } from "../../kit/navigate.js";

/** @import { App } from "../../kit/navigate.js" */

/**
 * @param {App} app
 * @param {string} [message] why it is locked
 */
export function unlockScreen(app, message) {
  const state = app.status.state;
  screen(
    "Unlock Channel Desk",
    message ? notice(message) : null,
    heading("Unlock Channel Desk"),
    state.state === "needs_recovery"
      ? el("div", { class: "govuk-inset-text", id: "key-file-problem" }, state.message)
      : form({
          id: "unlock-form",
          fields: [
            { name: "username", label: "Username", autocomplete: "username", width: "medium" },
            {
              name: "passphrase",
              label: "Passphrase",
              type: "password",
              autocomplete: "current-password",
            },
          ],
          submitText: "Unlock",
          onSubmit: async (v) => {
            const unlocked = await unlockDatabase(v.username, v.passphrase);
            app.signedIn(unlocked.person, {
              lastFailedAttempt: unlocked.last_failed_attempt,
              attemptsRecordLost: unlocked.attempts_record_lost,
              auditCut: unlocked.audit_cut,
            });
          },
        }),
    para(routeLink("recover", {}, { id: "use-recovery-key" }, "Unlock with the recovery key")),
  );
}
