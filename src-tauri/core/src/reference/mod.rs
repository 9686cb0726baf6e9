//! Reference data: sectors, types of concern, intervention types and VAF factors. Rows, not
//! enums: an administrator adds or retires them; a retired code stays readable on old records.

mod admin;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};

vocabulary! {
    /// The kinds of reference data an administrator looks after.
    ReferenceKind "Choose the kind of reference data" {
        Sector = "sector" "Referrer sectors",
        ConcernType = "concern_type" "Types of concern",
        InterventionType = "intervention_type" "Types of support",
        VafFactor = "vaf_factor" "VAF factors",
        TrainingProduct = "training_product" "Training products",
        Gender = "gender" "Sex and gender",
        Ethnicity = "ethnicity" "Ethnic groups",
        Need = "need" "Mental health and neurodiversity needs",
    }
}

vocabulary! {
    /// The VAF's three dimensions, which group its factors.
    VafDimension "Choose the dimension the factor belongs to" {
        Engagement = "engagement" "Engagement",
        Intent = "intent" "Intent",
        Capability = "capability" "Capability",
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct ReferenceItem {
    pub kind: String,
    pub code: String,
    pub label: String,
    pub grouping: String,
    pub retired: bool,
}

pub(crate) fn list(conn: &Connection, kind: &str) -> Result<Vec<ReferenceItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, code, label, grouping, retired_at IS NOT NULL FROM reference_items
         WHERE kind = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([kind], |r| {
        Ok(ReferenceItem {
            kind: r.get(0)?,
            code: r.get(1)?,
            label: r.get(2)?,
            grouping: r.get(3)?,
            retired: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The label of a code, retired or not (old records keep theirs).
pub(crate) fn label(conn: &Connection, kind: &str, code: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT label FROM reference_items WHERE kind = ?1 AND code = ?2",
            [kind, code],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| code.to_owned()))
}

/// A code a new record may use: known and not retired.
pub(crate) fn check_current(
    conn: &Connection,
    kind: &str,
    code: &str,
    field: &'static str,
    what: &str,
) -> Result<()> {
    let retired: Option<bool> = conn
        .query_row(
            "SELECT retired_at IS NOT NULL FROM reference_items WHERE kind = ?1 AND code = ?2",
            [kind, code],
            |r| r.get(0),
        )
        .optional()?;
    match retired {
        Some(false) => Ok(()),
        Some(true) => Err(CoreError::invalid(
            field,
            format!("That {what} is no longer in use: choose another"),
        )),
        None => Err(CoreError::invalid(field, format!("Choose the {what}"))),
    }
}

pub(crate) fn add(
    conn: &Connection,
    kind: &str,
    label: &str,
    grouping: &str,
) -> Result<ReferenceItem> {
    let Ok(kind_word) = ReferenceKind::parse("kind", kind) else {
        return Err(CoreError::NotFound("That kind of reference data"));
    };
    if kind_word == ReferenceKind::VafFactor {
        VafDimension::parse("grouping", grouping)?;
    }
    // Ethnicities and needs are listed under their group (ONS group; mental health or
    // neurodiversity), as typed.
    let grouping = match kind_word {
        ReferenceKind::VafFactor => grouping,
        ReferenceKind::Ethnicity | ReferenceKind::Need => grouping.trim(),
        _ => "",
    };
    if grouping.chars().count() > 200 {
        return Err(CoreError::invalid(
            "grouping",
            "Enter a group of 200 characters or fewer",
        ));
    }
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 200 {
        return Err(CoreError::invalid(
            "label",
            "Enter a label of 200 characters or fewer",
        ));
    }
    let code: String = crate::common::text::fold(label)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let taken: bool = conn.query_row(
        "SELECT count(*) > 0 FROM reference_items WHERE kind = ?1 AND (code = ?2 OR label = ?3)",
        params![kind, code, label],
        |r| r.get(0),
    )?;
    if taken {
        return Err(CoreError::invalid(
            "label",
            "There is already an item with that name",
        ));
    }
    conn.execute(
        "INSERT INTO reference_items (kind, code, label, grouping, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM reference_items WHERE kind = ?1))",
        params![kind, code, label, grouping],
    )?;
    Ok(ReferenceItem {
        kind: kind.into(),
        code,
        label: label.into(),
        grouping: grouping.into(),
        retired: false,
    })
}

pub(crate) fn retire(conn: &Connection, kind: &str, code: &str, at: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE reference_items SET retired_at = ?3 WHERE kind = ?1 AND code = ?2 AND retired_at IS NULL",
        params![kind, code, at],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound("That reference item"));
    }
    Ok(())
}
