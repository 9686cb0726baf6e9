//! The statistics against a hand-built set of referrals whose right answers are worked out
//! here by hand (see each case's comment), not with the app's queries: age band boundaries,
//! an approximate age, a re-referral counted in its own period, a case exited in one year and
//! reviewed in the next, the funnel, timings, suppression including a secondary cell.

mod support;

use channel_desk_core::stats::{StatTable, Statistics};
use channel_desk_core::{CoreError, Role};

use support::as_role;
use support::journeys::build;

const FY17: (&str, &str) = ("2017-04-01", "2018-03-31");
const FY18: (&str, &str) = ("2018-04-01", "2019-03-31");
fn table<'a>(stats: &'a Statistics, id: &str) -> &'a StatTable {
    if id == stats.funnel.id {
        return &stats.funnel;
    }
    stats
        .tables
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

/// The table's rows as (category, cells as printed).
fn rows(stats: &Statistics, id: &str) -> Vec<(String, Vec<String>)> {
    table(stats, id)
        .rows
        .iter()
        .map(|r| {
            (
                r.category.clone(),
                r.cells.iter().map(|c| c.text.clone()).collect(),
            )
        })
        .collect()
}

fn row(stats: &Statistics, id: &str, category: &str) -> Vec<String> {
    rows(stats, id)
        .into_iter()
        .find(|(c, _)| c == category)
        .unwrap_or_else(|| panic!("{id} has no row {category}: {:?}", rows(stats, id)))
        .1
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

#[test]
fn exact_figures_for_the_chair_match_the_hand_counted_answers() {
    let (dir, mut s) = build();
    let mut chair = as_role(&dir, &mut s, Role::Chair, "hannah");
    let y1 = chair.statistics(FY17.0, FY17.1, true).unwrap();
    let y2 = chair.statistics(FY18.0, FY18.1, true).unwrap();
    assert_eq!(y1.referrals.value, Some(8));
    assert_eq!(
        y2.referrals.value,
        Some(2),
        "the re-referral is a new referral in its own year"
    );
    assert_eq!(y2.previous.key, "2017-04-01..2018-03-31");

    // The journey of FY17's eight referrals by 31 March 2018; FY17 is FY18's previous period.
    let funnel: Vec<(String, Vec<String>)> = rows(&y1, "journey_funnel");
    let expected = [
        ("Referred", "8"),
        ("Screened by police", "6"),
        ("Suitable for Channel", "3"),
        ("Discussed at panel", "3"),
        ("Adopted", "2"),
        ("Support started", "2"),
        ("Exited", "1"),
        ("6-month review done", "0"),
        ("12-month review done", "0"),
    ];
    for ((category, cells), (label, count)) in funnel.iter().zip(expected) {
        assert_eq!((category.as_str(), cells[0].as_str()), (label, count));
    }
    let counts: Vec<u32> = table(&y1, "journey_funnel")
        .rows
        .iter()
        .map(|r| r.cells[0].value.unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "a funnel never widens: {counts:?}"
    );
    assert_eq!(row(&y2, "journey_funnel", "Referred"), strings(&["2", "8"]));

    // Age on the day of referral: each turned a band's first age the day after.
    for (band, count) in [
        ("10 or under", "2"),
        ("11-15", "1"),
        ("16-17", "1"),
        ("18-20", "1"),
        ("21-30", "1"),
        ("61+", "2"),
        ("Total", "8"),
    ] {
        assert_eq!(row(&y1, "referrals_by_age", band)[0], count, "{band}");
    }
    assert_eq!(row(&y1, "referrals_by_age", "31-40")[0], "0");
    assert_eq!(
        row(&y2, "referrals_by_age", "21-30")[0],
        "2",
        "H is 26 at re-referral; I is 30"
    );

    // Exited in FY17, reviewed in FY18: each counted in its own year.
    assert_eq!(
        row(&y1, "exit_reasons", "Risk removed or significantly reduced"),
        strings(&["1", "0"])
    );
    assert_eq!(
        row(&y1, "reviews_after_exit", "6-month review"),
        strings(&["0", "0"])
    );
    assert_eq!(
        row(&y2, "reviews_after_exit", "6-month review"),
        strings(&["1", "0"])
    );

    assert_eq!(
        row(&y1, "screening_outcomes", "Suitable for Channel")[0],
        "3"
    );
    assert_eq!(
        row(
            &y1,
            "screening_outcomes",
            "Not appropriate, no further action"
        )[0],
        "2"
    );
    assert_eq!(
        row(&y1, "screening_outcomes", "Police-led case management")[0],
        "1"
    );
    assert_eq!(row(&y1, "panel_outcomes", "Adopted")[0], "2");
    assert_eq!(row(&y1, "panel_outcomes", "Not adopted")[0], "1");
    assert_eq!(row(&y1, "not_adopted_signposted", "Early help")[0], "1");
    // Consent: one by a parent, one by the person; row and column totals.
    assert_eq!(row(&y1, "consent", "Given"), strings(&["1", "1", "2"]));
    assert_eq!(row(&y1, "consent", "Total"), strings(&["1", "1", "2"]));
    // Support: A completed every planned session; F's plan runs past the year's end.
    assert_eq!(
        row(
            &y1,
            "support_by_type",
            "Intervention Provider (ideological or theological mentoring)"
        ),
        strings(&["1", "0", "0", "1"])
    );
    assert_eq!(
        row(&y1, "support_by_type", "Mental health"),
        strings(&["0", "1", "0", "1"])
    );
    // Categories: needs are counted per person and may be several.
    assert_eq!(row(&y1, "referrals_by_gender", "Female")[0], "3");
    assert_eq!(row(&y1, "referrals_by_gender", "Male")[0], "3");
    assert_eq!(row(&y1, "referrals_by_ethnic_group", "White")[0], "2");
    assert_eq!(
        row(
            &y1,
            "referrals_by_ethnic_group",
            "Asian, Asian British or Asian Welsh"
        )[0],
        "3"
    );
    assert_eq!(row(&y1, "referrals_by_need", "Autism")[0], "1");
    assert_eq!(row(&y1, "referrals_by_need", "ADHD")[0], "1");
    assert_eq!(
        row(&y1, "referrals_by_need", "None recorded")[0],
        "3",
        "C, G and H"
    );
    assert_eq!(row(&y1, "referrals_by_month", "June 2017")[0], "2");

    // Days from referral: screening 2, 2, 4, 5, 9, 10; discussion 25, 31, 31; support 30, 40.
    let days: Vec<(Option<u32>, Option<u32>)> = y1
        .timings
        .iter()
        .map(|t| (t.median_days, t.p90_days))
        .collect();
    assert_eq!(
        days,
        vec![
            (Some(5), Some(10)),
            (Some(31), Some(31)),
            (Some(35), Some(40))
        ]
    );

    assert_eq!(
        (
            y1.meetings.panel_held,
            y1.meetings.panel_with_police,
            y1.meetings.police_rate
        ),
        (2, 1, Some(50))
    );
    let national = &y1.comparators[1];
    assert_eq!(
        (national.period.as_str(), national.referrals.value),
        ("2024/25", Some(8778))
    );
    let y2023 = y1
        .comparators
        .iter()
        .find(|c| c.period == "2023/24")
        .unwrap();
    assert_eq!(
        (y2023.discussed_rate.as_str(), y2023.adopted_rate.as_str()),
        ("12.9%", "7.4%")
    );
    assert_eq!(
        y1.comparators[0].discussed_rate, "37.5%",
        "3 of 8 discussed"
    );
}

#[test]
fn small_numbers_are_hidden_with_a_second_cell_where_a_total_would_give_them_away() {
    let (dir, mut s) = build();
    s.set_report_settings("Synthetic Borough", "3").unwrap();
    let mut lead = as_role(&dir, &mut s, Role::SteeringLead, "kwame");
    let y1 = lead.statistics(FY17.0, FY17.1, false).unwrap();
    // Sectors in FY17: education 4, health 3, police 1, total 8. Police's 1 is hidden; the
    // total would give it away, so the next smallest, health's 3, goes too.
    assert_eq!(row(&y1, "referrals_by_sector", "Education")[0], "4");
    assert_eq!(row(&y1, "referrals_by_sector", "Police")[0], "fewer than 3");
    assert_eq!(row(&y1, "referrals_by_sector", "Health")[0], "suppressed");
    assert_eq!(row(&y1, "referrals_by_sector", "Total")[0], "8");
    assert_eq!(
        row(&y1, "referrals_by_sector", "Community")[0],
        "0",
        "zero is shown"
    );
    // Where people were signposted is typed: a rare service is not named when circulated.
    assert_eq!(
        rows(&y1, "not_adopted_signposted"),
        vec![
            ("Other services".to_owned(), strings(&["fewer than 3", "0"])),
            ("Total".to_owned(), strings(&["fewer than 3", "0"])),
        ]
    );
    // Timings over fewer referrals than the threshold are not shown.
    let support = &y1.timings[2];
    assert_eq!(
        (support.referrals.text.as_str(), support.median_days),
        ("fewer than 3", None)
    );
    // Nothing from 1 to 2 is shown anywhere.
    for t in std::iter::once(&y1.funnel).chain(&y1.tables) {
        for r in &t.rows {
            for c in &r.cells {
                assert!(
                    !matches!(c.value, Some(1..=2)),
                    "{} {}: {:?}",
                    t.id,
                    r.category,
                    c
                );
            }
        }
    }
    // The steering group lead cannot ask for exact figures; a panel member sees none.
    assert!(matches!(
        lead.statistics(FY17.0, FY17.1, true),
        Err(CoreError::Forbidden(_))
    ));
    let mut member = as_role(&dir, &mut s, Role::PanelMember, "grace");
    assert!(matches!(
        member.statistics(FY17.0, FY17.1, false),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn a_period_is_checked_field_by_field() {
    let (_dir, mut s) = build();
    let err = s.statistics("2018-04-01", "2018-03-31", false).unwrap_err();
    assert_eq!(err.field(), Some("period_to"), "{err:?}");
    let err = s.statistics("31/2/2018", "2018-03-31", false).unwrap_err();
    assert_eq!(err.field(), Some("period_from"), "{err:?}");
}
