// Settings: everyone's own passphrase; for administrators, the people with access and the
// idle lock.

import { call } from "../api.js";
import { el, heading, notice, para, screen } from "../dom.js";
import { form } from "../forms.js";
import { changePassphrase } from "./start.js";
import { referenceScreen } from "./reference.js";

const TEMPORARY_HINT = "At least 12 characters. Give it to the person in a way others cannot see; they must change it when they first unlock.";

export async function settingsScreen(app, message) {
  const isAdmin = app.person.role === "administrator";
  const ownPassphrase = [
    el("h2", { class: "govuk-heading-m" }, "Your passphrase"),
    el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: "change-own-passphrase", onclick: () => changePassphrase(app, false) }, "Change your passphrase"),
  ];
  if (!isAdmin) {
    screen("Settings", message ? notice(message, "success") : null, heading("Settings"), ownPassphrase);
    return;
  }
  const [people, settings] = await Promise.all([call("list_people"), call("get_settings")]);
  screen("Settings",
    message ? notice(message, "success") : null,
    heading("Settings"),
    el("h2", { class: "govuk-heading-m" }, "People with access"),
    peopleTable(app, people),
    el("button", { type: "button", class: "govuk-button", id: "add-person", onclick: () => addPerson(app) }, "Add a person"),
    el("h2", { class: "govuk-heading-m" }, "Reference data"),
    para("Referrer sectors, types of concern, types of support and VAF factors. Categories change between years: retire an item rather than remove it, and records keep the item they were given."),
    el("button", { type: "button", class: "govuk-button govuk-button--secondary", id: "manage-reference", onclick: () => referenceScreen(app) }, "Manage reference data"),
    el("h2", { class: "govuk-heading-m" }, "Idle lock"),
    form({
      id: "idle-lock-form",
      fields: [{ name: "idle_lock_minutes", label: "Lock after this many minutes without keyboard or mouse activity", hint: "From 1 to 60 minutes", width: "short", inputmode: "numeric", value: String(settings.idle_lock_minutes) }],
      submitText: "Save idle lock",
      onSubmit: async (v) => {
        const saved = await call("set_idle_lock_minutes", { minutes: v.idle_lock_minutes });
        settingsScreen(app, `Channel Desk now locks after ${saved.idle_lock_minutes} minutes without activity`);
      },
    }),
    ...ownPassphrase);
}

function peopleTable(app, people) {
  const cell = (...c) => el("td", { class: "govuk-table__cell" }, ...c);
  return el("table", { class: "govuk-table", id: "people-table" },
    el("caption", { class: "govuk-table__caption govuk-visually-hidden" }, "People with access"),
    el("thead", { class: "govuk-table__head" },
      el("tr", { class: "govuk-table__row" },
        ["Name", "Username", "Role", "Passphrase", "Actions"].map((h) => el("th", { scope: "col", class: "govuk-table__header" }, h)))),
    el("tbody", { class: "govuk-table__body" },
      people.map((p) => el("tr", { class: "govuk-table__row" },
        cell(p.full_name),
        cell(p.username),
        cell(p.role_label),
        cell(p.must_change_passphrase
          ? el("strong", { class: "govuk-tag govuk-tag--yellow" }, "Temporary")
          : el("strong", { class: "govuk-tag govuk-tag--green" }, "Own")),
        cell(p.id === app.person.id ? "You" : el("div", { class: "govuk-button-group cd-row-actions" },
          el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", id: `reset-${p.username}`, onclick: () => resetPassphrase(app, p) },
            "Reset passphrase", el("span", { class: "govuk-visually-hidden" }, ` for ${p.full_name}`)),
          el("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0", id: `remove-${p.username}`, onclick: () => removePerson(app, p) },
            "Remove", el("span", { class: "govuk-visually-hidden" }, ` ${p.full_name}`))))))));
}

const backLink = (app) => el("a", { href: "#settings", class: "govuk-link", id: "cancel", onclick: (e) => { e.preventDefault(); settingsScreen(app); } }, "Cancel");

async function addPerson(app) {
  const roles = await call("roles");
  screen("Add a person",
    heading("Add a person"),
    form({
      id: "add-person-form",
      fields: [
        { name: "full_name", label: "Full name" },
        { name: "username", label: "Username", hint: "3 to 32 lower-case letters, digits, dots, hyphens or underscores", width: "medium" },
        { name: "role", label: "Role", type: "select", options: [{ value: "", label: "Choose a role" }, ...roles] },
        { name: "passphrase", label: "Temporary passphrase", type: "password", hint: TEMPORARY_HINT, autocomplete: "new-password" },
        { name: "passphrase_confirm", label: "Confirm temporary passphrase", type: "password", autocomplete: "new-password" },
      ],
      submitText: "Add person",
      extra: [backLink(app)],
      onSubmit: async (v) => {
        const person = await call("add_person", v);
        settingsScreen(app, `${person.full_name} can now unlock Channel Desk as ${person.username}`);
      },
    }));
}

function resetPassphrase(app, person) {
  screen("Reset a passphrase",
    heading(`Reset ${person.full_name}'s passphrase`),
    para("Their old passphrase stops working at once."),
    form({
      id: "reset-form",
      fields: [
        { name: "passphrase", label: "Temporary passphrase", type: "password", hint: TEMPORARY_HINT, autocomplete: "new-password" },
        { name: "passphrase_confirm", label: "Confirm temporary passphrase", type: "password", autocomplete: "new-password" },
      ],
      submitText: "Reset passphrase",
      extra: [backLink(app)],
      onSubmit: async (v) => {
        await call("reset_passphrase", { id: person.id, ...v });
        settingsScreen(app, `${person.full_name} must choose a new passphrase when they next unlock`);
      },
    }));
}

function removePerson(app, person) {
  const confirm = el("button", { type: "button", class: "govuk-button govuk-button--warning", id: "confirm-remove" }, "Remove access");
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      await call("remove_person", { id: person.id });
      settingsScreen(app, `${person.full_name} can no longer unlock Channel Desk`);
    } catch (error) {
      confirm.disabled = false;
      confirm.before(el("p", { class: "govuk-error-message", role: "alert" }, error.message));
    }
  });
  screen("Remove a person",
    heading(`Remove ${person.full_name}'s access?`),
    para(`${person.full_name} (${person.username}) will no longer be able to unlock Channel Desk. What they did stays in the audit trail under their name.`),
    el("div", { class: "govuk-button-group" }, confirm, backLink(app)));
}
