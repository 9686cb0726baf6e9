// Settings an administrator changes (src-tauri/src/commands/settings.rs).

import { call } from "./call.js";

/** @import { Settings } from "./types.js" */

/** @returns {Promise<Settings>} */
export function getSettings() {
  return call("get_settings");
}

/**
 * Takes the text as typed, so that "ten" gets a message beside the field.
 * @param {string} minutes
 * @returns {Promise<Settings>}
 */
export function setIdleLockMinutes(minutes) {
  return call("set_idle_lock_minutes", { minutes });
}
