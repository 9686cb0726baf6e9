// The audit trail (src-tauri/src/commands/audit.rs): a page of entries, and the check of
// the database and the chain.

import { call } from "./call.js";

/** @import { AuditEntry, Verification } from "./types.js" */

/**
 * Fifty entries a page, newest first.
 * @param {number} page
 * @returns {Promise<AuditEntry[]>}
 */
export function auditLog(page) {
  return call("audit_log", { page });
}

/** @returns {Promise<Verification>} */
export function verifyDatabase() {
  return call("verify_database");
}
