//! The audit screen in the real window: the file check at the top, the filters by keyboard
//! with a refused date shown beside its field, and the export of what they select as CSV.
//! And one window: a second launch of the app hands over to the one open and exits.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use channel_desk_core::common::dates::today;
use common::{as_chair, awaiting_panel, column, App, Bus, CHAIR, ENTER, TAB};

const PASS: &str = "Sunita's long passphrase";

/// Waits until `#id`'s text satisfies `ok`, and returns it.
async fn text_when(app: &App, id: &str, ok: impl Fn(&str) -> bool) -> String {
    let mut text = String::new();
    for _ in 0..100 {
        text = app.text(id).await;
        if ok(&text) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("#{id} never became as expected: {text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_trail_is_filtered_checked_and_exported_by_keyboard() {
    let mut reference = String::new();
    let app = App::start_with(|db| {
        let mut case = 0;
        common::database(
            db,
            PASS,
            |s| {
                case = awaiting_panel(s, "Zoë Ó Briain", 8, 40);
                awaiting_panel(s, "Мария Иванова", 67, 30);
                reference = s.case_record(case).unwrap().reference;
            },
            &[CHAIR],
        );
        as_chair(db, |chair| {
            chair.case_record(case).unwrap();
        });
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;
    app.press("nav-audit").await;
    app.wait_heading("Audit trail").await;

    // The check run at unlock, at the top; and again on request, each part by name.
    let check = text_when(&app, "integrity", |t| !t.contains("being checked")).await;
    assert!(check.contains("the file is intact"), "{check}");
    app.assert_accessible("audit trail").await;
    app.press("verify-button").await;
    let result = text_when(&app, "verify-result", |t| t.contains("intact")).await;
    for part in ["SQLite integrity check", "SQLCipher", "Audit chain"] {
        assert!(result.contains(part), "{part} in {result}");
    }

    // The chair's rows about the first case, chosen by keyboard; the reference as typed.
    app.choose("filter-person", "hannah").await;
    app.fill("filter-case", &reference.to_lowercase()).await;
    app.press("audit-filter-submit").await;
    let caption = text_when(&app, "audit-table", |t| t.starts_with("Entries by")).await;
    assert!(
        caption.starts_with(&format!(
            "Entries by Hannah Clarke (hannah) about {reference}: 1 entry"
        )),
        "{caption}"
    );
    assert_eq!(column(&app, "audit-table", 1).await, ["hannah"]);
    assert_eq!(column(&app, "audit-table", 2).await, ["Case viewed"]);
    assert_eq!(
        column(&app, "audit-table", 3).await,
        [format!("case:{reference}")]
    );
    app.assert_accessible("audit trail filtered").await;

    // A day that does not exist: the message beside the field and in the summary.
    app.fill("filter-from", "31").await;
    app.fill("filter-from-month", "2").await;
    app.fill("filter-from-year", "2026").await;
    app.press("audit-filter-submit").await;
    let summary = text_when(&app, "error-summary", |t| t.contains("real date")).await;
    assert!(
        summary.contains("first day must be a real date"),
        "{summary}"
    );
    assert!(app
        .text("filter-from-error")
        .await
        .contains("must be a real date"));
    app.assert_accessible("audit trail with a refused date")
        .await;
    // The summary has the focus; its link takes the keyboard to the field.
    assert_eq!(app.active_id().await, "error-summary");
    app.keys(TAB).await;
    app.keys(ENTER).await;
    assert_eq!(app.active_id().await, "filter-from");

    // Today, typed in full: the same entry, and nothing from tomorrow on.
    app.fill_date("filter-from", today()).await;
    app.press("audit-filter-submit").await;
    let caption = text_when(&app, "audit-table", |t| t.contains(" from ")).await;
    assert!(caption.contains(": 1 entry"), "{caption}");

    // The entries selected, to CSV: marked, the same row, and the export audited.
    app.press("export-audit").await;
    app.wait_notice("Saved 1 entry").await;
    let files: Vec<_> = std::fs::read_dir(&app.exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "OFFICIAL-SENSITIVE");
    assert_eq!(lines.len(), 3, "marking, header and the one row: {csv}");
    assert!(lines[2].contains(&format!("hannah,Case viewed,case.viewed,case:{reference}")));
    // Filters cleared: the newest entry is the export, with what it selected.
    app.press("clear-audit-filter").await;
    text_when(&app, "audit-table", |t| t.starts_with("Entries:")).await;
    assert_eq!(
        column(&app, "audit-table", 2).await[0],
        "Audit trail exported as CSV"
    );
    let details = &column(&app, "audit-table", 4).await[0];
    for words in [
        "Rows: 1".to_owned(),
        "Person: hannah".to_owned(),
        format!("Case reference: {reference}"),
    ] {
        assert!(details.contains(&words), "{words} in {details}");
    }
    app.stop().await;
}

/// Whether the page comes to have the focus (`true`) or to lose it, within ten seconds.
async fn has_focus(app: &App, wanted: bool) -> bool {
    for _ in 0..100 {
        if app.js("return document.hasFocus()").await.as_bool() == Some(wanted) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_focuses_the_window_already_open_and_exits() {
    // The app finds other launches on the session bus: one of the test's own.
    let bus = Bus::start();
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let app = App::start_with_env(|db| common::database(db, PASS, |_| {}, &[]), &env).await;
    app.wait_heading("Unlock Channel Desk").await;
    app.js(
        "window.__focused = 0; window.addEventListener('focus', () => window.__focused++); \
         return null",
    )
    .await;

    // Another window over it takes the focus (with no window manager, focus follows the
    // pointer): the app on a database of its own and no bus, so that it is not a second launch.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut other = Command::new(env!("CARGO_BIN_EXE_channel-desk"))
        .args(["--db", elsewhere.path().join("other.db").to_str().unwrap()])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        has_focus(&app, false).await,
        "another window takes the focus"
    );

    let started = Instant::now();
    let mut second = Command::new(env!("CARGO_BIN_EXE_channel-desk"))
        .args(["--db", app.db.to_str().unwrap()])
        .envs(env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            panic!("the second launch did not exit: it opened a window of its own");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut stderr).unwrap();
    // Exit 0 only once the window open has taken the launch over (otherwise an error).
    assert!(status.success(), "{status}: {stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // The window open was brought forward over the other, and still works.
    assert!(
        has_focus(&app, true).await,
        "the window open has the focus again"
    );
    assert!(app.js("return window.__focused").await.as_u64() > Some(0));
    let _ = other.kill();
    let _ = other.wait();
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;
    app.stop().await;
}
