// Start and session commands (src-tauri/src/commands/session.rs): status, create, unlock by
// passphrase or recovery key, set up an administrator, lock, activity, change a passphrase.

import { call } from "./call.js";

/** @import { AdministratorForm, Created, Person, Status, UnlockedView } from "./types.js" */

/** @returns {Promise<Status>} */
export function appStatus() {
  return call("app_status");
}

/**
 * @param {AdministratorForm} form
 * @returns {Promise<Created>}
 */
export function createDatabase(form) {
  return call("create_database", { form });
}

/**
 * @param {string} username
 * @param {string} passphrase
 * @returns {Promise<UnlockedView>}
 */
export function unlockDatabase(username, passphrase) {
  return call("unlock_database", { username, passphrase });
}

/**
 * @param {string} recovery_key
 * @returns {Promise<null>}
 */
export function unlockWithRecovery(recovery_key) {
  return call("unlock_with_recovery", { recovery_key });
}

/**
 * @param {AdministratorForm} form
 * @returns {Promise<Person>}
 */
export function setUpAdministrator(form) {
  return call("set_up_administrator", { form });
}

/** @returns {Promise<null>} */
export function lock() {
  return call("lock");
}

/** Keyboard or mouse activity, so that the idle lock counts from it. @returns {Promise<null>} */
export function activity() {
  return call("activity");
}

/**
 * @param {string} current_passphrase
 * @param {string} passphrase
 * @param {string} passphrase_confirm
 * @returns {Promise<Person>}
 */
export function changePassphrase(current_passphrase, passphrase, passphrase_confirm) {
  return call("change_passphrase", { current_passphrase, passphrase, passphrase_confirm });
}
