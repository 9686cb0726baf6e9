//! A hand-built set of referrals for the statistics and report tests, whose right answers
//! the tests work out by hand.

use channel_desk_core::casework::*;
use channel_desk_core::meetings::{AttendanceInput, MeetingInput, MemberInput};
use channel_desk_core::Session;

use super::*;

pub struct Person {
    name: &'static str,
    received: &'static str,
    born: Option<&'static str>,
    approximate: Option<u32>,
    sector: &'static str,
    gender: &'static str,
    ethnicity: &'static str,
    needs: &'static [&'static str],
}

pub fn refer(s: &mut Session, p: &Person) -> i64 {
    let under_18 = p.born.is_some_and(|b| b > "1999-06-30");
    s.record_referral(&ReferralInput {
        received_on: p.received.into(),
        referrer_name: "Referrer".into(),
        referrer_sector: p.sector.into(),
        full_name: p.name.into(),
        date_of_birth: p.born.unwrap_or_default().into(),
        approximate_age: p.approximate.map(|a| a.to_string()).unwrap_or_default(),
        concern_type: "extreme_right_wing".into(),
        concern: "Synthetic concern".into(),
        categories: CategoriesInput {
            gender: p.gender.into(),
            ethnicity: p.ethnicity.into(),
            needs: p.needs.iter().map(|n| (*n).to_owned()).collect(),
        },
        mash_informed: if under_18 {
            "yes".into()
        } else {
            String::new()
        },
        ..Default::default()
    })
    .unwrap()
}

pub fn screen(s: &mut Session, id: i64, on: &str, outcome: &str) {
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: on.into(),
            outcome: outcome.into(),
            information_gathering: "Partners shared information".into(),
        },
    )
    .unwrap();
}

pub fn to_panel(s: &mut Session, id: i64, screened: &str) {
    screen(s, id, screened, "suitable_for_channel");
    s.record_assessment(id, &vaf(screened.into(), &["grievance"]))
        .unwrap();
    s.send_to_panel(id).unwrap();
}

pub fn consent(s: &mut Session, id: i64, on: &str, by: &str) {
    s.record_consent(
        id,
        &ConsentInput {
            sought_on: on.into(),
            sought_by: "Channel coordinator".into(),
            status: "given".into(),
            status_on: on.into(),
            given_by: by.into(),
            guardian_name: if by == "parent_guardian" {
                "Parent (synthetic)".into()
            } else {
                String::new()
            },
            guardian_relationship: if by == "parent_guardian" {
                "Mother".into()
            } else {
                String::new()
            },
            ..Default::default()
        },
    )
    .unwrap();
}

pub fn support(s: &mut Session, id: i64, kind: &str, start: &str, end: &str, sessions: u32) -> i64 {
    let i = s
        .add_intervention(
            id,
            &InterventionInput {
                kind: kind.into(),
                provider: "Provider (synthetic)".into(),
                start_on: start.into(),
                planned_end_on: end.into(),
                funding: String::new(),
                sessions_planned: sessions.to_string(),
            },
        )
        .unwrap();
    s.update_intervention(
        i,
        &InterventionUpdate {
            status: "active".into(),
            outcome: String::new(),
        },
    )
    .unwrap();
    i
}

pub fn meeting(s: &mut Session, on: &str, police: bool) {
    let id = s
        .schedule_meeting(&MeetingInput {
            held_on: on.into(),
            starts_at: "14:00".into(),
            place: "Committee Room 2".into(),
            chair: "Priya Raman".into(),
        })
        .unwrap();
    s.record_attendance(
        id,
        &AttendanceInput {
            member: MemberInput {
                name: if police {
                    "PC Yusuf Demir"
                } else {
                    "Amara Okafor"
                }
                .into(),
                organisation: if police {
                    "Metropolitan Police"
                } else {
                    "Children's Services"
                }
                .into(),
                role: "Member".into(),
                police,
            },
            status: "present".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

/// The hand-built set. Financial year 2017/18 (FY17) receives eight referrals, 2018/19
/// (FY18) two: case H's re-referral and case I. The decisions are the chair's, recorded on
/// the case records (the meetings below have no agenda).
pub fn build() -> (tempfile::TempDir, Session) {
    let (dir, mut s, mut chair) = with_chair();
    let p = |name, received, born, approximate, sector, gender, ethnicity, needs| Person {
        name,
        received,
        born,
        approximate,
        sector,
        gender,
        ethnicity,
        needs,
    };
    // A: turns 11 the day after referral, so 10 ("10 or under"). Screened after 5 days,
    // discussed and adopted after 25, support from day 30 delivered as planned, exited in
    // FY17, 6-month review in FY18.
    let a = refer(
        &mut s,
        &p(
            "Amélie Dubois",
            "2017-06-10",
            Some("2006-06-11"),
            None,
            "education",
            "female",
            "white_other",
            &["nd_autism", "nd_adhd"],
        ),
    );
    // B: turns 16 the next day (15, "11-15"); screened out after 10 days.
    let b = refer(
        &mut s,
        &p(
            "Bilal Chaudhry",
            "2017-06-10",
            Some("2001-06-11"),
            None,
            "education",
            "male",
            "asian_pakistani",
            &["none"],
        ),
    );
    // C: turns 18 the next day (17, "16-17"); screened after 9 days, not adopted after 31.
    let c = refer(
        &mut s,
        &p(
            "Chiamaka Obi",
            "2017-08-01",
            Some("1999-08-02"),
            None,
            "education",
            "female",
            "black_african",
            &[],
        ),
    );
    // D: turns 21 the next day (20, "18-20"); police-led after 4 days. The only police referral.
    let d = refer(
        &mut s,
        &p(
            "Dmitri Volkov",
            "2017-09-01",
            Some("1996-09-02"),
            None,
            "police",
            "male",
            "white_other",
            &["mh_anxiety"],
        ),
    );
    // E: no date of birth, about 64 ("61+"); never screened.
    refer(
        &mut s,
        &p(
            "Eun-ji Park",
            "2017-07-01",
            None,
            Some(64),
            "health",
            "not_known",
            "asian_other",
            &["not_known"],
        ),
    );
    // F: 67 ("61+"); screened after 2 days, adopted after 31, support from day 40, under way.
    let f = refer(
        &mut s,
        &p(
            "Fatima Begum",
            "2017-10-01",
            Some("1950-01-01"),
            None,
            "health",
            "female",
            "asian_bangladeshi",
            &["mh_depression"],
        ),
    );
    // G: 8; screening started, no outcome.
    let g = refer(
        &mut s,
        &p(
            "Gabriel Santos",
            "2018-02-01",
            Some("2009-05-05"),
            None,
            "education",
            "male",
            "mixed_other",
            &[],
        ),
    );
    // H: 25; screened out after 2 days; re-referred in FY18.
    let h = refer(
        &mut s,
        &p(
            "Hiroshi Tanaka",
            "2017-05-01",
            Some("1992-01-01"),
            None,
            "health",
            "prefer_not_to_say",
            "prefer_not_to_say",
            &[],
        ),
    );
    // I: FY18 only.
    refer(
        &mut s,
        &p(
            "Ingrid Larsen",
            "2018-04-15",
            Some("1988-01-01"),
            None,
            "education",
            "female",
            "white_other",
            &[],
        ),
    );

    to_panel(&mut s, a, "2017-06-15");
    chair
        .record_decision(a, &decide("adopt", "2017-07-05".into(), ""), URGENT)
        .unwrap();
    consent(&mut s, a, "2017-07-06", "parent_guardian");
    let ia = support(
        &mut s,
        a,
        "intervention_provider",
        "2017-07-10",
        "2017-11-30",
        2,
    );
    s.record_session(ia, "2017-08-01").unwrap();
    s.record_session(ia, "2017-09-01").unwrap();
    s.update_intervention(
        ia,
        &InterventionUpdate {
            status: "completed".into(),
            outcome: "Goals met".into(),
        },
    )
    .unwrap();
    chair
        .record_decision(
            a,
            &decide("exit", "2017-12-01".into(), "risk_removed_or_reduced"),
            URGENT,
        )
        .unwrap();
    s.record_review(
        a,
        &ReviewInput {
            months: 6,
            reviewed_on: "2018-06-05".into(),
            notes: "Settled".into(),
            ..Default::default()
        },
    )
    .unwrap();

    screen(&mut s, b, "2017-06-20", "not_appropriate_no_further_action");
    to_panel(&mut s, c, "2017-08-10");
    let mut not_adopt = decide("not_adopt", "2017-09-01".into(), "");
    not_adopt.signposted_to = "Early help".into();
    chair.record_decision(c, &not_adopt, URGENT).unwrap();
    screen(&mut s, d, "2017-09-05", "police_led_case_management");
    to_panel(&mut s, f, "2017-10-03");
    chair
        .record_decision(f, &decide("adopt", "2017-11-01".into(), ""), URGENT)
        .unwrap();
    consent(&mut s, f, "2017-11-02", "individual");
    support(&mut s, f, "mental_health", "2017-11-10", "2018-06-30", 6);
    s.start_screening(g).unwrap();
    screen(&mut s, h, "2017-05-03", "not_appropriate_no_further_action");
    s.re_refer(h, "2018-05-01", "A new concern").unwrap();

    meeting(&mut s, "2017-07-05", true);
    meeting(&mut s, "2017-11-01", false);
    (dir, s)
}
