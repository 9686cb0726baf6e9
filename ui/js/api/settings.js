// Settings an administrator changes (src-tauri/src/commands/settings.rs). The idle lock
// takes the text as typed, so that "ten" gets a message beside the field. Each is its
// generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const { getSettings, setIdleLockMinutes } = commands;
