// The core's fixed vocabularies (stages, decisions, statuses and the rest), loaded once: every
// label and option the window shows comes from here, never from a copy of its own.

import { vocabularies } from "../api/people.js";

/** @import { Choice, Vocabularies } from "../api/bindings.js" */

/** @type {Promise<Vocabularies> | null} */
let loaded = null;

/** @returns {Promise<Vocabularies>} */
export function words() {
  loaded ??= vocabularies();
  return loaded;
}

/**
 * The label of a stored code; a code no longer on the list reads as itself.
 * @param {Choice[]} list
 * @param {string} code
 */
export const labelOf = (list, code) => list.find((c) => c.code === code)?.label ?? code;

/**
 * A vocabulary as a form's options.
 * @param {Choice[]} list
 */
export const optionsOf = (list) => list.map((c) => ({ value: c.code, label: c.label }));
