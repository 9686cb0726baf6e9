//! The people who can unlock the database, their roles, and the rules for their details.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Chair,
    Secretariat,
    SteeringLead,
    PanelMember,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::Chair,
        Role::Secretariat,
        Role::SteeringLead,
        Role::PanelMember,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Chair => "chair",
            Role::Secretariat => "secretariat",
            Role::SteeringLead => "steering_lead",
            Role::PanelMember => "panel_member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Chair => "Channel Panel chair",
            Role::Secretariat => "Panel secretariat",
            Role::SteeringLead => "Steering group lead",
            Role::PanelMember => "Panel member (read only)",
        }
    }

    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| CoreError::invalid("role", "Choose a role"))
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub full_name: String,
    pub username: String,
    pub role: Role,
    pub role_label: &'static str,
    pub must_change_passphrase: bool,
    pub created_at: String,
}

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    let role_text: String = r.get(3)?;
    let role = Role::parse(&role_text).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown role {role_text}").into(),
        )
    })?;
    Ok(Person {
        id: r.get(0)?,
        full_name: r.get(1)?,
        username: r.get(2)?,
        role,
        role_label: role.label(),
        must_change_passphrase: r.get(4)?,
        created_at: r.get(5)?,
    })
}

const COLUMNS: &str = "id, full_name, username, role, must_change_passphrase, created_at";

pub(crate) fn find_active(conn: &Connection, username: &str) -> Result<Option<Person>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM people WHERE username = ?1 AND removed_at IS NULL"),
            [username],
            from_row,
        )
        .optional()?)
}

pub(crate) fn get_active(conn: &Connection, id: i64) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE id = ?1 AND removed_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound("That person"))
}

pub(crate) fn list_active(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM people WHERE removed_at IS NULL ORDER BY full_name COLLATE NOCASE"
    ))?;
    let people = stmt.query_map([], from_row)?;
    Ok(people.collect::<rusqlite::Result<_>>()?)
}

/// Details of a new person, checked.
pub struct NewPerson<'a> {
    pub full_name: &'a str,
    pub username: &'a str,
    pub role: Role,
    pub must_change_passphrase: bool,
}

pub(crate) fn insert(conn: &Connection, new: &NewPerson) -> Result<Person> {
    let full_name = check_full_name(new.full_name)?;
    check_username(new.username)?;
    if find_active(conn, new.username)?.is_some() {
        return Err(CoreError::invalid(
            "username",
            "That username is already in use: choose another",
        ));
    }
    conn.execute(
        "INSERT INTO people (full_name, username, role, must_change_passphrase, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            full_name,
            new.username,
            new.role.as_str(),
            new.must_change_passphrase,
            Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
        ],
    )?;
    get_active(conn, conn.last_insert_rowid())
}

pub(crate) fn check_full_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid(
            "full_name",
            "Enter the person's full name",
        ));
    }
    if name.chars().count() > 200 {
        return Err(CoreError::invalid(
            "full_name",
            "Full name must be 200 characters or fewer",
        ));
    }
    Ok(name)
}

pub(crate) fn check_username(username: &str) -> Result<()> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if username.is_empty() {
        return Err(CoreError::invalid("username", "Enter a username"));
    }
    if !(3..=32).contains(&username.len()) || !ok_chars {
        return Err(CoreError::invalid(
            "username",
            "Username must be 3 to 32 characters: lower-case letters, digits, dots, hyphens or underscores",
        ));
    }
    Ok(())
}

/// The rules for a new passphrase, reported against the field a person must fix.
pub fn check_new_passphrase(username: &str, passphrase: &str, confirm: &str) -> Result<()> {
    if passphrase.is_empty() {
        return Err(CoreError::invalid("passphrase", "Enter a passphrase"));
    }
    if passphrase.chars().count() < 12 {
        return Err(CoreError::invalid(
            "passphrase",
            "Passphrase must be 12 characters or more",
        ));
    }
    if passphrase.chars().count() > 1024 {
        return Err(CoreError::invalid(
            "passphrase",
            "Passphrase must be 1,024 characters or fewer",
        ));
    }
    if passphrase.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(CoreError::invalid(
            "passphrase",
            "Passphrase must not be the same as the username",
        ));
    }
    if passphrase != confirm {
        return Err(CoreError::invalid(
            "passphrase_confirm",
            "The passphrases do not match: type the same passphrase twice",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrases_are_checked_against_length_username_and_confirmation() {
        let field = |r: Result<()>| r.err().and_then(|e| e.field());
        assert_eq!(
            field(check_new_passphrase("amara", "short", "short")),
            Some("passphrase")
        );
        assert_eq!(
            field(check_new_passphrase(
                "amara.okafor1",
                "Amara.Okafor1",
                "Amara.Okafor1"
            )),
            Some("passphrase")
        );
        assert_eq!(
            field(check_new_passphrase(
                "amara",
                "long enough phrase",
                "long enough phrasE"
            )),
            Some("passphrase_confirm")
        );
        assert!(check_new_passphrase("amara", "twelve chars", "twelve chars").is_ok());
        // Twelve characters, not twelve bytes: a passphrase in any script counts the same.
        assert!(check_new_passphrase("amara", "пароль-длинн", "пароль-длинн").is_ok());
    }

    #[test]
    fn usernames_are_short_lower_case_identifiers() {
        assert!(check_username("zoe.brown-2").is_ok());
        assert_eq!(
            check_username("Zoë").err().unwrap().field(),
            Some("username")
        );
        assert_eq!(
            check_username("ab").err().unwrap().field(),
            Some("username")
        );
        assert_eq!(
            check_full_name("   ").err().unwrap().field(),
            Some("full_name")
        );
        assert_eq!(
            check_full_name("  Siobhán Ní Bhriain ").unwrap(),
            "Siobhán Ní Bhriain"
        );
    }
}
