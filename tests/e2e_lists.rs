//! Long lists and what is overdue, in the real window at 1280 by 800: the case list's table on
//! the first screen, overdue reviews tagged where their dates show, actions 25 a page, and
//! the audit trail in words. Each screen is scanned with axe-core.

mod common;

use std::path::Path;

use channel_desk_core::casework::*;
use channel_desk_core::meetings::{ActionInput, MeetingInput};
use channel_desk_core::{unlock, Paths, Role, Session};
use chrono::Utc;
use common::{awaiting_panel, column, decide, dmy, App, SPACE};

const PASS: &str = "chair's long passphrase";
const READER_PASS: &str = "panel member's own phrase";

/// Older referrals (a page and more of them), three adults adopted 40 days ago whose
/// planned support never started (flagged, and their monthly panel review overdue), one
/// who left Channel 190 days ago (the 6-month review overdue), and a meeting's 27 actions,
/// ten of them overdue.
fn fill(s: &mut Session) {
    let names = [
        "Ayesha Rahman",
        "محمد السيد",
        "Yusuf Demir",
        "Zoë Ní Bhriain",
        "Kwame Mensah",
        "陈伟",
        "Nguyễn Thị Lan",
        "Łukasz Wiśniewski",
        "प्रिया शर्मा",
        "Σοφία Παπαδοπούλου",
        "Ольга Иванова",
        "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
        "תמר כהן",
        "김하나",
    ];
    for n in 0..26 {
        let age = if n % 2 == 0 { 8 } else { 67 };
        s.record_referral(&ReferralInput {
            received_on: dmy(260 + n),
            referrer_name: "Referring practitioner".into(),
            referrer_sector: "health".into(),
            full_name: format!("{} {n}", names[n as usize % names.len()]),
            approximate_age: age.to_string(),
            concern_type: "incel".into(),
            concern: "Worrying posts online".into(),
            mash_informed: if age < 18 { "yes" } else { "" }.into(),
            categories: CategoriesInput {
                gender: "male".into(),
                ethnicity: "not_known".into(),
                needs: Vec::new(),
            },
            ..Default::default()
        })
        .unwrap();
    }
    for name in ["Amara Okafor", "Rhys Evans", "Tigist Bekele"] {
        let id = awaiting_panel(s, name, 66, 60);
        decide(s, id, "adopt", 40);
        s.record_consent(
            id,
            &ConsentInput {
                sought_on: dmy(39),
                sought_by: "Channel coordinator".into(),
                status: "given".into(),
                status_on: dmy(38),
                given_by: "individual".into(),
                ..Default::default()
            },
        )
        .unwrap();
        s.add_intervention(
            id,
            &InterventionInput {
                kind: "intervention_provider".into(),
                provider: "Approved mentor".into(),
                start_on: dmy(20),
                planned_end_on: dmy(-60),
                sessions_planned: "8".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let exited = awaiting_panel(s, "Dawit Haile", 71, 220);
    decide(s, exited, "adopt", 200);
    decide(s, exited, "exit", 190);

    let meeting = s
        .schedule_meeting(&MeetingInput {
            held_on: dmy(45),
            starts_at: "14:00".into(),
            place: "Committee Room 2".into(),
            chair: "Sunita Rao".into(),
        })
        .unwrap();
    for n in 0..27 {
        s.add_action(
            meeting,
            &ActionInput {
                what: format!("Follow-up {n:02}"),
                owner: "Kim Hana".into(),
                // Ten of them overdue: due 10 days ago, 9 days ago and so on.
                due_on: dmy(10 - n),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

/// The database filled by the chair (whose decisions are the case record's), with a panel
/// member who reads but does not record.
fn prepare(db: &Path) {
    common::database(
        db,
        PASS,
        |_| {},
        &[
            ("Kim Hana", "kim", Role::PanelMember, READER_PASS),
            common::CHAIR,
        ],
    );
    common::as_chair(db, fill);
}

/// A window at 1280 by 800 on the database `prepare` makes, unlocked by `username`.
async fn start(prepare: impl FnOnce(&Path), username: &str, passphrase: &str) -> App {
    let app = App::start_with(prepare).await;
    app.wait_heading("Unlock Channel Desk").await;
    app.client.set_window_size(1280, 800).await.unwrap();
    app.unlock(username, passphrase).await;
    app.wait_heading("Home").await;
    app
}

/// Where the case table's first row ends, and the viewport's height, in CSS pixels.
async fn first_row_bottom(app: &App) -> (f64, f64) {
    let v = app
        .js("return [document.querySelector('#cases-table tbody tr').getBoundingClientRect().bottom,
                     window.innerHeight]")
        .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_case_table_starts_on_the_first_screen_at_1280_by_800() {
    let app = start(prepare, "sunita", PASS).await;
    let viewport = app
        .js("return [window.innerWidth, window.innerHeight]")
        .await;
    assert!(
        viewport[0].as_f64() <= Some(1280.0) && viewport[1].as_f64() <= Some(800.0),
        "the window is at most 1280 by 800: {viewport}"
    );

    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    let (bottom, height) = first_row_bottom(&app).await;
    assert!(
        bottom <= height,
        "the first case ends at {bottom}px, below the {height}px window"
    );
    // Three flags and the filters are one line each until opened.
    assert!(app
        .text("open-flags")
        .await
        .contains("Flagged support across all cases (3)"));
    app.assert_accessible("case list").await;

    // Filtered to flagged support: the summary says which filters are on, and the table is
    // still on the first screen.
    app.press("open-case-filters").await;
    app.tab_to("filter-flagged").await;
    app.keys(SPACE).await;
    app.press("apply-case-filters").await;
    for _ in 0..50 {
        if app.text("cases-table").await.contains("3 cases") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app
        .text("cases-table")
        .await
        .contains("3 cases, page 1 of 1"));
    assert_eq!(
        app.text("open-case-filters").await,
        "Filters: Only flagged support"
    );
    let (bottom, height) = first_row_bottom(&app).await;
    assert!(bottom <= height, "filtered: {bottom}px of {height}px");
    app.assert_accessible("case list, filtered").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reviews_past_their_date_are_tagged_overdue_on_home_the_case_list_and_the_record() {
    let app = start(prepare, "sunita", PASS).await;
    let home = app.text("reviews-due").await;
    assert!(
        home.contains("Dawit Haile")
            && home.contains("6-month review due")
            && home.contains("Overdue"),
        "{home}"
    );
    app.assert_accessible("home with an overdue review").await;

    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    let names = column(&app, "cases-table", 1).await;
    let reviews = column(&app, "cases-table", 6).await;
    for (name, review) in names.iter().zip(&reviews) {
        let overdue = ["Amara Okafor", "Rhys Evans", "Tigist Bekele", "Dawit Haile"]
            .iter()
            .any(|n| name.starts_with(n));
        assert_eq!(review.ends_with("Overdue"), overdue, "{name}: {review}");
        if !overdue {
            assert_eq!(review, "None due", "{name}");
        }
    }
    assert!(reviews.iter().any(|r| r.starts_with("Panel review")));

    let exited = app
        .js(
            "return [...document.querySelectorAll('#cases-table tbody tr')]
               .find(r => r.innerText.includes('Dawit Haile')).querySelector('a').id",
        )
        .await;
    app.press(exited.as_str().unwrap()).await;
    app.wait_heading("Dawit Haile").await;
    let summary = app.text("case-summary").await;
    assert!(
        summary.contains("6-month review due") && summary.contains("Overdue"),
        "{summary}"
    );
    app.assert_accessible("case record with an overdue review")
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn actions_come_25_to_a_page_and_the_pages_are_reached_by_keyboard() {
    // A panel member: no buttons in the rows, so the pages are a few Tab presses away.
    let app = start(prepare, "kim", READER_PASS).await;
    app.press("nav-actions").await;
    app.wait_heading("Actions").await;
    let caption = app.text("actions-table").await;
    assert!(caption.contains("27 actions"), "{caption}");
    let what = column(&app, "actions-table", 0).await;
    assert_eq!(what.len(), 25);
    assert_eq!(what[0], "Follow-up 00", "the most overdue first");
    assert!(caption.contains("page 1 of 2"), "{caption}");
    assert_eq!(
        app.js(
            "return document.getElementById('actions-pages-page-1').getAttribute('aria-current')"
        )
        .await,
        "page"
    );
    app.assert_accessible("actions, page 1").await;

    app.press("actions-pages-next").await;
    for _ in 0..50 {
        if column(&app, "actions-table", 0).await.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        column(&app, "actions-table", 0).await,
        ["Follow-up 25", "Follow-up 26"]
    );
    // Said in a live region, so a screen reader hears which page this is.
    assert_eq!(app.text("actions-pages-status").await, "Page 2 of 2");
    assert_eq!(
        app.js("return document.getElementById('actions-pages-status').getAttribute('role')")
            .await,
        "status"
    );
    assert_eq!(
        app.js("return !!document.getElementById('actions-pages-next')")
            .await,
        false
    );
    app.assert_accessible("actions, page 2").await;

    app.press("actions-pages-page-1").await;
    for _ in 0..50 {
        if column(&app, "actions-table", 0).await.len() == 25 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(column(&app, "actions-table", 0).await.len(), 25);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_trail_reads_in_words_and_shows_one_type_of_event() {
    let with_history = |db: &Path| {
        prepare(db);
        // A failed attempt, reaching the trail at the next unlock; an action marked done.
        let paths = Paths::new(db);
        assert!(unlock(&paths, "sunita", "not the passphrase", Utc::now()).is_err());
        let mut s = unlock(&paths, "sunita", PASS, Utc::now()).unwrap().session;
        let action = s.actions(&Default::default()).unwrap().rows[0].id;
        s.set_action_status(action, "done", "").unwrap();
        s.lock("test").unwrap();
    };
    let app = start(with_history, "sunita", PASS).await;
    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    let first = app
        .js("return document.querySelector('#cases-table tbody a').id")
        .await;
    app.press(first.as_str().unwrap()).await;
    app.wait("case-summary").await;

    app.press("nav-audit").await;
    app.wait_heading("Audit trail").await;
    let log = app.text("audit-table").await;
    for words in [
        "Case viewed",
        "Unlocked",
        "Failed unlock",
        "Username tried: sunita",
        "Action status changed",
        "Status: Done",
    ] {
        assert!(log.contains(words), "{words} in {log}");
    }
    assert!(
        !log.contains("case.viewed") && !log.contains('{') && !log.contains('"'),
        "no codes and no JSON: {log}"
    );
    app.assert_accessible("audit trail").await;

    // Only the views of case records, chosen by keyboard.
    app.choose("filter-action", "case.viewed").await;
    app.press("audit-filter-submit").await;
    for _ in 0..50 {
        if app.text("audit-table").await.starts_with("Case viewed: ") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let caption = app.text("audit-table").await;
    assert!(caption.starts_with("Case viewed: 1 entry"), "{caption}");
    assert_eq!(column(&app, "audit-table", 2).await, ["Case viewed"]);
    app.assert_accessible("audit trail of one type of event")
        .await;
    app.stop().await;
}
