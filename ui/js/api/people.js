// People with access (src-tauri/src/commands/people.rs): roles, list, add, remove, reset.
// Each is its generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const { roles, listPeople, addPerson, removePerson, resetPassphrase } = commands;
