// Reference data as the options of a select or a list of checkboxes.

import { referenceItems } from "../api/cases.js";

/**
 * Items in use, or with `includeRetired` also the retired ones (to label old records).
 * @param {string} kind a reference kind, such as "sector", "concern_type" or "vaf_factor"
 * @param {boolean} [includeRetired]
 * @returns {Promise<{value: string, label: string, grouping: string}[]>}
 */
export async function referenceOptions(kind, includeRetired = false) {
  const items = await referenceItems(kind);
  return items
    .filter((i) => includeRetired || !i.retired)
    .map((i) => ({ value: i.code, label: i.label, grouping: i.grouping }));
}

/**
 * A required select's options: "Choose" (an empty answer) first.
 * @template {{value: string, label: string}} T
 * @param {T[]} options
 */
export const choose = (options) => [{ value: "", label: "Choose" }, ...options];
