//! The people who can unlock the database, their roles, and the rules for their details.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::security::attempts::{self, Attempts};
use crate::security::keyfile::{commit_with_keyfile, KeyFile};
use crate::security::rotation::Rotated;
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
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

    /// What this role may do: the one place roles are decided, for the core's checks and the
    /// window's choice of what to offer.
    pub fn permissions(self) -> Permissions {
        use Role::*;
        Permissions {
            read_cases: self != SteeringLead,
            record_casework: matches!(self, Chair | Secretariat | Administrator),
            decide_outside_meeting: self == Chair,
            approve_minutes: matches!(self, Chair | Administrator),
            read_plan: self != PanelMember,
            edit_plan: matches!(self, SteeringLead | Administrator),
            read_statistics: matches!(self, Chair | SteeringLead | Administrator),
            exact_statistics: self == Chair,
            administer: self == Administrator,
        }
    }
}

/// Roles as a vocabulary: read from the form that adds a person and from stored rows.
impl Vocabulary for Role {
    const ALL: &'static [Self] = &Role::ALL;
    const CHOOSE: &'static str = "Choose a role";

    fn code(self) -> &'static str {
        self.as_str()
    }

    fn label(self) -> &'static str {
        Role::label(self)
    }
}

/// What a person may do, from their role (see `Role::permissions`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, specta::Type)]
pub struct Permissions {
    /// Read case records and meetings: everyone but the steering group lead, who works with
    /// the plan and anonymised figures.
    pub read_cases: bool,
    /// Record casework and meetings: the chair, the secretariat and administrators.
    pub record_casework: bool,
    /// Record a decision outside a panel meeting, saying why it could not wait for the next
    /// one: the chair alone. The panel's decisions are recorded at its meetings.
    pub decide_outside_meeting: bool,
    pub approve_minutes: bool,
    /// Read the delivery plan, measures, training and steering meetings: everyone but panel
    /// members, who come to the panel for its cases.
    pub read_plan: bool,
    /// Change them: the steering group lead and administrators.
    pub edit_plan: bool,
    /// The Channel statistics and the annual report to the Community Safety Partnership: the
    /// chair, the steering group lead and administrators.
    pub read_statistics: bool,
    /// See the statistics on screen without small numbers suppressed: the panel's chair.
    /// Everything exported is suppressed for everyone.
    pub exact_statistics: bool,
    /// People, settings, reference data and the audit trail.
    pub administer: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Person {
    pub id: i64,
    pub full_name: String,
    pub username: String,
    pub role: Role,
    pub role_label: &'static str,
    pub may: Permissions,
    pub must_change_passphrase: bool,
    pub created_at: String,
}

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    let role_text: String = r.get(3)?;
    let role = Role::parse("role", &role_text).map_err(|_| {
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
        may: role.permissions(),
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

/// The example the refusal gives, which is therefore refused too.
const EXAMPLE: &str = "velvet orbit lantern harbour";

/// Words a guesser would try first here, beside the person's username.
const LOCAL_WORDS: [&str; 8] = [
    "channel", "desk", "prevent", "panel", "council", "borough", "barking", "dagenham",
];

/// Refuses a passphrase that zxcvbn estimates would fall to fewer than 10^10 guesses (below
/// its top score): common passwords, keyboard runs, repeats, dates, the username with a
/// year, two common words. Argon2id makes each guess cost about half a second of a whole
/// core, so 10^10 guesses are over a century of one core's guessing at a copied key file.
fn check_strength(username: &str, passphrase: &str) -> Result<()> {
    let mut context = vec![username];
    context.extend(username.split(['.', '-', '_']));
    context.extend(LOCAL_WORDS);
    context.push(EXAMPLE);
    let estimate = zxcvbn::zxcvbn(passphrase, &context);
    if estimate.score() >= zxcvbn::Score::Four {
        return Ok(());
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(" {w}"))
        .unwrap_or_default();
    Err(CoreError::invalid(
        "passphrase",
        format!(
            "This passphrase would be easy to guess.{why} Use three or four random words \
             that have nothing to do with you or your work, for example \"{EXAMPLE}\" (but \
             not that one)"
        ),
    ))
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
    check_strength(username, passphrase)?;
    if passphrase != confirm {
        return Err(CoreError::invalid(
            "passphrase_confirm",
            "The passphrases do not match: type the same passphrase twice",
        ));
    }
    Ok(())
}

pub(crate) fn audit_person(
    tx: &Connection,
    actor: &str,
    action: AuditAction,
    person: &Person,
) -> Result<()> {
    let detail =
        serde_json::json!({ "username": person.username, "role": person.role }).to_string();
    audit::append(tx, actor, action, &format!("person:{}", person.id), &detail)
}

impl Session {
    pub fn change_passphrase(&mut self, current: &str, new: &str, confirm: &str) -> Result<()> {
        let username = self.person.username.clone();
        let old = KeyFile::load(&self.paths)?;
        if current.is_empty() {
            return Err(CoreError::invalid(
                "current_passphrase",
                "Enter your current passphrase",
            ));
        }
        // Someone at an unlocked window could otherwise guess the passphrase here without
        // a wait: a wrong one counts as a failed unlock (the same wait, audited at the next
        // unlock as every failed attempt is).
        let turn = attempts::take_turn(&self.paths)?;
        let mut attempts = Attempts::load(&self.paths)?;
        attempts.refuse_early(Utc::now())?;
        if old.open(&username, current)?.is_none() {
            attempts.record_failure(&old, &username, Utc::now());
            attempts.save(&self.paths)?;
            return Err(CoreError::invalid(
                "current_passphrase",
                "Your current passphrase is not right",
            ));
        }
        drop(turn);
        check_new_passphrase(&username, new, confirm)?;
        if new == current {
            return Err(CoreError::invalid(
                "passphrase",
                "Choose a passphrase different from the current one",
            ));
        }
        let mut keyfile = old.clone();
        keyfile.set_slot(self.access_key()?, &username, new)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE people SET must_change_passphrase = 0 WHERE id = ?1",
            [self.person.id],
        )?;
        audit::append(
            &tx,
            &username,
            AuditAction::PassphraseChanged,
            &format!("person:{}", self.person.id),
            "{}",
        )?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)?;
        self.person.must_change_passphrase = false;
        Ok(())
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        self.require_admin("see the people with access")?;
        self::list_active(&self.conn)
    }

    /// Adds a person with a temporary passphrase they must change at first unlock.
    pub fn add_person(
        &mut self,
        full_name: &str,
        username: &str,
        role: Role,
        temporary: &str,
        confirm: &str,
    ) -> Result<Person> {
        self.add_person_as_typed(full_name, username, role.as_str(), temporary, confirm)
    }

    /// `add_person` with the role's code as the window sends it, read after the person's
    /// own role is checked.
    pub fn add_person_as_typed(
        &mut self,
        full_name: &str,
        username: &str,
        role: &str,
        temporary: &str,
        confirm: &str,
    ) -> Result<Person> {
        self.require_admin("add people")?;
        let role = Role::parse("role", role)?;
        self::check_full_name(full_name)?;
        self::check_username(username)?;
        check_new_passphrase(username, temporary, confirm)?;
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        keyfile.set_slot(self.access_key()?, username, temporary)?;
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        let person = self::insert(
            &tx,
            &NewPerson {
                full_name,
                username,
                role,
                must_change_passphrase: true,
            },
        )?;
        audit_person(&tx, &actor, AuditAction::PersonAdded, &person)?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)?;
        Ok(person)
    }

    /// Removes a person's access: their key slot goes and the data key is rotated in the
    /// same step, so nothing they kept (an old key file, the recovery key) opens the file
    /// again. Their row stays for the audit trail. Returns the new recovery key.
    pub fn remove_person(&mut self, id: i64) -> Result<Rotated> {
        self.require_admin("remove people")?;
        let person = self::get_active(&self.conn, id)?;
        if person.id == self.person.id {
            return Err(CoreError::invalid("person", "You cannot remove yourself"));
        }
        let admins = self::list_active(&self.conn)?
            .iter()
            .filter(|p| p.role == Role::Administrator)
            .count();
        if person.role == Role::Administrator && admins <= 1 {
            return Err(CoreError::invalid(
                "person",
                "The last administrator cannot be removed",
            ));
        }
        self.rotate(Some(&person))
    }

    /// Gives a person a new temporary passphrase (a new key slot) to change at next unlock.
    pub fn reset_passphrase(&mut self, id: i64, temporary: &str, confirm: &str) -> Result<()> {
        self.require_admin("reset passphrases")?;
        let person = self::get_active(&self.conn, id)?;
        check_new_passphrase(&person.username, temporary, confirm)?;
        let old = KeyFile::load(&self.paths)?;
        let mut keyfile = old.clone();
        keyfile.set_slot(self.access_key()?, &person.username, temporary)?;
        let actor = self.person.username.clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE people SET must_change_passphrase = 1 WHERE id = ?1",
            [id],
        )?;
        audit_person(&tx, &actor, AuditAction::PersonPassphraseReset, &person)?;
        commit_with_keyfile(tx, &self.paths, Some(&old), &keyfile)
    }
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
        // Twelve characters, not twelve bytes: a passphrase in any script counts the same.
        assert!(check_new_passphrase("amara", "пароль-длинн", "пароль-длинн").is_ok());
    }

    #[test]
    fn guessable_passphrases_are_refused_with_a_reason_and_strong_ones_accepted() {
        let refused = [
            ("amara", "passwordpassword"),
            ("amara.okafor", "amara.okafor2026"),
            ("amara", "amara amara 2026"),
            ("sean", "qwertyuiopasdf"),
            ("sean", "123456789012"),
            ("sean", "Password1234!"),
            ("sean", "aaaaaaaaaaaaaaaa"),
            ("sean", "01/02/2003 sean"),
            ("sean", "council council"),
            ("sean", "prevent panel"),
            ("sean", EXAMPLE),
        ];
        for (username, p) in refused {
            let err = check_new_passphrase(username, p, p).expect_err(p);
            assert_eq!(err.field(), Some("passphrase"), "{p}");
            assert!(err.to_string().contains("easy to guess"), "{p}: {err}");
        }
        let accepted = [
            ("amara", "copper meadow tiger quilt"),
            ("amara", "пароль-длинн"),
            ("amara", "Árvíztűrő tükörfúrógép 7"),
            ("sean", "kettle marigold sprint 44"),
            ("sean", "temporary phrase 42"),
        ];
        for (username, p) in accepted {
            assert!(check_new_passphrase(username, p, p).is_ok(), "{p}");
        }
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
