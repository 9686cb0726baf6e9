//! A child's journey through Channel in the real window, by keyboard, as the panel's chair:
//! referral (with sex or gender, ethnicity and a need, later corrected), screening, VAF,
//! adoption, a parent's consent, support, remain, exit, and the 6-month review due; each
//! decision outside a panel meeting asks why it could not wait, beside that field. Markup
//! typed into a field shows as text. Each screen is scanned with axe-core. An empty referral
//! shows every error at once; unlocking returns the same person to where they were, and
//! anyone else to Home. A review after exit recorded before it is due asks why, beside that
//! field; an administrator sees the chair's decisions and why they could not wait, and no
//! form to record one.

mod common;

use channel_desk_core::casework::{CategoriesInput, ReferralInput};
use channel_desk_core::common::dates::today;
use channel_desk_core::Role;
use chrono::{Datelike, Duration, Months};
use common::{App, ARROW_DOWN, ENTER, SPACE};

const PASS: &str = "chair's long passphrase";
const MARKUP: &str = "<img src=x onerror=alert(1)>";
/// Why the chair's decisions in the journey could not wait for the next panel meeting.
const WHY_NOW: &str = "The family moves abroad before the next panel meeting";

/// The value beside `key` in the case's summary list.
async fn summary_value(app: &App, key: &str) -> String {
    app.js(&format!(
        "const dt = [...document.querySelectorAll('main dt')].find(d => d.textContent === '{key}');
         return dt ? dt.nextElementSibling.innerText : ''"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Unlocks as `username` and opens the case list.
async fn unlock_to_cases(app: &App, username: &str, passphrase: &str) {
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock(username, passphrase).await;
    app.wait_heading("Home").await;
    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
}

/// Records a decision as the chair, saying why it could not wait: `position` is the
/// decision's place among the radios (adopt first).
async fn decide(app: &App, position: usize, days_ago: i64, exit: bool) {
    app.open_tab("decisions").await;
    app.fill("urgent_reason", WHY_NOW).await;
    app.tab_to("kind").await;
    app.keys(SPACE).await;
    for _ in 0..position {
        app.keys(ARROW_DOWN).await;
    }
    app.fill_date("decided_on", today() - Duration::days(days_ago))
        .await;
    app.fill("rationale", "Partners agreed at the panel").await;
    app.tab_to("how_reached").await;
    app.keys(SPACE).await;
    if exit {
        app.tab_to("exit_reason").await;
        app.keys(SPACE).await;
    }
    app.press("decision-form-submit").await;
    app.wait_notice("Decision recorded").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fifteen_year_old_through_channel_by_keyboard() {
    let app = App::start_with(|db| common::database(db, PASS, |_| {}, &[common::CHAIR])).await;
    unlock_to_cases(&app, common::CHAIR.1, common::CHAIR.3).await;
    assert!(app
        .text("empty-state")
        .await
        .contains("No referrals are recorded yet"));
    app.assert_accessible("empty case list").await;

    // The referral: a 15-year-old whose name is in Cyrillic.
    app.press("new-referral").await;
    app.wait_heading("Record a referral").await;
    app.assert_accessible("new referral").await;
    app.press("referral-form-submit").await;
    app.wait("error-summary").await;
    assert!(app
        .text("received_on-error")
        .await
        .contains("Enter the date"));
    app.assert_accessible("new referral with errors").await;
    app.fill_date("received_on", today() - Duration::days(60))
        .await;
    app.fill("referrer_name", "Designated safeguarding lead")
        .await;
    app.tab_to("referrer_sector").await;
    app.keys("Education").await;
    app.fill("full_name", "Мария Петрова").await;
    app.fill("other_names", MARKUP).await;
    let born = today()
        .checked_sub_months(Months::new(12 * 15 + 3))
        .unwrap();
    app.fill_date("date_of_birth", born).await;
    app.tab_to("gender").await;
    app.keys("Female").await;
    // Enter in the address starts a new line (WebDriver drops a typed "\n").
    app.tab_to("address").await;
    app.keys("Flat 2").await;
    app.keys(ENTER).await;
    app.keys("14 Acacia Avenue").await;
    // Ethnic groups are grouped by ONS group; typing finds one within its group.
    app.tab_to("ethnicity").await;
    app.keys("Mixed").await;
    app.tab_to("concern_type").await;
    app.keys("Extreme").await;
    app.fill("concern", &format!("Shared material in class {MARKUP}"))
        .await;
    // The first need, "Anxiety", ticked with the space bar.
    app.tab_to("needs").await;
    app.keys(SPACE).await;
    app.tab_to("mash_informed").await;
    app.keys(SPACE).await;
    app.press("referral-form-submit").await;
    app.wait_notice("Referral recorded").await;
    app.wait_heading("Мария Петрова").await;
    assert!(app.text("case-summary").await.contains("15"));
    // Shown with its line break: the text keeps it and the element honours it.
    let address = app
        .js("const e = document.getElementById('case-address');
             return [e.textContent, getComputedStyle(e).whiteSpace]")
        .await;
    assert_eq!(
        address,
        serde_json::json!(["Flat 2\n14 Acacia Avenue", "pre-line"]),
        "a line break typed in the address shows as one"
    );
    assert_eq!(summary_value(&app, "Sex or gender").await, "Female");
    assert_eq!(
        summary_value(&app, "Ethnicity").await,
        "Mixed: White and Asian"
    );
    assert_eq!(summary_value(&app, "Needs").await, "Anxiety");
    app.assert_accessible("case summary").await;

    // The ethnicity corrected: the summary shows the new one. "None identified" (after the
    // 15 grouped needs) with "Anxiety" is refused beside the needs.
    app.press("open-categories-form").await;
    app.tab_to("ethnicity").await;
    app.keys("Black").await;
    app.tab_to("needs-15").await;
    app.keys(SPACE).await;
    app.press("categories-form-submit").await;
    app.wait("error-summary").await;
    assert!(app
        .text("needs-error")
        .await
        .contains("cannot be chosen with another need"));
    app.assert_accessible("sex or gender, ethnicity and needs form")
        .await;
    app.tab_to("needs-15").await;
    app.keys(SPACE).await;
    app.press("categories-form-submit").await;
    app.wait_notice("Sex or gender, ethnicity and needs recorded")
        .await;
    assert_eq!(summary_value(&app, "Ethnicity").await, "Black: African");
    assert_eq!(summary_value(&app, "Sex or gender").await, "Female");
    assert_eq!(summary_value(&app, "Needs").await, "Anxiety");

    // Screening and the VAF.
    app.press("start-screening").await;
    app.wait_notice("Sent for police screening").await;
    app.fill_date("screened_on", today() - Duration::days(55))
        .await;
    app.tab_to("outcome").await;
    app.keys(SPACE).await;
    app.press("screening-form-submit").await;
    app.wait_notice("Screening outcome recorded").await;
    app.open_tab("vaf").await;
    app.press("open-vaf-form").await;
    app.fill_date("assessed_on", today() - Duration::days(50))
        .await;
    app.fill("assessor", "Channel coordinator").await;
    app.tab_to("factor-grievance").await;
    app.keys(SPACE).await;
    app.fill("engagement_summary", "Looking for belonging online")
        .await;
    app.fill("intent_summary", "No intent seen").await;
    app.fill("capability_summary", "None").await;
    app.fill("conclusion", "Support recommended").await;
    app.assert_accessible("VAF form").await;
    app.press("vaf-form-submit").await;
    app.wait_notice("VAF assessment recorded").await;
    app.open_tab("summary").await;
    app.press("send-to-panel").await;
    app.wait_notice("Ready for the panel").await;

    // Adopt, outside a panel meeting: first refused without saying why it could not wait.
    app.open_tab("decisions").await;
    app.press("decision-form-submit").await;
    app.wait("error-summary").await;
    assert!(app
        .text("urgent_reason-error")
        .await
        .contains("Say why this decision could not wait for the next panel meeting"));
    app.assert_accessible("a decision refused without its reason")
        .await;
    decide(&app, 0, 40, false).await;
    // A parent's consent; support.
    app.assert_accessible("decisions").await;
    app.open_tab("consent").await;
    app.fill_date("sought_on", today() - Duration::days(39))
        .await;
    app.fill("sought_by", "Channel coordinator").await;
    app.tab_to("status").await;
    app.keys(SPACE).await;
    app.fill_date("status_on", today() - Duration::days(38))
        .await;
    app.tab_to("given_by").await;
    app.keys(SPACE).await;
    app.keys(ARROW_DOWN).await;
    app.fill("guardian_name", "Елена Петрова").await;
    app.fill("guardian_relationship", "Mother").await;
    app.press("consent-form-submit").await;
    app.wait_notice("Consent recorded").await;
    let consents = app.text("consent-table").await;
    assert!(consents.contains("Елена Петрова (Mother)"));
    assert!(
        consents.contains("Given"),
        "the answer by its label: {consents}"
    );
    app.assert_accessible("consent").await;

    app.open_tab("support").await;
    app.tab_to("kind").await;
    app.keys("Intervention").await;
    app.fill("provider", "Approved mentor").await;
    app.fill_date("start_on", today() - Duration::days(30))
        .await;
    app.fill_date("planned_end_on", today() + Duration::days(90))
        .await;
    app.fill("sessions_planned", "10").await;
    app.press("intervention-form-submit").await;
    app.wait_notice("Support planned").await;
    let status_summary = app
        .js("const d = document.querySelector('[id^=\"open-status-\"]'); return d ? d.id : ''")
        .await;
    let id = status_summary
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("open-status-")
        .to_owned();
    assert!(
        !id.is_empty(),
        "the planned support is listed:\n{}",
        app.body_text().await
    );
    // Its start date has passed without it starting: flagged.
    assert!(app
        .text(&format!("flag-{id}"))
        .await
        .contains("Planned start has passed"));
    app.press(&format!("open-status-{id}")).await;
    // Completed needs an outcome: said beside this intervention's own field.
    app.tab_to(&format!("status-{id}")).await;
    app.keys("Completed").await;
    app.press(&format!("status-form-{id}-submit")).await;
    assert!(app
        .text(&format!("outcome-{id}-error"))
        .await
        .contains("Enter the outcome"));
    app.tab_to(&format!("status-{id}")).await;
    // A select's type-ahead joins keys typed within a second: "Completed" then "Active"
    // straight after would match nothing and leave Completed chosen.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    app.keys("Active").await;
    assert_eq!(
        app.js(&format!(
            "return document.getElementById('status-{id}').value"
        ))
        .await
        .as_str(),
        Some("active")
    );
    app.press(&format!("status-form-{id}-submit")).await;
    app.wait_notice("Support updated").await;
    assert_eq!(summary_value(&app, "Status").await, "Active");
    app.assert_accessible("support").await;

    // Remain, then exit: the 6-month review is due six months after the exit.
    decide(&app, 2, 20, false).await;
    decide(&app, 3, 5, true).await;
    let due = (today() - Duration::days(5))
        .checked_add_months(Months::new(6))
        .unwrap();
    let summary = app.text("case-summary").await;
    assert!(
        summary.contains(&format!("6-month review due {}", due.format("%-d %B %Y"))),
        "{summary}"
    );
    app.open_tab("timeline").await;
    app.assert_accessible("timeline").await;
    let timeline = app.text("timeline").await;
    assert_eq!(
        timeline.matches(WHY_NOW).count(),
        3,
        "each decision says why it could not wait: {timeline}"
    );
    let run_together = timeline
        .match_indices("by ")
        .filter(|(i, _)| *i > 0 && !timeline[..*i].ends_with(char::is_whitespace))
        .count();
    assert_eq!(
        run_together, 0,
        "each title stands apart from its byline: {timeline}"
    );

    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    let list = app.text("cases-table").await;
    assert!(list.contains("Exited: 6-month review due"), "{list}");
    assert!(list.contains(MARKUP), "markup shows as text: {list}");
    assert_eq!(
        app.js("return document.querySelectorAll('main img').length")
            .await,
        0
    );
    app.assert_accessible("case list").await;

    // Search: a name that is not there, then the person's name in lower case.
    app.fill("case-search", "Zoë").await;
    app.press("apply-filter").await;
    assert!(app.text("empty-state").await.contains("No case matches"));
    app.assert_accessible("case list with no match").await;
    app.fill("case-search", "мария").await;
    app.press("apply-filter").await;
    let found = app.text("cases-table").await;
    assert!(
        found.contains("Мария Петрова") && found.contains("1 case,"),
        "{found}"
    );
    app.stop().await;
}

/// The errors a form shows, each in the order of the page: the summary's (where its link goes,
/// what it says) and those beside the fields (the message's id, what it says).
async fn errors_shown(app: &App) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let shown = app
        .js("const s = document.getElementById('error-summary');
             if (!s) return [[], []];
             return [
               [...s.querySelectorAll('li')].map(li => {
                 const a = li.querySelector('a');
                 return [a ? a.getAttribute('href') : '', li.textContent];
               }),
               [...document.querySelectorAll('form .govuk-error-message')].map(p => [p.id, p.textContent]),
             ]")
        .await;
    serde_json::from_value(shown).unwrap()
}

/// Asserts that the summary links to exactly `fields`, in that order, and that each field
/// shows the same message beside it, marked as an error.
async fn assert_errors_at(app: &App, fields: &[&str]) {
    let (summary, beside) = errors_shown(app).await;
    let links: Vec<_> = summary.iter().map(|(href, _)| href.as_str()).collect();
    let expected: Vec<_> = fields.iter().map(|f| format!("#{f}")).collect();
    assert_eq!(
        links, expected,
        "the summary links to each field in page order"
    );
    let ids: Vec<_> = beside.iter().map(|(id, _)| id.as_str()).collect();
    let expected: Vec<_> = fields.iter().map(|f| format!("{f}-error")).collect();
    assert_eq!(ids, expected, "each field shows its error beside it");
    for ((_, listed), (id, next_to)) in summary.iter().zip(&beside) {
        assert_eq!(next_to, &format!("Error: {listed}"), "{id}");
    }
    let marked = app
        .js("return document.querySelectorAll('form .govuk-form-group--error').length")
        .await;
    assert_eq!(marked.as_u64(), Some(fields.len() as u64));
}

/// Opens the new referral form from the case list.
async fn new_referral(app: &App) {
    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    app.press("new-referral").await;
    app.wait_heading("Record a referral").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_referral_shows_every_error_at_once_in_page_order() {
    // Every field error the core finds in an empty referral, in its order (the form's, as
    // the core's tests check).
    let mut every = Vec::new();
    let app = App::start_with(|db| {
        common::database(
            db,
            PASS,
            |s| {
                let err = s.record_referral(&ReferralInput::default()).unwrap_err();
                every = err.field_errors().iter().map(|e| e.field).collect();
            },
            &[],
        )
    })
    .await;
    assert!(every.len() > 5, "{every:?}");
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;
    new_referral(&app).await;

    app.press("referral-form-submit").await;
    app.wait("error-summary").await;
    assert_errors_at(&app, &every).await;
    let full_name = every.iter().position(|f| *f == "full_name").unwrap();
    assert_eq!(
        errors_shown(&app).await.0[full_name].1,
        "Enter the person's full name"
    );
    assert_eq!(app.active_id().await, "error-summary");
    app.assert_accessible("empty referral with every error")
        .await;

    // One field put right: the rest are still shown, and only they.
    app.fill("full_name", "Ngozi Okafor").await;
    app.press("referral-form-submit").await;
    for _ in 0..50 {
        if errors_shown(&app).await.0.len() < every.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    every.remove(full_name);
    assert_errors_at(&app, &every).await;
    assert_eq!(app.active_id().await, "error-summary");
    app.stop().await;
}

/// Locks with the Lock button, and unlocks as `username`.
async fn lock_and_unlock(app: &App, username: &str, passphrase: &str) {
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock(username, passphrase).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unlocking_returns_the_same_person_to_their_screen_and_anyone_else_to_home() {
    const NAME: &str = "Grażyna Wiśniewska";
    const OTHER: &str = "Tomasz's own long passphrase";
    let received = today() - Duration::days(30);
    let reference = format!("CH-{}-0001", received.year());
    let app = App::start_with(|db| {
        common::database(
            db,
            PASS,
            |s| {
                s.record_referral(&ReferralInput {
                    received_on: received.to_string(),
                    referrer_name: "Community centre".into(),
                    referrer_sector: "community".into(),
                    full_name: NAME.into(),
                    approximate_age: "67".into(),
                    categories: CategoriesInput {
                        gender: "female".into(),
                        ethnicity: "not_known".into(),
                        needs: Vec::new(),
                    },
                    concern_type: "conflicted".into(),
                    concern: "Leaflets left in the centre".into(),
                    ..Default::default()
                })
                .unwrap();
            },
            &[("Tomasz Nowak", "tomasz", Role::Secretariat, OTHER)],
        )
    })
    .await;
    let open_case = || async {
        app.press("nav-cases").await;
        app.wait_heading("Referrals and cases").await;
        app.press(&format!("open-{reference}")).await;
        app.wait_heading(NAME).await;
    };
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;
    open_case().await;

    // Locked on the case record, the same person comes back to it.
    lock_and_unlock(&app, "sunita", PASS).await;
    app.wait_heading(NAME).await;
    assert!(app.text("case-summary").await.contains(&reference));
    assert_eq!(
        app.js("return document.getElementById('nav-cases').getAttribute('aria-current')")
            .await,
        "page"
    );

    // Locked while typing a referral, they come back to it, empty.
    new_referral(&app).await;
    app.fill("full_name", "Typed before the lock").await;
    lock_and_unlock(&app, "sunita", PASS).await;
    app.wait_heading("Record a referral").await;
    assert_eq!(
        app.js("return document.getElementById('full_name').value")
            .await,
        ""
    );

    // Someone else starts at Home, and the place is not kept for later.
    open_case().await;
    lock_and_unlock(&app, "tomasz", OTHER).await;
    app.wait_heading("Home").await;
    assert!(app.text("signed-in-as").await.contains("Tomasz Nowak"));
    lock_and_unlock(&app, "sunita", PASS).await;
    app.wait_heading("Home").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_before_its_due_date_asks_why_it_is_held_early() {
    const NAME: &str = "Dafydd ap Llewelyn";
    const WHY: &str = "Moving out of the borough next week";
    // Left Channel 18 days ago: the 6-month review is months away.
    let due = (today() - Duration::days(18))
        .checked_add_months(Months::new(6))
        .unwrap();
    let reference = format!("CH-{}-0001", (today() - Duration::days(108)).year());
    let app = App::start_with(|db| {
        let mut id = 0;
        common::database(
            db,
            PASS,
            |s| id = common::awaiting_panel(s, NAME, 64, 108),
            &[common::CHAIR],
        );
        common::as_chair(db, |chair| {
            common::decide(chair, id, "adopt", 78);
            common::decide(chair, id, "exit", 18);
        });
    })
    .await;
    unlock_to_cases(&app, "sunita", PASS).await;
    app.press(&format!("open-{reference}")).await;
    app.wait_heading(NAME).await;

    // Recorded today without a reason: refused beside the reason, naming the due date.
    app.fill_date("reviewed_on", today()).await;
    app.fill("notes", "Settled; no concerns").await;
    app.press("review-form-submit").await;
    app.wait("error-summary").await;
    let error = app.text("early_reason-error").await;
    assert!(
        error.contains(&due.format("%-d %B %Y").to_string()),
        "{error}"
    );
    app.assert_accessible("an early review refused").await;

    app.fill("early_reason", WHY).await;
    app.press("review-form-submit").await;
    app.wait_notice("Review recorded").await;
    app.open_tab("timeline").await;
    assert!(app.text("timeline").await.contains(WHY));

    // The administrator reads the chair's decisions, each with why it could not wait for the
    // panel, and is told where the panel's are recorded instead of given a form.
    app.open_tab("decisions").await;
    let decisions = app.text("main").await;
    assert_eq!(decisions.matches(common::URGENT).count(), 2, "{decisions}");
    assert!(app
        .text("decisions-at-meetings")
        .await
        .contains("Only the chair can record a decision here"));
    assert_eq!(
        app.js("return document.getElementById('decision-form') === null")
            .await,
        true
    );
    app.assert_accessible("decisions for an administrator")
        .await;
    app.stop().await;
}
