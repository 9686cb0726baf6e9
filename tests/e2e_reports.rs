//! The steering group lead's Reports screen in the real window, by keyboard: the statistics of
//! financial year 2017/18 (eight referrals, seven screened), the journey funnel with its chart
//! and table, a narrative with markup-like text shown back as text, then the annual report
//! exported to PDF and CSV and read back: marked, with contents and the narrative, no one's
//! name, and the CSV's funnel figure the same as the screen's. Then the chair's exact
//! figures, small ones marked. Each screen is scanned with axe-core.

mod common;

use std::process::Command;

use channel_desk_core::casework::*;
use channel_desk_core::{Role, Session};
use chrono::{Days, Months, NaiveDate};
use common::{App, SPACE};

const ADMIN: &str = "administrator's long passphrase";
const LEAD: &str = "steering lead's own passphrase";
const CHAIR: &str = "chair's own long passphrase";
const NARRATIVE: &str = "<b>Delivered</b> & more than planned";
const PERIOD: &str = "2017-04-01..2018-03-31";

/// Who was referred in 2017/18: name (in several scripts), received, born, sector, gender,
/// ethnicity. One is under 10 and one over 60.
const REFERRED: [(&str, &str, &str, &str, &str, &str); 8] = [
    (
        "Amélie Dubois",
        "2017-06-10",
        "2008-01-15",
        "education",
        "female",
        "white_other",
    ),
    (
        "Олександр Коваленко",
        "2017-06-20",
        "2001-03-02",
        "education",
        "male",
        "white_other",
    ),
    (
        "فاطمة الزهراء",
        "2017-07-04",
        "1995-11-30",
        "health",
        "female",
        "asian_pakistani",
    ),
    (
        "王小明",
        "2017-08-15",
        "1990-05-05",
        "police",
        "male",
        "asian_other",
    ),
    (
        "Zoë Ní Bhriain",
        "2017-09-01",
        "2000-12-24",
        "education",
        "female",
        "white_other",
    ),
    (
        "Józef Wiśniewski",
        "2017-10-10",
        "1950-02-01",
        "health",
        "male",
        "white_other",
    ),
    (
        "Nguyễn Thị Hoa",
        "2017-11-21",
        "1998-07-07",
        "police",
        "female",
        "asian_other",
    ),
    (
        "Bilal Chaudhry",
        "2018-02-01",
        "1985-04-04",
        "education",
        "male",
        "asian_pakistani",
    ),
];

/// The first seven are screened: the first five as suitable for Channel.
fn refer_and_screen(s: &mut Session) {
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    for (i, (name, received, born, sector, gender, ethnicity)) in REFERRED.iter().enumerate() {
        let under_18 = day(born) + Months::new(18 * 12) > day(received);
        let id = s
            .record_referral(&ReferralInput {
                received_on: (*received).into(),
                referrer_name: "Referrer (synthetic)".into(),
                referrer_sector: (*sector).into(),
                full_name: (*name).into(),
                date_of_birth: (*born).into(),
                concern_type: "extreme_right_wing".into(),
                concern: "Sharing extremist material (synthetic)".into(),
                categories: CategoriesInput {
                    gender: (*gender).into(),
                    ethnicity: (*ethnicity).into(),
                    needs: vec![],
                },
                mash_informed: if under_18 { "yes" } else { "" }.into(),
                ..Default::default()
            })
            .unwrap();
        if i < 7 {
            let screened = day(received) + Days::new(5);
            s.record_screening(
                id,
                &ScreeningInput {
                    screened_on: screened.to_string(),
                    outcome: if i < 5 {
                        "suitable_for_channel"
                    } else {
                        "not_appropriate_no_further_action"
                    }
                    .into(),
                    information_gathering: "Partners shared information".into(),
                },
            )
            .unwrap();
        }
    }
}

/// Chooses financial year 2017/18 (the chair ticks exact figures if `exact`), shows it.
async fn show_2017(app: &App, exact: bool) {
    app.tab_to("year").await;
    app.keys("2017").await;
    let year = app.js("return document.getElementById('year').value").await;
    assert_eq!(year.as_str(), Some("2017"), "2017/18 chosen");
    if exact {
        app.tab_to("exact").await;
        app.keys(SPACE).await;
    }
    app.press("period-form-submit").await;
    for _ in 0..100 {
        if app.text("report-period").await == "1 April 2017 to 31 March 2018" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("2017/18 did not show: {}", app.body_text().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_steering_group_lead_reads_the_statistics_and_exports_the_annual_report() {
    let app = App::start_with(|db| {
        common::database(
            db,
            ADMIN,
            |s| {
                s.load_seed_plan().unwrap();
                refer_and_screen(s);
            },
            &[
                ("Kwame Mensah", "kwame", Role::SteeringLead, LEAD),
                ("Priya Raman", "priya", Role::Chair, CHAIR),
            ],
        )
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("kwame", LEAD).await;
    app.wait_heading("Home").await;

    // Reports opens on the last complete financial year.
    app.press("nav-reports").await;
    app.wait_heading("Reports").await;
    app.wait("stat-journey_funnel").await;
    app.assert_accessible("reports").await;

    // Financial year 2017/18.
    show_2017(&app, false).await;
    let cell = |n: u32| {
        format!(
            "return [...document.querySelectorAll('#stat-journey_funnel-0 td')][{n}].textContent"
        )
    };
    assert_eq!(app.js(&cell(0)).await.as_str(), Some("Referred"));
    let referred = app.js(&cell(1)).await.as_str().unwrap().to_owned();
    assert_eq!(referred, "8", "eight referrals in 2017/18");
    let chart_then_table = app
        .js(
            "const img = document.getElementById('chart-journey_funnel');
             return img.tagName === 'IMG' && img.getAttribute('src').startsWith('data:image/svg+xml')
               && img.nextElementSibling.id === 'stat-journey_funnel'",
        )
        .await;
    assert_eq!(
        chart_then_table.as_bool(),
        Some(true),
        "the funnel's chart is followed by its table"
    );
    let screened = app.text("stat-journey_funnel-1").await;
    assert!(
        screened.contains("Screened by police") && screened.contains('7'),
        "{screened}"
    );
    assert!(app.text("suppression-rule").await.contains("fewer than 5"));
    app.assert_accessible("statistics of 2017/18").await;

    // A narrative for priority 1, reached through the screen's contents, typed markup kept
    // as text.
    app.press("contents-report-narrative").await;
    app.fill("narrative-1", NARRATIVE).await;
    app.press("narrative-1-form-submit").await;
    app.wait_notice("Narrative for priority 1 saved").await;
    assert_eq!(
        app.text("report-period").await,
        "1 April 2017 to 31 March 2018"
    );
    let kept = app
        .js("const t = document.getElementById('narrative-1');
             return [t.value, document.querySelectorAll('#narrative-1-form b').length]")
        .await;
    assert_eq!(
        kept[0].as_str(),
        Some(NARRATIVE),
        "the narrative shows as typed"
    );
    assert_eq!(kept[1].as_u64(), Some(0), "no markup made of it");

    // The report and its figures.
    app.press("export-csv-submit").await;
    app.wait_notice("Annual report saved").await;
    app.wait("open-export").await;
    let notice = app.text("notice").await;
    assert!(
        notice.contains(".pdf (") && notice.contains(".csv"),
        "{notice}"
    );
    app.assert_accessible("report exported").await;

    let name = "prevent-annual-report-2017-04-01-to-2018-03-31";
    let out = Command::new("pdftotext")
        .arg(app.exports.join(format!("{name}.pdf")))
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    for expected in ["OFFICIAL-SENSITIVE", "Contents", "Priority 1", NARRATIVE] {
        assert!(
            report.contains(expected),
            "{expected} in the report:\n{report}"
        );
    }
    for (person, ..) in REFERRED {
        assert!(!report.contains(person), "{person} is not in the report");
    }

    let csv = std::fs::read_to_string(app.exports.join(format!("{name}.csv"))).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("period,measure,category,breakdown,value")
    );
    let funnel = format!("{PERIOD},journey_funnel,Referred,,");
    let row = lines
        .find(|l| l.starts_with(&funnel))
        .unwrap_or_else(|| panic!("no funnel row in the CSV:\n{csv}"));
    assert_eq!(
        &row[funnel.len()..],
        referred,
        "the CSV's figure is the screen's"
    );

    // The chair sees the exact figures, each small one marked as hidden when circulated,
    // and the narrative as text.
    app.press("lock-button").await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("priya", CHAIR).await;
    app.wait_heading("Home").await;
    app.press("nav-reports").await;
    app.wait_heading("Reports").await;
    show_2017(&app, true).await;
    let education = app.text("stat-referrals_by_sector-0").await;
    assert!(
        education.contains("Education")
            && education.contains('4')
            && education.contains("hidden when circulated"),
        "{education}"
    );
    assert!(app
        .text("suppression-rule")
        .await
        .contains("Exact figures are shown"));
    assert_eq!(app.text("narrative-1").await, NARRATIVE);
    app.assert_accessible("the chair's exact figures").await;
    app.stop().await;
}
