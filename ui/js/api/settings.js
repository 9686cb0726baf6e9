// Settings (src-tauri/src/commands/settings.rs and plan.rs): the idle lock and the report's
// borough and suppression threshold, which an administrator changes, and the delivery
// plan's, which its editors change. Each takes the text as typed, so that "ten" gets a
// message beside the field. Each is its generated binding (bindings.js), typed from the
// Rust command.

import { commands } from "./bindings.js";

export const {
  getSettings,
  setIdleLockMinutes,
  setPlanSettings,
  setReportSettings,
  setRetentionYears,
} = commands;
