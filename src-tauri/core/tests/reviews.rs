//! Reviews after exit are held when due: one recorded before its due date is refused, unless
//! the reason for holding it early is given, which the timeline keeps.

use channel_desk_core::casework::workflow::Stage;
use channel_desk_core::casework::*;
use channel_desk_core::common::dates::{long, today};
use channel_desk_core::Session;
use chrono::{Duration, Months, NaiveDate};

mod support;
use support::*;

/// A case that left Channel `days` ago, recorded by the chair `s`, and the day its 6-month
/// review falls due.
fn exited(s: &mut Session, name: &str, days: i64) -> (i64, NaiveDate) {
    let mut r = referral(name, 67);
    r.received_on = days_ago(days + 60);
    let id = s.record_referral(&r).unwrap();
    to_panel(s, id);
    s.record_decision(id, &decide("adopt", days_ago(days + 30), ""), URGENT)
        .unwrap();
    s.record_decision(
        id,
        &decide("exit", days_ago(days), "risk_removed_or_reduced"),
        URGENT,
    )
    .unwrap();
    let exit = today() - Duration::days(days);
    (id, exit.checked_add_months(Months::new(6)).unwrap())
}

fn review(months: u8, on: NaiveDate, early_reason: &str) -> ReviewInput {
    ReviewInput {
        months,
        reviewed_on: dmy(on),
        notes: "Settled at college".into(),
        early_reason: early_reason.into(),
    }
}

/// What the timeline says of the case's review, once recorded (the case moves on).
fn reviewed(s: &mut Session, id: i64) -> String {
    let record = s.case_record(id).unwrap();
    assert_eq!(record.stage, Stage::SixMonthReviewDone);
    let event = record
        .timeline
        .into_iter()
        .find(|e| e.kind == "case.review");
    event.unwrap().summary
}

#[test]
fn a_review_before_its_due_date_is_refused_naming_the_date_and_nothing_is_written() {
    let (_d, mut s, mut chair) = with_chair();
    let (id, due) = exited(&mut chair, "Bogdan Kowalczyk", 18);
    let before = s.case_record(id).unwrap();
    let err = s.record_review(id, &review(6, today(), "")).unwrap_err();
    assert!(err.to_string().contains(&long(due)), "{err}");
    assert_eq!(rule(err), "review_not_before_due");
    let after = s.case_record(id).unwrap();
    assert_eq!(after.stage, Stage::Exited);
    assert_eq!(after.timeline.len(), before.timeline.len());
}

#[test]
fn an_early_review_with_its_reason_is_recorded_and_the_reason_kept_on_the_timeline() {
    let (_d, mut s, mut chair) = with_chair();
    let (id, due) = exited(&mut chair, "Nadia Haddad", 18);
    let reason = "The family moves out of the borough next week";
    s.record_review(id, &review(6, today() - Duration::days(1), reason))
        .unwrap();
    let said = reviewed(&mut s, id);
    assert!(said.contains(reason), "{said}");
    assert!(said.contains(&long(due)), "{said}");
    // Audited as any review is.
    let log = s.audit_entries(20, 0).unwrap();
    assert!(log.iter().any(|e| e.action == "case.review"));

    // The 12-month review is not due for another six months either.
    let err = s.record_review(id, &review(12, today(), "")).unwrap_err();
    assert_eq!(rule(err), "review_not_before_due");
}

#[test]
fn a_review_on_or_after_its_due_date_needs_no_reason_and_refuses_one() {
    let (_d, mut s, mut chair) = with_chair();
    // On the due date is in time.
    let (on_time, due) = exited(&mut chair, "Aoife Brennan", 200);
    s.record_review(on_time, &review(6, due, "")).unwrap();
    assert_eq!(
        s.case_record(on_time).unwrap().stage,
        Stage::SixMonthReviewDone
    );

    let (late, _) = exited(&mut chair, "Kofi Asante", 200);
    let err = s
        .record_review(late, &review(6, today(), "Just in case"))
        .unwrap_err();
    assert_eq!(err.field(), Some("early_reason"));
    s.record_review(late, &review(6, today(), "")).unwrap();
    assert_eq!(
        reviewed(&mut s, late),
        "6-month review after exit: Settled at college"
    );
}
