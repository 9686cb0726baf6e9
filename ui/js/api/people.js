// People with access (src-tauri/src/commands/people.rs): vocabularies, list, add, remove, reset.
// Each is its generated binding (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const { vocabularies, listPeople, addPerson, removePerson, resetPassphrase } = commands;
