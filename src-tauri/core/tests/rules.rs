//! One rule, one answer: where a rule is asked both in a query and in Rust, the two agree on
//! the demo database (its cases are at every stage, with flagged support, dates of birth and
//! approximate ages, children under 10 and people over 60).

mod support;

use std::collections::BTreeSet;

use channel_desk_core::casework::age::{age_band_of, AGE_BANDS};
use channel_desk_core::casework::*;
use channel_desk_core::Session;
use support::session;

/// The demo data, and people known only by an approximate age given a year or more ago
/// (so that the years since referral count), at the edges of the bands.
fn demo() -> (tempfile::TempDir, Session) {
    let (dir, mut s) = session();
    channel_desk_core::demo::populate(&mut s, 60, 2026).unwrap();
    for (name, age, days_ago) in [
        ("Chiara Bianchi", 9, 370),
        ("Tomasz Wiśniewski", 15, 800),
        ("Hawa Kamara", 17, 366),
        ("Gwen Pryce", 60, 400),
        ("Đặng Thị Hoa", 70, 30),
    ] {
        let mut referral = support::referral(name, age);
        referral.date_of_birth = String::new();
        referral.approximate_age = age.to_string();
        referral.received_on = support::days_ago(days_ago);
        s.record_referral(&referral).unwrap();
    }
    (dir, s)
}

fn all_rows(s: &mut Session, query: CaseQuery) -> Vec<CaseRow> {
    let mut rows = Vec::new();
    for page in 0.. {
        let p = s
            .list_cases(&CaseQuery {
                page,
                ..query.clone()
            })
            .unwrap();
        rows.extend(p.rows);
        if page + 1 >= p.pages {
            return rows;
        }
    }
    unreachable!()
}

#[test]
fn the_list_flags_exactly_the_cases_whose_record_shows_flagged_support() {
    let (_d, mut s) = demo();
    let rows = all_rows(&mut s, CaseQuery::default());
    let flagged_only: BTreeSet<i64> = all_rows(
        &mut s,
        CaseQuery {
            flagged: true,
            ..Default::default()
        },
    )
    .iter()
    .map(|r| r.id)
    .collect();
    let flag_list: BTreeSet<i64> = s
        .flags()
        .unwrap()
        .iter()
        .filter_map(|f| f.intervention_id)
        .collect();
    let mut on_records = BTreeSet::new();
    let mut seen_flagged = 0;
    for row in &rows {
        let record = s.case_record(row.id).unwrap();
        let flagged: Vec<i64> = record
            .interventions
            .iter()
            .filter(|i| i.flag.is_some())
            .map(|i| i.id)
            .collect();
        assert_eq!(row.flagged, !flagged.is_empty(), "{}", row.reference);
        assert_eq!(
            flagged_only.contains(&row.id),
            row.flagged,
            "{}",
            row.reference
        );
        seen_flagged += usize::from(row.flagged);
        on_records.extend(flagged);
    }
    assert_eq!(on_records, flag_list);
    assert!(seen_flagged > 0, "the demo data has flagged support");
}

#[test]
fn filtering_by_age_band_finds_exactly_the_people_whose_age_is_in_that_band() {
    let (_d, mut s) = demo();
    let rows = all_rows(&mut s, CaseQuery::default());
    for (band, _, _) in AGE_BANDS {
        let filtered: BTreeSet<i64> = all_rows(
            &mut s,
            CaseQuery {
                age_band: band.into(),
                ..Default::default()
            },
        )
        .iter()
        .map(|r| r.id)
        .collect();
        let by_age: BTreeSet<i64> = rows
            .iter()
            .filter(|r| age_band_of(r.age) == band)
            .map(|r| r.id)
            .collect();
        assert_eq!(filtered, by_age, "age band {band}");
    }
}
