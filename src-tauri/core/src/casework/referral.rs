//! A new referral, and a re-referral that opens a new episode of a closed case.

use rusqlite::params;
use serde::Deserialize;

use crate::common::dates::{self, age_on, today};
use crate::common::fields::{not_future, Text};
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

impl Session {
    /// Records a new referral. Returns the new case's id.
    pub fn record_referral(&mut self, input: &ReferralInput) -> Result<i64> {
        self.require_casework()?;
        let received_on = not_future(
            "received_on",
            "date received",
            dates::parse(
                "received_on",
                "date the referral was received",
                &input.received_on,
            )?,
        )?;
        let referrer_name = Text::new("referrer_name", "the referrer's name")
            .required()
            .max(200)
            .read(&input.referrer_name)?;
        let referrer_organisation =
            Text::new("referrer_organisation", "the referrer's organisation")
                .max(200)
                .read(&input.referrer_organisation)?;
        let full_name = Text::new("full_name", "the person's full name")
            .required()
            .max(200)
            .read(&input.full_name)?;
        let other_names = Text::new("other_names", "other names")
            .max(500)
            .read(&input.other_names)?;
        let date_of_birth =
            dates::parse_optional("date_of_birth", "date of birth", &input.date_of_birth)?;
        if let Some(born) = date_of_birth {
            not_future("date_of_birth", "date of birth", born)?;
            if age_on(born, today()) > 110 {
                return Err(CoreError::invalid(
                    "date_of_birth",
                    "The date of birth must be within the last 110 years",
                ));
            }
        }
        let approximate_age = match (date_of_birth, input.approximate_age.trim()) {
            (Some(_), _) => None,
            (None, "") => {
                return Err(CoreError::invalid(
                    "date_of_birth",
                    "Enter the date of birth, or an approximate age if it is not known",
                ))
            }
            (None, age) => Some(age.parse::<u32>().ok().filter(|a| *a <= 110).ok_or_else(
                || {
                    CoreError::invalid(
                        "approximate_age",
                        "Approximate age must be a whole number of years from 0 to 110",
                    )
                },
            )?),
        };
        let concern = Text::new("concern", "the concern in the referrer's words")
            .required()
            .max(20_000)
            .read(&input.concern)?;
        let mash_informed = match input.mash_informed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let age_at_referral = date_of_birth
            .map(|b| age_on(b, received_on))
            .or(approximate_age);
        if age_at_referral.is_some_and(|a| a < 18) && mash_informed.is_none() {
            return Err(CoreError::invalid(
                "mash_informed",
                "Record whether the children's safeguarding front door (MASH) was informed: the person is under 18",
            ));
        }
        let fields = [
            ("address", &input.address, 500),
            ("postcode", &input.postcode, 10),
            ("school_or_employer", &input.school_or_employer, 200),
            ("languages", &input.languages, 200),
            ("other_agencies", &input.other_agencies, 2_000),
        ];
        let mut optional = Vec::new();
        for (field, value, max) in fields {
            optional.push(
                Text::new(field, &field.replace('_', " "))
                    .max(max)
                    .read(value)?,
            );
        }
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        reference::check_current(
            &tx,
            "sector",
            &input.referrer_sector,
            "referrer_sector",
            "referrer's sector",
        )?;
        categories::check(&tx, &input.categories)?;
        reference::check_current(
            &tx,
            "concern_type",
            &input.concern_type,
            "concern_type",
            "type of concern",
        )?;
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
                reference, received_on.to_string(), referrer_name, referrer_organisation, input.referrer_sector,
                full_name, other_names, date_of_birth.map(|d| d.to_string()), approximate_age,
                optional[0], optional[1].to_uppercase(), optional[2], optional[3],
                input.concern_type, concern, optional[4], mash_informed
            ],
        )?;
        let id = tx.last_insert_rowid();
        categories::write(&tx, id, &input.categories)?;
        tx.execute(
            "INSERT INTO episodes (case_id, episode, received_on) VALUES (?1, 1, ?2)",
            params![id, received_on.to_string()],
        )?;
        index_for_search(&tx, id, &reference, &full_name, &other_names)?;
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
        let on = not_future(
            "received_on",
            "date received",
            dates::parse(
                "received_on",
                "date the new referral was received",
                received_on,
            )?,
        )?;
        let concern = Text::new("concern", "the new concern")
            .required()
            .max(20_000)
            .read(concern)?;
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
