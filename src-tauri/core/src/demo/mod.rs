//! Synthetic people for demonstrations and benchmarks. Every name here is invented; they are
//! drawn from the borough's communities, in their own scripts and spellings, with children
//! under 10 and people over 60. A demo database is marked as such and the app says so.

use chrono::{Duration, Months, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;

use crate::casework::*;
use crate::common::dates::today;
use crate::common::text::fold;
use crate::error::Result;
use crate::security::session::Session;

mod panel;
mod plan;
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

/// Fills a new database with `cases` synthetic cases at every stage of the journey, through
/// the same rules as the app. Marks the database as demo data.
pub fn populate(session: &mut Session, cases: u32, seed: u64) -> Result<()> {
    session.require_admin("create demo data")?;
    session.conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', 'true')",
        [],
    )?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let now = today();
    let mut panel = Panel::new(session, now)?;
    for n in 0..cases {
        let (latin, native, languages) = PEOPLE[n as usize % PEOPLE.len()];
        let age = AGES[rng.gen_range(0..AGES.len())];
        let received = now - Duration::days(rng.gen_range(120..330));
        let day = |offset: i64| dmy(received + Duration::days(offset));
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
            concern:
                "Synthetic demo concern: online material and remarks reported by the referrer."
                    .into(),
            categories: demo_categories(&mut rng, age),
            other_agencies: "Children's social care".into(),
            mash_informed: if age < 18 {
                "yes".into()
            } else {
                String::new()
            },
            ..Default::default()
        })?;
        // How far along the journey this case goes: every stage gets some.
        let target = n % 12;
        if target == 0 {
            continue;
        }
        session.start_screening(id)?;
        if target == 1 {
            continue;
        }
        let outcome = if target == 2 {
            "passed_to_other_services"
        } else {
            "suitable_for_channel"
        };
        session.record_screening(
            id,
            &ScreeningInput {
                screened_on: day(5),
                outcome: outcome.into(),
                information_gathering: "Partners shared what they hold.".into(),
            },
        )?;
        if target <= 3 {
            continue;
        }
        let factors = [
            "grievance",
            "identity",
            "excitement",
            "them_and_us",
            "access",
        ];
        let applying: Vec<VafFactorInput> = factors
            .iter()
            .filter(|_| rng.gen_bool(0.5))
            .map(|f| VafFactorInput {
                factor: f.to_string(),
                applies: true,
                notes: "Seen in school and online.".into(),
            })
            .collect();
        session.record_assessment(id, &assessment(day(12), applying))?;
        session.send_to_panel(id)?;
        if target == 4 {
            continue;
        }
        // Decisions are taken at the monthly panel after the case is ready.
        let first = if target == 5 { "not_adopt" } else { "adopt" };
        let Some(adopted) = panel.decide(session, id, first, received + Duration::days(20))? else {
            continue;
        };
        if target == 5 {
            continue;
        }
        let (given_by, guardian) = if age < 18 {
            ("parent_guardian", "Parent of the person (synthetic)")
        } else {
            ("individual", "")
        };
        let after = |days: i64| dmy(adopted + Duration::days(days));
        session.record_consent(
            id,
            &ConsentInput {
                sought_on: after(1),
                sought_by: "Channel coordinator".into(),
                status: "given".into(),
                status_on: after(3),
                given_by: given_by.into(),
                guardian_name: guardian.into(),
                guardian_relationship: if age < 18 {
                    "Mother".into()
                } else {
                    String::new()
                },
                capacity_notes: String::new(),
            },
        )?;
        if target == 6 {
            continue;
        }
        let support = session.add_intervention(
            id,
            &InterventionInput {
                kind: SUPPORT[rng.gen_range(0..SUPPORT.len())].into(),
                provider: "Approved provider (synthetic)".into(),
                start_on: after(7),
                planned_end_on: after(180),
                funding: "Home Office Intervention Support Fund".into(),
                sessions_planned: "12".into(),
            },
        )?;
        session.update_intervention(
            support,
            &InterventionUpdate {
                status: "active".into(),
                outcome: String::new(),
            },
        )?;
        // Some support quietly stops being delivered: the flags show it.
        let last_session = if target == 7 {
            adopted + Duration::days(12)
        } else {
            now - Duration::days(3)
        };
        session.record_session(support, &dmy(last_session.max(adopted + Duration::days(7))))?;
        let Some(remained) = panel.decide(session, id, "remain", adopted + Duration::days(25))?
        else {
            continue;
        };
        if target <= 8 {
            continue;
        }
        if panel
            .decide(session, id, "exit", remained + Duration::days(25))?
            .is_none()
        {
            continue;
        }
        if target == 9 {
            continue;
        }
        let review = |notes: &str, months: u8| ReviewInput {
            months,
            reviewed_on: dmy(now - Duration::days(1)),
            notes: notes.into(),
        };
        session.record_review(id, &review("Settled at college; no concerns.", 6))?;
        if target == 11 {
            session.record_review(id, &review("No further concerns; case closed.", 12))?;
        }
    }
    panel.finish(session, now)?;
    plan::steering_group(session)
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
