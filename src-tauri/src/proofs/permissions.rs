//! Every command × every role, allowed or refused as the table says, and the README's
//! permissions table generated from the same table.

use std::collections::BTreeSet;

use channel_desk_core::Role;
use serde_json::{json, Value};

use super::hostile::{at, places, reach, step_into};
use super::table::{commands, Command, Need};
use super::{Window, World};

/// Whether `role` may call a command that needs `need`.
pub fn allowed(need: Need, role: Role) -> bool {
    match need {
        Need::Nothing | Need::Unlocked => true,
        Need::May(field) => {
            let may = serde_json::to_value(role.permissions()).expect("permissions as JSON");
            may[field]
                .as_bool()
                .unwrap_or_else(|| panic!("{field} is not a field of Permissions"))
        }
    }
}

/// The commands the window's generated bindings call, from the committed file that the
/// bindings test keeps equal to what `bindings.rs` generates.
fn commands_in_bindings() -> BTreeSet<String> {
    const BINDINGS: &str = include_str!("../../../ui/js/api/bindings.js");
    BINDINGS
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_table_has_one_entry_for_every_command_in_the_bindings() {
    let table = commands();
    let names: Vec<&str> = table.iter().map(|c| c.name).collect();
    let unique: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
    assert_eq!(names.len(), unique.len(), "a command listed twice");
    let bindings = commands_in_bindings();
    let missing: Vec<_> = bindings.difference(&unique).collect();
    let extra: Vec<_> = unique.difference(&bindings).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "src-tauri/src/proofs/table.rs must list exactly the commands in bindings.rs: \
         add an entry for {missing:?}, remove {extra:?}"
    );
    for command in &table {
        // Panics on a field that Permissions does not have.
        allowed(command.need, Role::Administrator);
    }
}

/// What a refused call answers: a `forbidden` error, or a permission the role lacks.
fn forbidden(answer: &Result<Value, Value>) -> bool {
    matches!(answer, Err(e) if e["code"] == "forbidden")
}

#[test]
fn every_command_is_allowed_or_refused_for_every_role_as_the_table_says() {
    let table = commands();
    let mut wrong = Vec::new();
    for role in Role::ALL {
        let world = World::new(role);
        for command in table.iter() {
            let expected = allowed(command.need, role);
            if command.not_called.is_some() && (expected || !command.refuses_first) {
                continue;
            }
            world.reopen();
            let answer = world
                .window
                .invoke(command.name, (command.args)(world.ids()));
            if forbidden(&answer) == expected {
                wrong.push(format!(
                    "{} as {}: {} expected, got {answer:?}",
                    command.name,
                    role.as_str(),
                    if expected { "allowed" } else { "refused" }
                ));
            } else if !expected {
                wrong.extend(refused_whatever_the_arguments(&world, command));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Values of a leaf's type that no valid form holds: text emptied, an id no record has
/// (or 0, for a small number), a yes/no turned round.
fn emptied(valid: &Value) -> Vec<Value> {
    match valid {
        Value::String(_) => vec![json!("")],
        Value::Number(_) => vec![json!(987_654_321), json!(0)],
        Value::Bool(b) => vec![json!(!b)],
        _ => Vec::new(),
    }
}

/// A refused command called with its valid arguments emptied, one value at a time and then
/// all at once, still answers `forbidden`: the role is checked before anything is read, so
/// a blank or wrong form tells a person who may not use it nothing about its rules. A value
/// that does not deserialise (a vocabulary's code emptied) is refused by Tauri before the
/// command runs, and stays valid in the form sent all at once.
fn refused_whatever_the_arguments(world: &World, command: &Command) -> Vec<String> {
    let valid = (command.args)(world.ids());
    let mut all = valid.clone();
    let mut wrong = Vec::new();
    let mut refuse = |args: &Value| -> Option<Result<Value, Value>> {
        world.reopen();
        match world.window.invoke(command.name, args.clone()) {
            // Tauri's refusal of a value that does not deserialise.
            Err(Value::String(_)) => None,
            answer if forbidden(&answer) => Some(answer),
            answer => {
                wrong.push(format!(
                    "{} as {} with {args:.500}: refused expected, got {answer:?}",
                    command.name,
                    world.role.as_str()
                ));
                Some(answer)
            }
        }
    };
    for place in places(&valid) {
        let (last, parents) = place.split_last().expect("a place below the top");
        let mut parent = &valid;
        for step in parents {
            parent = step_into(parent, step);
        }
        for value in emptied(step_into(parent, last)) {
            let mut args = valid.clone();
            *at(reach(&mut args, parents), last) = value.clone();
            if refuse(&args).is_some() {
                *at(reach(&mut all, parents), last) = value;
                break;
            }
        }
    }
    if all != valid {
        refuse(&all);
    }
    wrong
}

#[test]
fn only_the_commands_that_need_nothing_answer_while_locked() {
    let world = World::new(Role::Administrator);
    world.window.ok("lock", json!({}));
    let locked = |w: &Window, c: &Command| {
        let answer = w.invoke(c.name, (c.args)(world.ids()));
        matches!(answer, Err(e) if e["code"] == "locked")
    };
    for command in commands().iter().filter(|c| c.not_called.is_none()) {
        if command.need != Need::Nothing && !command.also_while_locked {
            assert!(
                locked(&world.window, command),
                "{} answered while locked",
                command.name
            );
        }
    }
}

/// The README's table: one row a permission, the roles that have it, the commands behind it.
fn readme_table() -> String {
    let table = commands();
    let mut rows: Vec<Need> = Vec::new();
    for c in &table {
        if !rows.contains(&c.need) {
            rows.push(c.need);
        }
    }
    let mut out = String::from("| Needs |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.label()));
    }
    out.push_str(" Commands |\n|---|");
    out.push_str(&"---|".repeat(Role::ALL.len()));
    out.push_str("---|\n");
    for need in rows {
        let what = match need {
            Need::Nothing => "nothing (works while locked)".to_owned(),
            Need::Unlocked => "anyone unlocked".to_owned(),
            Need::May(field) => format!("`{field}`"),
        };
        out.push_str(&format!("| {what} |"));
        for role in Role::ALL {
            out.push_str(if allowed(need, role) {
                " yes |"
            } else {
                " no |"
            });
        }
        let names: Vec<String> = table
            .iter()
            .filter(|c| c.need == need)
            .map(|c| {
                let mut name = format!("`{}`", c.name);
                if c.also_while_locked {
                    name.push_str(" (and while locked)");
                }
                match (c.not_called, c.refuses_first) {
                    (Some(_), true) => name.push_str(" (tested where refused: a system dialog)"),
                    (Some(_), false) => name.push_str(" (not called by the test: a system dialog)"),
                    (None, _) => {}
                }
                name
            })
            .collect();
        out.push_str(&format!(" {} |\n", names.join(", ")));
    }
    out
}

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const START: &str = "<!-- permissions table: generated from src-tauri/src/proofs/table.rs -->\n";
const END: &str = "<!-- end of permissions table -->";

#[test]
fn the_readmes_permissions_table_is_the_one_the_table_generates() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let (before, rest) = readme.split_once(START).expect("the table's start marker");
    let (_, after) = rest.split_once(END).expect("the table's end marker");
    let current = format!("{before}{START}{}{END}{after}", readme_table());
    if std::env::var_os("CHANNEL_DESK_WRITE_README").is_some() {
        std::fs::write(README, &current).expect("README.md written");
    }
    assert!(
        std::fs::read_to_string(README).expect("README.md") == current,
        "README.md's permissions table differs from src-tauri/src/proofs/table.rs. Regenerate \
         it with CHANNEL_DESK_WRITE_README=1 cargo test -p channel-desk --lib permissions"
    );
}
