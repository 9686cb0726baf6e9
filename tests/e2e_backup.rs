//! Backup and restore in the real window: Home reminds an administrator that no backup was
//! ever made; "Back up now" shows its progress and says when the backup is made and checked;
//! a backup opened shows what it holds before anything is replaced; restoring it over the
//! database in use returns to the unlock screen; and on a new laptop the start screen
//! restores one. Each screen is scanned with axe-core.

mod common;

use channel_desk_core::{IfExists, Paths};
use common::App;

const ADMIN_PASS: &str = "a long passphrase for Sunita";

fn backups_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "cdbackup"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn back_up_see_what_the_backup_holds_and_restore_it_over_the_database() {
    let app = App::start_with(|db| {
        common::database(
            db,
            ADMIN_PASS,
            |s| {
                common::awaiting_panel(s, "Aleksandra Kowalska", 8, 30);
            },
            &[],
        )
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", ADMIN_PASS).await;
    app.wait_heading("Home").await;
    assert!(app.text("backup-due").await.contains("No backup"));
    app.press("home-backup").await;

    app.wait_heading("Backup and restore").await;
    app.assert_accessible("backup and restore").await;
    app.press("back-up-now").await;
    app.wait_notice("Backup made and checked").await;
    let backups = backups_in(&app.exports);
    assert_eq!(backups.len(), 1);
    assert_eq!(
        app.js("return document.getElementById('last-backup').innerText")
            .await
            .as_str()
            .map(|t| t.starts_with("The last backup was made")),
        Some(true)
    );
    app.assert_accessible("backup made").await;

    // Opened with a wrong passphrase: refused beside the form, nothing shown.
    app.fill("username", "sunita").await;
    app.fill("passphrase", "not the passphrase at all").await;
    app.press("open-backup-form-submit").await;
    app.wait("error-summary").await;
    assert!(app.body_text().await.contains("not recognised"));

    app.fill("passphrase", ADMIN_PASS).await;
    app.press("open-backup-form-submit").await;
    app.wait_heading("What this backup holds").await;
    let counts = app.text("backup-counts").await;
    assert!(counts.contains("Cases"), "{counts}");
    assert!(app.text("backup-people").await.contains("Sunita Rao"));
    assert!(app
        .text("restore-replaces")
        .await
        .contains("kept beside it"));
    app.assert_accessible("what this backup holds").await;
    app.press("restore-backup").await;

    app.wait_heading("Unlock Channel Desk").await;
    assert!(app.body_text().await.contains("Restored the backup made"));
    app.assert_accessible("unlock after restore").await;
    app.unlock("sunita", ADMIN_PASS).await;
    // The same person goes back to the screen they were on, now of the restored database,
    // whose last backup is the one restored.
    app.wait_heading("Backup and restore").await;
    assert!(app
        .text("last-backup")
        .await
        .starts_with("The last backup was made"));
    let folder = app.db.parent().unwrap();
    let kept: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("panel.before-restore-") && n.ends_with(".db"))
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "the database replaced is kept beside: {kept:?}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_laptop_restores_a_backup_from_the_start_screen() {
    let elsewhere = tempfile::tempdir().unwrap();
    let old = elsewhere.path().join("old.db");
    common::database(
        &old,
        ADMIN_PASS,
        |s| {
            common::awaiting_panel(s, "Jean-Baptiste Mbeki", 67, 20);
        },
        &[],
    );
    let file = elsewhere.path().join("panel.cdbackup");
    let mut session =
        channel_desk_core::unlock(&Paths::new(&old), "sunita", ADMIN_PASS, chrono::Utc::now())
            .unwrap()
            .session;
    session
        .back_up(&file, IfExists::Refuse, &mut |_| {})
        .unwrap();
    session.lock("test").unwrap();

    let app = App::start_with_env(
        |_| {},
        &[("CHANNEL_DESK_BACKUP_FILE", file.to_str().unwrap())],
    )
    .await;
    app.wait_heading("Create a new Channel Desk database").await;
    app.press("restore-from-backup").await;
    app.wait_heading("Restore from a backup").await;
    app.assert_accessible("restore from a backup").await;
    app.fill("username", "sunita").await;
    app.fill("passphrase", ADMIN_PASS).await;
    app.press("open-backup-form-submit").await;
    app.wait_heading("What this backup holds").await;
    assert!(app.text("backup-people").await.contains("Sunita Rao"));
    app.assert_accessible("what the backup holds on a new laptop")
        .await;
    assert!(!app.db.exists(), "nothing restored before it is asked for");
    app.press("restore-backup").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", ADMIN_PASS).await;
    app.wait_heading("Home").await;
    assert!(app.body_text().await.contains("Sunita Rao"));
    app.stop().await;
}
