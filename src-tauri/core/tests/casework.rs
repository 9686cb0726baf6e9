//! The Channel journey as the secretariat and chair record it, with the rules the core enforces.

use std::cell::RefCell;

use channel_desk_core::casework::workflow::Stage;
use channel_desk_core::casework::CaseQuery;
use channel_desk_core::casework::*;
use channel_desk_core::common::dates::today;
use channel_desk_core::{CoreError, Paths, Role, Session};
use chrono::{Duration, Months};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

mod support;
use support::*;

#[test]
fn a_child_goes_through_channel_from_referral_to_the_six_month_review() {
    let (_d, mut s, mut chair) = with_chair();
    let id = s.record_referral(&referral("Ягмур Öztürk", 15)).unwrap();
    let record = s.case_record(id).unwrap();
    assert!(record.reference.starts_with(&format!(
        "CH-{}-",
        (today() - Duration::days(60)).format("%Y")
    )));
    assert_eq!(record.age_today, Some(15));
    to_panel(&mut s, id);
    chair
        .record_decision(id, &decide("adopt", days_ago(40), ""), URGENT)
        .unwrap();

    // A 15-year-old cannot consent alone; a parent can.
    let mut consent = ConsentInput {
        sought_on: days_ago(39),
        sought_by: "Channel coordinator".into(),
        status: "given".into(),
        status_on: days_ago(38),
        given_by: "individual".into(),
        ..Default::default()
    };
    assert_eq!(
        rule(s.record_consent(id, &consent).unwrap_err()),
        "under_18_needs_parent_consent"
    );
    consent.given_by = "parent_guardian".into();
    consent.guardian_name = "Ayşe Öztürk".into();
    consent.guardian_relationship = "Mother".into();
    s.record_consent(id, &consent).unwrap();

    let support = s
        .add_intervention(
            id,
            &InterventionInput {
                kind: "intervention_provider".into(),
                provider: "Approved mentor".into(),
                start_on: days_ago(35),
                planned_end_on: dmy(today() + Duration::days(60)),
                funding: "Home Office".into(),
                sessions_planned: "10".into(),
            },
        )
        .unwrap();
    s.update_intervention(
        support,
        &InterventionUpdate {
            status: "active".into(),
            outcome: String::new(),
        },
    )
    .unwrap();
    s.record_session(support, &days_ago(7)).unwrap();
    chair
        .record_decision(id, &decide("remain", days_ago(20), ""), URGENT)
        .unwrap();
    assert_eq!(s.case_record(id).unwrap().stage, Stage::Support);

    // Exit needs a reason; then the 6-month review is due six months after.
    let err = chair
        .record_decision(id, &decide("exit", days_ago(5), ""), URGENT)
        .unwrap_err();
    assert_eq!(err.field(), Some("exit_reason"));
    chair
        .record_decision(
            id,
            &decide("exit", days_ago(5), "risk_removed_or_reduced"),
            URGENT,
        )
        .unwrap();
    let record = s.case_record(id).unwrap();
    assert_eq!(record.stage, Stage::Exited);
    let due = (today() - Duration::days(5))
        .checked_add_months(Months::new(6))
        .unwrap();
    let next = record.next_review.unwrap();
    assert_eq!(
        (next.what.as_str(), next.due_on, next.months_after_exit),
        ("6-month review", due.to_string(), Some(6))
    );
    assert!(record.timeline.len() >= 10);
    assert_eq!(record.decisions.len(), 3, "the refused exit wrote nothing");
    let listed = s
        .list_cases(&CaseQuery {
            stage: "exited".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed.rows[0].reference, record.reference);
}

#[test]
fn a_decision_outside_a_meeting_is_the_chairs_and_keeps_why_it_could_not_wait() {
    let (dir, mut s, mut chair) = with_chair();
    let id = s
        .record_referral(&referral("Saoirse Ní Bhriain", 9))
        .unwrap();
    to_panel(&mut s, id);
    let adopt = decide("adopt", days_ago(1), "");
    let timeline = |s: &mut Session| s.case_record(id).unwrap().timeline.len();
    let events = timeline(&mut s);

    // The secretariat and administrators record the panel's decisions at its meetings.
    let mut secretariat = as_role(&dir, &mut s, Role::Secretariat, "tomasz");
    for refused in [
        secretariat.record_decision(id, &adopt, URGENT),
        s.record_decision(id, &adopt, URGENT),
    ] {
        assert!(
            matches!(&refused, Err(CoreError::Forbidden(what)) if what.contains("outside a panel meeting")),
            "{refused:?}"
        );
    }
    // The chair must say why it could not wait, beside that field.
    for blank in ["", "   "] {
        let err = chair.record_decision(id, &adopt, blank).unwrap_err();
        assert_eq!(
            err.field_errors()
                .iter()
                .map(|e| (e.field, e.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                "urgent_reason",
                "Say why this decision could not wait for the next panel meeting"
            )]
        );
    }
    assert_eq!(timeline(&mut s), events, "nothing written");
    assert_eq!(s.case_record(id).unwrap().stage, Stage::AwaitingPanel);

    let why = "Her family leaves the country on Friday; the panel next meets in three weeks";
    chair.record_decision(id, &adopt, why).unwrap();
    let record = s.case_record(id).unwrap();
    assert_eq!(record.stage, Stage::Adopted);
    assert_eq!(record.decisions[0].urgent_reason, why);
    let event = record
        .timeline
        .iter()
        .find(|e| e.kind == "case.decision_outside_meeting")
        .expect("on the timeline");
    assert!(
        event
            .summary
            .starts_with("Decision by the chair outside a panel meeting: Adopt")
            && event.summary.contains(why),
        "{}",
        event.summary
    );
    let audited = s
        .audit_entries(20, 0)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "case.decision_outside_meeting")
        .expect("audited");
    assert_eq!(
        (audited.actor.as_str(), audited.subject.as_str()),
        ("chair", format!("case:{}", record.reference).as_str())
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&audited.detail).unwrap()["reason"],
        why
    );
}

#[test]
fn breaches_of_the_journey_name_their_rule_and_change_nothing() {
    let (_d, mut s, mut chair) = with_chair();
    let id = s.record_referral(&referral("Kwame Mensah", 30)).unwrap();
    assert_eq!(
        rule(
            chair
                .record_decision(id, &decide("remain", days_ago(1), ""), URGENT)
                .unwrap_err()
        ),
        "remain_needs_adopted"
    );
    assert_eq!(
        rule(
            chair
                .record_decision(id, &decide("exit", days_ago(1), "other"), URGENT)
                .unwrap_err()
        ),
        "exit_needs_adopted"
    );
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: days_ago(50),
            outcome: "police_led_case_management".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        rule(
            chair
                .record_decision(id, &decide("adopt", days_ago(1), ""), URGENT)
                .unwrap_err()
        ),
        "no_adoption_after_screened_out"
    );
    let before = s.case_record(id).unwrap();
    assert_eq!(before.stage, Stage::Closed);
    assert_eq!(before.decisions.len(), 0);

    // Support cannot start without consent.
    let other = s.record_referral(&referral("Maria Kowalczyk", 64)).unwrap();
    to_panel(&mut s, other);
    chair
        .record_decision(other, &decide("adopt", days_ago(40), ""), URGENT)
        .unwrap();
    let support = s
        .add_intervention(
            other,
            &InterventionInput {
                kind: "mental_health".into(),
                provider: "NHS talking therapies".into(),
                start_on: days_ago(30),
                planned_end_on: days_ago(1),
                sessions_planned: "6".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        rule(
            s.update_intervention(
                support,
                &InterventionUpdate {
                    status: "active".into(),
                    ..Default::default()
                }
            )
            .unwrap_err()
        ),
        "support_needs_consent"
    );
    // An adult consents for themself; a withdrawal is flagged for the chair.
    let consent = ConsentInput {
        sought_on: days_ago(35),
        sought_by: "Coordinator".into(),
        status: "given".into(),
        status_on: days_ago(35),
        given_by: "individual".into(),
        ..Default::default()
    };
    s.record_consent(other, &consent).unwrap();
    s.update_intervention(
        support,
        &InterventionUpdate {
            status: "active".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.record_consent(
        other,
        &ConsentInput {
            status: "withdrawn".into(),
            status_on: days_ago(2),
            ..consent
        },
    )
    .unwrap();
    let flags = s.flags().unwrap();
    assert!(flags
        .iter()
        .any(|f| f.case_id == other && f.problem.contains("Consent withdrawn")));
    // Active with no session for four weeks.
    assert!(flags
        .iter()
        .any(|f| f.case_id == other && f.problem.contains("No session recorded for 4 weeks")));
}

#[test]
fn dates_are_checked() {
    let (_d, mut s, mut chair) = with_chair();
    let mut r = referral("Tomás Ó Súilleabháin", 40);
    r.date_of_birth = dmy(today() + Duration::days(1));
    assert_eq!(
        s.record_referral(&r).unwrap_err().field(),
        Some("date_of_birth")
    );
    r.date_of_birth = "1/1/1900".into();
    assert!(s
        .record_referral(&r)
        .unwrap_err()
        .to_string()
        .contains("110 years"));
    r.date_of_birth = String::new();
    r.approximate_age = "about forty".into();
    assert_eq!(
        s.record_referral(&r).unwrap_err().field(),
        Some("approximate_age")
    );
    r.approximate_age = "40".into();
    let id = s.record_referral(&r).unwrap();
    to_panel(&mut s, id);
    let err = chair
        .record_decision(id, &decide("adopt", days_ago(90), ""), URGENT)
        .unwrap_err();
    assert_eq!(err.field(), Some("decided_on"));
    assert!(err.to_string().contains("before the referral"));
    chair
        .record_decision(id, &decide("adopt", days_ago(40), ""), URGENT)
        .unwrap();
    let err = s
        .add_intervention(
            id,
            &InterventionInput {
                kind: "housing".into(),
                provider: "Housing options".into(),
                start_on: days_ago(1),
                planned_end_on: days_ago(2),
                sessions_planned: "1".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("planned_end_on"));
}

#[test]
fn an_under_18_referral_must_record_the_safeguarding_front_door() {
    let (_d, mut s) = session();
    let mut r = referral("Aarav Patel", 9);
    r.mash_informed = String::new();
    assert_eq!(
        s.record_referral(&r).unwrap_err().field(),
        Some("mash_informed")
    );
    r.mash_informed = "no".into();
    assert!(s.record_referral(&r).is_ok());
}

#[test]
fn an_empty_referral_names_every_missing_field_at_once_in_the_form_order_and_writes_nothing() {
    let (_d, mut s) = session();
    let err = s.record_referral(&ReferralInput::default()).unwrap_err();
    let fields: Vec<_> = err.field_errors().iter().map(|e| e.field).collect();
    // The order of the fields on the referral form (ui/js/screens/cases/referral.js).
    assert_eq!(
        fields,
        [
            "received_on",
            "referrer_name",
            "referrer_sector",
            "full_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "concern_type",
            "concern",
        ]
    );
    assert_eq!(err.field(), Some("received_on"));
    assert_eq!(
        err.field_errors()[3].message,
        "Enter the person's full name"
    );
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, 0);

    // A check that compares fields (the MASH question for a child) reports beside the rest;
    // a field that passes is not named.
    let mut r = referral("Aarav Patel", 9);
    r.mash_informed = String::new();
    r.full_name = " ".into();
    r.postcode = "NOT A POSTCODE AT ALL".into();
    let err = s.record_referral(&r).unwrap_err();
    let fields: Vec<_> = err.field_errors().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["full_name", "postcode", "mash_informed"]);
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, 0);
    r.full_name = "Aarav Patel".into();
    r.postcode = "LS1 1AA".into();
    r.mash_informed = "no".into();
    s.record_referral(&r).unwrap();
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, 1);
}

#[test]
fn search_ignores_accents_and_case_and_finds_other_names_and_references() {
    let (_d, mut s) = session();
    let mut r = referral("Zoë Ní Bhriain", 16);
    r.other_names = "Zoe Brennan".into();
    let id = s.record_referral(&r).unwrap();
    s.record_referral(&referral("Omar Farouk", 17)).unwrap();
    let reference = s.case_record(id).unwrap().reference;
    for term in ["zoe", "ZOË", "brennan", "bhriain", reference.as_str(), "Zo"] {
        let page = s
            .list_cases(&CaseQuery {
                search: term.into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total, 1, "{term}");
        assert_eq!(page.rows[0].id, id);
    }
    let page = s
        .list_cases(&CaseQuery {
            age_band: "16-17".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 2);
    let page = s
        .list_cases(&CaseQuery {
            sort: "name".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.rows[0].full_name, "Omar Farouk");
}

#[test]
fn every_page_of_the_case_list_is_audited_with_the_references_it_showed() {
    let (_d, mut s) = session();
    let names = ["Ana Lima", "Kwame Boateng", "Siti Rahman", "Olga Petrova"];
    for (i, name) in names.iter().cycle().take(27).enumerate() {
        s.record_referral(&referral(name, [8, 15, 34, 67][i % 4]))
            .unwrap();
    }
    let audited = |s: &Session| s.audit_entries(1, 0).unwrap().remove(0);
    for page in [0, 1] {
        let shown = s
            .list_cases(&CaseQuery {
                page,
                ..Default::default()
            })
            .unwrap();
        let entry = audited(&s);
        assert_eq!(entry.action, "case.list_viewed");
        let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
        assert_eq!(detail["page"], page + 1);
        let references: Vec<&str> = shown.rows.iter().map(|r| r.reference.as_str()).collect();
        assert_eq!(detail["shown"], serde_json::json!(references));
        assert_eq!(references.len(), if page == 0 { 25 } else { 2 });
    }
    let found = s
        .list_cases(&CaseQuery {
            search: "kwame".into(),
            ..Default::default()
        })
        .unwrap();
    let entry = audited(&s);
    assert_eq!(entry.action, "case.search");
    let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
    assert_eq!(detail["search"], "kwame");
    assert_eq!(detail["shown"].as_array().unwrap().len(), found.rows.len());
}

#[test]
fn a_closed_case_can_be_re_referred_as_a_new_episode_keeping_its_history() {
    let (_d, mut s) = session();
    let id = s.record_referral(&referral("Chen Wei 陈伟", 22)).unwrap();
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: days_ago(50),
            outcome: "not_appropriate_no_further_action".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.re_refer(id, &days_ago(3), "New concern from the college")
        .unwrap();
    let record = s.case_record(id).unwrap();
    assert_eq!(record.episode, 2);
    assert_eq!(record.stage, Stage::ReferralReceived);
    assert_eq!(record.screenings.len(), 1, "history kept");
    s.start_screening(id).unwrap();
}

#[test]
fn viewing_a_record_is_audited_and_reference_data_can_be_retired_without_breaking_records() {
    let (_d, mut s) = session();
    let id = s.record_referral(&referral("Fatima Zahra", 19)).unwrap();
    s.case_record(id).unwrap();
    let log = s.audit_entries(5, 0).unwrap();
    assert_eq!(log[0].action, "case.viewed");
    s.retire_reference_item("concern_type", "extreme_right_wing")
        .unwrap();
    assert_eq!(
        s.case_record(id).unwrap().concern_type_label,
        "Extreme Right-Wing"
    );
    let err = s
        .record_referral(&referral("Another Person", 30))
        .unwrap_err();
    assert!(err.to_string().contains("no longer in use"));
    let added = s
        .add_reference_item("concern_type", "Mixed or unclear ideology", "")
        .unwrap();
    let mut r = referral("Another Person", 30);
    r.concern_type = added.code;
    assert!(s.record_referral(&r).is_ok());
}

#[test]
fn a_panel_member_reads_but_cannot_record() {
    let (dir, mut s) = session();
    let temp = "temporary phrase 99";
    s.add_person("Grace Okoro", "grace", Role::PanelMember, temp, temp)
        .unwrap();
    let id = s.record_referral(&referral("Lena Schmidt", 45)).unwrap();
    s.lock("test").unwrap();
    let paths = Paths::new(dir.path().join("cases.db"));
    let mut grace = channel_desk_core::unlock(&paths, "grace", temp, chrono::Utc::now())
        .unwrap()
        .session;
    grace
        .change_passphrase(temp, "grace's own phrase", "grace's own phrase")
        .unwrap();
    assert!(grace.case_record(id).is_ok());
    assert!(matches!(
        grace.start_screening(id),
        Err(CoreError::Forbidden(_))
    ));
}

/// From any point in the journey, any command either takes effect or fails with nothing
/// written: the case, its timeline and the audit trail stay exactly as they were. Every run
/// takes a new case in one database (adding the chair, who decides, takes seconds).
#[test]
fn a_refused_command_leaves_no_trace() {
    let (_d, s, chair) = with_chair();
    let sessions = RefCell::new((s, chair));
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 40,
        ..ProptestConfig::default()
    });
    let journeys = proptest::collection::vec(0usize..12, 1..14);
    let outcome = runner.run(&journeys, |steps| {
        let (s, chair) = &mut *sessions.borrow_mut();
        let id = s
            .record_referral(&referral("Property Test Person", 14))
            .unwrap();
        for step in steps {
            let before = (s.case_record(id).unwrap(), s.info().unwrap().audit_rows);
            let result = match step {
                0 => s.start_screening(id),
                1 => s.record_screening(
                    id,
                    &ScreeningInput {
                        screened_on: days_ago(50),
                        outcome: "suitable_for_channel".into(),
                        ..Default::default()
                    },
                ),
                2 => s
                    .record_assessment(id, &vaf(days_ago(45), &["threat"]))
                    .map(|_| ()),
                3 => s.send_to_panel(id),
                4 => chair.record_decision(id, &decide("adopt", days_ago(40), ""), URGENT),
                5 => chair.record_decision(id, &decide("remain", days_ago(30), ""), URGENT),
                6 => chair.record_decision(id, &decide("exit", days_ago(20), "other"), URGENT),
                7 => s.record_consent(
                    id,
                    &ConsentInput {
                        sought_on: days_ago(39),
                        sought_by: "C".into(),
                        status: "given".into(),
                        status_on: days_ago(39),
                        given_by: "parent_guardian".into(),
                        guardian_name: "Parent".into(),
                        guardian_relationship: "Father".into(),
                        ..Default::default()
                    },
                ),
                8 => s
                    .add_intervention(
                        id,
                        &InterventionInput {
                            kind: "education".into(),
                            provider: "College".into(),
                            start_on: days_ago(30),
                            planned_end_on: days_ago(1),
                            sessions_planned: "3".into(),
                            ..Default::default()
                        },
                    )
                    .map(|_| ()),
                9 => s.record_review(
                    id,
                    &ReviewInput {
                        months: 6,
                        reviewed_on: days_ago(1),
                        notes: "Stable".into(),
                        ..Default::default()
                    },
                ),
                10 => chair.record_decision(id, &decide("exit", days_ago(20), ""), URGENT),
                _ => s.re_refer(id, &days_ago(1), "Again"),
            };
            let after = s.case_record(id).unwrap();
            let audit_rows = s.info().unwrap().audit_rows;
            if result.is_err() {
                prop_assert_eq!(after.stage, before.0.stage);
                prop_assert_eq!(after.timeline.len(), before.0.timeline.len());
                prop_assert_eq!(after.decisions.len(), before.0.decisions.len());
                prop_assert_eq!(after.interventions.len(), before.0.interventions.len());
                // Only the view of the record itself was audited.
                prop_assert_eq!(audit_rows, before.1 + 1);
            } else {
                prop_assert_eq!(after.timeline.len(), before.0.timeline.len() + 1);
            }
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn demo_data_covers_every_stage_both_consent_routes_flags_and_the_ends_of_the_age_range() {
    let (_d, mut s) = session();
    assert!(!s.is_demo());
    channel_desk_core::demo::populate(&mut s, 60, 2026).unwrap();
    assert!(s.is_demo());
    let all = s.list_cases(&CaseQuery::default()).unwrap();
    assert_eq!(all.total, 60);
    for stage in Stage::ALL {
        let page = s
            .list_cases(&CaseQuery {
                stage: stage.as_str().into(),
                ..Default::default()
            })
            .unwrap();
        assert!(page.total > 0, "no demo case at {stage:?}");
    }
    let mut rows = Vec::new();
    for page in 0..3 {
        rows.extend(
            s.list_cases(&CaseQuery {
                page,
                ..Default::default()
            })
            .unwrap()
            .rows,
        );
    }
    assert!(rows.iter().any(|r| r.age.is_some_and(|a| a < 10)));
    assert!(rows.iter().any(|r| r.age.is_some_and(|a| a > 60)));
    assert!(
        rows.iter().any(|r| !r.other_names.is_ascii()),
        "names in their own scripts"
    );
    let consents: Vec<String> = rows
        .iter()
        .flat_map(|r| s.case_record(r.id).unwrap().consents)
        .map(|c| c.given_by)
        .collect();
    assert!(consents.iter().any(|g| g == "parent_guardian"));
    assert!(consents.iter().any(|g| g == "individual"));
    assert!(!s.flags().unwrap().is_empty());
    assert!(s.verify().is_ok());
}

#[test]
fn today_counts_the_work_waiting_and_lists_reviews_coming_due() {
    let (_d, mut s, mut chair) = with_chair();
    let waiting = s.record_referral(&referral("Hassan Omar", 16)).unwrap();
    let recent = s.record_referral(&referral("Beatriz Souza", 33)).unwrap();
    to_panel(&mut s, recent);
    chair
        .record_decision(recent, &decide("adopt", days_ago(45), ""), URGENT)
        .unwrap();
    chair
        .record_decision(recent, &decide("exit", days_ago(44), "other"), URGENT)
        .unwrap();
    let mut old = referral("Dawit Haile", 70);
    old.received_on = days_ago(200);
    let old = s.record_referral(&old).unwrap();
    to_panel(&mut s, old);
    chair
        .record_decision(old, &decide("adopt", days_ago(180), ""), URGENT)
        .unwrap();
    chair
        .record_decision(
            old,
            &decide("exit", days_ago(170), "risk_removed_or_reduced"),
            URGENT,
        )
        .unwrap();
    let today = s.today().unwrap();
    assert_eq!(today.new_referrals, 1);
    assert_eq!(today.awaiting_panel, 0);
    // Only the review due within 30 days is listed, not the one months away.
    assert_eq!(today.reviews_due.len(), 1);
    assert_eq!(today.reviews_due[0].case_id, old);
    assert_eq!(today.reviews_due[0].review, "6-month review");
    s.start_screening(waiting).unwrap();
    assert_eq!(s.today().unwrap().awaiting_screening, 1);
}

#[test]
fn a_review_whose_day_has_passed_is_overdue_on_the_record_the_list_and_home() {
    let (_d, mut s, mut chair) = with_chair();
    // Adopted 40 days ago: the panel's monthly review was due ten days ago.
    let late = s.record_referral(&referral("Mehmet Yılmaz", 8)).unwrap();
    to_panel(&mut s, late);
    chair
        .record_decision(late, &decide("adopt", days_ago(40), ""), URGENT)
        .unwrap();
    // Adopted 10 days ago: its review is still to come.
    let recent = s.record_referral(&referral("Siobhán Murphy", 9)).unwrap();
    to_panel(&mut s, recent);
    chair
        .record_decision(recent, &decide("adopt", days_ago(10), ""), URGENT)
        .unwrap();
    // Left Channel 190 days ago: the 6-month review has passed without being recorded.
    let mut exited = referral("Tamar Cohen", 72);
    exited.received_on = days_ago(220);
    let exited = s.record_referral(&exited).unwrap();
    to_panel(&mut s, exited);
    chair
        .record_decision(exited, &decide("adopt", days_ago(200), ""), URGENT)
        .unwrap();
    chair
        .record_decision(exited, &decide("exit", days_ago(190), "other"), URGENT)
        .unwrap();

    let overdue = |s: &mut Session, id| {
        let review = s.case_record(id).unwrap().next_review.unwrap();
        (review.what, review.overdue)
    };
    assert_eq!(overdue(&mut s, late), ("Panel review".to_owned(), true));
    assert_eq!(overdue(&mut s, recent), ("Panel review".to_owned(), false));
    assert_eq!(overdue(&mut s, exited), ("6-month review".to_owned(), true));

    let listed = s.list_cases(&CaseQuery::default()).unwrap();
    let listed_overdue = |id| {
        let row = listed.rows.iter().find(|r| r.id == id).unwrap();
        row.next_review.as_ref().map(|r| r.overdue)
    };
    assert_eq!(listed_overdue(late), Some(true));
    assert_eq!(listed_overdue(recent), Some(false));
    assert_eq!(listed_overdue(exited), Some(true));

    let home = s.today().unwrap();
    assert_eq!(home.reviews_due.len(), 1);
    assert!(home.reviews_due[0].case_id == exited && home.reviews_due[0].overdue);

    // Recording the review moves the case on: nothing is overdue on it any more.
    s.record_review(
        exited,
        &ReviewInput {
            months: 6,
            reviewed_on: days_ago(1),
            notes: "Settled at school".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        overdue(&mut s, exited),
        ("12-month review".to_owned(), false)
    );
}
