// People with access (src-tauri/src/commands/people.rs): roles, list, add, remove, reset.

import { call } from "./call.js";

/** @import { Person, Role, RoleOption } from "./types.js" */

/** @returns {Promise<RoleOption[]>} */
export function roles() {
  return call("roles");
}

/** @returns {Promise<Person[]>} */
export function listPeople() {
  return call("list_people");
}

/**
 * @param {string} full_name
 * @param {string} username
 * @param {Role | ""} role
 * @param {string} passphrase
 * @param {string} passphrase_confirm
 * @returns {Promise<Person>}
 */
export function addPerson(full_name, username, role, passphrase, passphrase_confirm) {
  return call("add_person", { full_name, username, role, passphrase, passphrase_confirm });
}

/**
 * @param {number} id
 * @returns {Promise<null>}
 */
export function removePerson(id) {
  return call("remove_person", { id });
}

/**
 * @param {number} id
 * @param {string} passphrase
 * @param {string} passphrase_confirm
 * @returns {Promise<null>}
 */
export function resetPassphrase(id, passphrase, passphrase_confirm) {
  return call("reset_passphrase", { id, passphrase, passphrase_confirm });
}
