//! The demo database reads as a real service's would: every case's history in date order
//! and none of it after today, reviews after exit held once due, the time in a stage counted
//! from when the case got there, and the panel's discussion agreeing with its decision.

use channel_desk_core::casework::workflow::Stage;
use channel_desk_core::casework::CaseQuery;
use channel_desk_core::common::dates::today;
use channel_desk_core::{create, FirstPerson, Paths, Session};
use chrono::{Months, NaiveDate};
use rusqlite::Connection;

const PASS: &str = "demo history test phrase";

/// A demo database of 36 cases (three of each point on the journey), and a second
/// connection to its file that reads the history in the order it was written.
fn demo() -> (tempfile::TempDir, Session, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("demo.db"));
    let (mut s, recovery) = create(
        &paths,
        &FirstPerson {
            full_name: "Marta Sánchez",
            username: "marta",
            passphrase: PASS,
            passphrase_confirm: PASS,
        },
    )
    .unwrap();
    channel_desk_core::demo::populate(&mut s, 36, 7).unwrap();
    let raw = Connection::open(&paths.db).unwrap();
    let hex: String = recovery.chars().filter(|c| *c != '-').collect();
    raw.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    (dir, s, raw)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn every_case_history_is_in_date_order_and_none_of_it_after_today() {
    let (_d, _s, raw) = demo();
    let mut stmt = raw
        .prepare("SELECT case_id, happened_on, summary FROM case_events ORDER BY case_id, id")
        .unwrap();
    let events: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(events.len() > 36 * 5, "{} events", events.len());
    for pair in events.windows(2) {
        let ((case, before, what_before), (next_case, after, what)) = (&pair[0], &pair[1]);
        if case == next_case {
            assert!(
                before <= after,
                "case {case}: {what:?} on {after} was written after {what_before:?} on {before}"
            );
        }
    }
    let today = today().to_string();
    for (case, on, what) in &events {
        assert!(
            *on <= today,
            "case {case}: {what:?} is dated {on}, after today"
        );
    }
}

#[test]
fn every_review_after_exit_was_held_on_or_after_its_due_date() {
    let (_d, _s, raw) = demo();
    let mut stmt = raw
        .prepare(
            "SELECT r.case_id, r.months, r.reviewed_on, c.exit_date
             FROM reviews r JOIN cases c ON c.id = r.case_id",
        )
        .unwrap();
    let reviews: Vec<(i64, u32, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        reviews.iter().any(|r| r.1 == 6) && reviews.iter().any(|r| r.1 == 12),
        "{reviews:?}"
    );
    for (case, months, held, exit) in reviews {
        let due = date(&exit).checked_add_months(Months::new(months)).unwrap();
        assert!(
            date(&held) >= due,
            "case {case}: the {months}-month review on {held} was due on {due}"
        );
    }
}

#[test]
fn the_time_in_a_stage_counts_from_when_the_case_got_there() {
    let (_d, mut s, _raw) = demo();
    let today = today();
    let ids: Vec<i64> = (0..2)
        .flat_map(|page| {
            s.list_cases(&CaseQuery {
                page,
                ..Default::default()
            })
            .unwrap()
            .rows
        })
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 36);
    let mut in_support = 0;
    for id in ids {
        let r = s.case_record(id).unwrap();
        assert!(
            r.days_in_stage > 0,
            "{} has been {} for {} days",
            r.reference,
            r.stage_label,
            r.days_in_stage
        );
        assert_eq!(
            r.days_in_stage,
            (today - date(&r.referral.stage_since)).num_days()
        );
        match r.stage {
            Stage::Support => {
                in_support += 1;
                let started = r
                    .interventions
                    .iter()
                    .map(|i| date(&i.start_on))
                    .min()
                    .unwrap();
                assert_eq!(
                    r.days_in_stage,
                    (today - started).num_days(),
                    "{}: in support since its support started",
                    r.reference
                );
            }
            Stage::Exited => assert_eq!(
                Some(r.referral.stage_since.clone()),
                r.referral.exit_date,
                "{}: exited since the exit",
                r.reference
            ),
            _ => {}
        }
    }
    assert!(in_support > 0);
}

/// What the panel says when it takes each decision, which no other decision's discussion
/// says.
const AGREED: [(&str, &str); 4] = [
    ("adopt", "agree to adopt"),
    ("not_adopt", "agree not to adopt"),
    ("remain", "should continue"),
    ("exit", "can leave Channel"),
];

#[test]
fn the_discussion_in_the_minutes_agrees_with_the_decision_beside_it() {
    let (_d, mut s, _raw) = demo();
    let mut decided = 0;
    for summary in s.meetings().unwrap() {
        for item in s.meeting(summary.id).unwrap().agenda {
            let Some(decision) = item.decision else {
                continue;
            };
            decided += 1;
            for (kind, words) in AGREED {
                assert_eq!(
                    item.discussion.contains(words),
                    decision.kind == kind,
                    "a {} decision beside the discussion {:?}",
                    decision.kind,
                    item.discussion
                );
            }
        }
    }
    assert!(decided > 30, "{decided} decisions");
}
