// Backup and restore (src-tauri/src/commands/backup.rs): when the last backup was made and
// the reminder's setting, "Back up now", and restoring a backup (opened and shown first).
// Each is its generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  backupStatus,
  setBackupReminderDays,
  backUp,
  openBackup,
  restoreBackup,
  cancelRestore,
} = commands;
