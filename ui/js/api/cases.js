// Casework (src-tauri/src/commands/cases.rs): reference data, the case list, a case's record,
// flags, today's figures, a new referral, one command for each step of the case journey, and
// recording a person's sex or gender, ethnicity and needs.
// Each is its generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  referenceItems,
  addReferenceItem,
  retireReferenceItem,
  listCases,
  caseRecord,
  supportFlags,
  today,
  recordReferral,
  startScreening,
  recordScreening,
  recordAssessment,
  sendToPanel,
  recordDecision,
  recordConsent,
  addIntervention,
  updateIntervention,
  recordSession,
  recordReview,
  reRefer,
  addNote,
  setCategories,
} = commands;
