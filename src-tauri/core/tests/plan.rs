//! The steering group's delivery plan as its lead uses it: the borough's plan loaded, actions
//! tracked with their flags, measures against targets, training counted, a new period, the
//! steering group's meetings, and each role held to what it may do.

use std::process::Command;

use channel_desk_core::casework::CaseQuery;
use channel_desk_core::common::dates::today;
use channel_desk_core::meetings::ActionFilter;
use channel_desk_core::plan::seed::seed_plan;
use channel_desk_core::plan::training::refresher_due;
use channel_desk_core::plan::{
    CohortInput, MeasureValueInput, NewPeriodInput, Plan, PlanAction, PlanFilter, ProgressInput,
    TrackingInput, TrainingSessionInput,
};
use channel_desk_core::steering::{SteeringAttendeeInput, SteeringInput, SteeringItemInput};
use channel_desk_core::{CoreError, IfExists, Paths, Role, Session};
use chrono::{Duration, NaiveDate};

mod support;
use support::*;

fn loaded() -> (tempfile::TempDir, Session) {
    let (dir, mut s) = session();
    s.load_seed_plan().unwrap();
    (dir, s)
}

fn plan(s: &Session) -> Plan {
    s.plan(&PlanFilter::default()).unwrap().unwrap()
}

fn actions(plan: &Plan) -> Vec<&PlanAction> {
    plan.priorities
        .iter()
        .flat_map(|p| &p.headings)
        .flat_map(|h| &h.actions)
        .collect()
}

fn action(s: &Session, key: &str) -> PlanAction {
    actions(&plan(s))
        .into_iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("{key} in the plan"))
        .clone()
}

fn tracking(status: &str, rag: &str, target: NaiveDate) -> TrackingInput {
    TrackingInput {
        lead: "Learning and Development Manager".into(),
        target_on: dmy(target),
        status: status.into(),
        rag: rag.into(),
        ..Default::default()
    }
}

fn field(err: CoreError) -> &'static str {
    err.field()
        .unwrap_or_else(|| panic!("expected a field error, got {err:?}"))
}

#[test]
fn the_borough_plan_loads_once_with_both_rows_printed_36() {
    let (_dir, mut s) = loaded();
    let p = plan(&s);
    assert_eq!(p.priorities.len(), 4);
    assert_eq!(p.period.objectives.len(), 3);
    let all = actions(&p);
    assert_eq!((all.len(), p.total, p.shown), (38, 38, 38));
    let thirty_six: Vec<_> = all.iter().filter(|a| a.number == "36").collect();
    assert_eq!(thirty_six.len(), 2);
    assert_ne!(thirty_six[0].key, thirty_six[1].key);
    assert!(thirty_six
        .iter()
        .all(|a| !a.note.is_empty() && a.priority == 4));
    assert!(all
        .iter()
        .all(|a| a.target_on == "2019-03-31" && a.partners == a.owners));
    let measures = s.measures(None).unwrap();
    let targets: Vec<_> = measures
        .iter()
        .map(|m| (m.action_number.as_str(), m.target))
        .collect();
    assert_eq!(targets, [("5", 70.0), ("36", 80.0), ("37", 80.0)]);
    assert!(matches!(
        s.load_seed_plan(),
        Err(CoreError::RuleBroken {
            rule: "plan_loaded",
            ..
        })
    ));
    assert_eq!(actions(&plan(&s)).len(), 38, "loading twice adds nothing");
}

/// With `plan_seed.rs` (the data file equals the published text), the loaded plan is the
/// published plan, row by row.
#[test]
fn the_loaded_plan_holds_every_row_of_the_data_file_as_printed() {
    let seed = seed_plan();
    let (_dir, s) = loaded();
    let p = plan(&s);
    assert_eq!(
        (p.period.key.as_str(), p.period.vision.as_str()),
        (seed.key.as_str(), seed.vision.as_str())
    );
    assert_eq!(p.period.objectives, seed.objectives);
    assert_eq!(p.priorities.len(), seed.priorities.len());
    for (printed, loaded) in seed.priorities.iter().zip(&p.priorities) {
        assert_eq!(
            (printed.number, &printed.title),
            (loaded.number, &loaded.title)
        );
        assert_eq!(printed.headings.len(), loaded.headings.len());
        for (ph, lh) in printed.headings.iter().zip(&loaded.headings) {
            assert_eq!(ph.text, lh.text);
            let rows: Vec<_> = ph
                .actions
                .iter()
                .map(|a| {
                    (
                        &a.key,
                        &a.number,
                        &a.text,
                        &a.owners,
                        a.note.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let got: Vec<_> = lh
                .actions
                .iter()
                .map(|a| (&a.key, &a.number, &a.text, &a.owners, a.note.clone()))
                .collect();
            assert_eq!(
                rows, got,
                "priority {} heading {:?}",
                printed.number, ph.text
            );
        }
    }
}

#[test]
fn tracking_refuses_a_dropped_action_without_a_reason_and_changes_nothing() {
    let (_dir, mut s) = loaded();
    let id = action(&s, "A05").id;
    let later = today() + Duration::days(90);
    let err = s
        .track_plan_action(id, &tracking("dropped", "none", later))
        .unwrap_err();
    assert_eq!(field(err), "status_reason");
    let err = s
        .track_plan_action(id, &tracking("at_risk", "amber", later))
        .unwrap_err();
    assert_eq!(field(err), "rag_reason", "amber and red need a reason");
    assert_eq!(action(&s, "A05").status, "not_started");

    let mut at_risk = tracking("at_risk", "amber", later);
    at_risk.rag_reason = "Compliance 64% against 70%".into();
    s.track_plan_action(id, &at_risk).unwrap();
    let mut dropped = tracking("dropped", "none", later);
    dropped.status_reason = "Replaced by the national e-learning".into();
    let other = action(&s, "A06").id;
    s.track_plan_action(other, &dropped).unwrap();
    let (a5, a6) = (action(&s, "A05"), action(&s, "A06"));
    assert_eq!(
        (a5.status_label.as_str(), a5.rag_label.as_str()),
        ("At risk", "Amber")
    );
    assert_eq!(a6.status_reason, "Replaced by the national e-learning");
}

#[test]
fn overdue_and_stale_flags_follow_the_target_the_updates_and_the_setting() {
    let (_dir, mut s) = loaded();
    // The printed plan's target, 31 March 2019, has passed for every open action.
    assert!(actions(&plan(&s)).iter().all(|a| a.overdue && !a.stale));
    let id = action(&s, "A10").id;
    s.track_plan_action(
        id,
        &tracking("on_track", "green", today() + Duration::days(30)),
    )
    .unwrap();
    assert!(!action(&s, "A10").overdue);
    s.add_progress_update(
        id,
        &ProgressInput {
            made_on: days_ago(100),
            text: "Community events held in the parks.".into(),
            evidence: "Events log".into(),
        },
    )
    .unwrap();
    assert!(action(&s, "A10").stale, "no update for more than 90 days");
    s.set_plan_settings("120", "2").unwrap();
    assert!(!action(&s, "A10").stale, "the setting decides");
    let stale = s
        .plan(&PlanFilter {
            flag: "overdue".into(),
            ..Default::default()
        })
        .unwrap()
        .unwrap();
    assert_eq!(stale.shown, 37, "every other action is still overdue");
    let err = s.set_plan_settings("ninety", "2").unwrap_err();
    assert_eq!(field(err), "plan_stale_days");
}

#[test]
fn a_cohort_at_64_percent_is_below_the_70_percent_target_on_the_dashboard() {
    let (_dir, mut s) = loaded();
    let measure = s.measures(None).unwrap()[0].clone();
    assert_eq!(measure.action_key, "A05");
    s.record_cohort(&CohortInput {
        counted_on: days_ago(1),
        product: "prevent_elearning".into(),
        sector: "local_authority".into(),
        role_group: "Front-line staff".into(),
        headcount: "25".into(),
        completed: "16".into(),
        measure_id: Some(measure.id),
    })
    .unwrap();
    let dashboard = s.plan_dashboard().unwrap().unwrap();
    let m = &dashboard.measures[0];
    assert_eq!(
        (
            m.values[0].value,
            m.values[0].numerator,
            m.values[0].denominator
        ),
        (64.0, Some(16), Some(25))
    );
    assert!(m.below_target);
    assert!(dashboard
        .charts
        .iter()
        .any(|c| c.chart.id == format!("chart-measure-{}", m.id) && c.chart.marker == Some(70.0)));
    s.record_measure_value(
        measure.id,
        &MeasureValueInput {
            measured_on: dmy(today()),
            numerator: "18".into(),
            denominator: "25".into(),
            source: "Learning system".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!s.measures(None).unwrap()[0].below_target, "72% meets 70%");
    let over = MeasureValueInput {
        measured_on: dmy(today()),
        numerator: "26".into(),
        denominator: "25".into(),
        source: "Typo".into(),
        ..Default::default()
    };
    assert_eq!(
        field(s.record_measure_value(measure.id, &over).unwrap_err()),
        "numerator"
    );
}

#[test]
fn training_totals_count_sessions_inside_the_period_only_and_refreshers_fall_due() {
    let (_dir, mut s) = loaded();
    let session = |held_on: &str, sector: &str, attended: &str| TrainingSessionInput {
        held_on: held_on.into(),
        product: "wrap".into(),
        deliverer: "Prevent Coordinator".into(),
        organisation: "Riverside Academy".into(),
        sector: sector.into(),
        role_group: "Teaching staff".into(),
        attended: attended.into(),
        action_id: None,
    };
    s.record_training_session(&session("31/3/2024", "education", "40"))
        .unwrap();
    s.record_training_session(&session("1/4/2024", "education", "25"))
        .unwrap();
    s.record_training_session(&session("30/6/2024", "health", "10"))
        .unwrap();
    s.record_training_session(&session("1/7/2024", "health", "7"))
        .unwrap();
    let q1 = s.training("2024-04-01", "2024-06-30").unwrap();
    let totals: Vec<_> = q1
        .by_sector
        .iter()
        .map(|t| (t.code.as_str(), t.sessions, t.people))
        .collect();
    assert_eq!(totals, [("education", 1, 25), ("health", 1, 10)]);
    assert_eq!(q1.people, 35);
    assert_eq!(q1.by_product[0].people, 35);
    assert_eq!(
        field(
            s.record_training_session(&session("1/7/2024", "health", "0"))
                .unwrap_err()
        ),
        "attended"
    );
    // Each group's latest session is older than two years: its refresher is due.
    assert!(q1
        .refreshers_due
        .iter()
        .any(|r| r.organisation == "Riverside Academy"));
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(refresher_due(d("2024-02-29"), 2), d("2026-02-28"));
    assert_eq!(refresher_due(d("2024-07-01"), 3), d("2027-07-01"));
}

#[test]
fn a_new_period_carries_chosen_actions_with_their_history_and_keeps_the_old_one_as_it_was() {
    let (_dir, mut s) = loaded();
    let a5 = action(&s, "A05").id;
    s.add_progress_update(
        a5,
        &ProgressInput {
            made_on: "12/3/2019".into(),
            text: "Compliance reached 68%.".into(),
            evidence: String::new(),
        },
    )
    .unwrap();
    let old_period = plan(&s).period.id;
    let new_period = s
        .start_plan_period(&NewPeriodInput {
            key: "2019-2021".into(),
            title: "Prevent Delivery Plan 2019–2021".into(),
            starts_on: "1/4/2019".into(),
            ends_on: "31/3/2021".into(),
            vision: String::new(),
            carry: vec![a5, action(&s, "A36b").id],
        })
        .unwrap();
    let p = plan(&s);
    assert_eq!(p.period.id, new_period);
    assert_eq!(actions(&p).len(), 2);
    let carried = action(&s, "A05");
    assert_eq!(carried.carried_from.as_deref(), Some("A05"));
    assert_eq!(carried.target_on, "2021-03-31");
    let record = s.plan_action(carried.id).unwrap();
    assert_eq!(
        record.updates[0].earlier_period.as_deref(),
        Some("2017-2019")
    );
    assert_eq!(record.measures.len(), 1, "its success measure carries over");
    let err = s
        .track_plan_action(a5, &tracking("complete", "green", today()))
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::RuleBroken {
            rule: "earlier_period",
            ..
        }
    ));
    let old = s
        .plan(&PlanFilter {
            period_id: Some(old_period),
            ..Default::default()
        })
        .unwrap()
        .unwrap();
    assert_eq!((actions(&old).len(), old.period.latest), (38, false));
}

#[test]
fn a_heading_is_corrected_with_the_printed_wording_kept() {
    let (_dir, mut s) = loaded();
    let heading = plan(&s).priorities[0].headings[1].clone();
    assert!(heading.printed.is_none());
    s.correct_plan_heading(
        heading.id,
        "Ensure specified authorities meet the Prevent Duty",
    )
    .unwrap();
    let corrected = plan(&s).priorities[0].headings[1].clone();
    assert_eq!(
        corrected.text,
        "Ensure specified authorities meet the Prevent Duty"
    );
    assert_eq!(corrected.printed.as_deref(), Some(heading.text.as_str()));
    let audit = s.audit_entries(10, 0).unwrap();
    assert!(audit.iter().any(|e| e.action == "plan.heading_corrected"));
}

#[test]
fn a_steering_meeting_takes_its_agenda_from_the_plan_and_its_minutes_hold_no_case_data() {
    let (dir, mut s) = loaded();
    let case = s.record_referral(&referral("Zainab Qureshi", 15)).unwrap();
    let reference = s.case_record(case).unwrap().reference;
    let a5 = action(&s, "A05").id;
    let mut at_risk = tracking("at_risk", "amber", today() + Duration::days(60));
    at_risk.rag_reason = "Compliance below target".into();
    s.track_plan_action(a5, &at_risk).unwrap();
    let meeting = s
        .schedule_steering_meeting(&SteeringInput {
            held_on: dmy(today()),
            starts_at: "10:00".into(),
            place: "Room 3, Town Hall".into(),
            chair: "Strategy and Programmes Director".into(),
        })
        .unwrap();
    let m = s.steering_meeting(meeting).unwrap();
    let item = m
        .agenda
        .iter()
        .find(|i| i.action_id == Some(a5))
        .expect("action 5 proposed");
    assert!(item.reason.contains("At risk"), "{}", item.reason);
    s.record_steering_attendance(
        meeting,
        &SteeringAttendeeInput {
            name: "Imam Tariq Hussain".into(),
            organisation: "Borough Faith Forum".into(),
            sector: "community".into(),
            faith_or_community: true,
            status: "present".into(),
        },
    )
    .unwrap();
    s.record_steering_item(
        item.id,
        &SteeringItemInput {
            discussion: "Managers to chase completions.".into(),
            progress: "Reminders sent to every front-line team.".into(),
            evidence: "L&D circular 14".into(),
        },
    )
    .unwrap();
    let record = s.plan_action(a5).unwrap();
    assert_eq!(record.updates[0].steering_meeting_id, Some(meeting));
    s.approve_steering_minutes(meeting).unwrap();
    let locked = s
        .record_steering_item(item.id, &SteeringItemInput::default())
        .unwrap_err();
    assert!(matches!(
        locked,
        CoreError::RuleBroken {
            rule: "minutes_locked",
            ..
        }
    ));
    assert_eq!(
        s.steering_meeting(meeting)
            .unwrap()
            .faith_or_community_present,
        1
    );

    let out = dir.path().join("steering.pdf");
    s.export_steering_minutes(meeting, &out, IfExists::Refuse)
        .unwrap();
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "OFFICIAL-SENSITIVE",
        "Prevent steering group minutes",
        "Imam Tariq Hussain",
        "Reminders sent to every front-line team.",
    ] {
        assert!(text.contains(expected), "{expected} in the minutes");
    }
    assert!(
        !text.contains("Zainab") && !text.contains(&reference),
        "no case data"
    );
}

#[test]
fn a_panel_member_and_the_steering_lead_are_each_held_to_their_role() {
    let (dir, mut s) = loaded();
    let temp = "temporary phrase 99";
    s.add_person("Grace Okoro", "grace", Role::PanelMember, temp, temp)
        .unwrap();
    s.add_person("Kwame Mensah", "kwame", Role::SteeringLead, temp, temp)
        .unwrap();
    s.add_person("Hannah Clarke", "hannah", Role::Chair, temp, temp)
        .unwrap();
    let a5 = action(&s, "A05").id;
    let case = s.record_referral(&referral("Lena Schmidt", 45)).unwrap();
    s.lock("test").unwrap();
    let paths = Paths::new(dir.path().join("cases.db"));
    let open = |username: &str| {
        let mut p = channel_desk_core::unlock(&paths, username, temp, chrono::Utc::now())
            .unwrap()
            .session;
        let own = format!("{username}'s own phrase");
        p.change_passphrase(temp, &own, &own).unwrap();
        p
    };
    let forbidden = |r: Result<(), CoreError>| matches!(r, Err(CoreError::Forbidden(_)));
    let later = today() + Duration::days(30);
    let edits = |p: &mut Session| -> Vec<(&'static str, bool)> {
        vec![
            ("load", forbidden(p.load_seed_plan().map(drop))),
            (
                "track",
                forbidden(p.track_plan_action(a5, &tracking("on_track", "green", later))),
            ),
            (
                "progress",
                forbidden(
                    p.add_progress_update(a5, &ProgressInput::default())
                        .map(drop),
                ),
            ),
            ("heading", forbidden(p.correct_plan_heading(1, "x"))),
            (
                "training",
                forbidden(
                    p.record_training_session(&TrainingSessionInput::default())
                        .map(drop),
                ),
            ),
            (
                "cohort",
                forbidden(p.record_cohort(&CohortInput::default()).map(drop)),
            ),
            (
                "steering",
                forbidden(
                    p.schedule_steering_meeting(&SteeringInput::default())
                        .map(drop),
                ),
            ),
            ("settings", forbidden(p.set_plan_settings("90", "2"))),
        ]
    };
    let reads = |p: &mut Session| -> Vec<(&'static str, bool)> {
        vec![
            ("plan", forbidden(p.plan(&PlanFilter::default()).map(drop))),
            ("action", forbidden(p.plan_action(a5).map(drop))),
            ("dashboard", forbidden(p.plan_dashboard().map(drop))),
            (
                "training",
                forbidden(p.training("2017-04-01", "2019-03-31").map(drop)),
            ),
            ("steering", forbidden(p.steering_meetings().map(drop))),
        ]
    };

    let mut grace = open("grace");
    assert!(
        edits(&mut grace).iter().all(|(_, refused)| *refused),
        "{:?}",
        edits(&mut grace)
    );
    assert!(
        reads(&mut grace).iter().all(|(_, refused)| *refused),
        "panel members do not read the plan"
    );
    grace.lock("test").unwrap();

    let mut hannah = open("hannah");
    assert!(
        edits(&mut hannah).iter().all(|(_, refused)| *refused),
        "the chair reads the plan only"
    );
    assert!(reads(&mut hannah).iter().all(|(_, refused)| !*refused));
    hannah.lock("test").unwrap();

    let mut kwame = open("kwame");
    assert!(reads(&mut kwame).iter().all(|(_, refused)| !*refused));
    assert!(
        kwame.reference_items("training_product").unwrap().len() >= 8,
        "the training forms' lists"
    );
    kwame
        .track_plan_action(a5, &tracking("on_track", "green", later))
        .unwrap();
    // The steering group lead works with the plan and sees no case or panel record.
    let cases = [
        ("case record", forbidden(kwame.case_record(case).map(drop))),
        (
            "case list",
            forbidden(kwame.list_cases(&CaseQuery::default()).map(drop)),
        ),
        (
            "referral",
            forbidden(kwame.record_referral(&referral("Ana Silva", 30)).map(drop)),
        ),
        ("panel meetings", forbidden(kwame.meetings().map(drop))),
        (
            "panel actions",
            forbidden(kwame.actions(&ActionFilter::default()).map(drop)),
        ),
    ];
    assert!(cases.iter().all(|(_, refused)| *refused), "{cases:?}");
}
