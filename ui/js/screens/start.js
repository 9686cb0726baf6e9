// One task a page: create the database, keep the recovery key, unlock, recover, and change
// a passphrase.

import { call } from "../api.js";
import { el, heading, notice, para, screen } from "../dom.js";
import { form } from "../forms.js";

const NEW_PASSPHRASE_HINT = "At least 12 characters, and not your username. A short sentence is easy to remember and hard to guess.";

function newPersonFields() {
  return [
    { name: "full_name", label: "Full name", autocomplete: "name" },
    { name: "username", label: "Username", hint: "3 to 32 lower-case letters, digits, dots, hyphens or underscores, for example a.khan", autocomplete: "username", width: "medium" },
    { name: "passphrase", label: "Passphrase", type: "password", hint: NEW_PASSPHRASE_HINT, autocomplete: "new-password" },
    { name: "passphrase_confirm", label: "Confirm passphrase", type: "password", autocomplete: "new-password" },
  ];
}

export function createDatabase(app) {
  screen("Create a new Channel Desk database",
    heading("Create a new Channel Desk database"),
    para(`There is no database at ${app.status.path} yet. Channel Desk will create one, encrypted, and make you its first administrator.`),
    form({
      id: "create-form",
      fields: newPersonFields(),
      submitText: "Create database",
      onSubmit: async (v) => {
        const created = await call("create_database", { form: v });
        showRecoveryKey(app, created.recovery_key, created.person);
      },
    }));
}

function showRecoveryKey(app, recoveryKey, person) {
  const groups = recoveryKey.split("-");
  const lastGroup = groups[groups.length - 1];
  const confirm = form({
    id: "recovery-confirm-form",
    fields: [{ name: "recovery_last_group", label: "Type the last group of 4 characters of the recovery key", width: "short", autocomplete: "off" }],
    submitText: "I have stored the recovery key",
    onSubmit: async (v) => {
      if (v.recovery_last_group.trim().toUpperCase() !== lastGroup) {
        throw { field: "recovery_last_group", message: "That is not the last group of the recovery key: check what you wrote down" };
      }
      app.signedIn(person);
    },
  });
  screen("Your recovery key",
    heading("Your recovery key"),
    el("div", { class: "govuk-warning-text" },
      el("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
      el("strong", { class: "govuk-warning-text__text" },
        el("span", { class: "govuk-visually-hidden" }, "Warning"),
        "This is the only time Channel Desk shows this key. Anyone who has it can open the database.")),
    para("Print this page or write the key down, and store it as the council stores its other recovery keys: locked away, apart from this laptop. It opens the database if the key file is lost or no administrator can unlock it."),
    el("p", { class: "cd-recovery-key", id: "recovery-key", "aria-label": "Recovery key" },
      groups.map((g, i) => [i ? " " : null, el("span", { class: "cd-recovery-key__group" }, g)])),
    confirm);
}

export function unlockScreen(app, message) {
  const needsRecovery = app.status.state.state === "needs_recovery";
  const recoveryLink = el("a", { href: "#recover", class: "govuk-link", id: "use-recovery-key", onclick: (e) => { e.preventDefault(); recoveryScreen(app); } }, "Unlock with the recovery key");
  screen("Unlock Channel Desk",
    message ? notice(message) : null,
    heading("Unlock Channel Desk"),
    needsRecovery
      ? el("div", { class: "govuk-inset-text", id: "key-file-problem" }, app.status.state.message)
      : form({
        id: "unlock-form",
        fields: [
          { name: "username", label: "Username", autocomplete: "username", width: "medium" },
          { name: "passphrase", label: "Passphrase", type: "password", autocomplete: "current-password" },
        ],
        submitText: "Unlock",
        onSubmit: async (v) => {
          const unlocked = await call("unlock_database", v);
          app.signedIn(unlocked.person, unlocked.last_failed_attempt);
        },
      }),
    para(recoveryLink));
}

function recoveryScreen(app) {
  screen("Unlock with the recovery key",
    heading("Unlock with the recovery key"),
    para("Use the recovery key when the key file beside the database is lost or damaged, or no administrator can unlock. You will then set up a new administrator."),
    form({
      id: "recovery-form",
      fields: [{ name: "recovery_key", label: "Recovery key", hint: "64 characters in 16 groups of 4, for example 1A2B-3C4D-…", type: "password", autocomplete: "off" }],
      submitText: "Unlock",
      extra: [el("a", { href: "#unlock", class: "govuk-link", onclick: (e) => { e.preventDefault(); unlockScreen(app); } }, "Back to unlock")],
      onSubmit: async (v) => {
        await call("unlock_with_recovery", v);
        setUpAdministrator(app);
      },
    }));
}

export function setUpAdministrator(app) {
  screen("Set up an administrator",
    heading("Set up an administrator"),
    para("The database is open with its recovery key. Set up an administrator who can then give everyone else access again."),
    form({
      id: "administrator-form",
      fields: newPersonFields(),
      submitText: "Set up administrator",
      onSubmit: async (v) => app.signedIn(await call("set_up_administrator", { form: v })),
    }));
}

/** `forced`: a temporary passphrase must be changed before anything else. */
export function changePassphrase(app, forced) {
  screen(forced ? "Choose your own passphrase" : "Change your passphrase",
    heading(forced ? "Choose your own passphrase" : "Change your passphrase"),
    forced ? para("You unlocked with a temporary passphrase. Choose your own before you continue.") : null,
    form({
      id: "change-passphrase-form",
      fields: [
        { name: "current_passphrase", label: forced ? "Temporary passphrase" : "Current passphrase", type: "password", autocomplete: "current-password" },
        { name: "passphrase", label: "New passphrase", type: "password", hint: NEW_PASSPHRASE_HINT, autocomplete: "new-password" },
        { name: "passphrase_confirm", label: "Confirm new passphrase", type: "password", autocomplete: "new-password" },
      ],
      submitText: "Change passphrase",
      onSubmit: async (v) => {
        const person = await call("change_passphrase", v);
        app.signedIn(person, null, "Your passphrase has been changed");
      },
    }));
}
