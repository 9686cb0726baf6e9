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

/// The recovery key as shown with its last group changed: a key, but not this database's.
fn another_key(key: &str) -> String {
    let (rest, last) = key.rsplit_once(' ').unwrap();
    format!("{rest} {}", if last == "0000" { "1111" } else { "0000" })
}

/// Types `wrong` as the recovery key and submits `form`: refused beside the field.
async fn refused_as_not_this_key(app: &App, wrong: &str, form: &str) {
    app.fill("recovery_key", wrong).await;
    app.press(&format!("{form}-submit")).await;
    assert!(app
        .text("recovery_key-error")
        .await
        .contains("not this database's recovery key"));
}

/// Whether the window warns that the recovery key was never confirmed.
async fn warned(app: &App) -> bool {
    app.js("const w = document.getElementById('recovery-key-warning'); return !!w && !w.hidden && w.innerText.includes('never been confirmed');")
        .await
        .as_bool()
        .unwrap_or(false)
}

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

    // The recovery key, shown once, and typed back in full.
    app.wait_heading("Your recovery key").await;
    let key = app.text("recovery-key").await;
    assert_eq!(key.split_whitespace().count(), 16, "{key}");
    app.assert_accessible("recovery key").await;
    refused_as_not_this_key(&app, &another_key(&key), "recovery-confirm-form").await;
    app.fill("recovery_key", &key.to_lowercase()).await;
    app.press("recovery-confirm-form-submit").await;

    app.wait_heading("Home").await;
    assert!(!warned(&app).await, "a confirmed key is not warned of");
    assert!(app.text("signed-in-as").await.contains("Administrator"));
    app.assert_accessible("home").await;
    // What Tauri cannot turn into a command's arguments reaches the window as a typed
    // refusal it can show, not as "internal".
    let unread = app
        .js("return import('./js/api/call.js')
               .then((api) => api.call('add_note', { caseId: 'not a number', note: 'n' }))
               .then(() => 'accepted', (e) => `${e.code}: ${e.message}`)")
        .await;
    assert_eq!(
        unread,
        "bad_request: The window sent something Channel Desk could not read, so nothing was changed."
    );
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

    // The record of failed attempts deleted while locked: said plainly at the next unlock.
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    let mut attempts = app.db.clone().into_os_string();
    attempts.push(".attempts");
    std::fs::remove_file(attempts).unwrap();
    app.unlock(ADMIN, ADMIN_PASS).await;
    app.wait_heading("Home").await;
    assert!(app
        .text("attempts-record-lost")
        .await
        .contains("deleted or replaced"));
    app.assert_accessible("home, warned of the attempts record")
        .await;

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

    // Removing them rotates the data key: a new recovery key, shown once and typed back.
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock(ADMIN, ADMIN_PASS).await;
    app.wait_heading("Home").await;
    // The check of the whole file run at each unlock: its result, for administrators.
    let mut check = String::new();
    for _ in 0..100 {
        check = app.text("integrity").await;
        if !check.contains("being checked") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(check.contains("the file is intact"), "{check}");
    assert!(
        check.contains("The audit trail ends at audit row"),
        "{check}"
    );
    app.assert_accessible("home with the file check").await;
    app.press("nav-settings").await;
    app.wait_heading("Settings").await;
    app.press("remove-emile.dubois").await;
    app.wait_heading(&format!("Remove {MARKUP_NAME}'s access?"))
        .await;
    app.assert_accessible("remove a person").await;
    app.press("confirm-remove").await;
    app.wait_heading("The new recovery key").await;
    assert!(app.text("removed").await.contains("can no longer unlock"));
    let key = app.text("recovery-key").await;
    app.fill("recovery_key", &key).await;
    app.press("recovery-confirm-form-submit").await;
    app.wait_notice("The new recovery key is confirmed").await;
    assert!(!app.text("people-table").await.contains("emile.dubois"));
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("emile.dubois", OWN_PASS).await;
    app.wait("error-summary").await;
    assert!(app.body_text().await.contains("not recognised"));
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
    assert!(log.contains("Unlocked with the recovery key"), "{log}");
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

/// Starts the app again on the database files of `app`, as after closing the window.
async fn relaunch(app: App) -> App {
    app.client.clone().close().await.unwrap();
    let kept = tempfile::tempdir().unwrap();
    let dir = app.db.parent().unwrap().to_owned();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with("panel.db") {
            std::fs::copy(entry.path(), kept.path().join(entry.file_name())).unwrap();
        }
    }
    drop(app);
    App::start_with(|db| {
        for entry in std::fs::read_dir(kept.path()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), db.with_file_name(entry.file_name())).unwrap();
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recovery_key_never_typed_back_is_warned_of_at_every_unlock_until_confirmed() {
    let app = App::start().await;
    app.wait_heading("Create a new Channel Desk database").await;
    app.fill("full_name", "Bronwen Price").await;
    app.fill("username", "bronwen").await;
    app.fill("passphrase", ADMIN_PASS).await;
    app.fill("passphrase_confirm", ADMIN_PASS).await;
    app.press("create-form-submit").await;
    app.wait_heading("Your recovery key").await;
    let key = app.text("recovery-key").await;

    // The window is closed on the recovery key: it was never typed back.
    let app = relaunch(app).await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("bronwen", ADMIN_PASS).await;
    app.wait_heading("Home").await;
    assert!(warned(&app).await, "{}", app.body_text().await);
    app.assert_accessible("home, warned of the recovery key")
        .await;

    // The administrator follows the warning to Settings and types the key.
    app.press("recovery-key-warning-link").await;
    app.wait_heading("Settings").await;
    assert!(app
        .text("recovery-key-unconfirmed")
        .await
        .contains("never been confirmed"));
    app.press("confirm-recovery-key").await;
    app.wait_heading("Confirm the recovery key").await;
    app.assert_accessible("confirm the recovery key").await;
    refused_as_not_this_key(&app, &another_key(&key), "confirm-key-form").await;
    app.fill("recovery_key", &key).await;
    app.press("confirm-key-form-submit").await;
    app.wait_notice("The recovery key is confirmed").await;
    assert!(!warned(&app).await);

    // Confirmed for good: the next unlock says nothing of it.
    app.press("nav-home").await;
    app.wait_heading("Home").await;
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("bronwen", ADMIN_PASS).await;
    app.wait_heading("Home").await;
    assert!(!warned(&app).await, "{}", app.body_text().await);

    // A new key replaces it: shown once, warned of until it too is typed back.
    app.press("nav-settings").await;
    app.wait_heading("Settings").await;
    app.press("issue-recovery-key").await;
    app.wait_heading("Issue a new recovery key").await;
    app.assert_accessible("issue a new recovery key").await;
    app.fill("passphrase", ADMIN_PASS).await;
    app.press("issue-key-form-submit").await;
    app.wait_heading("The new recovery key").await;
    let new_key = app.text("recovery-key").await;
    assert_ne!(new_key, key);
    assert!(warned(&app).await);
    refused_as_not_this_key(&app, &key, "recovery-confirm-form").await;
    app.fill("recovery_key", &new_key).await;
    app.press("recovery-confirm-form-submit").await;
    app.wait_notice("The new recovery key is confirmed").await;
    assert!(!warned(&app).await);
    app.stop().await;
}
