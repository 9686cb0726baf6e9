// Panel meetings (src-tauri/src/commands/meetings.rs and exports.rs): the list, minutes,
// membership, scheduling, one command for each change to a meeting, the actions across
// meetings, and the minutes' exports to PDF, which the database keeps. Each is its
// generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  listMeetings,
  minutes,
  members,
  scheduleMeeting,
  recordAttendance,
  removeAttendance,
  addAgendaItem,
  moveAgendaItem,
  removeAgendaItem,
  saveDiscussion,
  recordItemDecision,
  addAction,
  approveMinutes,
  amendMinutes,
  listActions,
  setActionStatus,
  exportMinutes,
  minutesExports,
  saveExportAgain,
  checkExportFile,
  openExport,
} = commands;
