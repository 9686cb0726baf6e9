//! Who attends: members present, apologies, people attending for one item; and whether a
//! police representative is present when a case is discussed.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::common::fields::Text;
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::meeting::meeting_of;

vocabulary! {
    /// How someone attends a meeting.
    AttendanceStatus "Choose present, apologies or attending for one item" {
        Present = "present" "Present",
        Apologies = "apologies" "Apologies",
        ForItem = "for_item" "Attending for one item",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub police: bool,
}

/// One attendance line: an existing member (`member_id`) or someone new (`member`, who is
/// then added to the membership for later meetings).
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct AttendanceInput {
    pub member_id: Option<i64>,
    pub member: MemberInput,
    /// "present", "apologies" or "for_item".
    pub status: String,
    pub agenda_item_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub police: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Attendee {
    pub id: i64,
    pub member_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub police: bool,
    pub status: String,
    pub agenda_item_id: Option<i64>,
}

impl Attendee {
    /// A police representative present when agenda item `item_id` is discussed: present for
    /// the whole meeting, or attending for this item. The one form of the rule: the agenda's
    /// warning and the refusal of a decision both ask it.
    pub fn police_for(&self, item_id: i64) -> bool {
        self.police
            && (self.status == AttendanceStatus::Present.code()
                || (self.status == AttendanceStatus::ForItem.code()
                    && self.agenda_item_id == Some(item_id)))
    }
}

/// Everyone recorded at a meeting: present first, then attending for an item, then apologies.
pub(crate) fn attendees(conn: &rusqlite::Connection, meeting_id: i64) -> Result<Vec<Attendee>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, member_id, name, organisation, role, police, status, agenda_item_id
         FROM attendance WHERE meeting_id = ?1 ORDER BY status = 'for_item', status = 'apologies', name COLLATE NOCASE",
    )?;
    let attendance = stmt
        .query_map([meeting_id], |r| {
            Ok(Attendee {
                id: r.get(0)?,
                member_id: r.get(1)?,
                name: r.get(2)?,
                organisation: r.get(3)?,
                role: r.get(4)?,
                police: r.get(5)?,
                status: r.get(6)?,
                agenda_item_id: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(attendance)
}

/// Whether a police representative is present for the item (see `Attendee::police_for`).
pub(crate) fn police_present(
    tx: &rusqlite::Connection,
    meeting_id: i64,
    item_id: i64,
) -> Result<bool> {
    Ok(attendees(tx, meeting_id)?
        .iter()
        .any(|a| a.police_for(item_id)))
}

impl Session {
    pub fn members(&self) -> Result<Vec<Member>> {
        self.require_case_view()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, organisation, role, police FROM panel_members
             WHERE retired_at IS NULL ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Member {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
                role: r.get(3)?,
                police: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records one person's attendance; someone new joins the membership too.
    pub fn record_attendance(&mut self, meeting_id: i64, input: &AttendanceInput) -> Result<i64> {
        self.require_casework()?;
        let status = AttendanceStatus::parse("status", &input.status)?;
        if status == AttendanceStatus::ForItem && input.agenda_item_id.is_none() {
            return Err(CoreError::invalid(
                "agenda_item_id",
                "Choose the item they attend for",
            ));
        }
        let new_member = match input.member_id {
            Some(_) => None,
            None => Some(MemberInput {
                name: Text::new("name", "the member's name")
                    .required()
                    .max(200)
                    .read(&input.member.name)?,
                organisation: Text::new("organisation", "the member's organisation")
                    .required()
                    .max(200)
                    .read(&input.member.organisation)?,
                role: Text::new("role", "the member's role")
                    .required()
                    .max(200)
                    .read(&input.member.role)?,
                police: input.member.police,
            }),
        };
        self.meeting_change(meeting_id, AuditAction::MeetingAttendance, "{}", |tx, _| {
            let member_id = match (input.member_id, new_member) {
                (Some(id), _) => id,
                (None, Some(m)) => {
                    tx.execute(
                        "INSERT INTO panel_members (name, organisation, role, police) VALUES (?1, ?2, ?3, ?4)",
                        params![m.name, m.organisation, m.role, m.police],
                    )?;
                    tx.last_insert_rowid()
                }
                (None, None) => unreachable!("a new member is read above"),
            };
            let (name, organisation, role, police): (String, String, String, bool) = tx
                .query_row(
                    "SELECT name, organisation, role, police FROM panel_members WHERE id = ?1",
                    [member_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or(CoreError::invalid("member_id", "Choose a member from the list"))?;
            let already: bool = tx.query_row(
                "SELECT count(*) > 0 FROM attendance WHERE meeting_id = ?1 AND member_id = ?2",
                params![meeting_id, member_id],
                |r| r.get(0),
            )?;
            if already {
                return Err(CoreError::invalid(
                    "member_id",
                    format!("{name} is already in this meeting's attendance"),
                ));
            }
            if let Some(item) = input
                .agenda_item_id
                .filter(|_| status == AttendanceStatus::ForItem)
            {
                if meeting_of(tx, "agenda_items", item)? != meeting_id {
                    return Err(CoreError::invalid("agenda_item_id", "Choose an item of this meeting"));
                }
            }
            tx.execute(
                "INSERT INTO attendance (meeting_id, member_id, name, organisation, role, police, status, agenda_item_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    meeting_id,
                    member_id,
                    name,
                    organisation,
                    role,
                    police,
                    status.code(),
                    input
                        .agenda_item_id
                        .filter(|_| status == AttendanceStatus::ForItem)
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn remove_attendance(&mut self, attendance_id: i64) -> Result<()> {
        self.require_casework()?;
        let meeting_id = meeting_of(&self.conn, "attendance", attendance_id)?;
        self.meeting_change(
            meeting_id,
            AuditAction::MeetingAttendanceRemoved,
            "{}",
            |tx, _| {
                tx.execute("DELETE FROM attendance WHERE id = ?1", [attendance_id])?;
                Ok(())
            },
        )
    }
}
