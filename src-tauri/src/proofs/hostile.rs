//! Hostile input: each command's valid arguments with one part changed, as a window that
//! has been tampered with could send them: a field removed, a value of the wrong type, huge
//! and negative numbers, invalid dates, a megabyte of text, NUL and other control
//! characters, right-to-left overrides, emoji, combining marks. Whatever arrives, the command
//! answers (no panic); a refusal is typed and writes nothing, the audit trail included; text
//! it accepts is shown again as typed.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

use channel_desk_core::Role;

use super::permissions::allowed;
use super::table::{commands, Command};
use super::World;

/// Cases for each command: enough to try every kind of change over the suite, few enough
/// for the whole proof to take a minute or two.
const CASES: u32 = 24;

/// The codes a refusal may carry. `database` and `io` are not among them: bad input must
/// be refused by the checks, not by SQLite or the file system.
const REFUSALS: [&str; 9] = [
    "invalid",
    "rule",
    "not_found",
    "forbidden",
    "locked",
    "not_recognised",
    "recovery_key_not_recognised",
    "backoff",
    "already_exists",
];

#[derive(Debug, Clone)]
enum Change {
    /// The field left out.
    Remove,
    /// The value replaced by another, of any type.
    Replace(Value),
    /// Text put into the middle of a text value, kept valid around it.
    Insert(String),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\0".to_owned()),
        Just("a\0b".to_owned()),
        Just("\u{1}\u{7}\u{8}\u{1b}[31m\u{7f}\u{9f}".to_owned()),
        Just("\r\n\t".to_owned()),
        Just("\u{202E}fdp.exe\u{202C}".to_owned()),
        Just("\u{200F}\u{061C}\u{2066}".to_owned()),
        Just("👩🏽‍⚕️🏳️‍🌈".to_owned()),
        Just("Zoe\u{308}\u{301}\u{301}".to_owned()),
        Just("\u{FEFF}\u{200B}".to_owned()),
        Just("<b>bold</b>&amp;".to_owned()),
        Just("Robert'); DROP TABLE cases;--".to_owned()),
        Just("x".repeat(1 << 20)),
        "\\PC{1,12}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(i64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!(1e308)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1.5)),
        Just(json!(9_007_199_254_740_993_i64)),
        Just(json!([])),
        Just(json!({})),
        Just(json!(["x"])),
        Just(json!("")),
        Just(json!("yesterday")),
        Just(json!("2025-02-31")),
        Just(json!("31/2/2025")),
        Just(json!("2025-13-01")),
        Just(json!("0/0/0")),
        Just(json!("1/1/99999")),
        text().prop_map(Value::String),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        1 => Just(Change::Remove),
        2 => value().prop_map(Change::Replace),
        4 => text().prop_map(Change::Insert),
    ]
}

/// A way into the arguments: a field's name or an item's index.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Field(String),
    Item(usize),
}

/// Every place in `args` below the top.
pub(super) fn places(args: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        let children: Vec<(Step, &Value)> = match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (Step::Field(k.clone()), v))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Step::Item(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (step, child) in children {
            at.push(step);
            out.push(at.clone());
            walk(child, at, out);
            at.pop();
        }
    }
    let mut out = Vec::new();
    walk(args, &mut Vec::new(), &mut out);
    out
}

/// Text put into a field: the field's new value, and the part of its valid value before
/// the insertion, which shows where the window displays that field.
struct Typed {
    text: String,
    before: String,
}

/// `args` with `change` made at `place`; the text typed into a field, if any.
fn changed(args: &Value, place: &[Step], change: &Change) -> (Value, Option<Typed>) {
    let mut args = args.clone();
    let Some((last, parents)) = place.split_last() else {
        // No arguments to change: the whole body replaced.
        return match change {
            Change::Replace(v) => (v.clone(), None),
            _ => (json!({ "unexpected": "field" }), None),
        };
    };
    let parent = reach(&mut args, parents);
    let mut stored = None;
    match (change, last, &mut *parent) {
        (Change::Remove, Step::Field(k), Value::Object(map)) => {
            map.remove(k);
        }
        (Change::Remove, Step::Item(i), Value::Array(items)) => {
            items.remove(*i);
        }
        (Change::Replace(v), step, parent) => *at(parent, step) = v.clone(),
        (Change::Insert(text), step, parent) => {
            let slot = at(parent, step);
            let old = slot.as_str().unwrap_or_default().to_owned();
            let middle = old.char_indices().nth(old.chars().count() / 2);
            let split = middle.map_or(old.len(), |(i, _)| i);
            let new = format!("{}{text}{}", &old[..split], &old[split..]);
            stored = Some(Typed {
                text: new.clone(),
                before: old[..split].trim().to_owned(),
            });
            *slot = Value::String(new);
        }
        _ => {}
    }
    (args, stored)
}

pub(super) fn at<'a>(parent: &'a mut Value, step: &Step) -> &'a mut Value {
    match step {
        Step::Field(k) => &mut parent[k.as_str()],
        Step::Item(i) => &mut parent[*i],
    }
}

pub(super) fn step_into<'a>(parent: &'a Value, step: &Step) -> &'a Value {
    match step {
        Step::Field(k) => &parent[k.as_str()],
        Step::Item(i) => &parent[*i],
    }
}

/// The value at the end of `steps`.
pub(super) fn reach<'a>(args: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    steps.iter().fold(args, |v, step| at(v, step))
}

/// Whether `shown` holds `text` as stored: trimmed, as every text field is.
fn shows(shown: &Value, text: &str) -> bool {
    match shown {
        Value::String(s) => s.contains(text.trim()),
        Value::Array(items) => items.iter().any(|v| shows(v, text)),
        Value::Object(map) => map.values().any(|v| shows(v, text)),
        _ => false,
    }
}

/// A refusal the window can show: a command's error with a known code (and the field, for
/// bad input), or Tauri's refusal, before the command runs, of an argument that does not
/// deserialise (named) or of a progress channel that is not one.
fn typed(command: &Command, valid: &Value, args: &Value, error: &Value) -> Result<(), String> {
    if let Some(message) = error.as_str() {
        let prefix = "invalid args `";
        let named = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .is_some_and(|arg| valid.get(arg).is_some());
        let channel = message.starts_with("invalid channel value");
        return if channel || named && message.contains(&format!("for command `{}`", command.name)) {
            Ok(())
        } else {
            Err(format!("an untyped refusal of {args}: {message}"))
        };
    }
    let code = error["code"].as_str().unwrap_or_default();
    if !REFUSALS.contains(&code) {
        return Err(format!("refused with code {code:?}: {error}"));
    }
    if code == "invalid" && error["field"].as_str().is_none_or(str::is_empty) {
        return Err(format!("bad input refused without its field: {error}"));
    }
    if error["message"].as_str().is_none_or(str::is_empty) {
        return Err(format!("refused without a message: {error}"));
    }
    Ok(())
}

fn fuzz(command: &Command) {
    let role = Role::ALL
        .into_iter()
        .find(|r| allowed(command.need, *r))
        .expect("a role that may call it");
    let world = World::new(role);
    let valid = (command.args)(world.ids());
    let places = places(&valid);
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let result = runner.run(&(any::<Index>(), change()), |(index, change)| {
        world.reopen();
        let place = if places.is_empty() {
            &[][..]
        } else {
            &places[index.index(places.len())][..]
        };
        let (args, stored) = changed(&valid, place, &change);
        let before = world.window.digests();
        match world.window.invoke(command.name, args.clone()) {
            Ok(answer) => {
                if let (Some(typed), Some(read)) = (stored, command.shown_by) {
                    let (cmd, read_args) = read(world.ids(), &answer);
                    let shown = world
                        .window
                        .invoke(cmd, read_args)
                        .map_err(|e| TestCaseError::fail(format!("{cmd} refused: {e}")))?;
                    // A field shown (its valid start is there) shows what was typed. Some
                    // fields are kept only with certain answers (a reason for "dropped").
                    let field_shown =
                        typed.before.chars().count() >= 3 && shows(&shown, &typed.before);
                    prop_assert!(
                        !field_shown || shows(&shown, &typed.text),
                        "{} accepted {args:.500} but {cmd} does not show {:?}",
                        command.name,
                        typed.text
                    );
                }
            }
            Err(error) => {
                typed(command, &valid, &args, &error).map_err(TestCaseError::fail)?;
                let after = world.window.digests();
                let changed: Vec<&str> = before
                    .iter()
                    .zip(&after)
                    .filter(|(b, a)| b != a)
                    .map(|(b, _)| b.0.as_str())
                    .collect();
                prop_assert!(
                    changed.is_empty(),
                    "{args:.500} refused ({error}) but written to {changed:?}"
                );
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{}: {e}", command.name);
    }
}

#[test]
fn every_command_answers_hostile_arguments_with_a_typed_refusal_or_stores_them_as_typed() {
    let table = commands();
    let called: Vec<&Command> = table.iter().filter(|c| c.not_called.is_none()).collect();
    // Two at a time, one a core.
    std::thread::scope(|scope| {
        for half in [0, 1] {
            let called = &called;
            scope.spawn(move || {
                for command in called.iter().skip(half).step_by(2) {
                    fuzz(command);
                }
            });
        }
    });
}
