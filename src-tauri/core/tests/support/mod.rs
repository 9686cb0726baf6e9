//! Helpers shared by the casework and meeting tests: a fresh database and a case taken to
//! the panel.
#![allow(dead_code)] // each test file uses a different subset

pub mod journeys;

use channel_desk_core::casework::*;
use channel_desk_core::common::dates::today;
use channel_desk_core::store::audit::{AuditEvent, AuditQuery};
use channel_desk_core::{create, unlock, CoreError, FirstPerson, Paths, Role, Session};
use chrono::{Duration, Months, NaiveDate};

pub const PASS: &str = "casework test passphrase";

pub fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = create(
        &Paths::new(dir.path().join("cases.db")),
        &FirstPerson {
            full_name: "Priya Raman",
            username: "priya",
            passphrase: PASS,
            passphrase_confirm: PASS,
        },
    )
    .unwrap();
    (dir, s)
}

pub const TEMP: &str = "temporary phrase 99";

/// Reopens the database as a person of `role`.
pub fn as_role(dir: &tempfile::TempDir, s: &mut Session, role: Role, username: &str) -> Session {
    s.add_person("Synthetic Person", username, role, TEMP, TEMP)
        .unwrap();
    let paths = Paths::new(dir.path().join("cases.db"));
    let mut p = unlock(&paths, username, TEMP, chrono::Utc::now())
        .unwrap()
        .session;
    let own = format!("{username}'s own phrase");
    p.change_passphrase(TEMP, &own, &own).unwrap();
    p
}

/// A fresh database's administrator, and its panel chair: the one person who records a
/// decision outside a panel meeting (saying why it could not wait, as `URGENT` does).
pub fn with_chair() -> (tempfile::TempDir, Session, Session) {
    let (dir, mut s) = session();
    let chair = as_role(&dir, &mut s, Role::Chair, "chair");
    (dir, s, chair)
}

/// Why the chair's decisions in these tests could not wait for the next panel meeting.
pub const URGENT: &str = "The family moves out of the borough before the next panel meeting";

/// A new database with its first administrator, locked: its folder, paths and recovery key.
pub fn locked_database(
    full_name: &str,
    username: &str,
    passphrase: &str,
) -> (tempfile::TempDir, Paths, String) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path().join("panel.db"));
    let (session, recovery) = create(
        &paths,
        &FirstPerson {
            full_name,
            username,
            passphrase,
            passphrase_confirm: passphrase,
        },
    )
    .unwrap();
    session.lock("test").unwrap();
    (dir, paths, recovery.to_string())
}

/// The codes of the newest 500 audit rows, newest first.
pub fn audit_actions(s: &Session) -> Vec<String> {
    s.audit_entries(500, 0)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Every audit row `query` selects, page by page (newest first), checking the total given.
pub fn audit_pages(s: &Session, query: AuditQuery) -> Vec<AuditEvent> {
    let mut rows = Vec::new();
    for page in 0.. {
        let p = s
            .audit_events(&AuditQuery {
                page,
                ..query.clone()
            })
            .unwrap();
        rows.extend(p.rows);
        if page + 1 >= p.pages {
            assert_eq!(rows.len() as u32, p.total);
            return rows;
        }
    }
    unreachable!()
}

pub fn dmy(d: NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

pub fn days_ago(n: i64) -> String {
    dmy(today() - Duration::days(n))
}

pub fn referral(name: &str, age_years: u32) -> ReferralInput {
    let born = today()
        .checked_sub_months(Months::new(12 * age_years + 2))
        .unwrap();
    ReferralInput {
        received_on: days_ago(60),
        referrer_name: "Designated safeguarding lead".into(),
        referrer_organisation: "Riverside Academy".into(),
        referrer_sector: "education".into(),
        full_name: name.into(),
        date_of_birth: dmy(born),
        categories: CategoriesInput {
            gender: "female".into(),
            ethnicity: "not_known".into(),
            needs: Vec::new(),
        },
        postcode: "e1 6an".into(),
        concern_type: "extreme_right_wing".into(),
        concern: "Sharing extremist material with classmates".into(),
        mash_informed: if age_years < 18 {
            "yes".into()
        } else {
            String::new()
        },
        ..Default::default()
    }
}

pub fn to_panel(s: &mut Session, id: i64) {
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: days_ago(55),
            outcome: "suitable_for_channel".into(),
            information_gathering: "Partners shared information".into(),
        },
    )
    .unwrap();
    s.record_assessment(id, &vaf(days_ago(50), &["grievance", "identity"]))
        .unwrap();
    s.send_to_panel(id).unwrap();
}

pub fn vaf(on: String, applying: &[&str]) -> VafInput {
    VafInput {
        assessed_on: on,
        assessor: "Channel coordinator".into(),
        factors: applying
            .iter()
            .map(|f| VafFactorInput {
                factor: f.to_string(),
                applies: true,
                notes: String::new(),
            })
            .collect(),
        engagement_summary: "Seeking belonging online".into(),
        intent_summary: "No intent seen".into(),
        capability_summary: "None".into(),
        conclusion: "Suitable for Channel support".into(),
    }
}

pub fn decide(kind: &str, on: String, exit_reason: &str) -> DecisionInput {
    DecisionInput {
        decided_on: on,
        kind: kind.into(),
        rationale: "Agreed by the panel".into(),
        how_reached: "consensus".into(),
        exit_reason: exit_reason.into(),
        ..Default::default()
    }
}

pub fn rule(err: CoreError) -> &'static str {
    match err {
        CoreError::RuleBroken { rule, .. } => rule,
        other => panic!("expected a broken rule, got {other:?}"),
    }
}
