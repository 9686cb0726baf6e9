//! A person's sex or gender, ethnicity and mental health and neurodiversity needs, in the
//! categories the Home Office statistics count (reference data, so they can change between
//! years). Text typed before categories existed that matched none is kept, shown as "to be
//! categorised", until someone chooses a category for it.

use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::common::fields::Checks;
use crate::error::{CoreError, Result};
use crate::reference;
use crate::security::session::Session;
use crate::store::audit::AuditAction;

/// Needs that stand alone: none of them can be chosen with another need.
const ALONE: [&str; 3] = ["none", "not_known", "prefer_not_to_say"];

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct CategoriesInput {
    /// A code of the `gender` reference data.
    pub gender: String,
    /// A code of the `ethnicity` reference data.
    pub ethnicity: String,
    /// Codes of the `need` reference data: none, one or several.
    pub needs: Vec<String>,
}

/// One category as the record shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Category {
    /// Empty when not yet categorised.
    pub code: String,
    pub label: String,
    /// Text typed before categories existed that matched none of them, kept until someone
    /// chooses a category; empty otherwise.
    pub to_be_categorised: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Categories {
    pub gender: Category,
    pub ethnicity: Category,
    pub needs: Vec<Category>,
}

/// Checks the choices against current reference data: a retired category is refused. Every
/// error at once.
pub(crate) fn check(conn: &Connection, input: &CategoriesInput) -> Result<()> {
    let mut checks = Checks::default();
    checks.check(gender(conn, input))?;
    checks.check(ethnicity(conn, input))?;
    checks.check(needs(conn, input))?;
    checks.finish()
}

/// Each choice checked on its own, for a form (the referral) that puts other fields between.
pub(crate) fn gender(conn: &Connection, input: &CategoriesInput) -> Result<()> {
    reference::check_current(conn, "gender", &input.gender, "gender", "sex or gender")
}

pub(crate) fn ethnicity(conn: &Connection, input: &CategoriesInput) -> Result<()> {
    reference::check_current(
        conn,
        "ethnicity",
        &input.ethnicity,
        "ethnicity",
        "ethnicity",
    )
}

pub(crate) fn needs(conn: &Connection, input: &CategoriesInput) -> Result<()> {
    for need in &input.needs {
        reference::check_current(conn, "need", need, "needs", "need")?;
    }
    let alone = input.needs.iter().find(|n| ALONE.contains(&n.as_str()));
    if let (Some(code), true) = (alone, input.needs.len() > 1) {
        let label = reference::label(conn, "need", code)?;
        return Err(CoreError::invalid(
            "needs",
            format!("\"{label}\" cannot be chosen with another need"),
        ));
    }
    Ok(())
}

/// Writes checked choices; any text waiting to be categorised is replaced by them.
pub(crate) fn write(tx: &Transaction, case_id: i64, input: &CategoriesInput) -> Result<()> {
    tx.execute(
        "UPDATE cases SET gender_code = ?2, ethnicity_code = ?3, gender = '', ethnicity = '' WHERE id = ?1",
        params![case_id, input.gender, input.ethnicity],
    )?;
    tx.execute("DELETE FROM case_needs WHERE case_id = ?1", [case_id])?;
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO case_needs (case_id, code) VALUES (?1, ?2)")?;
    for need in &input.needs {
        insert.execute(params![case_id, need])?;
    }
    Ok(())
}

fn category(conn: &Connection, kind: &str, code: String, typed: String) -> Result<Category> {
    let label = match (code.is_empty(), typed.is_empty()) {
        (false, _) => reference::label(conn, kind, &code)?,
        (true, false) => format!("To be categorised: \"{typed}\""),
        (true, true) => "Not recorded".to_owned(),
    };
    Ok(Category {
        code,
        label,
        to_be_categorised: typed,
    })
}

pub(crate) fn read(conn: &Connection, case_id: i64) -> Result<Categories> {
    let (gender_code, gender, ethnicity_code, ethnicity): (String, String, String, String) = conn
        .query_row(
        "SELECT gender_code, gender, ethnicity_code, ethnicity FROM cases WHERE id = ?1",
        [case_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT n.code, coalesce(r.label, n.code) FROM case_needs n
         LEFT JOIN reference_items r ON r.kind = 'need' AND r.code = n.code
         WHERE n.case_id = ?1 ORDER BY r.position",
    )?;
    let needs = stmt
        .query_map([case_id], |r| {
            Ok(Category {
                code: r.get(0)?,
                label: r.get(1)?,
                to_be_categorised: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Categories {
        gender: category(conn, "gender", gender_code, gender)?,
        ethnicity: category(conn, "ethnicity", ethnicity_code, ethnicity)?,
        needs,
    })
}

impl Session {
    /// Records or corrects a person's categories, audited and on the timeline.
    pub fn set_categories(&mut self, case_id: i64, input: &CategoriesInput) -> Result<()> {
        self.require_casework()?;
        check(&self.conn, input)?;
        self.change(case_id, AuditAction::CaseCategories, |tx, _| {
            write(tx, case_id, input)?;
            Ok((
                (),
                crate::common::dates::today(),
                "Sex or gender, ethnicity and needs recorded".to_owned(),
            ))
        })
    }
}
