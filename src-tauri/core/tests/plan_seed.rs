//! The 2017–2019 delivery plan data file, checked row by row against the seed text it was
//! transcribed from (a text conversion of the printed PDF, kept in `assets/plan`). The seed is parsed here, so a
//! slip in the data file cannot be copied into the expectations.
//!
//! How the seed is read (the data file follows the same rules):
//! - Only the action-plan section counts, from "The following action plan covers" on, so the
//!   contents page's "Priority N:" lines are not taken for titles.
//! - Table rows are tab-separated: `#`, Action, Owner. Runs of whitespace collapse to one
//!   space, cells are trimmed, and a cell that is just "-" is empty.
//! - A row whose `#` cell is a number is an action, under the latest heading.
//! - A numberless row whose `#` cell is empty and whose Action cell is empty or starts in lower
//!   case continues the row before it: a wrapped cell (action 31's text and owners), or a tail
//!   carried past a repeated table header ("concerns", "with the Prevent duty."). Each piece
//!   joins its own column with one space; a heading takes all of the row's cells.
//! - Any other numberless row is a heading: its cells joined left to right with one space, so
//!   a heading split across columns keeps the printed order ("complete ap implementing the
//!   Prevent duty proach when").
//! - A line without tabs, once a priority's first table has begun, is a heading printed
//!   outside the table ("specified authorities identified by the 'Prevent Duty'"); before
//!   that, such lines are the priority's introduction and are skipped.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

struct Priority {
    title: String,
    headings: Vec<Heading>,
}

struct Heading {
    text: String,
    actions: Vec<Action>,
}

struct Action {
    number: String,
    text: String,
    owners: String,
}

fn clean(cell: &str) -> String {
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell == "-" {
        String::new()
    } else {
        cell
    }
}

fn join(head: &str, tail: &str) -> String {
    clean(&format!("{head} {tail}"))
}

/// The seed's text after `marker`.
fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    text.split_once(marker)
        .unwrap_or_else(|| panic!("no {marker:?}"))
        .1
}

/// The vision: the first line after the "Vision" heading.
fn vision(seed: &str) -> String {
    let mut lines = after(seed, "\nVision\n").lines();
    clean(lines.find(|l| !l.trim().is_empty()).expect("a vision"))
}

/// The "By 2019 we will have achieved the following" list.
fn objectives(seed: &str) -> Vec<String> {
    let lines = after(seed, "we will have achieved the following:").lines();
    let items = lines.filter(|l| !l.trim().is_empty());
    let items = items.take_while(|l| l.starts_with("- "));
    items.map(|l| clean(&l[2..])).collect()
}

fn priorities(seed: &str) -> Vec<Priority> {
    let mut priorities: Vec<Priority> = Vec::new();
    let mut in_table = false;
    let section = after(seed, "The following action plan covers");
    for line in section.lines().skip(1) {
        if line.starts_with("Priority ") {
            let (title, headings) = (clean(after(line, ": ")), Vec::new());
            priorities.push(Priority { title, headings });
            in_table = false;
            continue;
        }
        if line.starts_with("#\tAction") {
            in_table = true;
            continue;
        }
        if !in_table || line.trim().is_empty() {
            continue;
        }
        let headings = &mut priorities.last_mut().expect("a priority").headings;
        let cells: Vec<String> = line.split('\t').map(clean).collect();
        let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
        let (number, text, owners) = (cell(0), cell(1), cell(2));
        let lower = text.chars().next().is_none_or(char::is_lowercase);
        if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
            let under = headings.last_mut().expect("a heading first");
            under.actions.push(Action {
                number,
                text,
                owners,
            });
        } else if line.contains('\t') && number.is_empty() && lower {
            // The tail of a wrapped cell, or of a row cut off by a page break.
            let last = headings.last_mut().expect("a row to continue");
            match last.actions.last_mut() {
                Some(action) => {
                    action.text = join(&action.text, &text);
                    action.owners = join(&action.owners, &owners);
                }
                None => last.text = join(&last.text, &cells.join(" ")),
            }
        } else {
            let text = clean(&cells.join(" "));
            headings.push(Heading {
                text,
                actions: Vec::new(),
            });
        }
    }
    priorities
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The published plan's text, kept beside the data file transcribed from it.
fn seed() -> String {
    read("../../assets/plan/prevent-strategy-and-delivery-plan-2017-2019.txt")
}

fn plan() -> Value {
    let text = read("../../assets/plan/prevent-delivery-plan-2017-2019.json");
    serde_json::from_str(&text).expect("the plan is JSON")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn list(v: &Value) -> &[Value] {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}"))
}

/// The data file's action rows in order, each with the text of the heading it sits under.
fn plan_rows(plan: &Value) -> Vec<(&str, &Value)> {
    let headings = list(&plan["priorities"]).iter();
    let headings = headings.flat_map(|p| list(&p["headings"]));
    let rows = headings.flat_map(|h| list(&h["actions"]).iter().map(move |a| (s(&h["text"]), a)));
    rows.collect()
}

#[test]
fn vision_and_objectives_are_as_printed() {
    let (seed, plan) = (seed(), plan());
    assert_eq!(s(&plan["vision"]), vision(&seed));
    let printed = objectives(&seed);
    assert_eq!(printed.len(), 3, "the seed lists three objectives");
    let listed: Vec<&str> = list(&plan["objectives"]).iter().map(s).collect();
    assert_eq!(listed, printed);
}

#[test]
fn priorities_and_headings_are_as_printed() {
    let (printed, plan) = (priorities(&seed()), plan());
    let priorities = list(&plan["priorities"]);
    assert_eq!(printed.len(), 4, "the seed has four priorities");
    assert_eq!(priorities.len(), 4, "the data file has four priorities");
    for (n, (p, want)) in (1..).zip(priorities.iter().zip(&printed)) {
        assert_eq!(p["number"], n, "priority {n}: number");
        assert_eq!(s(&p["title"]), want.title, "priority {n}: title");
        let headings = list(&p["headings"]);
        let count = want.headings.len();
        assert_eq!(headings.len(), count, "priority {n}: how many headings");
        for (h, (heading, want)) in (1..).zip(headings.iter().zip(&want.headings)) {
            assert_eq!(s(&heading["text"]), want.text, "priority {n}, heading {h}");
        }
    }
}

#[test]
fn every_action_row_is_as_printed() {
    let (priorities, plan) = (priorities(&seed()), plan());
    let rows = plan_rows(&plan);
    let printed: Vec<(&str, &Action)> = (priorities.iter().flat_map(|p| &p.headings))
        .flat_map(|h| h.actions.iter().map(move |a| (h.text.as_str(), a)))
        .collect();
    assert_eq!(printed.len(), 38, "the seed has 38 action rows");
    assert_eq!(rows.len(), printed.len(), "the data file's action rows");
    // Row by row in seed order, so a row out of place is named where it differs.
    for ((heading, row), (printed_heading, want)) in rows.iter().zip(&printed) {
        let name = format!("row printed {} ({})", want.number, s(&row["key"]));
        assert_eq!(s(&row["number"]), want.number, "{name}: number");
        assert_eq!(s(&row["text"]), want.text, "{name}: text");
        assert_eq!(s(&row["owners"]), want.owners, "{name}: owners");
        assert_eq!(heading, printed_heading, "{name}: heading above it");
        // The plan's default date applies to every row; only the two 36s need a note.
        assert!(row["target"].is_null(), "{name}: target should be null");
        let noted = !row["note"].is_null();
        assert_eq!(noted, want.number == "36", "{name}: a note only on 36s");
    }
}

#[test]
fn keys_are_unique_and_the_two_36s_are_told_apart() {
    let plan = plan();
    let rows = plan_rows(&plan);
    let mut keys = BTreeSet::new();
    for (_, row) in &rows {
        let (key, number) = (s(&row["key"]), s(&row["number"]));
        let name = format!("row printed {number} ({key})");
        let number: u32 = number.parse().expect("printed numbers are numbers");
        let stem = format!("A{number:02}");
        assert!(key.starts_with(&stem), "{name}: key should start {stem}");
        assert!(keys.insert(key), "{name}: key used twice");
    }
    let actions = rows.iter().map(|(_, a)| *a);
    let thirty_sixes: Vec<&Value> = actions.filter(|a| a["number"] == "36").collect();
    let [a, b] = thirty_sixes[..] else {
        panic!("two rows should be printed 36, not {}", thirty_sixes.len())
    };
    assert_ne!(a["key"], b["key"], "the two 36s need different keys");
    assert_ne!(a["text"], b["text"], "the two 36s are different actions");
    // Success measures point at real rows.
    for m in list(&plan["measures"]) {
        assert!(keys.contains(s(&m["action"])), "measure {m} names no row");
    }
}
