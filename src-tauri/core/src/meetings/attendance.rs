//! Who attends: members present, apologies, people attending for one item; and whether a
//! police representative is present when a case is discussed.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::common::fields::text;
use crate::error::{CoreError, Result};
use crate::security::session::Session;

use super::meeting::meeting_of;

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

/// Whether a police representative is present for the item: present for the whole meeting
/// or attending for this item.
pub(crate) fn police_present(
    tx: &rusqlite::Connection,
    meeting_id: i64,
    item_id: i64,
) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT count(*) > 0 FROM attendance WHERE meeting_id = ?1 AND police = 1
           AND (status = 'present' OR (status = 'for_item' AND agenda_item_id = ?2))",
        params![meeting_id, item_id],
        |r| r.get(0),
    )?)
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
        let status = input.status.as_str();
        if !["present", "apologies", "for_item"].contains(&status) {
            return Err(CoreError::invalid(
                "status",
                "Choose present, apologies or attending for one item",
            ));
        }
        if status == "for_item" && input.agenda_item_id.is_none() {
            return Err(CoreError::invalid(
                "agenda_item_id",
                "Choose the item they attend for",
            ));
        }
        let new_member = match input.member_id {
            Some(_) => None,
            None => Some(MemberInput {
                name: text("name", "the member's name", &input.member.name, true, 200)?,
                organisation: text(
                    "organisation",
                    "the member's organisation",
                    &input.member.organisation,
                    true,
                    200,
                )?,
                role: text("role", "the member's role", &input.member.role, true, 200)?,
                police: input.member.police,
            }),
        };
        self.meeting_change(meeting_id, "meeting.attendance", "{}", |tx, _| {
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
            if let Some(item) = input.agenda_item_id.filter(|_| status == "for_item") {
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
                    status,
                    input.agenda_item_id.filter(|_| status == "for_item")
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn remove_attendance(&mut self, attendance_id: i64) -> Result<()> {
        let meeting_id = meeting_of(&self.conn, "attendance", attendance_id)?;
        self.meeting_change(meeting_id, "meeting.attendance_removed", "{}", |tx, _| {
            tx.execute("DELETE FROM attendance WHERE id = ?1", [attendance_id])?;
            Ok(())
        })
    }
}
