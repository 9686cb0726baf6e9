// When the last backup was made, as Home, Settings and "Backup and restore" say it: warned
// when one is due.

import { dateTime } from "./dates.js";
import { el, warningText } from "./dom.js";

/** @import { BackupStatus } from "../api/bindings.js" */

/** @param {BackupStatus} status */
export function lastBackup(status) {
  const text = status.last_backup_at
    ? `The last backup was made ${dateTime(status.last_backup_at)}.`
    : "No backup of this database has been made.";
  return status.due
    ? warningText(
        `${text} Make one at least every ${status.reminder_days} days, and keep it away ` +
          "from this laptop.",
        { id: "backup-due", hidden: "Warning" },
      )
    : el("p", { class: "govuk-body", id: "last-backup" }, text);
}
