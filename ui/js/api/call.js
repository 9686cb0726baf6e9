// The one door to the app's Rust commands: the generated bindings (bindings.js) invoke
// through `call`, and the area modules beside this one re-export those bindings. A failure
// always arrives as a CommandError {code, message, field, errors, rule}; "locked" also tells the
// frame, through the "cd-locked" event.

/** @import { CommandError } from "./bindings.js" */

/** What a command reports progress on, for the bindings (see globals.d.ts). */
export const Channel = window.__TAURI__.core.Channel;

/**
 * Invokes `command` with `args` (keys as the command's Rust argument names arrive in Tauri).
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === "object" && "code" in error) {
      if (error.code === "locked") document.dispatchEvent(new CustomEvent("cd-locked"));
      throw error;
    }
    // Tauri refuses arguments it cannot read (a wrong type, one missing) with plain text,
    // before the command runs: the window's fault, said as one rather than as "internal".
    const unread = typeof error === "string";
    /** @type {CommandError} */
    const failure = {
      code: unread ? "bad_request" : "internal",
      message: unread
        ? "The window sent something Channel Desk could not read, so nothing was changed."
        : String(error),
      field: null,
      errors: [],
      rule: null,
    };
    throw failure;
  }
}

// Work the page must finish before locking (a discussion typed but not yet saved).
/** @type {(() => Promise<void>) | null} */
let pendingBeforeLock = null;

/** @param {() => Promise<void>} flush */
export function beforeLock(flush) {
  pendingBeforeLock = flush;
}

/** @returns {Promise<void>} */
export async function flushBeforeLock() {
  const flush = pendingBeforeLock;
  pendingBeforeLock = null;
  if (flush) await flush().catch(() => {});
}
