//! A new referral, and a re-referral that opens a new episode of a closed case.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Deserialize;

use crate::common::dates::{self, age_on, today};
use crate::common::fields::{not_future, Checks, Text};
use crate::common::text::fold;
use crate::error::{CoreError, Result};
use crate::reference;
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::categories::{self, CategoriesInput};
use super::state::not_before;
use super::workflow::{apply, Step};

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ReferralInput {
    pub received_on: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_sector: String,
    pub full_name: String,
    pub other_names: String,
    pub date_of_birth: String,
    pub approximate_age: String,
    pub address: String,
    pub postcode: String,
    pub school_or_employer: String,
    pub languages: String,
    pub concern_type: String,
    pub concern: String,
    /// Sex or gender, ethnicity and needs, as categories.
    pub categories: CategoriesInput,
    pub other_agencies: String,
    /// "yes", "no" or "" (not recorded): required for under-18s.
    pub mash_informed: String,
}

/// A referral whose every field passed its checks.
struct Referral {
    received_on: NaiveDate,
    referrer_name: String,
    referrer_organisation: String,
    full_name: String,
    other_names: String,
    date_of_birth: Option<NaiveDate>,
    approximate_age: Option<u32>,
    address: String,
    postcode: String,
    school_or_employer: String,
    languages: String,
    concern: String,
    other_agencies: String,
    mash_informed: Option<bool>,
}

/// Every check of the referral, run in the order of the form's fields
/// (ui/js/screens/cases/referral.js) so that every error shows at once, in that order.
fn checked(conn: &Connection, input: &ReferralInput) -> Result<Referral> {
    let mut checks = Checks::default();
    let optional = |field: &'static str, value: &str, max| {
        Text::new(field, &field.replace('_', " "))
            .max(max)
            .read(value)
    };
    let received_on = checks.check(
        dates::parse(
            "received_on",
            "date the referral was received",
            &input.received_on,
        )
        .and_then(|d| not_future("received_on", "date received", d)),
    )?;
    let referrer_name = checks.value(
        Text::new("referrer_name", "the referrer's name")
            .required()
            .max(200)
            .read(&input.referrer_name),
    )?;
    let referrer_organisation = checks.value(
        Text::new("referrer_organisation", "the referrer's organisation")
            .max(200)
            .read(&input.referrer_organisation),
    )?;
    checks.check(reference::check_current(
        conn,
        "sector",
        &input.referrer_sector,
        "referrer_sector",
        "referrer's sector",
    ))?;
    let full_name = checks.value(
        Text::new("full_name", "the person's full name")
            .required()
            .max(200)
            .read(&input.full_name),
    )?;
    let other_names = checks.value(
        Text::new("other_names", "other names")
            .max(500)
            .read(&input.other_names),
    )?;
    let date_of_birth = checks.check(date_of_birth(&input.date_of_birth))?;
    let approximate_age = match (date_of_birth, input.approximate_age.trim()) {
        (Some(Some(_)), _) => Some(None),
        (Some(None), "") => {
            checks.add(
                "date_of_birth",
                "Enter the date of birth, or an approximate age if it is not known",
            );
            None
        }
        // A date of birth that does not read has its own error.
        (None, "") => None,
        (_, age) => checks.check(
            age.parse::<u32>()
                .ok()
                .filter(|a| *a <= 110)
                .map(Some)
                .ok_or_else(|| {
                    CoreError::invalid(
                        "approximate_age",
                        "Approximate age must be a whole number of years from 0 to 110",
                    )
                }),
        )?,
    };
    checks.check(categories::gender(conn, &input.categories))?;
    let address = checks.value(optional("address", &input.address, 500))?;
    let postcode = checks.value(optional("postcode", &input.postcode, 10))?;
    let school_or_employer = checks.value(optional(
        "school_or_employer",
        &input.school_or_employer,
        200,
    ))?;
    let languages = checks.value(optional("languages", &input.languages, 200))?;
    checks.check(categories::ethnicity(conn, &input.categories))?;
    checks.check(reference::check_current(
        conn,
        "concern_type",
        &input.concern_type,
        "concern_type",
        "type of concern",
    ))?;
    let concern = checks.value(
        Text::new("concern", "the concern in the referrer's words")
            .required()
            .max(20_000)
            .read(&input.concern),
    )?;
    checks.check(categories::needs(conn, &input.categories))?;
    let other_agencies = checks.value(optional("other_agencies", &input.other_agencies, 2_000))?;
    let mash_informed = match input.mash_informed.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    // The age is known only when the dates it comes from passed their checks.
    let age_at_referral = match (received_on, date_of_birth, approximate_age) {
        (Some(on), Some(Some(born)), _) => Some(age_on(born, on)),
        (_, _, Some(age)) => age,
        _ => None,
    };
    if age_at_referral.is_some_and(|a| a < 18) && mash_informed.is_none() {
        checks.add(
            "mash_informed",
            "Record whether the children's safeguarding front door (MASH) was informed: the person is under 18",
        );
    }
    let received_on = checks.finish_with(received_on)?;
    Ok(Referral {
        received_on,
        referrer_name,
        referrer_organisation,
        full_name,
        other_names,
        date_of_birth: date_of_birth.flatten(),
        approximate_age: approximate_age.flatten(),
        address,
        postcode: postcode.to_uppercase(),
        school_or_employer,
        languages,
        concern,
        other_agencies,
        mash_informed,
    })
}

/// An optional date of birth: not in the future, nor more than 110 years ago.
fn date_of_birth(text: &str) -> Result<Option<NaiveDate>> {
    let Some(born) = dates::parse_optional("date_of_birth", "date of birth", text)? else {
        return Ok(None);
    };
    not_future("date_of_birth", "date of birth", born)?;
    if age_on(born, today()) > 110 {
        return Err(CoreError::invalid(
            "date_of_birth",
            "The date of birth must be within the last 110 years",
        ));
    }
    Ok(Some(born))
}

impl Session {
    /// Records a new referral. Returns the new case's id. Nothing is written unless every
    /// field passes its checks.
    pub fn record_referral(&mut self, input: &ReferralInput) -> Result<i64> {
        self.require_casework()?;
        let referral = checked(&self.conn, input)?;
        let received_on = referral.received_on;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let year = received_on.format("%Y").to_string();
        let next: i64 = tx.query_row(
            "SELECT coalesce(max(CAST(substr(reference, 9) AS INTEGER)), 0) + 1 FROM cases WHERE reference LIKE ?1",
            [format!("CH-{year}-%")],
            |r| r.get(0),
        )?;
        let reference = format!("CH-{year}-{next:04}");
        tx.execute(
            "INSERT INTO cases (reference, stage, stage_since, received_on, referrer_name, referrer_organisation,
                referrer_sector, full_name, other_names, date_of_birth, approximate_age, gender, address, postcode,
                school_or_employer, languages, ethnicity, concern_type, concern, other_agencies, mash_informed,
                created_at)
             VALUES (?1, 'referral_received', ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?10, ?11, ?12, ?13, '', ?14,
                ?15, ?16, ?17, datetime('now'))",
            params![
                reference, received_on.to_string(), referral.referrer_name, referral.referrer_organisation,
                input.referrer_sector, referral.full_name, referral.other_names, referral.date_of_birth.map(|d| d.to_string()),
                referral.approximate_age, referral.address, referral.postcode, referral.school_or_employer,
                referral.languages, input.concern_type, referral.concern, referral.other_agencies,
                referral.mash_informed
            ],
        )?;
        let id = tx.last_insert_rowid();
        categories::write(&tx, id, &input.categories)?;
        tx.execute(
            "INSERT INTO episodes (case_id, episode, received_on) VALUES (?1, 1, ?2)",
            params![id, received_on.to_string()],
        )?;
        index_for_search(
            &tx,
            id,
            &reference,
            &referral.full_name,
            &referral.other_names,
        )?;
        tx.execute(
            "INSERT INTO case_events (case_id, episode, happened_on, kind, summary, recorded_by, recorded_at)
             VALUES (?1, 1, ?2, 'case.referral', 'Referral received', ?3, datetime('now'))",
            params![id, received_on.to_string(), actor],
        )?;
        audit::append(
            &tx,
            &actor,
            AuditAction::CaseReferral,
            &format!("case:{reference}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(id)
    }
}

impl Session {
    /// Reopens a closed or not adopted case as a new episode; its history stays.
    pub fn re_refer(&mut self, case_id: i64, received_on: &str, concern: &str) -> Result<()> {
        self.require_casework()?;
        let mut checks = Checks::default();
        let on = checks.value(
            dates::parse(
                "received_on",
                "date the new referral was received",
                received_on,
            )
            .and_then(|d| not_future("received_on", "date received", d)),
        )?;
        let concern = checks.value(
            Text::new("concern", "the new concern")
                .required()
                .max(20_000)
                .read(concern),
        )?;
        checks.finish()?;
        self.change(case_id, AuditAction::CaseRereferral, |tx, case| {
            let next = apply(case.stage, Step::ReRefer)?;
            not_before(case, on, "received_on", "new referral")?;
            // An approximate age counts from the date received: it moves with that date.
            tx.execute(
                "UPDATE cases SET episode = episode + 1, received_on = ?2, concern = ?3, screened_out = 0,
                    exit_date = NULL, exit_reason = NULL, approximate_age = approximate_age + ?4 WHERE id = ?1",
                params![case.id, on.to_string(), concern, age_on(case.received_on, on)],
            )?;
            tx.execute(
                "INSERT INTO episodes (case_id, episode, received_on) VALUES (?1, ?2, ?3)",
                params![case.id, case.episode + 1, on.to_string()],
            )?;
            Self::set_stage(tx, case, next, on)?;
            Ok(((), on, format!("Re-referred: episode {}", case.episode + 1)))
        })
    }
}

pub(crate) fn index_for_search(
    tx: &rusqlite::Connection,
    id: i64,
    reference: &str,
    full_name: &str,
    other_names: &str,
) -> Result<()> {
    tx.execute("DELETE FROM case_search WHERE rowid = ?1", [id])?;
    tx.execute(
        "INSERT INTO case_search (rowid, folded) VALUES (?1, ?2)",
        params![id, fold(&format!("{reference} {full_name} {other_names}"))],
    )?;
    Ok(())
}
