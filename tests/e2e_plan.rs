//! The steering group lead in the real window, by keyboard: load the borough's plan, set
//! action 5 at risk with a progress note, record an e-learning cohort at 64% and see the
//! measure below its 70% target on the dashboard, hold a steering group meeting whose proposed
//! agenda includes action 5, approve and export its minutes and read them back with
//! pdftotext. The plan, action, training, dashboard and meeting screens are scanned with
//! axe-core, charts included.

mod common;

use std::process::Command;

use channel_desk_core::common::dates::today;
use channel_desk_core::Role;
use common::{App, ARROW_DOWN, SPACE};

const ADMIN: &str = "administrator's long passphrase";
const LEAD: &str = "steering lead's own passphrase";
const PROGRESS: &str = "Reminders sent to every front-line manager <b>now</b>";

#[tokio::test(flavor = "multi_thread")]
async fn the_steering_group_lead_tracks_the_plan_and_holds_a_steering_meeting() {
    let app = App::start_with(|db| {
        common::database(
            db,
            ADMIN,
            |_| {},
            &[("Kwame Mensah", "kwame", Role::SteeringLead, LEAD)],
        )
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("kwame", LEAD).await;
    app.wait_heading("Home").await;
    let case_areas = app
        .js("return ['nav-cases', 'nav-meetings'].filter(id => document.getElementById(id)).length")
        .await;
    assert_eq!(
        case_areas.as_u64(),
        Some(0),
        "the steering lead sees no case areas"
    );

    // Load the borough's plan.
    app.press("nav-plan").await;
    app.wait("load-seed-plan").await;
    app.assert_accessible("no plan yet").await;
    app.press("load-seed-plan").await;
    app.wait_notice("Delivery plan loaded: 38 actions").await;
    assert!(app.text("action-A36a").await.contains("36"));
    assert!(app.text("action-A36b").await.contains("36"));
    app.assert_accessible("plan").await;

    // Action 5 at risk, amber, with a progress note.
    app.press("open-action-A05").await;
    app.wait("tracking-form").await;
    app.tab_to("status").await;
    app.keys(SPACE).await;
    app.keys(ARROW_DOWN).await;
    app.keys(ARROW_DOWN).await;
    app.tab_to("rag").await;
    app.keys(SPACE).await;
    app.keys(ARROW_DOWN).await;
    app.keys(ARROW_DOWN).await;
    app.press("tracking-form-submit").await;
    assert!(app
        .text("rag_reason-error")
        .await
        .contains("reason for the RAG rating"));
    app.fill("rag_reason", "Compliance below the 70% target")
        .await;
    app.press("tracking-form-submit").await;
    app.wait_notice("Action updated").await;
    app.fill("text", PROGRESS).await;
    app.fill("evidence", "L&D circular 14").await;
    app.press("progress-form-submit").await;
    app.wait_notice("Progress update added").await;
    let top = app
        .js(
            "const n = document.getElementById('notice').getBoundingClientRect();
             return window.scrollY === 0 && n.top >= 0 && n.bottom <= window.innerHeight
               && document.activeElement.id === 'page-heading'",
        )
        .await;
    assert_eq!(
        top.as_bool(),
        Some(true),
        "after a save the screen starts at its top, banner in view"
    );
    let updates = app.text("updates").await;
    assert!(
        updates.contains(PROGRESS),
        "typed text shows as text: {updates}"
    );
    assert!(app.body_text().await.contains("At risk"));
    app.assert_accessible("action").await;

    // An e-learning cohort at 64% feeds action 5's measure.
    app.press("plan-nav-training").await;
    app.press("open-cohort-form").await;
    app.fill_date("counted_on-cohort", today()).await;
    app.tab_to("product-cohort").await;
    app.keys("Prevent e").await;
    app.tab_to("sector-cohort").await;
    app.keys("Local").await;
    app.fill("role_group-cohort", "Front-line staff").await;
    app.fill("headcount-cohort", "25").await;
    app.fill("completed-cohort", "16").await;
    app.tab_to("measure_id-cohort").await;
    app.keys("Prevent e").await;
    app.press("cohort-form-submit").await;
    app.wait_notice("Cohort recorded").await;
    assert!(app.text("training-cohorts").await.contains("64"));
    app.assert_accessible("training").await;

    // The dashboard shows the measure below its target, with its chart and table.
    app.press("plan-nav-dashboard").await;
    let measures = app.text("measures-table").await;
    assert!(
        measures.contains("64") && measures.contains("Below target"),
        "{measures}"
    );
    app.wait("chart-rag").await;
    assert!(app.text("chart-rag-table").await.contains("Priority 4"));
    app.assert_accessible("dashboard").await;

    // A steering group meeting whose proposed agenda includes action 5.
    app.press("plan-nav-steering").await;
    app.press("open-schedule-steering").await;
    app.fill_date("held_on", today()).await;
    app.fill("place", "Room 3, Town Hall").await;
    app.fill("chair", "Strategy and Programmes Director").await;
    app.press("steering-form-submit").await;
    app.wait_notice("Meeting scheduled").await;
    let agenda = app.text("steering-agenda").await;
    assert!(agenda.contains("(A05)"), "{agenda}");
    app.open_tab("attendance").await;
    app.fill("name", "Imam Tariq Hussain").await;
    app.fill("organisation", "Borough Faith Forum").await;
    app.tab_to("sector").await;
    app.keys("Community").await;
    app.tab_to("faith_or_community").await;
    app.keys(SPACE).await;
    app.tab_to("status").await;
    app.keys(SPACE).await;
    app.press("attendee-form-submit").await;
    app.wait_notice("Attendance recorded").await;
    assert!(app.text("faith-community").await.contains('1'));
    app.assert_accessible("steering meeting attendance").await;
    app.open_tab("agenda").await;
    let item = app
        .js(
            "return [...document.querySelectorAll('[id^=steering-item-]')]
               .find(e => /^steering-item-\\d+$/.test(e.id) && e.innerText.includes('(A05)')).id
               .replace('steering-item-', '')",
        )
        .await;
    let item = item.as_str().unwrap().to_owned();
    app.fill(
        &format!("discussion-{item}"),
        "Managers to chase completions.",
    )
    .await;
    app.fill(
        &format!("progress-{item}"),
        "Completions reviewed by directorate.",
    )
    .await;
    app.press(&format!("item-form-{item}-submit")).await;
    app.wait_notice("Item saved").await;
    app.assert_accessible("steering meeting agenda").await;
    app.open_tab("minutes").await;
    app.press("approve-steering").await;
    app.wait_notice("Minutes approved and locked").await;
    app.press("export-steering").await;
    app.wait("open-export").await;
    let pdf = app.exports.join(format!(
        "steering-group-minutes-{}.pdf",
        today().format("%Y-%m-%d")
    ));
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let minutes = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "OFFICIAL-SENSITIVE",
        "Prevent steering group minutes",
        "Imam Tariq Hussain",
        "Completions reviewed by directorate.",
        "Approved on",
    ] {
        assert!(
            minutes.contains(expected),
            "{expected} in the minutes:\n{minutes}"
        );
    }
    app.stop().await;
}
