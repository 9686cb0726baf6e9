// Start and session commands (src-tauri/src/commands/session.rs): status, create, unlock by
// passphrase or recovery key, set up an administrator, lock, activity, change a passphrase,
// confirm the recovery key, rotate the data key (a new recovery key).
// Each is its generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  appStatus,
  createDatabase,
  unlockDatabase,
  unlockWithRecovery,
  setUpAdministrator,
  lock,
  activity,
  changePassphrase,
  confirmRecoveryKey,
  rotateDataKey,
} = commands;
