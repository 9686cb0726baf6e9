// Backup and restore, for administrators: when the last backup was made, "Back up now" with
// its progress, and restoring a backup over the database in use.

import { backUp, backupStatus } from "../../api/backup.js";
import { lastBackup } from "../../kit/backup.js";
import { actionButton } from "../../kit/buttons.js";
import { el, heading, notice, para, screen } from "../../kit/dom.js";
import { navigate } from "../../kit/navigate.js";
import { progressBar } from "./progress.js";
import { openBackupForm } from "./restore.js";

/** @param {string} [message] */
export async function backupScreen(message) {
  const status = await backupStatus();
  const progress = progressBar("backup-progress");
  screen(
    "Backup and restore",
    message ? notice(message, "success") : null,
    heading("Backup and restore"),
    lastBackup(status),
    para(
      "A backup is one file holding the whole database and its key slots, encrypted as the " +
        "database is: it opens with the passphrase of a person in it or with the recovery " +
        "key, and nothing else. It is checked by opening it before Channel Desk says it is done.",
    ),
    actionButton({
      id: "back-up-now",
      label: "Back up now",
      variant: "primary",
      run: async () => {
        const made = await backUp(progress.channel);
        if (!made) {
          await backupScreen();
          return;
        }
        const mb = (made.bytes / (1024 * 1024)).toFixed(1);
        await backupScreen(
          `Backup made and checked: ${made.path} (${mb} MB, ${made.audit_rows} audit rows).`,
        );
      },
    }),
    progress.node,
    el("h2", { class: "govuk-heading-m", id: "restore-heading" }, "Restore a backup"),
    para(
      "Restoring replaces the database in use with a backup, after showing what the backup " +
        "holds. The database in use is kept beside it under a dated name.",
    ),
    openBackupForm(true, () => navigate("backup", {})),
  );
}
