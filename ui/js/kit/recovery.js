// The recovery key: shown once, at creation or when an administrator issues a new one, and
// confirmed by typing it back; and the warning the frame shows after unlocking a database
// whose key nobody has confirmed.

import { confirmRecoveryKey } from "../api/session.js";
import { el, heading, para, screen, warningText } from "./dom.js";
import { form } from "./forms.js";
import { routeLink } from "./navigate.js";

/** @import { Person } from "../api/bindings.js" */

/**
 * Shows the recovery key this once, with the form that confirms it: the whole key typed back
 * from the copy just made, checked by the core. `before` goes above the key.
 * @param {{title: string, recoveryKey: string, before?: any[],
 *   onConfirmed: () => void | Promise<void>}} options
 */
export function showRecoveryKey({ title, recoveryKey, before = [], onConfirmed }) {
  const groups = recoveryKey.split("-");
  screen(
    title,
    heading(title),
    before,
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
    form({
      id: "recovery-confirm-form",
      fields: [
        {
          name: "recovery_key",
          label: "Type the recovery key from your copy",
          hint: "All 16 groups, to show the copy is complete and right. Spaces and dashes do not matter.",
          autocomplete: "off",
        },
      ],
      submitText: "I have stored the recovery key",
      onSubmit: async (v) => {
        await confirmRecoveryKey(v.recovery_key);
        showRecoveryKeyWarning(null);
        await onConfirmed();
      },
    }),
  );
}

/**
 * Shows, under the navigation, that the database's recovery key has never been confirmed,
 * and how to put that right: an administrator in Settings, anyone else by asking one. With a
 * null `person` or a confirmed key it hides.
 * @param {Person | null} person
 * @param {boolean | null} [confirmed]
 */
export function showRecoveryKeyWarning(person, confirmed = true) {
  const place = /** @type {HTMLElement} */ (document.getElementById("recovery-key-warning"));
  place.hidden = !person || confirmed !== false;
  if (place.hidden) {
    place.replaceChildren();
    return;
  }
  place.replaceChildren(
    el(
      "div",
      {
        class: "govuk-notification-banner",
        role: "region",
        "aria-labelledby": "recovery-key-warning-title",
      },
      el(
        "div",
        { class: "govuk-notification-banner__header" },
        el(
          "h2",
          { class: "govuk-notification-banner__title", id: "recovery-key-warning-title" },
          "Important",
        ),
      ),
      el(
        "div",
        { class: "govuk-notification-banner__content" },
        el(
          "p",
          { class: "govuk-notification-banner__heading" },
          "This database's recovery key has never been confirmed",
        ),
        para(
          "Nobody has typed it back since it was shown, so the council may hold no " +
            "correct copy. Without one, the records cannot be opened if the key file " +
            "beside the database is lost.",
        ),
        person?.may.administer
          ? para(
              routeLink(
                "settings",
                {},
                { id: "recovery-key-warning-link", class: "govuk-notification-banner__link" },
                "Confirm the recovery key, or issue a new one, in Settings",
              ),
            )
          : para("Ask an administrator to confirm it, or to issue a new one."),
      ),
    ),
  );
}
