//! The first journey in the real window, by keyboard alone: create a database, keep the
//! recovery key, lock, fail once, unlock, add a person, lock, and unlock as that person, who
//! must change the temporary passphrase. Each screen is scanned with axe-core.

mod common;

use common::{App, CONTROL, RELEASE};

const ADMIN: &str = "zainab.hashimi";
const ADMIN_PASS: &str = "a long passphrase for Zainab";
const TEMP_PASS: &str = "temporary phrase 123";
const OWN_PASS: &str = "Émile's own passphrase";
// Typed as a name, it must show as text, never as markup.
const MARKUP_NAME: &str = "Émile <img src=x onerror=alert(1)> Dubois";

#[tokio::test(flavor = "multi_thread")]
async fn first_run_lock_unlock_and_people_by_keyboard() {
    let app = App::start().await;

    // First run: the create screen, with errors beside the fields.
    app.wait_heading("Create a new Channel Desk database").await;
    app.assert_accessible("create").await;
    app.fill("full_name", "Zainab Al-Hashimi زينب الهاشمي")
        .await;
    app.fill("username", ADMIN).await;
    app.fill("passphrase", "too short").await;
    app.fill("passphrase_confirm", "too short").await;
    app.press("create-form-submit").await;
    app.wait("error-summary").await;
    assert!(app
        .text("passphrase-error")
        .await
        .contains("12 characters or more"));
    assert_eq!(app.active_id().await, "error-summary");
    app.assert_accessible("create with errors").await;
    assert!(!app.db.exists(), "nothing is written for bad input");

    app.fill("passphrase", ADMIN_PASS).await;
    app.fill("passphrase_confirm", ADMIN_PASS).await;
    app.press("create-form-submit").await;

    // The recovery key, shown once, with its last group typed back.
    app.wait_heading("Your recovery key").await;
    let key = app.text("recovery-key").await;
    let groups: Vec<&str> = key.split_whitespace().collect();
    assert_eq!(groups.len(), 16, "{key}");
    app.assert_accessible("recovery key").await;
    app.fill("recovery_last_group", "ZZZZ").await;
    app.press("recovery-confirm-form-submit").await;
    assert!(app
        .text("recovery_last_group-error")
        .await
        .contains("not the last group"));
    app.fill("recovery_last_group", &groups[15].to_lowercase())
        .await;
    app.press("recovery-confirm-form-submit").await;

    app.wait_heading("Home").await;
    assert!(app.text("signed-in-as").await.contains("Administrator"));
    app.assert_accessible("home").await;
    let file = std::fs::read(&app.db).unwrap();
    assert!(!file.starts_with(b"SQLite format 3"));

    // Lock with Ctrl+L: nothing of the data stays on screen.
    app.keys(&format!("{CONTROL}l{RELEASE}")).await;
    app.wait_heading("Unlock Channel Desk").await;
    assert!(!app.body_text().await.contains("Zainab"));
    app.assert_accessible("unlock").await;

    // One failed attempt, then the right passphrase.
    app.unlock(ADMIN, "not my passphrase").await;
    app.wait("error-summary").await;
    assert!(app
        .body_text()
        .await
        .contains("Username or passphrase not recognised"));
    app.assert_accessible("unlock with error").await;
    app.fill("passphrase", ADMIN_PASS).await;
    app.press("unlock-form-submit").await;
    app.wait_heading("Home").await;
    assert!(app.text("notice").await.contains("last failed attempt"));

    // Add a person with a temporary passphrase.
    app.press("nav-settings").await;
    app.wait_heading("Settings").await;
    app.assert_accessible("settings").await;
    app.press("add-person").await;
    app.wait_heading("Add a person").await;
    app.assert_accessible("add a person").await;
    app.fill("full_name", MARKUP_NAME).await;
    app.fill("username", "emile.dubois").await;
    app.tab_to("role").await;
    app.keys("Panel s").await;
    app.fill("passphrase", TEMP_PASS).await;
    app.fill("passphrase_confirm", TEMP_PASS).await;
    app.press("add-person-form-submit").await;
    app.wait_heading("Settings").await;
    let table = app.text("people-table").await;
    assert!(table.contains(MARKUP_NAME), "{table}");
    assert!(table.contains("Panel secretariat"), "{table}");
    assert_eq!(
        app.js("return document.querySelectorAll('#people-table img').length")
            .await,
        0
    );

    // Lock with the button, and unlock as the new person.
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("emile.dubois", TEMP_PASS).await;
    app.wait_heading("Choose your own passphrase").await;
    assert_eq!(
        app.js("return document.getElementById('primary-nav').hidden")
            .await,
        true
    );
    app.assert_accessible("forced passphrase change").await;
    app.fill("current_passphrase", TEMP_PASS).await;
    app.fill("passphrase", OWN_PASS).await;
    app.fill("passphrase_confirm", OWN_PASS).await;
    app.press("change-passphrase-form-submit").await;
    app.wait_heading("Home").await;
    assert!(app.text("signed-in-as").await.contains("Panel secretariat"));
    assert!(app
        .text("notice")
        .await
        .contains("passphrase has been changed"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_recovery_key_restores_access_when_the_key_file_is_lost() {
    let mut recovery = String::new();
    let app = App::start_with(|db| {
        let paths = channel_desk_core::Paths::new(db);
        let (session, key) = channel_desk_core::create(
            &paths,
            &channel_desk_core::FirstPerson {
                full_name: "Olusegun Bakare",
                username: "olusegun",
                passphrase: ADMIN_PASS,
                passphrase_confirm: ADMIN_PASS,
            },
        )
        .unwrap();
        session.lock("test").unwrap();
        recovery = key.to_string();
        std::fs::remove_file(&paths.keys).unwrap();
    })
    .await;

    app.wait_heading("Unlock Channel Desk").await;
    assert!(app.text("key-file-problem").await.contains("is missing"));
    app.assert_accessible("unlock without a key file").await;
    app.press("use-recovery-key").await;
    app.wait_heading("Unlock with the recovery key").await;
    app.fill("recovery_key", "1234-5678").await;
    app.press("recovery-form-submit").await;
    assert!(app.text("recovery_key-error").await.contains("64"));
    app.fill("recovery_key", &recovery).await;
    app.press("recovery-form-submit").await;
    app.wait_heading("Set up an administrator").await;
    app.assert_accessible("set up an administrator").await;
    app.fill("full_name", "Agnieszka Wójcik").await;
    app.fill("username", "agnieszka").await;
    app.fill("passphrase", ADMIN_PASS).await;
    app.fill("passphrase_confirm", ADMIN_PASS).await;
    app.press("administrator-form-submit").await;
    app.wait_heading("Home").await;
    assert!(app.text("signed-in-as").await.contains("Agnieszka Wójcik"));
    app.press("nav-audit").await;
    app.wait_heading("Audit trail").await;
    let log = app.text("audit-table").await;
    assert!(log.contains("unlock.recovery_key"), "{log}");
    assert!(log.contains("(recovery key)"), "{log}");
    app.assert_accessible("audit").await;
    app.press("verify-button").await;
    app.wait("verify-result").await;
    for _ in 0..50 {
        if app.text("verify-result").await.contains("intact") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.text("verify-result").await.contains("audit trail of"));
    app.stop().await;
}
