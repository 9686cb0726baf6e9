// Restoring a backup: open it with a passphrase of someone in it or its recovery key, see
// what it holds, then restore it. On a new laptop from the start screen; by an administrator
// over the database in use from "Backup and restore". Either way the app then locks.

import { cancelRestore, openBackup, restoreBackup } from "../../api/backup.js";
import { actionButton } from "../../kit/buttons.js";
import { dateTime } from "../../kit/dates.js";
import { el, heading, para, screen, summaryList, warningText } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate } from "../../kit/navigate.js";
import { table } from "../../kit/table.js";
import { progressBar } from "./progress.js";

/** @import { BackupSummary } from "../../api/bindings.js" */

/**
 * The form that opens a backup, with its progress bar below.
 * @param {boolean} replacing whether a database is open, to be replaced
 * @param {() => unknown} back where Cancel goes
 */
export function openBackupForm(replacing, back) {
  const progress = progressBar("restore-progress");
  return [
    form({
      id: "open-backup-form",
      fields: [
        {
          name: "with",
          label: "Open the backup with",
          type: "radios",
          value: "passphrase",
          options: [
            { value: "passphrase", label: "My username and passphrase (an administrator in it)" },
            { value: "recovery_key", label: "The recovery key of the database backed up" },
          ],
        },
        { name: "username", label: "Username", autocomplete: "username", width: "medium" },
        {
          name: "passphrase",
          label: "Passphrase",
          hint: "Your passphrase when the backup was made",
          type: "password",
          autocomplete: "current-password",
        },
        {
          name: "recovery_key",
          label: "Recovery key",
          hint: "Only if opening with the recovery key: 64 characters in 16 groups of 4",
          type: "password",
          autocomplete: "off",
        },
      ],
      submitText: "Choose the backup file and open it",
      onSubmit: async (v) => {
        const summary = await openBackup(v, progress.channel);
        if (summary) backupSummaryScreen(summary, replacing, back);
      },
    }),
    progress.node,
  ];
}

/**
 * What the backup holds, before anything is replaced.
 * @param {BackupSummary} s
 * @param {boolean} replacing
 * @param {() => unknown} back
 */
function backupSummaryScreen(s, replacing, back) {
  screen(
    "What this backup holds",
    heading("What this backup holds"),
    summaryList([
      ["File", s.file],
      ["Backup made", dateTime(s.made_at)],
      ["Database created", dateTime(s.database_created_at)],
      [
        "Schema version",
        s.upgraded_when_restored
          ? `${s.schema_version} (from an earlier version: brought up to date when restored)`
          : String(s.schema_version),
      ],
      ["Opened by", s.opened_by],
      ["Audit trail ends at", s.audit_head],
    ]),
    table({
      id: "backup-counts",
      caption: "Records in the backup",
      captionSize: "m",
      head: ["Record", "Number"],
      rows: s.counts.map((c) => [
        c.label,
        { content: String(c.count), class: "govuk-table__cell--numeric" },
      ]),
    }),
    table({
      id: "backup-people",
      caption: "People with access in the backup",
      captionSize: "m",
      head: ["Name", "Username", "Role"],
      rows: s.people.map((p) => [p.full_name, p.username, p.role_label]),
    }),
    replacing
      ? warningText(
          "Restoring replaces the database in use with this backup. The database in use is " +
            "kept beside it, under a name with today's date and time. Channel Desk then " +
            "locks: unlock with a passphrase from the backup.",
          { id: "restore-replaces", hidden: "Warning" },
        )
      : para("Channel Desk then asks you to unlock with a passphrase from the backup."),
    el(
      "div",
      { class: "govuk-button-group" },
      actionButton({
        id: "restore-backup",
        label: "Restore this backup",
        variant: replacing ? "warning" : "primary",
        run: async () => {
          const done = await restoreBackup();
          const kept = done.kept_as ? ` The database it replaced is kept as ${done.kept_as}.` : "";
          const warning = done.warning ? ` ${done.warning}` : "";
          // The frame shows the unlock screen with this message (app.js).
          document.dispatchEvent(
            new CustomEvent("cd-locked", {
              detail: {
                message:
                  `Restored the backup made ${dateTime(s.made_at)}.${kept}${warning} ` +
                  "Unlock with a passphrase from the backup.",
              },
            }),
          );
        },
      }),
      actionButton({
        id: "cancel-restore",
        label: "Cancel",
        run: async () => {
          await cancelRestore();
          await back();
        },
      }),
    ),
  );
}

/** The start screen's way in: no database on this laptop yet. */
export function restoreStartScreen() {
  screen(
    "Restore from a backup",
    heading("Restore from a backup"),
    para(
      "Restore a Channel Desk backup onto this laptop. You will see what it holds before " +
        "anything is restored.",
    ),
    openBackupForm(false, () => navigate("create")),
  );
}
