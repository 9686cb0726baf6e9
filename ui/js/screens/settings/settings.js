// Settings: everyone's own passphrase; for administrators, the people with access (add,
// reset a passphrase, remove), the recovery key (confirm it, or issue a new one), the way to
// the reference data, the idle lock, and the borough and suppression threshold of reports;
// for those who edit the delivery plan, when an action counts as stale and training is due
// again.

import { backupStatus, setBackupReminderDays } from "../../api/backup.js";
import {
  addPerson,
  listPeople,
  removePerson,
  resetPassphrase,
  vocabularies,
} from "../../api/people.js";
import { appStatus, confirmRecoveryKey, rotateDataKey } from "../../api/session.js";
import {
  getSettings,
  setIdleLockMinutes,
  setPlanSettings,
  setReportSettings,
  setRetentionYears,
} from "../../api/settings.js";
import { lastBackup } from "../../kit/backup.js";
import { actionButton, button } from "../../kit/buttons.js";
import { el, heading, notice, para, screen, warningText } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { showRecoveryKey, showRecoveryKeyWarning } from "../../kit/recovery.js";
import { table } from "../../kit/table.js";
import { tag } from "../../kit/tags.js";

/** @import { Field } from "../../kit/forms.js" */
/** @import { App } from "../../kit/navigate.js" */
/** @import { BackupStatus, NewRecoveryKey, Person, Settings } from "../../api/bindings.js" */

const TEMPORARY_HINT =
  "At least 12 characters and not easy to guess. Give it to the person in a way others " +
  "cannot see; they must change it when they first unlock.";

/**
 * @param {App} app
 * @param {string} [message]
 */
export async function settingsScreen(app, message) {
  const isAdmin = app.person.may.administer;
  const ownPassphrase = [
    el("h2", { class: "govuk-heading-m" }, "Your passphrase"),
    button({
      id: "change-own-passphrase",
      label: "Change your passphrase",
      onclick: () => navigate("passphrase", { forced: false }),
    }),
  ];
  const settings = await getSettings();
  const plan = app.person.may.edit_plan ? planSettings(app, settings) : null;
  if (!isAdmin) {
    screen(
      "Settings",
      message ? notice(message, "success") : null,
      heading("Settings"),
      plan,
      ownPassphrase,
    );
    return;
  }
  const [people, status, backup] = await Promise.all([listPeople(), appStatus(), backupStatus()]);
  screen(
    "Settings",
    message ? notice(message, "success") : null,
    heading("Settings"),
    el("h2", { class: "govuk-heading-m" }, "People with access"),
    peopleTable(app, people),
    button({
      id: "add-person",
      label: "Add a person",
      variant: "primary",
      onclick: () => addPersonScreen(app),
    }),
    recoveryKeySection(app, status.recovery_key_confirmed === true),
    el("h2", { class: "govuk-heading-m" }, "Reference data"),
    para(
      "Referrer sectors, types of concern, types of support, VAF factors, " +
        "and the categories of sex or gender, ethnicity and needs. " +
        "Categories change between years: retire an item rather " +
        "than remove it, and records keep the item they were given.",
    ),
    button({
      id: "manage-reference",
      label: "Manage reference data",
      onclick: () => navigate("reference"),
    }),
    settingsForm(app, {
      title: "Retention and erasure",
      id: "retention-form",
      fields: [
        numberField(
          "retention_years",
          "Keep cases for this many years after they close",
          "From 1 to 100 years. Cases past it are listed for review and erasure.",
          settings.retention_years,
        ),
      ],
      submitText: "Save retention period",
      save: async (v) => {
        const saved = await setRetentionYears(v.retention_years);
        return `Cases are now kept for ${saved.retention_years} years after they close`;
      },
    }),
    button({
      id: "review-retention",
      label: "Review cases past retention",
      onclick: () => navigate("retention", {}),
    }),
    settingsForm(app, {
      title: "Idle lock",
      id: "idle-lock-form",
      fields: [
        numberField(
          "idle_lock_minutes",
          "Lock after this many minutes without keyboard or mouse activity",
          "From 1 to 60 minutes",
          settings.idle_lock_minutes,
        ),
      ],
      submitText: "Save idle lock",
      save: async (v) => {
        const saved = await setIdleLockMinutes(v.idle_lock_minutes);
        return `Channel Desk now locks after ${saved.idle_lock_minutes} minutes without activity`;
      },
    }),
    reportSettings(app, settings),
    backupSettings(app, backup),
    plan,
    ...ownPassphrase,
  );
}

/**
 * Whether the recovery key has been typed back, and the ways to put it right if not.
 * @param {App} app
 * @param {boolean} confirmed
 */
function recoveryKeySection(app, confirmed) {
  return [
    el("h2", { class: "govuk-heading-m", id: "recovery-key-heading" }, "Recovery key"),
    confirmed
      ? para(
          el("strong", { class: "govuk-tag govuk-tag--green" }, "Confirmed"),
          " Someone typed the recovery key back from the council's copy.",
        )
      : warningText(
          "The recovery key has never been confirmed: the council may hold no correct copy.",
          { id: "recovery-key-unconfirmed", hidden: "Warning" },
        ),
    para(
      confirmed ? "" : "If the copy is to hand, confirm it by typing it. ",
      "If it is lost, or may have been seen by someone who should not have it, issue a " +
        "new one: the old key then opens nothing.",
    ),
    el(
      "div",
      { class: "govuk-button-group" },
      confirmed
        ? null
        : button({
            id: "confirm-recovery-key",
            label: "Confirm the recovery key",
            onclick: () => confirmKeyScreen(app),
          }),
      button({
        id: "issue-recovery-key",
        label: "Issue a new recovery key",
        variant: "warning",
        onclick: () => issueKeyScreen(app),
      }),
    ),
  ];
}

/** @param {App} app */
function confirmKeyScreen(app) {
  screen(
    "Confirm the recovery key",
    heading("Confirm the recovery key"),
    para("Type the recovery key from the copy the council keeps."),
    form({
      id: "confirm-key-form",
      fields: [
        {
          name: "recovery_key",
          label: "Recovery key",
          hint: "64 characters in 16 groups of 4. Spaces and dashes do not matter.",
          type: "password",
          autocomplete: "off",
        },
      ],
      submitText: "Confirm the recovery key",
      extra: [cancelLink()],
      onSubmit: async (v) => {
        await confirmRecoveryKey(v.recovery_key);
        showRecoveryKeyWarning(null);
        await settingsScreen(app, "The recovery key is confirmed");
      },
    }),
  );
}

/** @param {App} app */
function issueKeyScreen(app) {
  screen(
    "Issue a new recovery key",
    heading("Issue a new recovery key"),
    warningText(
      "The current recovery key stops working at once, and every copy of it becomes useless, " +
        "as do old copies of the key file.",
      { hidden: "Warning" },
    ),
    para(
      "Channel Desk encrypts the database again under a new key, which is the new recovery " +
        "key, and shows it once. Everyone keeps their passphrase. Have a way to print or " +
        "write the key down ready.",
    ),
    form({
      id: "issue-key-form",
      fields: [
        {
          name: "passphrase",
          label: "Your passphrase",
          hint: "To show it is you",
          type: "password",
          autocomplete: "current-password",
        },
      ],
      submitText: "Issue a new recovery key",
      extra: [cancelLink()],
      onSubmit: async (v) => {
        showNewKey(app, await rotateDataKey(v.passphrase), "The new recovery key is confirmed");
      },
    }),
  );
}

/**
 * The new recovery key after the data key was rotated, until it is typed back.
 * @param {App} app
 * @param {NewRecoveryKey} rotated
 * @param {string} done what Settings then says
 * @param {any[]} [before] what to say first
 */
function showNewKey(app, rotated, done, before = []) {
  showRecoveryKeyWarning(app.person, false);
  showRecoveryKey({
    title: "The new recovery key",
    recoveryKey: rotated.recovery_key,
    before: [...before, ...withoutAccess(rotated.without_access)],
    onConfirmed: () => settingsScreen(app, done),
  });
}

/**
 * Who can no longer unlock after the key was replaced (a key file from an earlier version).
 * @param {Person[]} people
 */
function withoutAccess(people) {
  if (people.length === 0) return [];
  const list = el(
    "div",
    { class: "govuk-inset-text", id: "without-access" },
    para(
      "These people's passphrases no longer open the database. Reset each one's " +
        "passphrase in Settings once the key is stored:",
    ),
    el(
      "ul",
      { class: "govuk-list govuk-list--bullet" },
      people.map((p) => el("li", {}, `${p.full_name} (${p.username})`)),
    ),
  );
  return [list];
}

/**
 * A section of settings: its heading, and a form whose `save` returns what the screen then
 * says was saved.
 * @param {App} app
 * @param {{title: string, id: string, fields: Field[], submitText: string,
 *   save: (values: any) => Promise<string>}} options
 */
function settingsForm(app, { title, id, fields, submitText, save }) {
  return [
    el("h2", { class: "govuk-heading-m" }, title),
    form({ id, fields, submitText, onSubmit: async (v) => settingsScreen(app, await save(v)) }),
  ];
}

/**
 * A whole number, as typed so that the core can say what is wrong with it.
 * @param {string} name
 * @param {string} label
 * @param {string} hint
 * @param {number} value
 * @returns {Field}
 */
const numberField = (name, label, hint, value) => ({
  name,
  label,
  hint,
  width: "short",
  inputmode: "numeric",
  value: String(value),
});

/**
 * Backups: how old the last may get before Home reminds administrators, when it was made, and
 * the way to make one or restore one.
 * @param {App} app
 * @param {BackupStatus} backup
 */
function backupSettings(app, backup) {
  return [
    settingsForm(app, {
      title: "Backups",
      id: "backup-reminder-form",
      fields: [
        numberField(
          "backup_reminder_days",
          "Remind administrators on Home when the last backup is older than this many days",
          "From 1 to 365 days",
          backup.reminder_days,
        ),
      ],
      submitText: "Save backup reminder",
      save: async (v) => {
        const saved = await setBackupReminderDays(v.backup_reminder_days);
        return `Home now reminds administrators when the last backup is older than ${saved.reminder_days} days`;
      },
    }),
    lastBackup(backup),
    button({
      id: "manage-backups",
      label: "Back up or restore",
      onclick: () => navigate("backup"),
    }),
  ];
}

/**
 * What reports print and hide, for administrators.
 * @param {App} app
 * @param {Settings} settings
 */
function reportSettings(app, settings) {
  return settingsForm(app, {
    title: "Reports",
    id: "report-settings-form",
    fields: [
      { name: "borough", label: "Borough name", value: settings.borough },
      numberField(
        "suppression_threshold",
        "Suppression threshold",
        "From 2 to 20. Counts from 1 to one less than this are shown as " +
          "‘fewer than N’ in everything circulated. The Home Office uses 5.",
        settings.suppression_threshold,
      ),
    ],
    submitText: "Save report settings",
    save: async (v) => {
      const saved = await setReportSettings(v.borough, v.suppression_threshold);
      const n = saved.suppression_threshold;
      return `Reports are for ${saved.borough}, and show counts under ${n} as ‘fewer than ${n}’`;
    },
  });
}

/**
 * The delivery plan's settings, for those who edit the plan.
 * @param {App} app
 * @param {Settings} settings
 */
function planSettings(app, settings) {
  return settingsForm(app, {
    title: "Delivery plan",
    id: "plan-settings-form",
    fields: [
      numberField(
        "plan_stale_days",
        "Flag an action with no progress update for more than this many days",
        "From 7 to 365 days",
        settings.plan_stale_days,
      ),
      numberField(
        "training_refresher_years",
        "Training is due again this many years after a group's latest session",
        "From 1 to 10 years",
        settings.training_refresher_years,
      ),
    ],
    submitText: "Save delivery plan settings",
    save: async (v) => {
      const saved = await setPlanSettings(v.plan_stale_days, v.training_refresher_years);
      return (
        `Actions are flagged after ${saved.plan_stale_days} days without an update; ` +
        `training is due again after ${saved.training_refresher_years} years`
      );
    },
  });
}

/**
 * @param {App} app
 * @param {Person[]} people
 */
function peopleTable(app, people) {
  return table({
    id: "people-table",
    caption: "People with access",
    captionSize: "hidden",
    head: ["Name", "Username", "Role", "Passphrase", "Actions"],
    rows: people.map((p) => [
      p.full_name,
      p.username,
      p.role_label,
      p.must_change_passphrase ? tag("Temporary", "yellow") : tag("Own", "green"),
      p.id === app.person.id
        ? "You"
        : el(
            "div",
            { class: "govuk-button-group cd-row-actions" },
            button({
              id: `reset-${p.username}`,
              label: [
                "Reset passphrase",
                el("span", { class: "govuk-visually-hidden" }, ` for ${p.full_name}`),
              ],
              compact: true,
              onclick: () => resetScreen(app, p),
            }),
            button({
              id: `remove-${p.username}`,
              label: ["Remove", el("span", { class: "govuk-visually-hidden" }, ` ${p.full_name}`)],
              variant: "warning",
              compact: true,
              onclick: () => removeScreen(app, p),
            }),
          ),
    ]),
  });
}

/**
 * A temporary passphrase typed twice, for a new person or a reset.
 * @type {Field[]}
 */
const TEMPORARY_PASSPHRASE = [
  {
    name: "passphrase",
    label: "Temporary passphrase",
    type: "password",
    hint: TEMPORARY_HINT,
    autocomplete: "new-password",
  },
  {
    name: "passphrase_confirm",
    label: "Confirm temporary passphrase",
    type: "password",
    autocomplete: "new-password",
  },
];

const cancelLink = () => routeLink("settings", {}, { id: "cancel" }, "Cancel");

/** @param {App} app */
async function addPersonScreen(app) {
  const roleOptions = (await vocabularies()).roles.map((c) => ({ value: c.code, label: c.label }));
  screen(
    "Add a person",
    heading("Add a person"),
    form({
      id: "add-person-form",
      fields: [
        { name: "full_name", label: "Full name" },
        {
          name: "username",
          label: "Username",
          hint: "3 to 32 lower-case letters, digits, dots, hyphens or underscores",
          width: "medium",
        },
        {
          name: "role",
          label: "Role",
          type: "select",
          options: [{ value: "", label: "Choose a role" }, ...roleOptions],
        },
        ...TEMPORARY_PASSPHRASE,
      ],
      submitText: "Add person",
      extra: [cancelLink()],
      onSubmit: async (v) => {
        const person = await addPerson(
          v.full_name,
          v.username,
          v.role,
          v.passphrase,
          v.passphrase_confirm,
        );
        settingsScreen(
          app,
          `${person.full_name} can now unlock Channel Desk as ${person.username}`,
        );
      },
    }),
  );
}

/**
 * @param {App} app
 * @param {Person} person
 */
function resetScreen(app, person) {
  screen(
    "Reset a passphrase",
    heading(`Reset ${person.full_name}'s passphrase`),
    para("Their old passphrase stops working at once."),
    form({
      id: "reset-form",
      fields: [...TEMPORARY_PASSPHRASE],
      submitText: "Reset passphrase",
      extra: [cancelLink()],
      onSubmit: async (v) => {
        await resetPassphrase(person.id, v.passphrase, v.passphrase_confirm);
        settingsScreen(
          app,
          `${person.full_name} must choose a new passphrase when they next unlock`,
        );
      },
    }),
  );
}

/**
 * @param {App} app
 * @param {Person} person
 */
function removeScreen(app, person) {
  screen(
    "Remove a person",
    heading(`Remove ${person.full_name}'s access?`),
    para(
      `${person.full_name} (${person.username}) will no longer be able ` +
        "to unlock Channel Desk. What they did stays in the audit trail " +
        "under their name.",
    ),
    para(
      "The database is then encrypted under a new key, so that nothing they kept opens it, " +
        "and a new recovery key is shown once: have a way to print or write it down ready.",
    ),
    el("p", { class: "govuk-body", id: "remove-progress", role: "status" }),
    el(
      "div",
      { class: "govuk-button-group" },
      actionButton({
        id: "confirm-remove",
        label: "Remove access",
        variant: "warning",
        run: async () => {
          const progress = /** @type {HTMLElement} */ (document.getElementById("remove-progress"));
          progress.textContent = "Removing access and encrypting the database again…";
          try {
            const rotated = await removePerson(person.id);
            const gone = `${person.full_name} can no longer unlock Channel Desk`;
            showNewKey(app, rotated, `${gone}. The new recovery key is confirmed`, [
              el("div", { class: "govuk-inset-text", id: "removed" }, para(`${gone}.`)),
            ]);
          } finally {
            progress.textContent = "";
          }
        },
      }),
      cancelLink(),
    ),
  );
}
