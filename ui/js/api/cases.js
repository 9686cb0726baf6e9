// Casework (src-tauri/src/commands/cases.rs): reference data, the case list, a case's record,
// flags, today's figures, a new referral, and every change to a case through one command
// that names the action.

import { call } from "./call.js";

/**
 * @import { CaseActions, CasePage, CaseQuery, CaseRecord, Flag, ReferenceItem, ReferenceKind,
 *   ReferralInput, Today } from "./types.js"
 */

/**
 * @param {ReferenceKind} kind
 * @returns {Promise<ReferenceItem[]>}
 */
export function referenceItems(kind) {
  return call("reference_items", { kind });
}

/**
 * @param {ReferenceKind} kind
 * @param {string} label
 * @param {string} grouping
 * @returns {Promise<ReferenceItem>}
 */
export function addReferenceItem(kind, label, grouping) {
  return call("add_reference_item", { kind, label, grouping });
}

/**
 * @param {ReferenceKind} kind
 * @param {string} code
 * @returns {Promise<null>}
 */
export function retireReferenceItem(kind, code) {
  return call("retire_reference_item", { kind, code });
}

/**
 * @param {CaseQuery} query
 * @returns {Promise<CasePage>}
 */
export function listCases(query) {
  return call("list_cases", { query });
}

/**
 * @param {number} id
 * @returns {Promise<CaseRecord>}
 */
export function caseRecord(id) {
  return call("case_record", { id });
}

/** @returns {Promise<Flag[]>} */
export function supportFlags() {
  return call("support_flags");
}

/** @returns {Promise<Today>} */
export function today() {
  return call("today");
}

/**
 * @param {ReferralInput} form
 * @returns {Promise<number>} the new case's id
 */
export function recordReferral(form) {
  return call("record_referral", { form });
}

/**
 * One change to a case: `id` is the case's, or for intervention actions the intervention's.
 * @template {keyof CaseActions} A
 * @param {number} id
 * @param {A} action
 * @param {CaseActions[A]} data
 * @returns {Promise<null>}
 */
export function caseAction(id, action, data) {
  return call("case_action", { id, action, data });
}
