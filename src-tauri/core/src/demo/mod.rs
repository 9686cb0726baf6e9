//! Synthetic people for demonstrations and benchmarks. Every name here is invented; they are
//! drawn from the borough's communities, in their own scripts and spellings, with children
//! under 10 and people over 60. A demo database is marked as such and the app says so.

use chrono::{Duration, Months, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;

use crate::casework::*;
use crate::common::dates::{age_on, today};
use crate::common::text::fold;
use crate::error::Result;
use crate::security::session::Session;

mod churn;
mod panel;
mod plan;
pub use churn::{churn, Written};
use panel::Panel;

/// (name in Latin script, name in its own script or spelling, languages).
pub(crate) const PEOPLE: &[(&str, &str, &str)] = &[
    ("Ayesha Rahman", "আয়েশা রহমান", "Bengali, English"),
    ("Mohammed Al-Sayed", "محمد السيد", "Arabic, English"),
    ("Yusuf Demir", "Yusuf Demir", "Turkish"),
    ("Zoe Ni Bhriain", "Zoë Ní Bhriain", "English, Irish"),
    ("Kwame Mensah", "Kwame Mensah", "Twi, English"),
    ("Chen Wei", "陈伟", "Mandarin"),
    ("Nguyen Thi Lan", "Nguyễn Thị Lan", "Vietnamese"),
    ("Oluwaseun Adebayo", "Olúwaṣeun Adébáyọ̀", "Yoruba, English"),
    ("Lukasz Wisniewski", "Łukasz Wiśniewski", "Polish"),
    ("Ana-Maria Popescu", "Ana-Maria Popescu", "Romanian"),
    ("Priya Sharma", "प्रिया शर्मा", "Hindi, English"),
    ("Abdirahman Warsame", "Cabdiraxmaan Warsame", "Somali"),
    ("Sofia Papadopoulou", "Σοφία Παπαδοπούλου", "Greek"),
    ("Olga Ivanova", "Ольга Иванова", "Russian"),
    ("Gurpreet Singh", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "Punjabi"),
    ("Tamar Cohen", "תמר כהן", "Hebrew, English"),
    ("Kim Hana", "김하나", "Korean"),
    ("Mehmet Yilmaz", "Mehmet Yılmaz", "Turkish, Kurdish"),
    ("Siobhan Murphy", "Siobhán Murphy", "English"),
    ("Tomas Garcia", "Tomás García", "Spanish"),
    ("Amara Okafor", "Amara Ọkafọ", "Igbo, English"),
    ("Rhys Evans", "Rhys Evans", "Welsh, English"),
    (
        "Fatima Zahra Benali",
        "فاطمة الزهراء بن علي",
        "Arabic, French",
    ),
    ("Jack Thompson", "Jack Thompson", "English"),
    ("Shabnam Karimi", "شبنم کریمی", "Dari, Pashto"),
    ("Tigist Bekele", "ትግስት በቀለ", "Amharic"),
];

const SECTORS: &[&str] = &[
    "education",
    "police",
    "local_authority",
    "health",
    "community",
    "friends_family",
    "probation",
    "other",
];
const CONCERNS: &[&str] = &[
    "islamist",
    "extreme_right_wing",
    "left_anarchist_single_issue",
    "conflicted",
    "school_massacre",
    "incel",
    "vulnerability_no_ideology",
    "no_ideology_susceptibility",
    "fascination_mass_violence",
];
const SUPPORT: &[&str] = &[
    "intervention_provider",
    "education",
    "careers",
    "mental_health",
    "family_support",
    "diversionary",
    "housing",
];
const GENDERS: &[&str] = &["female", "male", "male", "non_binary_other", "not_known"];
const ETHNICITIES: &[&str] = &[
    "asian_bangladeshi",
    "asian_pakistani",
    "asian_indian",
    "black_african",
    "black_caribbean",
    "mixed_white_black_caribbean",
    "white_british",
    "white_other",
    "white_roma",
    "other_arab",
    "not_known",
    "prefer_not_to_say",
];
const NEEDS: &[&str] = &[
    "mh_anxiety",
    "mh_depression",
    "mh_trauma",
    "nd_autism",
    "nd_adhd",
];

/// A synthetic person's categories: any sex or gender and ethnicity, none to two needs, and
/// special educational needs for some under-18s.
fn demo_categories(rng: &mut SmallRng, age: u32) -> CategoriesInput {
    let mut needs: Vec<String> = NEEDS
        .iter()
        .filter(|_| rng.gen_bool(0.2))
        .take(2)
        .map(|n| (*n).to_owned())
        .collect();
    if age < 18 && rng.gen_bool(0.3) {
        needs.push("sen".into());
    }
    if needs.is_empty() {
        needs.push("none".into());
    }
    CategoriesInput {
        gender: GENDERS[rng.gen_range(0..GENDERS.len())].into(),
        ethnicity: ETHNICITIES[rng.gen_range(0..ETHNICITIES.len())].into(),
        needs,
    }
}

/// Ages from 8 to 72, so that both ends of the age bands are present.
const AGES: &[u32] = &[
    8, 9, 12, 13, 14, 15, 15, 16, 16, 17, 17, 19, 22, 25, 29, 34, 41, 47, 55, 63, 68, 72,
];

pub(crate) fn dmy(d: NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// A synthetic VAF assessment with the given factors applying.
pub(crate) fn assessment(assessed_on: String, factors: Vec<VafFactorInput>) -> VafInput {
    VafInput {
        assessed_on,
        assessor: "Channel coordinator".into(),
        factors,
        engagement_summary: "Looking for belonging and status online.".into(),
        intent_summary: "No intent to cause harm identified.".into(),
        capability_summary: "No capability identified.".into(),
        conclusion: "Vulnerable to being drawn in; support recommended.".into(),
    }
}

/// A panel decision in a demo case's history: which, and at which of the meetings (see
/// `Panel`), on whose date it is taken.
struct Decided {
    on: NaiveDate,
    kind: &'static str,
    meeting: usize,
}

/// The panel decisions of a case that goes as far as `target` on the journey (see
/// `populate`), at the panel's `meetings` (oldest first, all before `now`).
fn decisions(
    target: u32,
    meetings: &[NaiveDate],
    now: NaiveDate,
    rng: &mut SmallRng,
) -> Vec<Decided> {
    let at = |i: usize, kind| Decided {
        on: meetings[i],
        kind,
        meeting: i,
    };
    // Adopted at meeting `from`, then reviewed at every meeting to `to`, where it remains
    // in Channel or, when `exit`, leaves at the last.
    let in_channel = |from: usize, to: usize, exit: bool| {
        let mut decided = vec![at(from, "adopt")];
        decided.extend((from + 1..to).map(|i| at(i, "remain")));
        if to > from {
            decided.push(at(to, if exit { "exit" } else { "remain" }));
        }
        decided
    };
    let last = meetings.len() - 1;
    // The reviews after an exit on `exit` held by now: each two weeks after it falls due.
    let reviews_held_by_now = |exit: NaiveDate| {
        [6, 12]
            .into_iter()
            .filter(|&months| {
                exit.checked_add_months(Months::new(months))
                    .is_some_and(|due| due + Duration::days(14) < now)
            })
            .count() as u32
    };
    match target {
        0..=4 => Vec::new(),
        5 => vec![at(rng.gen_range(last - 10..=last), "not_adopt")],
        // Adopted at the latest meeting with time since to record consent.
        6 => vec![at(
            if meetings[last] + Duration::days(4) <= now {
                last
            } else {
                last - 1
            },
            "adopt",
        )],
        // Long enough in support for missed sessions to show.
        7 => in_channel(rng.gen_range(last - 8..=last - 2), last, false),
        8 => in_channel(rng.gen_range(last - 11..last), last, false),
        // Left Channel at a meeting: 9 with the 6-month review still to come, 10 with it
        // held, 11 with the 12-month review held too (closed).
        _ => {
            let exits: Vec<usize> = (2..=last)
                .filter(|&i| reviews_held_by_now(meetings[i]) == target - 9)
                .collect();
            let e = exits[rng.gen_range(0..exits.len())];
            in_channel(e - 2, e, true)
        }
    }
}

/// A step of a demo case's history after it reaches the panel, in date order.
enum Step {
    Decide(Decided),
    Consent,
    PlanSupport,
    StartSupport,
    Session,
    EndSupport,
    Review(u8),
}

/// Fills a new database with `cases` synthetic cases at every stage of the journey, through
/// the same rules as the app, each case's history written in date order with every step on
/// the day it happened and none after today. Marks the database as demo data.
pub fn populate(session: &mut Session, cases: u32, seed: u64) -> Result<()> {
    session.require_admin("create demo data")?;
    session.conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', 'true')",
        [],
    )?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let now = today();
    let mut panel = Panel::new(session, now)?;
    let meetings = panel.dates();
    for n in 0..cases {
        // How far along the journey this case goes, so that every stage gets some: 0 just
        // received, 1 at screening, 2 screened out, 3 at assessment, 4 awaiting the panel,
        // 5 not adopted, 6 adopted with consent, 7 support that quietly stopped (flagged),
        // 8 in support, 9 exited, 10 after its 6-month review, 11 closed at 12 months.
        let target = n % 12;
        let decided = decisions(target, &meetings, now, &mut rng);
        let days_ago = match target {
            0 => 1..6,
            1 => 3..10,
            2 => 20..90,
            3 => 10..30,
            _ => 14..20,
        };
        let received = match decided.first() {
            Some(first) => first.on - Duration::days(rng.gen_range(21..35)),
            None => now - Duration::days(rng.gen_range(days_ago)),
        };
        let (id, born) = refer(session, &mut rng, n, received, now)?;
        let day = |offset: i64| received + Duration::days(offset);
        if target == 0 {
            continue;
        }
        session.history_day = Some(day(1));
        session.start_screening(id)?;
        if target == 1 {
            continue;
        }
        let outcome = if target == 2 {
            "passed_to_other_services"
        } else {
            "suitable_for_channel"
        };
        screen(session, id, day(5), outcome)?;
        if target <= 3 {
            continue;
        }
        assess_and_send(session, &mut rng, id, day(12), day(13))?;
        let history = after_panel(target, decided, now, &mut rng);
        let mut support = 0;
        for (on, step) in history {
            session.history_day = Some(on);
            match step {
                Step::Decide(d) => panel.decide(session, id, d.kind, d.meeting, target == 7)?,
                Step::Consent => consent(session, id, on, age_on(born, on) < 18)?,
                Step::PlanSupport => {
                    support = session.add_intervention(
                        id,
                        &InterventionInput {
                            kind: SUPPORT[rng.gen_range(0..SUPPORT.len())].into(),
                            provider: "Approved provider (synthetic)".into(),
                            start_on: dmy(on + Duration::days(2)),
                            planned_end_on: dmy(on + Duration::days(182)),
                            funding: "Home Office Intervention Support Fund".into(),
                            sessions_planned: "12".into(),
                        },
                    )?;
                }
                Step::StartSupport => support_status(session, support, "active", "")?,
                Step::Session => session.record_session(support, &dmy(on))?,
                Step::EndSupport => support_status(
                    session,
                    support,
                    "completed",
                    "The goals of the support plan were met.",
                )?,
                Step::Review(months) => session.record_review(
                    id,
                    &ReviewInput {
                        months,
                        reviewed_on: dmy(on),
                        notes: if months == 6 {
                            "Settled at college; no concerns."
                        } else {
                            "No further concerns; case closed."
                        }
                        .into(),
                        early_reason: String::new(),
                    },
                )?,
            }
        }
    }
    session.history_day = None;
    panel.finish(session, now)?;
    plan::steering_group(session)
}

/// The case's screening, recorded on `on` with `outcome`.
fn screen(session: &mut Session, id: i64, on: NaiveDate, outcome: &str) -> Result<()> {
    session.record_screening(
        id,
        &ScreeningInput {
            screened_on: dmy(on),
            outcome: outcome.into(),
            information_gathering: "Partners shared what they hold.".into(),
        },
    )
}

/// A VAF assessment with some factors applying, on `assessed_on`; the case then sent to the
/// panel on `sent_on`.
fn assess_and_send(
    session: &mut Session,
    rng: &mut SmallRng,
    id: i64,
    assessed_on: NaiveDate,
    sent_on: NaiveDate,
) -> Result<()> {
    let applying: Vec<VafFactorInput> = [
        "grievance",
        "identity",
        "excitement",
        "them_and_us",
        "access",
    ]
    .iter()
    .filter(|_| rng.gen_bool(0.5))
    .map(|f| VafFactorInput {
        factor: f.to_string(),
        applies: true,
        notes: "Seen in school and online.".into(),
    })
    .collect();
    session.record_assessment(id, &assessment(dmy(assessed_on), applying))?;
    session.history_day = Some(sent_on);
    session.send_to_panel(id)
}

/// The steps of a case's history from its first panel decision, in date order: consent and
/// support after adoption, sessions every fortnight while it lasts (only the first for a
/// case whose support quietly stopped, target 7), support ended at the exit, and the reviews
/// after exit held once due.
fn after_panel(
    target: u32,
    decided: Vec<Decided>,
    now: NaiveDate,
    rng: &mut SmallRng,
) -> Vec<(NaiveDate, Step)> {
    let mut steps = Vec::new();
    let adopted = decided.iter().find(|d| d.kind == "adopt").map(|d| d.on);
    let exit = decided.iter().find(|d| d.kind == "exit").map(|d| d.on);
    if let Some(adopted) = adopted {
        let after = |days| adopted + Duration::days(days);
        steps.push((after(3), Step::Consent));
        if target != 6 {
            steps.push((after(5), Step::PlanSupport));
            steps.push((after(7), Step::StartSupport));
            let until = match (target, exit) {
                (7, _) => after(13),
                (_, Some(exit)) => exit - Duration::days(2),
                _ => now - Duration::days(2),
            };
            let mut on = after(12);
            while on < until {
                steps.push((on, Step::Session));
                on += Duration::days(14);
            }
        }
    }
    if let Some(exit) = exit {
        steps.push((exit, Step::EndSupport));
        let reviews: &[u8] = match target {
            10 => &[6],
            11 => &[6, 12],
            _ => &[],
        };
        for &months in reviews {
            let due = exit
                .checked_add_months(Months::new(months.into()))
                .unwrap_or(exit);
            steps.push((
                (due + Duration::days(rng.gen_range(0..14))).min(now - Duration::days(1)),
                Step::Review(months),
            ));
        }
    }
    steps.extend(decided.into_iter().map(|d| (d.on, Step::Decide(d))));
    // Stable: on an exit day support ends before the decision, as pushed.
    steps.sort_by_key(|(on, _)| *on);
    steps
}

/// Consent given three days after adoption: by a parent or guardian for a `child`.
fn consent(session: &mut Session, id: i64, on: NaiveDate, child: bool) -> Result<()> {
    session.record_consent(
        id,
        &ConsentInput {
            sought_on: dmy(on - Duration::days(2)),
            sought_by: "Channel coordinator".into(),
            status: "given".into(),
            status_on: dmy(on),
            given_by: if child {
                "parent_guardian"
            } else {
                "individual"
            }
            .into(),
            guardian_name: if child {
                "Parent of the person (synthetic)".into()
            } else {
                String::new()
            },
            guardian_relationship: if child {
                "Mother".into()
            } else {
                String::new()
            },
            capacity_notes: String::new(),
        },
    )
}

fn support_status(session: &mut Session, support: i64, status: &str, outcome: &str) -> Result<()> {
    session.update_intervention(
        support,
        &InterventionUpdate {
            status: status.into(),
            outcome: outcome.into(),
        },
    )
}

/// Records a synthetic referral received on `received`: the case and the person's date of
/// birth.
fn refer(
    session: &mut Session,
    rng: &mut SmallRng,
    n: u32,
    received: NaiveDate,
    now: NaiveDate,
) -> Result<(i64, NaiveDate)> {
    let (latin, native, languages) = PEOPLE[n as usize % PEOPLE.len()];
    let age = AGES[rng.gen_range(0..AGES.len())];
    let born = now
        .checked_sub_months(Months::new(12 * age + rng.gen_range(1..11)))
        .unwrap_or(now);
    let id = session.record_referral(&ReferralInput {
        received_on: dmy(received),
        referrer_name: "Referring practitioner (synthetic)".into(),
        referrer_organisation: [
            "Riverside Academy",
            "Borough CID",
            "Early Help",
            "GP practice",
            "Youth centre",
        ][n as usize % 5]
            .into(),
        referrer_sector: SECTORS[rng.gen_range(0..SECTORS.len())].into(),
        full_name: latin.into(),
        other_names: if native == latin {
            String::new()
        } else {
            native.into()
        },
        date_of_birth: dmy(born),
        address: format!("{} Demo Street", 1 + n),
        postcode: "E1 0AA".into(),
        school_or_employer: if age < 18 {
            "Riverside Academy".into()
        } else {
            String::new()
        },
        languages: languages.into(),
        concern_type: CONCERNS[rng.gen_range(0..CONCERNS.len())].into(),
        concern: "Synthetic demo concern: online material and remarks reported by the referrer."
            .into(),
        categories: demo_categories(rng, age),
        other_agencies: "Children's social care".into(),
        mash_informed: if age < 18 {
            "yes".into()
        } else {
            String::new()
        },
        ..Default::default()
    })?;
    Ok((id, born))
}

/// Inserts `n` plain cases in one transaction, straight into the tables, for benchmarks of
/// the list and search at a scale no demo needs. Not for the app.
pub fn bulk_cases(session: &mut Session, n: u32, seed: u64) -> Result<()> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let tx = session.conn.transaction()?;
    {
        let mut case = tx.prepare(
            "INSERT INTO cases (reference, stage, stage_since, received_on, referrer_name, referrer_organisation,
                referrer_sector, full_name, other_names, date_of_birth, gender, address, postcode, school_or_employer,
                languages, ethnicity, concern_type, concern, other_agencies, created_at, gender_code, ethnicity_code)
             VALUES (?1, ?2, ?3, ?3, 'Referrer', 'Organisation', ?4, ?5, ?6, ?7, '', '', '', '', '', '', ?8,
                'Synthetic benchmark concern text that is as long as a short paragraph in a real referral form.',
                '', datetime('now'), ?9, ?10)",
        )?;
        let mut episode =
            tx.prepare("INSERT INTO episodes (case_id, episode, received_on) VALUES (?1, 1, ?2)")?;
        let mut search = tx.prepare("INSERT INTO case_search (rowid, folded) VALUES (?1, ?2)")?;
        let stages = crate::casework::workflow::Stage::ALL;
        for i in 0..n {
            let (latin, native, _) = PEOPLE[rng.gen_range(0..PEOPLE.len())];
            let name = format!("{latin} {i}");
            let reference = format!("CH-B-{i:06}");
            let received = today() - Duration::days(rng.gen_range(0..3650));
            let born = received - Duration::days(rng.gen_range(8 * 365..75 * 365));
            case.execute(params![
                reference,
                stages[rng.gen_range(0..stages.len())].as_str(),
                received.to_string(),
                SECTORS[rng.gen_range(0..SECTORS.len())],
                name,
                native,
                born.to_string(),
                CONCERNS[rng.gen_range(0..CONCERNS.len())],
                GENDERS[rng.gen_range(0..GENDERS.len())],
                ETHNICITIES[rng.gen_range(0..ETHNICITIES.len())],
            ])?;
            let id = tx.last_insert_rowid();
            episode.execute(params![id, received.to_string()])?;
            search.execute(params![id, fold(&format!("{reference} {name} {native}"))])?;
        }
    }
    tx.commit()?;
    session.conn.execute_batch("ANALYZE;")?;
    Ok(())
}
