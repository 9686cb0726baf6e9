//! The monthly panel in the real window, by keyboard: schedule a meeting and take its
//! proposed agenda, record attendance without police and see a decision refused, add the
//! police, decide three cases (one refused transition shown with its rule), add an action,
//! approve the minutes, export both versions and save a kept export again. Each screen is
//! scanned with axe-core.

mod common;

use std::path::Path;
use std::process::Command;

use channel_desk_core::common::dates::today;
use chrono::Duration;
use common::{awaiting_panel, App, ARROW_DOWN, SPACE};

const PASS: &str = "chair's long passphrase";
const MARKUP: &str = "<b>bold</b> & <i>more</i>";
const ARROW_UP: &str = "\u{E013}";

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Chooses the decision at `position` among the radios (adopt, not adopt, remain, exit),
/// moving from the one already chosen, if any.
async fn choose_decision(app: &App, from: Option<usize>, to: usize) {
    match from {
        None => {
            app.tab_to("kind").await;
            app.keys(SPACE).await;
            for _ in 0..to {
                app.keys(ARROW_DOWN).await;
            }
        }
        Some(from) => {
            app.tab_to(&format!("kind-{from}")).await;
            for _ in to..from {
                app.keys(ARROW_UP).await;
            }
        }
    }
}

async fn reasons(app: &App, rationale: &str) {
    app.fill("rationale", rationale).await;
    app.tab_to("how_reached").await;
    app.keys(SPACE).await;
}

/// Waits for `#id` to read exactly `text`.
async fn until_text(app: &App, id: &str, text: &str) {
    for _ in 0..50 {
        if app.text(id).await == text {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.text(id).await, text);
}

async fn error_summary(app: &App) -> String {
    app.text("error-summary").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chair_runs_a_panel_meeting_and_the_secretariat_exports_its_minutes() {
    let app = App::start_with(|db| {
        let mut adopted = 0;
        common::database(
            db,
            PASS,
            |s| {
                awaiting_panel(s, "Ольга Иванова", 16, 60);
                awaiting_panel(s, "محمد السيد", 9, 60);
                adopted = awaiting_panel(s, "Nguyễn Thị Lan", 67, 60);
            },
            &[common::CHAIR],
        );
        // Adopted by the chair before this meeting could be held.
        common::as_chair(db, |chair| common::decide(chair, adopted, "adopt", 40));
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;

    app.press("nav-meetings").await;
    app.wait_heading("Panel meetings").await;
    assert!(app
        .text("empty-state")
        .await
        .contains("No panel meetings yet"));
    app.assert_accessible("no meetings").await;

    // Schedule today's meeting; a bad time is answered beside the field.
    app.press("open-schedule").await;
    app.fill_date("held_on", today()).await;
    app.fill("starts_at", "2pm").await;
    app.fill("chair", "Sunita Rao").await;
    app.press("schedule-form-submit").await;
    assert!(app
        .text("starts_at-error")
        .await
        .contains("Enter the start time as hours and minutes"));
    app.assert_accessible("schedule form with an error").await;
    app.fill("starts_at", "14:00").await;
    app.press("schedule-form-submit").await;
    app.wait_notice("Meeting scheduled").await;
    let agenda = app.text("agenda-table").await;
    for expected in [
        "Ольга Иванова",
        "محمد السيد",
        "Nguyễn Thị Lan",
        "In Channel: review progress",
    ] {
        assert!(agenda.contains(expected), "{expected} in {agenda}");
    }
    app.assert_accessible("agenda").await;

    // Attendance without police: warned; a decision is refused.
    app.open_tab("attendance").await;
    assert!(app
        .text("police-warning")
        .await
        .contains("No police representative"));
    app.fill("name", "Amara Okafor").await;
    app.fill("organisation", "Children's Services").await;
    app.fill("role", "Team manager").await;
    app.press("new-attendance-form-submit").await;
    app.wait_notice("Attendance recorded").await;
    assert!(app.text("attendance-table").await.contains("Amara Okafor"));
    app.wait("police-warning").await;
    app.assert_accessible("attendance").await;

    app.open_tab("room").await;
    assert!(app.text("room-item-title").await.contains("Ольга Иванова"));
    app.wait("room-police-warning").await;
    app.fill("discussion", &format!("School and family agree {MARKUP}"))
        .await;
    app.tab_to("kind").await; // leaving the box saves it
    until_text(&app, "discussion-status", "Saved").await;
    choose_decision(&app, None, 0).await;
    reasons(&app, "Vulnerable and willing to engage").await;
    app.press("room-decision-form-submit").await;
    assert!(error_summary(&app)
        .await
        .contains("No police representative is recorded as present"));
    app.assert_accessible("in the room, refused").await;

    // The police representative joins.
    app.open_tab("attendance").await;
    app.fill("name", "DS Marek Nowak").await;
    app.fill("organisation", "Metropolitan Police").await;
    app.fill("role", "Channel Police Practitioner").await;
    app.tab_to("police").await;
    app.keys(SPACE).await;
    app.press("new-attendance-form-submit").await;
    app.wait_notice("Attendance recorded").await;
    assert!(app.text("attendance-table").await.contains("Police"));
    assert_eq!(
        app.js("return !!document.getElementById('police-warning')")
            .await,
        false
    );

    // Item 1: "remain" is refused by the casework rule; "not adopt" is recorded.
    app.open_tab("room").await;
    let saved = app
        .js("return document.getElementById('discussion').value")
        .await;
    assert_eq!(
        saved.as_str(),
        Some(format!("School and family agree {MARKUP}").as_str())
    );
    choose_decision(&app, None, 2).await;
    reasons(&app, "Panel view").await;
    app.press("room-decision-form-submit").await;
    assert!(error_summary(&app)
        .await
        .contains("Only an adopted case can remain in Channel"));
    choose_decision(&app, Some(2), 1).await;
    app.fill("signposted_to", "Early Help").await;
    app.press("room-decision-form-submit").await;
    app.wait_notice("Decision recorded").await;
    app.press("open-action-form").await;
    app.fill("what", "Confirm Early Help has made contact")
        .await;
    app.fill("owner", "Amara Okafor").await;
    app.fill_date("due_on", today() + Duration::days(14)).await;
    app.press("room-action-form-submit").await;
    app.wait_notice("Action added").await;
    assert!(app
        .text("room-actions")
        .await
        .contains("Confirm Early Help has made contact"));
    app.assert_accessible("in the room").await;

    // Item 2: adopt. Item 3: exit.
    app.press("next-item").await;
    until_text(&app, "item-count", "Item 2 of 3").await;
    assert!(app.text("room-item-title").await.contains("محمد السيد"));
    choose_decision(&app, None, 0).await;
    reasons(&app, "Support with parents' consent").await;
    app.press("room-decision-form-submit").await;
    app.wait_notice("Decision recorded").await;
    app.press("next-item").await;
    until_text(&app, "item-count", "Item 3 of 3").await;
    choose_decision(&app, None, 3).await;
    reasons(&app, "Risk reduced after mentoring").await;
    app.tab_to("exit_reason").await;
    app.keys(SPACE).await;
    app.press("room-decision-form-submit").await;
    app.wait_notice("Decision recorded").await;

    // Minutes: built from what was recorded, markup shown as text; approval locks them.
    app.open_tab("minutes").await;
    let minutes = app.text("minutes-items").await;
    assert!(minutes.contains(MARKUP), "{minutes}");
    assert!(
        minutes.contains("Not adopt")
            && minutes.contains("Adopt (enter Channel)")
            && minutes.contains("Exit")
    );
    // As in the exported minutes: where the person not adopted was signposted, and the
    // exit's reason by its label.
    assert!(minutes.contains("Signposted to: Early Help"), "{minutes}");
    assert!(
        minutes.contains("Exit reason: Risk removed or significantly reduced"),
        "{minutes}"
    );
    assert_eq!(
        app.js("return document.querySelectorAll('main b, main i').length")
            .await,
        0
    );
    app.assert_accessible("draft minutes").await;
    app.press("approve-minutes").await;
    app.wait_notice("Minutes approved and locked").await;
    assert!(app.text("locked-note").await.contains("locked"));

    // Export both versions (saved to the export folder instead of a dialog).
    app.open_tab("export").await;
    app.assert_accessible("export").await;
    app.press("export-form-submit").await;
    app.wait_notice("Saved the full minutes").await;
    app.wait("open-export").await;
    app.tab_to("version").await;
    app.keys(ARROW_DOWN).await;
    app.press("export-form-submit").await;
    app.wait_notice("Saved the redacted minutes").await;
    let day = today().format("%Y-%m-%d");
    let full = pdf_text(
        &app.exports
            .join(format!("channel-panel-minutes-{day}-full.pdf")),
    );
    let redacted = pdf_text(
        &app.exports
            .join(format!("channel-panel-minutes-{day}-redacted.pdf")),
    );
    for name in [
        "Ольга Иванова",
        "Nguyễn Thị Lan",
        "DS Marek Nowak",
        "Amara Okafor",
    ] {
        assert!(full.contains(name), "{name} in the full minutes");
        assert!(
            !redacted.contains(name),
            "{name} not in the redacted minutes"
        );
    }
    assert!(full.contains("Confirm Early Help has made contact"));
    assert!(full.contains("Approved on") && redacted.contains("OFFICIAL-SENSITIVE"));

    // Both exports are kept, newest first; the first saves again exactly as circulated.
    let rows = app
        .js("return [...document.querySelectorAll('#exports tbody tr')].map(r => r.id)")
        .await;
    let rows: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let kept = app.text("exports").await;
    assert!(
        kept.find("Redacted") < kept.find("Full"),
        "newest first: {kept}"
    );
    app.assert_accessible("export with its kept exports").await;
    let full_path = app
        .exports
        .join(format!("channel-panel-minutes-{day}-full.pdf"));
    let circulated = std::fs::read(&full_path).unwrap();
    std::fs::remove_file(&full_path).unwrap();
    let first = rows[1].trim_start_matches("export-");
    app.press(&format!("save-again-{first}")).await;
    app.wait_notice("Saved the same bytes again").await;
    assert_eq!(std::fs::read(&full_path).unwrap(), circulated);

    // The action is in the list across meetings.
    app.press("nav-actions").await;
    app.wait_heading("Actions").await;
    let actions = app.text("actions-table").await;
    assert!(
        actions.contains("Confirm Early Help has made contact") && actions.contains("Amara Okafor")
    );
    app.assert_accessible("actions").await;
    app.stop().await;
}
