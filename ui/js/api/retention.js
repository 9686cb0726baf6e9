// Retention and erasure, and the subject access request export
// (src-tauri/src/commands/retention.rs). Each is its generated binding (bindings.js), typed
// from the Rust command.

import { commands } from "./bindings.js";

export const { casesPastRetention, eraseCases, exportSubjectAccess, openExport } = commands;
