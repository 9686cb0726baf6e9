//! The steering group's side of a demo database: the borough's 2017–2019 plan with its
//! history, then a current two-year period carrying its actions over, with progress,
//! measure values, training and three steering meetings. Every person named is invented.

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::common::dates::today;
use crate::demo::dmy;
use crate::error::Result;
use crate::plan::{
    BaselineInput, CohortInput, MeasureValueInput, NewPeriodInput, PlanFilter, ProgressInput,
    TrackingInput, TrainingSessionInput,
};
use crate::security::session::Session;
use crate::steering::{AgreedInput, SteeringAttendeeInput, SteeringInput, SteeringItemInput};

/// Action ids of the latest period by key.
fn actions(session: &Session) -> Result<HashMap<String, i64>> {
    let plan = session
        .plan(&PlanFilter::default())?
        .expect("a plan is loaded");
    Ok(plan
        .priorities
        .iter()
        .flat_map(|p| &p.headings)
        .flat_map(|h| &h.actions)
        .map(|a| (a.key.clone(), a.id))
        .collect())
}

fn track(
    session: &mut Session,
    id: i64,
    status: &str,
    rag: &str,
    reason: &str,
    lead: &str,
    target: NaiveDate,
) -> Result<()> {
    session.track_plan_action(
        id,
        &TrackingInput {
            lead: lead.into(),
            partners: String::new(),
            target_on: dmy(target),
            status: status.into(),
            status_reason: String::new(),
            rag: rag.into(),
            rag_reason: reason.into(),
        },
    )
}

fn progress(
    session: &mut Session,
    id: i64,
    on: NaiveDate,
    text: &str,
    evidence: &str,
) -> Result<()> {
    session.add_progress_update(
        id,
        &ProgressInput {
            made_on: dmy(on),
            text: text.into(),
            evidence: evidence.into(),
        },
    )?;
    Ok(())
}

fn value(
    session: &mut Session,
    measure: i64,
    on: NaiveDate,
    n: u32,
    d: u32,
    source: &str,
) -> Result<()> {
    session.record_measure_value(
        measure,
        &MeasureValueInput {
            measured_on: dmy(on),
            numerator: n.to_string(),
            denominator: d.to_string(),
            source: source.into(),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// A session delivered by the Prevent Coordinator to (organisation, sector, role group).
fn training(
    session: &mut Session,
    on: NaiveDate,
    product: &str,
    (organisation, sector, role_group): (&str, &str, &str),
    attended: u32,
    action: Option<i64>,
) -> Result<()> {
    session.record_training_session(&TrainingSessionInput {
        held_on: dmy(on),
        product: product.into(),
        deliverer: "Prevent Coordinator".into(),
        organisation: organisation.into(),
        sector: sector.into(),
        role_group: role_group.into(),
        attended: attended.to_string(),
        action_id: action,
    })?;
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The measure ids of the latest period by action key.
fn measures(session: &Session) -> Result<HashMap<String, i64>> {
    Ok(session
        .measures(None)?
        .into_iter()
        .map(|m| (m.action_key, m.id))
        .collect())
}

pub(crate) fn steering_group(session: &mut Session) -> Result<()> {
    session.load_seed_plan()?;
    let a = actions(session)?;
    let m = measures(session)?;
    let end = date(2019, 3, 31);

    // 2017–2019, as it went.
    session.record_training_baseline(&BaselineInput {
        as_of: "1/4/2017".into(),
        product: "wrap".into(),
        sector: "education".into(),
        people: "1400".into(),
        note: "School staff trained in WRAP before this plan (over 1,400)".into(),
    })?;
    session.record_training_baseline(&BaselineInput {
        as_of: "1/4/2017".into(),
        product: "wrap".into(),
        sector: "other".into(),
        people: "600".into(),
        note: "Staff in other sectors trained in WRAP before this plan".into(),
    })?;
    progress(
        session,
        a["A01"],
        date(2017, 6, 14),
        "CTLP shared with every statutory lead.",
        "CTLP circulation list 2017",
    )?;
    track(
        session,
        a["A01"],
        "complete",
        "green",
        "",
        "Prevent Coordinator",
        end,
    )?;
    progress(
        session,
        a["A05"],
        date(2018, 4, 3),
        "E-learning launched on the council's learning system.",
        "L&D report Q4 2017/18",
    )?;
    value(
        session,
        m["A05"],
        date(2018, 3, 31),
        520,
        1000,
        "Learning system report",
    )?;
    value(
        session,
        m["A05"],
        date(2019, 3, 31),
        680,
        1000,
        "Learning system report",
    )?;
    track(
        session,
        a["A05"],
        "at_risk",
        "amber",
        "Compliance 68% against a 70% target",
        "Learning and Development Manager",
        end,
    )?;
    value(
        session,
        m["A36b"],
        date(2019, 3, 31),
        37,
        50,
        "Civil Protection training log",
    )?;
    value(
        session,
        m["A37"],
        date(2019, 3, 31),
        41,
        50,
        "Leaflets and stalls briefing log",
    )?;
    for (on, organisation, sector, group, people) in [
        (
            date(2017, 9, 20),
            "Riverside Academy",
            "education",
            "Teaching staff",
            64,
        ),
        (
            date(2018, 1, 17),
            "Borough housing service",
            "local_authority",
            "Housing officers",
            22,
        ),
        (
            date(2018, 11, 7),
            "Youth centre network",
            "community",
            "Youth workers",
            18,
        ),
    ] {
        training(
            session,
            on,
            "wrap",
            (organisation, sector, group),
            people,
            Some(a["A07"]),
        )?;
    }

    // The current two-year period, from the April before last, carrying every action over.
    let now = today();
    let april = date(now.year() - if now.month() >= 4 { 1 } else { 2 }, 4, 1);
    let ends = april.checked_add_months(Months::new(24)).expect("a date") - Duration::days(1);
    let carry = a.values().copied().collect();
    session.start_plan_period(&NewPeriodInput {
        key: format!("{}-{}", april.year(), ends.year()),
        title: format!("Prevent Delivery Plan {}–{}", april.year(), ends.year()),
        starts_on: dmy(april),
        ends_on: dmy(ends),
        vision: "A borough where individuals are protected from being drawn into terrorism or violent extremism.".into(),
        carry,
    })?;
    let a = actions(session)?;
    let m = measures(session)?;
    let day = |days: i64| now - Duration::days(days);
    track(
        session,
        a["A05"],
        "at_risk",
        "amber",
        "Compliance below the 70% target after the restructure",
        "Learning and Development Manager",
        ends,
    )?;
    progress(
        session,
        a["A05"],
        day(40),
        "Reminders sent to managers of front-line teams.",
        "L&D circular 14",
    )?;
    value(
        session,
        m["A05"],
        day(35),
        640,
        1000,
        "Learning system report",
    )?;
    track(
        session,
        a["A36b"],
        "off_track",
        "red",
        "Only two of five specified roles trained",
        "Civil Protection Manager",
        ends,
    )?;
    value(
        session,
        m["A36b"],
        day(60),
        31,
        50,
        "Civil Protection training log",
    )?;
    track(
        session,
        a["A08"],
        "on_track",
        "green",
        "",
        "Prevent Strategy and Steering Group",
        ends,
    )?;
    progress(
        session,
        a["A08"],
        day(20),
        "Two faith forums and the residents' network now attend.",
        "Steering group attendance",
    )?;
    track(
        session,
        a["A18"],
        "on_track",
        "green",
        "",
        "Director of Public Health",
        ends,
    )?;
    progress(
        session,
        a["A18"],
        day(150),
        "Referral pathway redrafted for consultation.",
        "Pathway v0.3",
    )?;
    track(
        session,
        a["A29"],
        "on_track",
        "amber",
        "Review to the CSP is late",
        "Prevent Coordinator",
        day(10),
    )?;
    training(
        session,
        day(12),
        "prevent_elearning",
        ("Adult social care", "local_authority", "Social workers"),
        36,
        Some(a["A05"]),
    )?;
    training(
        session,
        day(25),
        "leaflets_stalls",
        ("Library service", "local_authority", "Library managers"),
        12,
        Some(a["A37"]),
    )?;
    training(
        session,
        day(70),
        "channel_awareness",
        ("Mental health trust", "health", "Community teams"),
        28,
        None,
    )?;
    session.record_cohort(&CohortInput {
        counted_on: dmy(day(5)),
        product: "hostile_reconnaissance".into(),
        sector: "local_authority".into(),
        role_group: "Facilities managers".into(),
        headcount: "20".into(),
        completed: "13".into(),
        measure_id: Some(m["A36b"]),
    })?;

    // Three steering group meetings: two approved, the latest in draft.
    for (n, held) in [day(150), day(60), day(3)].into_iter().enumerate() {
        let meeting = session.schedule_steering_meeting(&SteeringInput {
            held_on: dmy(held),
            starts_at: "10:00".into(),
            place: "Room 3, Town Hall".into(),
            chair: "Strategy and Programmes Director".into(),
        })?;
        for (name, organisation, sector, faith, status) in [
            (
                "Siobhán Murphy",
                "Council, Community Safety",
                "local_authority",
                false,
                "present",
            ),
            (
                "Imam Tariq Hussain",
                "Borough Faith Forum",
                "community",
                true,
                "present",
            ),
            (
                "Revd Grace Owusu",
                "Churches Together",
                "community",
                true,
                if n == 1 { "apologies" } else { "present" },
            ),
            (
                "DS Marek Nowak",
                "Metropolitan Police",
                "police",
                false,
                "present",
            ),
            ("Priya Raman", "Schools", "education", false, "present"),
        ] {
            session.record_steering_attendance(
                meeting,
                &SteeringAttendeeInput {
                    name: name.into(),
                    organisation: organisation.into(),
                    sector: sector.into(),
                    faith_or_community: faith,
                    status: status.into(),
                },
            )?;
        }
        let agenda = session.steering_meeting(meeting)?.agenda;
        if let Some(item) = agenda.first() {
            session.record_steering_item(
                item.id,
                &SteeringItemInput {
                    discussion: "The group reviewed progress and the risks to delivery.".into(),
                    progress: "Reviewed at the steering group; lead to report back next meeting."
                        .into(),
                    evidence: format!("Steering minutes {}", dmy(held)),
                },
            )?;
        }
        session.add_steering_agreed(
            meeting,
            &AgreedInput {
                what: "Bring the e-learning compliance figures by directorate".into(),
                owner: "Learning and Development Manager".into(),
                due_on: dmy(held + Duration::days(28)),
            },
        )?;
        if n < 2 {
            session.approve_steering_minutes(meeting)?;
        }
    }
    Ok(())
}
