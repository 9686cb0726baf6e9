// The audit trail (src-tauri/src/commands/audit.rs): a page of fifty entries in words, newest
// first, filtered; the entries filtered exported as CSV; the check of the database and the
// chain, and the check run at unlock. Each is its generated binding
// (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const { auditLog, exportAudit, verifyDatabase, integrityStatus } = commands;
