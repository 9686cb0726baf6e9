// The steering group's meetings (src-tauri/src/commands/steering.rs): the list, one meeting,
// scheduling with an agenda proposed from the delivery plan, one command for each change, and
// the minutes to PDF through a save dialog, then opened. Each is its generated binding
// (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  steeringMeetings,
  steeringMeeting,
  scheduleSteeringMeeting,
  recordSteeringAttendance,
  recordSteeringItem,
  addSteeringAgreed,
  approveSteeringMinutes,
  exportSteeringMinutes,
  openExport,
} = commands;
