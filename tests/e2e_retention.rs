//! An administrator in the real window: Settings leads to the cases past their retention
//! period, where a case closed in 2017 is listed with the day it closed; it is erased after a
//! confirmation and is then gone from that list and from the case list. From another case's
//! record the subject access request is written to PDF and read back. Each screen is scanned
//! with axe-core.

mod common;

use std::process::Command;

use channel_desk_core::casework::*;
use channel_desk_core::common::dates::today;
use channel_desk_core::Session;
use common::App;

const ADMIN: &str = "administrator's long passphrase";
const ERASED: &str = "Олена Шевченко";
const KEPT: &str = "Siobhán Ó Briain";

/// A referral of March 2017 screened out ten days later: closed since 10 March 2017.
fn closed_in_2017(s: &mut Session) -> i64 {
    let id = s
        .record_referral(&ReferralInput {
            received_on: "2017-03-01".into(),
            referrer_name: "Referrer (synthetic)".into(),
            referrer_sector: "community".into(),
            full_name: ERASED.into(),
            date_of_birth: "1951-07-19".into(),
            concern_type: "extreme_right_wing".into(),
            concern: "Posting hostile material (synthetic)".into(),
            categories: CategoriesInput {
                gender: "female".into(),
                ethnicity: "white_other".into(),
                needs: vec![],
            },
            ..Default::default()
        })
        .unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: "2017-03-10".into(),
            outcome: "not_appropriate_no_further_action".into(),
            information_gathering: "Nothing further (synthetic)".into(),
        },
    )
    .unwrap();
    id
}

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_erases_a_case_past_retention_and_exports_a_subject_access_request() {
    let mut ids = (0, String::new(), String::new());
    let app = App::start_with(|db| {
        common::database(
            db,
            ADMIN,
            |s| {
                ids.0 = closed_in_2017(s);
                ids.1 = s.case_record(ids.0).unwrap().reference;
                let kept = common::awaiting_panel(s, KEPT, 72, 40);
                ids.2 = s.case_record(kept).unwrap().reference;
            },
            &[],
        )
    })
    .await;
    let (erased_id, erased_ref, kept_ref) = ids;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", ADMIN).await;
    app.wait_heading("Home").await;

    app.press("nav-settings").await;
    app.wait_heading("Settings").await;
    app.press("review-retention").await;
    app.wait_heading("Cases past their retention period").await;
    let row = app.text(&format!("due-{erased_id}")).await;
    assert!(
        row.contains(&erased_ref) && row.contains("10 March 2017") && row.contains("Closed"),
        "{row}"
    );
    assert!(
        !app.body_text().await.contains(&kept_ref),
        "an open case is not listed"
    );
    app.assert_accessible("cases past retention").await;

    app.press(&format!("erase-{erased_id}")).await;
    app.wait_heading("Erase 1 case?").await;
    assert!(app.text("erase-warning").await.contains("cannot be undone"));
    app.assert_accessible("erase confirmation").await;
    app.press("confirm-erase").await;
    app.wait_notice("Erased 1 case").await;
    app.wait("empty-state").await;
    app.assert_accessible("nothing past retention").await;

    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    let list = app.text("cases-table").await;
    assert!(list.contains(&kept_ref), "{list}");
    assert!(
        !list.contains(&erased_ref) && !list.contains(ERASED),
        "{list}"
    );

    // The subject access request of the case kept, from its record.
    app.press(&format!("open-{kept_ref}")).await;
    app.wait_heading(KEPT).await;
    app.press("subject-access").await;
    app.press("export-subject-access").await;
    app.wait_notice("Saved the subject access request").await;
    app.assert_accessible("case record with its subject access request")
        .await;
    let pdf = app
        .exports
        .join(format!("subject-access-request-{}.pdf", today()));
    let text = pdftotext(&pdf);
    for expected in [
        KEPT,
        "OFFICIAL-SENSITIVE",
        "4 Acacia Avenue",
        kept_ref.as_str(),
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(!text.contains(ERASED));
    app.stop().await;
}
