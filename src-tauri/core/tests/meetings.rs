//! The monthly panel as the secretariat and chair run it: agenda, attendance, decisions in
//! the room, actions, approval and amendments.

use channel_desk_core::casework::workflow::Stage;
use channel_desk_core::casework::*;
use channel_desk_core::common::dates::today;
use channel_desk_core::meetings::{ActionFilter, ActionInput};
use channel_desk_core::meetings::{AttendanceInput, MeetingInput, MemberInput};
use channel_desk_core::{CoreError, Session};
use chrono::{Duration, Months};

mod support;
use support::*;

fn meeting_on(s: &mut Session, days_from_today: i64) -> i64 {
    s.schedule_meeting(&MeetingInput {
        held_on: dmy(today() + Duration::days(days_from_today)),
        starts_at: "14:00".into(),
        place: "Committee Room 2, Town Hall".into(),
        chair: "Priya Raman".into(),
    })
    .unwrap()
}

fn member(name: &str, organisation: &str, police: bool) -> AttendanceInput {
    AttendanceInput {
        member: MemberInput {
            name: name.into(),
            organisation: organisation.into(),
            role: if police {
                "Channel Police Practitioner"
            } else {
                "Designated lead"
            }
            .into(),
            police,
        },
        status: "present".into(),
        ..Default::default()
    }
}

fn field(err: CoreError) -> &'static str {
    err.field()
        .unwrap_or_else(|| panic!("expected a field error, got {err:?}"))
}

/// A case adopted and then exited `months` months ago (so a review falls due), recorded by
/// the chair `s`.
fn exited_months_ago(s: &mut Session, name: &str, months: u32) -> i64 {
    let id = s
        .record_referral(&ReferralInput {
            received_on: dmy(today().checked_sub_months(Months::new(months + 3)).unwrap()),
            ..referral(name, 30)
        })
        .unwrap();
    let exit_on = today().checked_sub_months(Months::new(months)).unwrap();
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: dmy(exit_on - Duration::days(20)),
            outcome: "suitable_for_channel".into(),
            information_gathering: "Partners shared information".into(),
        },
    )
    .unwrap();
    s.record_assessment(id, &vaf(dmy(exit_on - Duration::days(15)), &["grievance"]))
        .unwrap();
    s.send_to_panel(id).unwrap();
    s.record_decision(
        id,
        &decide("adopt", dmy(exit_on - Duration::days(10)), ""),
        URGENT,
    )
    .unwrap();
    s.record_decision(
        id,
        &decide("exit", dmy(exit_on), "risk_removed_or_reduced"),
        URGENT,
    )
    .unwrap();
    id
}

#[test]
fn the_proposed_agenda_lists_new_cases_cases_in_channel_reviews_due_and_open_actions() {
    let (_d, mut s, mut chair) = with_chair();
    let new_case = s.record_referral(&referral("Ольга Иванова", 16)).unwrap();
    to_panel(&mut s, new_case);
    let in_channel = s.record_referral(&referral("Nguyễn Thị Lan", 9)).unwrap();
    to_panel(&mut s, in_channel);
    chair
        .record_decision(in_channel, &decide("adopt", days_ago(30), ""), URGENT)
        .unwrap();
    let review_due = exited_months_ago(&mut chair, "Tomás García", 6);
    let review_later = exited_months_ago(&mut chair, "Rhys Evans", 2);
    s.record_referral(&referral("Kwame Mensah", 70)).unwrap(); // not yet screened

    // An earlier meeting left one overdue and one later action open, and one done.
    let earlier = meeting_on(&mut s, -40);
    let add = |s: &mut Session, what: &str, due: i64| {
        s.add_action(
            earlier,
            &ActionInput {
                what: what.into(),
                owner: "Early Help".into(),
                due_on: dmy(today() + Duration::days(due)),
                ..Default::default()
            },
        )
        .unwrap()
    };
    add(&mut s, "Share the school's attendance record", 20);
    add(&mut s, "Book the mentor's first session", -10);
    let done = add(&mut s, "Tell the GP about the referral", -20);
    s.set_action_status(done, "done", "").unwrap();

    let id = meeting_on(&mut s, 0);
    let agenda = s.meeting(id).unwrap().agenda;
    let cases: Vec<(Option<i64>, &str)> = agenda
        .iter()
        .filter(|i| i.case_id.is_some())
        .map(|i| (i.case_id, i.kind.as_str()))
        .collect();
    assert_eq!(
        cases,
        vec![
            (Some(new_case), "new_case"),
            (Some(in_channel), "in_channel"),
            (Some(review_due), "post_exit_review")
        ]
    );
    assert!(agenda.iter().all(|i| i.case_id != Some(review_later)));
    let actions: Vec<&str> = agenda
        .iter()
        .filter(|i| i.kind == "action")
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "Book the mentor's first session",
            "Share the school's attendance record"
        ]
    );
    assert!(agenda[3].reason.starts_with("Overdue"));
    let child = agenda
        .iter()
        .find(|i| i.case_id == Some(in_channel))
        .unwrap();
    assert_eq!(child.age, Some(9));
    assert_eq!(child.stage, "adopted");
}

#[test]
fn the_secretariat_reorders_adds_and_removes_items_with_a_reason() {
    let (_d, mut s) = session();
    for name in ["Σοφία Παπαδοπούλου", "Łukasz Wiśniewski"] {
        let id = s.record_referral(&referral(name, 25)).unwrap();
        to_panel(&mut s, id);
    }
    let id = meeting_on(&mut s, 0);
    let first = s.meeting(id).unwrap().agenda;
    s.move_agenda_item(first[1].id, -1).unwrap();
    let topic = s
        .add_agenda_item(id, None, "Training for new members")
        .unwrap();
    assert_eq!(
        field(s.remove_agenda_item(first[0].id, "  ").unwrap_err()),
        "removed_reason"
    );
    s.remove_agenda_item(first[0].id, "Case papers not ready")
        .unwrap();
    let agenda = s.meeting(id).unwrap().agenda;
    let order: Vec<i64> = agenda.iter().map(|i| i.id).collect();
    assert_eq!(order, [first[1].id, topic, first[0].id]);
    assert_eq!(
        agenda[2].removed_reason.as_deref(),
        Some("Case papers not ready")
    );
    assert_eq!(
        field(s.add_agenda_item(id, first[1].case_id, "").unwrap_err()),
        "case_id"
    );
}

#[test]
fn a_decision_needs_a_police_representative_and_follows_the_casework_rules() {
    let (_d, mut s, mut chair) = with_chair();
    let case = s.record_referral(&referral("محمد السيد", 17)).unwrap();
    to_panel(&mut s, case);
    let id = meeting_on(&mut s, 0);
    let item = s.meeting(id).unwrap().agenda[0].id;
    s.record_attendance(id, &member("Amara Okafor", "Children's Services", false))
        .unwrap();
    let audit_before = s.info().unwrap().audit_rows;
    let refused = s.record_item_decision(item, &decide("adopt", String::new(), ""));
    assert_eq!(rule(refused.unwrap_err()), "police_present");
    assert_eq!(
        s.info().unwrap().audit_rows,
        audit_before,
        "a refusal writes nothing"
    );
    // Someone attending for another item does not count.
    let other = s.add_agenda_item(id, None, "Any other business").unwrap();
    let mut officer = member("DC Siobhán Murphy", "Metropolitan Police", true);
    officer.status = "for_item".into();
    officer.agenda_item_id = Some(other);
    s.record_attendance(id, &officer).unwrap();
    assert_eq!(
        rule(
            s.record_item_decision(item, &decide("adopt", String::new(), ""))
                .unwrap_err()
        ),
        "police_present"
    );
    // The same rule as the case record: a case awaiting the panel cannot "remain".
    s.record_attendance(id, &member("PC Yusuf Demir", "Metropolitan Police", true))
        .unwrap();
    let before = s.case_record(case).unwrap();
    let err = s
        .record_item_decision(item, &decide("remain", String::new(), ""))
        .unwrap_err();
    let from_case_record = chair
        .record_decision(case, &decide("remain", days_ago(0), ""), URGENT)
        .unwrap_err();
    assert_eq!(err.to_string(), from_case_record.to_string());
    assert_eq!(
        s.case_record(case).unwrap().timeline.len(),
        before.timeline.len()
    );
    assert!(s.meeting(id).unwrap().agenda[0].decision.is_none());

    s.record_item_decision(item, &decide("adopt", String::new(), ""))
        .unwrap();
    let meeting = s.meeting(id).unwrap();
    let decided = &meeting.agenda[0];
    assert_eq!(decided.decision.as_ref().unwrap().kind, "adopt");
    assert_eq!(
        decided.stage, "awaiting_panel",
        "the minutes keep the stage at the meeting"
    );
    let record = s.case_record(case).unwrap();
    assert_eq!(record.stage, Stage::Adopted);
    assert_eq!(
        record.decisions[0].urgent_reason, "",
        "the panel's decision, not one that could not wait"
    );
    assert_eq!(
        rule(
            s.record_item_decision(item, &decide("exit", String::new(), "other"))
                .unwrap_err()
        ),
        "one_decision_per_item"
    );
}

#[test]
fn membership_is_reused_and_nobody_is_recorded_twice() {
    let (_d, mut s) = session();
    let first = meeting_on(&mut s, -30);
    s.record_attendance(first, &member("Dr Tamar Cohen", "NHS mental health", false))
        .unwrap();
    let members = s.members().unwrap();
    assert_eq!(members.len(), 1);
    let second = meeting_on(&mut s, 0);
    let again = AttendanceInput {
        member_id: Some(members[0].id),
        status: "apologies".into(),
        ..Default::default()
    };
    s.record_attendance(second, &again).unwrap();
    assert_eq!(
        field(s.record_attendance(second, &again).unwrap_err()),
        "member_id"
    );
    let blank = AttendanceInput {
        status: "present".into(),
        ..Default::default()
    };
    assert_eq!(
        field(s.record_attendance(second, &blank).unwrap_err()),
        "name"
    );
    let attendance = s.meeting(second).unwrap().attendance;
    assert_eq!(attendance.len(), 1);
    assert_eq!(attendance[0].status, "apologies");
    assert_eq!(s.members().unwrap().len(), 1);
}

#[test]
fn approved_minutes_are_locked_and_corrected_by_dated_amendments() {
    let (_d, mut s) = session();
    let id = meeting_on(&mut s, 0);
    let topic = s
        .add_agenda_item(id, None, "Annual review of membership")
        .unwrap();
    s.save_discussion(topic, "Membership agreed for the year")
        .unwrap();
    assert_eq!(
        rule(s.amend_minutes(id, "Too early").unwrap_err()),
        "amend_approved_only"
    );
    let future = meeting_on(&mut s, 28);
    assert_eq!(
        rule(s.approve_minutes(future).unwrap_err()),
        "approve_after_meeting"
    );

    s.approve_minutes(id).unwrap();
    let meeting = s.meeting(id).unwrap();
    assert_eq!(meeting.summary.status, "approved");
    assert_eq!(meeting.summary.approved_on, Some(today().to_string()));
    assert_eq!(
        rule(
            s.save_discussion(topic, "Rewritten afterwards")
                .unwrap_err()
        ),
        "minutes_locked"
    );
    assert_eq!(rule(s.approve_minutes(id).unwrap_err()), "minutes_locked");
    s.amend_minutes(id, "Item 1: membership runs to March, not April")
        .unwrap();
    let meeting = s.meeting(id).unwrap();
    assert_eq!(
        meeting.agenda[0].discussion,
        "Membership agreed for the year"
    );
    assert_eq!(meeting.amendments.len(), 1);
    assert_eq!(meeting.amendments[0].made_on, today().to_string());
    assert_eq!(meeting.amendments[0].made_by, "Priya Raman");
}

#[test]
fn the_action_list_filters_by_owner_and_meeting_and_highlights_overdue() {
    let (_d, mut s) = session();
    let earlier = meeting_on(&mut s, -35);
    let now = meeting_on(&mut s, 0);
    let action = |what: &str, owner: &str, due: i64| ActionInput {
        what: what.into(),
        owner: owner.into(),
        due_on: dmy(today() + Duration::days(due)),
        ..Default::default()
    };
    let late = s
        .add_action(earlier, &action("Chase the school", "Zoë Ní Bhriain", -5))
        .unwrap();
    s.add_action(earlier, &action("Update the VAF", "Kim Hana", 10))
        .unwrap();
    s.add_action(now, &action("Write to the family", "Zoë Ní Bhriain", 14))
        .unwrap();
    assert_eq!(
        field(
            s.add_action(now, &action("Backdated", "Kim Hana", -1))
                .unwrap_err()
        ),
        "due_on"
    );
    assert_eq!(
        field(s.add_action(now, &action(" ", "Kim Hana", 3)).unwrap_err()),
        "what"
    );

    let all = s.actions(&ActionFilter::default()).unwrap().rows;
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].id, late);
    assert!(all[0].overdue && !all[1].overdue);
    let home = s.today().unwrap();
    assert_eq!(home.overdue_actions, 1);
    assert_eq!(
        home.next_meeting.map(|m| m.id),
        Some(now),
        "today's meeting is next"
    );
    let zoe = s
        .actions(&ActionFilter {
            owner: "Zoë".into(),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(zoe.len(), 2);
    let at_now = s
        .actions(&ActionFilter {
            meeting_id: Some(now),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(at_now.len(), 1);
    assert_eq!(at_now[0].what, "Write to the family");

    assert_eq!(
        field(s.set_action_status(late, "dropped", "").unwrap_err()),
        "dropped_reason"
    );
    s.set_action_status(late, "dropped", "Family moved out of the borough")
        .unwrap();
    let open = s
        .actions(&ActionFilter {
            status: "open".into(),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(open.len(), 2);
    assert!(open.iter().all(|a| !a.overdue));
}

#[test]
fn actions_come_25_to_a_page_open_and_overdue_first() {
    let (_d, mut s) = session();
    let earlier = meeting_on(&mut s, -40);
    for n in 0..27 {
        s.add_action(
            earlier,
            &ActionInput {
                what: format!("Action {n:02}"),
                owner: "Kim Hana".into(),
                due_on: dmy(today() + Duration::days(n - 10)),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let page = |page| {
        s.actions(&ActionFilter {
            page,
            ..Default::default()
        })
        .unwrap()
    };
    let first = page(0);
    assert_eq!((first.total, first.page, first.pages), (27, 0, 2));
    assert_eq!(first.rows.len(), 25);
    assert_eq!(first.rows[0].what, "Action 00");
    assert_eq!(first.rows.iter().filter(|a| a.overdue).count(), 10);
    let second = page(1);
    assert_eq!(
        second
            .rows
            .iter()
            .map(|a| a.what.as_str())
            .collect::<Vec<_>>(),
        ["Action 25", "Action 26"]
    );
    assert_eq!(page(7).page, 1, "a page past the end shows the last");
    let audited: Vec<String> = s
        .audit_entries(3, 0)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "actions.viewed")
        .map(|e| e.detail)
        .collect();
    assert_eq!(
        audited,
        [
            r#"{"page":2,"shown":[]}"#,
            r#"{"page":2,"shown":[]}"#,
            r#"{"page":1,"shown":[]}"#
        ],
        "each page listed is audited, newest first"
    );
}
