// Reference data as the options of a select or a list of checkboxes.

import { referenceItems } from "../api/cases.js";

/**
 * Items in use, or with `includeRetired` also the retired ones (to label old records).
 * @param {string} kind "sector", "concern_type", "intervention_type" or "vaf_factor"
 * @param {boolean} [includeRetired]
 * @returns {Promise<{value: string, label: string, grouping: string}[]>}
 */
export async function referenceOptions(kind, includeRetired = false) {
  const items = await referenceItems(kind);
  return items
    .filter((i) => includeRetired || !i.retired)
    .map((i) => ({ value: i.code, label: i.label, grouping: i.grouping }));
}
