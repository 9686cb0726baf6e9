//! Channel Panel meetings: scheduling with a proposed agenda, attendance, and what is
//! recorded in the room (discussion and decisions). Every command is one transaction with
//! its audit row; once the minutes are approved the meeting is locked (also by triggers).

use chrono::{Months, NaiveDate, NaiveTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::audit;
use crate::caseview::flags;
use crate::casework::{decide_in, decision_label, reviews_due, text, DecisionInput};
use crate::dates::{self, today};
use crate::error::{CoreError, Result};
use crate::people::Role;
use crate::session::Session;
use crate::workflow::Stage;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    pub held_on: String,
    /// "HH:MM", 24-hour.
    pub starts_at: String,
    pub place: String,
    pub chair: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub police: bool,
}

/// One attendance line: an existing member (`member_id`) or someone new (`member`, who is
/// then added to the membership for later meetings).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AttendanceInput {
    pub member_id: Option<i64>,
    pub member: MemberInput,
    /// "present", "apologies" or "for_item".
    pub status: String,
    pub agenda_item_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    pub id: i64,
    pub held_on: String,
    pub held_on_long: String,
    pub starts_at: String,
    pub place: String,
    pub chair: String,
    /// "draft" or "approved".
    pub status: &'static str,
    pub approved_on: Option<String>,
    pub approved_by: Option<String>,
    pub cases: u32,
    pub decisions: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub police: bool,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub kind: String,
    pub kind_label: String,
    pub rationale: String,
    pub how_reached: String,
    pub how_reached_label: &'static str,
    pub signposted_to: String,
    pub exit_reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    pub id: i64,
    pub position: i64,
    /// "new_case", "in_channel", "post_exit_review", "action" or "other".
    pub kind: String,
    pub case_id: Option<i64>,
    pub action_id: Option<i64>,
    pub title: String,
    pub reason: String,
    pub stage: String,
    pub stage_label: String,
    pub reference: Option<String>,
    pub full_name: Option<String>,
    pub other_names: Option<String>,
    pub age: Option<u32>,
    pub discussion: String,
    pub decision: Option<DecisionView>,
    pub removed_reason: Option<String>,
    /// Whether a police representative is present for this item.
    pub police_present: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    pub id: i64,
    pub made_on: String,
    pub made_by: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub summary: MeetingSummary,
    pub agenda: Vec<AgendaItem>,
    pub attendance: Vec<Attendee>,
    pub amendments: Vec<Amendment>,
    /// Approval needs the meeting to have taken place (today or earlier).
    pub can_approve: bool,
}

pub fn how_reached_label(code: &str) -> &'static str {
    match code {
        "consensus" => "consensus",
        "majority" => "majority",
        "chair_casting" => "chair's casting decision",
        _ => "",
    }
}

fn locked(approved_on: &str) -> CoreError {
    CoreError::RuleBroken {
        rule: "minutes_locked",
        message: format!(
            "These minutes were approved on {} and are locked. Add a dated amendment instead.",
            NaiveDate::parse_from_str(approved_on, "%Y-%m-%d")
                .map(dates::long)
                .unwrap_or_else(|_| approved_on.to_owned())
        ),
    }
}

/// The meeting an agenda item, attendance line or action belongs to.
fn meeting_of(tx: &rusqlite::Connection, table: &str, id: i64) -> Result<i64> {
    tx.query_row(
        &format!("SELECT meeting_id FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound("That item"))
}

/// Whether a police representative is present for the item: present for the whole meeting
/// or attending for this item.
fn police_present(tx: &rusqlite::Connection, meeting_id: i64, item_id: i64) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT count(*) > 0 FROM attendance WHERE meeting_id = ?1 AND police = 1
           AND (status = 'present' OR (status = 'for_item' AND agenda_item_id = ?2))",
        params![meeting_id, item_id],
        |r| r.get(0),
    )?)
}

impl Session {
    /// Runs one change to an unapproved meeting in a transaction with its audit row.
    pub(crate) fn meeting_change<T>(
        &mut self,
        meeting_id: i64,
        action: &str,
        detail: &str,
        f: impl FnOnce(&Transaction, NaiveDate) -> Result<T>,
    ) -> Result<T> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let (held_on, approved_on): (String, Option<String>) = tx
            .query_row(
                "SELECT held_on, approved_on FROM meetings WHERE id = ?1",
                [meeting_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That meeting"))?;
        if let Some(approved_on) = approved_on {
            return Err(locked(&approved_on));
        }
        let value = f(&tx, dates::stored(&held_on))?;
        audit::append(
            &tx,
            &actor,
            action,
            &format!("meeting:{meeting_id}"),
            detail,
        )?;
        tx.commit()?;
        Ok(value)
    }

    /// Schedules a meeting and saves the proposed agenda. Returns the meeting's id.
    pub fn schedule_meeting(&mut self, input: &MeetingInput) -> Result<i64> {
        self.require_casework()?;
        let held_on = dates::parse("held_on", "meeting date", &input.held_on)?;
        let starts_at = NaiveTime::parse_from_str(input.starts_at.trim(), "%H:%M")
            .map_err(|_| {
                CoreError::invalid(
                    "starts_at",
                    "Enter the start time as hours and minutes, for example 14:00",
                )
            })?
            .format("%H:%M")
            .to_string();
        let place = text(
            "place",
            "where the meeting is held",
            &input.place,
            true,
            200,
        )?;
        let chair = text("chair", "the chair's name", &input.chair, true, 200)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meetings (held_on, starts_at, place, chair, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, datetime('now'))",
            params![held_on.to_string(), starts_at, place, chair, actor],
        )?;
        let id = tx.last_insert_rowid();
        propose_agenda(&tx, id, held_on)?;
        audit::append(
            &tx,
            &actor,
            "meeting.scheduled",
            &format!("meeting:{id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Every meeting, newest first.
    pub fn meetings(&self) -> Result<Vec<MeetingSummary>> {
        self.require_case_view()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SUMMARY_SELECT} ORDER BY m.held_on DESC, m.id DESC"
        ))?;
        let rows = stmt.query_map([], summary_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A meeting's date, place and status (no personal data, so not audited).
    pub fn meeting_summary(&self, id: i64) -> Result<MeetingSummary> {
        self.require_case_view()?;
        load_summary(&self.conn, id)
    }

    /// One meeting with its agenda and attendance (audited: it names people).
    pub fn meeting(&mut self, id: i64) -> Result<Meeting> {
        self.require_case_view()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let meeting = load_meeting(&tx, id)?;
        audit::append(
            &tx,
            &actor,
            "meeting.viewed",
            &format!("meeting:{id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(meeting)
    }

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

    /// Adds a case or another topic at the end of the agenda.
    pub fn add_agenda_item(
        &mut self,
        meeting_id: i64,
        case_id: Option<i64>,
        topic: &str,
    ) -> Result<i64> {
        let topic = match case_id {
            Some(_) => String::new(),
            None => text("topic", "the topic", topic, true, 500)?,
        };
        self.meeting_change(meeting_id, "meeting.agenda_added", "{}", |tx, _| {
            let item = match case_id {
                Some(case_id) => {
                    let on_agenda: bool = tx.query_row(
                        "SELECT count(*) > 0 FROM agenda_items WHERE meeting_id = ?1 AND case_id = ?2 AND removed_reason IS NULL",
                        params![meeting_id, case_id],
                        |r| r.get(0),
                    )?;
                    if on_agenda {
                        return Err(CoreError::invalid("case_id", "That case is already on the agenda"));
                    }
                    let (reference, stage): (String, String) = tx
                        .query_row(
                            "SELECT reference, stage FROM cases WHERE id = ?1",
                            [case_id],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .optional()?
                        .ok_or(CoreError::invalid("case_id", "Choose a case"))?;
                    let kind = kind_for_stage(Stage::parse(&stage).unwrap_or(Stage::ReferralReceived));
                    Proposed { kind, case_id: Some(case_id), action_id: None, title: reference, reason: reason_for(kind).into(), stage }
                }
                None => Proposed { kind: "other", case_id: None, action_id: None, title: topic, reason: String::new(), stage: String::new() },
            };
            insert_item(tx, meeting_id, &item)
        })
    }

    /// Moves an item one place up (`-1`) or down (`1`) among the items still on the agenda.
    pub fn move_agenda_item(&mut self, item_id: i64, by: i64) -> Result<()> {
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(meeting_id, "meeting.agenda_moved", "{}", |tx, _| {
            let mut ids: Vec<i64> = tx
                .prepare("SELECT id FROM agenda_items WHERE meeting_id = ?1 AND removed_reason IS NULL ORDER BY position")?
                .query_map([meeting_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let at = ids.iter().position(|&i| i == item_id).ok_or(CoreError::NotFound("That agenda item"))?;
            let to = at as i64 + by;
            if to < 0 || to >= ids.len() as i64 {
                return Ok(());
            }
            ids.swap(at, to as usize);
            for (position, id) in ids.iter().enumerate() {
                tx.execute("UPDATE agenda_items SET position = ?2 WHERE id = ?1", params![id, position as i64 + 1])?;
            }
            Ok(())
        })
    }

    /// Takes an item off the agenda, keeping it with the reason.
    pub fn remove_agenda_item(&mut self, item_id: i64, reason: &str) -> Result<()> {
        let reason = text(
            "removed_reason",
            "why the item is removed",
            reason,
            true,
            500,
        )?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(meeting_id, "meeting.agenda_removed", "{}", |tx, _| {
            let decided: bool = tx.query_row(
                "SELECT decision_id IS NOT NULL FROM agenda_items WHERE id = ?1",
                [item_id],
                |r| r.get(0),
            )?;
            if decided {
                return Err(CoreError::RuleBroken {
                    rule: "decided_item_stays",
                    message:
                        "The panel has made a decision on this item, so it stays on the agenda"
                            .into(),
                });
            }
            tx.execute(
                "UPDATE agenda_items SET removed_reason = ?2 WHERE id = ?1",
                params![item_id, reason],
            )?;
            Ok(())
        })
    }

    /// Saves the discussion summary as typed.
    pub fn save_discussion(&mut self, item_id: i64, discussion: &str) -> Result<()> {
        let discussion = text(
            "discussion",
            "the discussion summary",
            discussion,
            false,
            20_000,
        )?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(meeting_id, "meeting.discussion", "{}", |tx, _| {
            tx.execute(
                "UPDATE agenda_items SET discussion = ?2 WHERE id = ?1",
                params![item_id, discussion],
            )?;
            Ok(())
        })
    }

    /// Records the panel's decision on a case item, dated the day of the meeting, under the
    /// casework rules; refused unless a police representative is present for the item.
    pub fn record_item_decision(&mut self, item_id: i64, input: &DecisionInput) -> Result<()> {
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        let actor = self.actor().to_owned();
        self.meeting_change(meeting_id, "meeting.decision", "{}", |tx, held_on| {
            let (case_id, decided): (Option<i64>, bool) = tx.query_row(
                "SELECT case_id, decision_id IS NOT NULL FROM agenda_items WHERE id = ?1",
                [item_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let case_id = case_id.ok_or(CoreError::RuleBroken {
                rule: "decision_needs_case",
                message: "Only a case on the agenda can have a panel decision".into(),
            })?;
            if decided {
                return Err(CoreError::RuleBroken {
                    rule: "one_decision_per_item",
                    message: "The panel's decision on this item is already recorded".into(),
                });
            }
            if !police_present(tx, meeting_id, item_id)? {
                return Err(CoreError::RuleBroken {
                    rule: "police_present",
                    message: "No police representative is recorded as present. The police force for the area where the person lives must be represented when their case is discussed: add them to the attendance first.".into(),
                });
            }
            if held_on > today() {
                return Err(CoreError::RuleBroken {
                    rule: "meeting_not_yet_held",
                    message: format!("This meeting is on {}: decisions are recorded on the day", dates::long(held_on)),
                });
            }
            let input = DecisionInput { decided_on: held_on.to_string(), ..input.clone() };
            let decision_id = decide_in(tx, &actor, case_id, &input)?;
            tx.execute(
                "UPDATE agenda_items SET decision_id = ?2 WHERE id = ?1",
                params![item_id, decision_id],
            )?;
            Ok(())
        })
    }

    /// Approves the minutes, after the meeting has taken place; from then on they are locked.
    pub fn approve_minutes(&mut self, meeting_id: i64) -> Result<()> {
        if !matches!(self.person.role, Role::Chair | Role::Administrator) {
            self.require_casework()?;
            return Err(CoreError::Forbidden(
                "approve minutes (the chair approves them)",
            ));
        }
        let approver = self.person.full_name.clone();
        self.meeting_change(meeting_id, "minutes.approved", "{}", |tx, held_on| {
            if held_on > today() {
                return Err(CoreError::RuleBroken {
                    rule: "approve_after_meeting",
                    message: format!(
                        "Minutes can be approved once the meeting has taken place ({})",
                        dates::long(held_on)
                    ),
                });
            }
            tx.execute(
                "UPDATE meetings SET approved_on = ?2, approved_by = ?3 WHERE id = ?1",
                params![meeting_id, today().to_string(), approver],
            )?;
            Ok(())
        })
    }

    /// Appends a dated correction to approved minutes.
    pub fn amend_minutes(&mut self, meeting_id: i64, amendment: &str) -> Result<()> {
        self.require_casework()?;
        let amendment = text("amendment", "the amendment", amendment, true, 5_000)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let approved: Option<Option<String>> = tx
            .query_row(
                "SELECT approved_on FROM meetings WHERE id = ?1",
                [meeting_id],
                |r| r.get(0),
            )
            .optional()?;
        match approved {
            None => return Err(CoreError::NotFound("That meeting")),
            Some(None) => {
                return Err(CoreError::RuleBroken {
                    rule: "amend_approved_only",
                    message:
                        "Draft minutes are corrected directly; amendments are for approved minutes"
                            .into(),
                })
            }
            Some(Some(_)) => {}
        }
        tx.execute(
            "INSERT INTO minutes_amendments (meeting_id, made_on, made_by, text) VALUES (?1, ?2, ?3, ?4)",
            params![meeting_id, today().to_string(), self.person.full_name, amendment],
        )?;
        audit::append(
            &tx,
            &actor,
            "minutes.amended",
            &format!("meeting:{meeting_id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(())
    }
}

const SUMMARY_SELECT: &str = "SELECT m.id, m.held_on, m.starts_at, m.place, m.chair, m.approved_on, m.approved_by,
    (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.case_id IS NOT NULL AND a.removed_reason IS NULL),
    (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.decision_id IS NOT NULL)
    FROM meetings m";

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<MeetingSummary> {
    let held_on: String = r.get(1)?;
    let approved_on: Option<String> = r.get(5)?;
    Ok(MeetingSummary {
        id: r.get(0)?,
        held_on_long: dates::long(dates::stored(&held_on)),
        held_on,
        starts_at: r.get(2)?,
        place: r.get(3)?,
        chair: r.get(4)?,
        status: if approved_on.is_some() {
            "approved"
        } else {
            "draft"
        },
        approved_on,
        approved_by: r.get(6)?,
        cases: r.get(7)?,
        decisions: r.get(8)?,
    })
}

fn load_summary(conn: &rusqlite::Connection, id: i64) -> Result<MeetingSummary> {
    conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE m.id = ?1"),
        [id],
        summary_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound("That meeting"))
}

pub(crate) fn load_meeting(conn: &rusqlite::Connection, id: i64) -> Result<Meeting> {
    let summary = load_summary(conn, id)?;
    let held_on = dates::stored(&summary.held_on);
    let mut stmt = conn.prepare_cached(
        "SELECT id, member_id, name, organisation, role, police, status, agenda_item_id
         FROM attendance WHERE meeting_id = ?1 ORDER BY status = 'for_item', status = 'apologies', name COLLATE NOCASE",
    )?;
    let attendance: Vec<Attendee> = stmt
        .query_map([id], |r| {
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
    let police_all = attendance.iter().any(|a| a.police && a.status == "present");
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.position, a.kind, a.case_id, a.action_id, a.title, a.reason, a.stage, a.discussion,
                a.removed_reason, c.reference, c.full_name, c.date_of_birth, c.approximate_age, c.received_on,
                d.kind, d.rationale, d.how_reached, d.signposted_to, d.exit_reason, c.other_names
         FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN decisions d ON d.id = a.decision_id
         WHERE a.meeting_id = ?1 ORDER BY a.removed_reason IS NOT NULL, a.position",
    )?;
    let agenda = stmt
        .query_map([id], |r| {
            let id: i64 = r.get(0)?;
            let stage: String = r.get(7)?;
            let dob: Option<String> = r.get(12)?;
            let approx: Option<u32> = r.get(13)?;
            let received: Option<String> = r.get(14)?;
            let age = match (dob, approx, received) {
                (Some(dob), _, _) => Some(dates::age_on(dates::stored(&dob), held_on)),
                (None, Some(age), Some(received)) => {
                    Some(age + dates::age_on(dates::stored(&received), held_on))
                }
                _ => None,
            };
            let decision = match r.get::<_, Option<String>>(15)? {
                Some(kind) => {
                    let how: String = r.get(17)?;
                    Some(DecisionView {
                        kind_label: serde_json::from_value(serde_json::Value::String(kind.clone()))
                            .map(decision_label)
                            .unwrap_or_default()
                            .to_owned(),
                        kind,
                        rationale: r.get(16)?,
                        how_reached_label: how_reached_label(&how),
                        how_reached: how,
                        signposted_to: r.get(18)?,
                        exit_reason: r.get(19)?,
                    })
                }
                None => None,
            };
            let for_item_police = attendance
                .iter()
                .any(|a| a.police && a.status == "for_item" && a.agenda_item_id == Some(id));
            Ok(AgendaItem {
                id,
                position: r.get(1)?,
                kind: r.get(2)?,
                case_id: r.get(3)?,
                action_id: r.get(4)?,
                title: r.get(5)?,
                reason: r.get(6)?,
                stage_label: Stage::parse(&stage)
                    .map(Stage::label)
                    .unwrap_or_default()
                    .to_owned(),
                stage,
                discussion: r.get(8)?,
                removed_reason: r.get(9)?,
                reference: r.get(10)?,
                full_name: r.get(11)?,
                other_names: r.get::<_, Option<String>>(20)?.filter(|n| !n.is_empty()),
                age,
                decision,
                police_present: police_all || for_item_police,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, made_on, made_by, text FROM minutes_amendments WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let amendments = stmt
        .query_map([id], |r| {
            Ok(Amendment {
                id: r.get(0)?,
                made_on: r.get(1)?,
                made_by: r.get(2)?,
                text: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Meeting {
        can_approve: summary.approved_on.is_none() && held_on <= today(),
        summary,
        agenda,
        attendance,
        amendments,
    })
}

struct Proposed {
    kind: &'static str,
    case_id: Option<i64>,
    action_id: Option<i64>,
    title: String,
    reason: String,
    stage: String,
}

fn kind_for_stage(stage: Stage) -> &'static str {
    match stage {
        Stage::AwaitingPanel => "new_case",
        Stage::Adopted | Stage::Support => "in_channel",
        Stage::Exited | Stage::SixMonthReviewDone => "post_exit_review",
        _ => "other",
    }
}

/// Why a case of this kind is on the agenda, when nothing more particular applies.
fn reason_for(kind: &str) -> &'static str {
    match kind {
        "new_case" => "New case awaiting a panel decision",
        "in_channel" => "In Channel: review progress",
        "post_exit_review" => "Review after exit",
        _ => "Added by the secretariat",
    }
}

fn insert_item(tx: &rusqlite::Connection, meeting_id: i64, item: &Proposed) -> Result<i64> {
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, kind, case_id, action_id, title, reason, stage)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)",
        params![meeting_id, item.kind, item.case_id, item.action_id, item.title, item.reason, item.stage],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The agenda the app proposes: new cases awaiting a decision; every case in Channel
/// (flagged support first); exited cases whose review falls before the next meeting; open
/// actions from earlier meetings, overdue first.
fn propose_agenda(tx: &Transaction, meeting_id: i64, held_on: NaiveDate) -> Result<()> {
    let next_meeting: NaiveDate = tx
        .query_row(
            "SELECT min(held_on) FROM meetings WHERE held_on > ?1",
            [held_on.to_string()],
            |r| r.get::<_, Option<String>>(0),
        )?
        .map(|d| dates::stored(&d))
        .unwrap_or_else(|| {
            held_on
                .checked_add_months(Months::new(1))
                .unwrap_or(held_on)
        });
    let flagged: Vec<(i64, String)> = flags(tx, held_on)?
        .into_iter()
        .map(|f| (f.case_id, f.problem))
        .collect();
    let mut items = Vec::new();
    let mut stmt = tx.prepare(
        "SELECT id, reference, stage, exit_date FROM cases
         WHERE stage IN ('awaiting_panel', 'adopted', 'support', 'exited', 'six_month_review_done')
         ORDER BY received_on, id",
    )?;
    let cases = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, reference, stage_code, exit) in cases {
        let stage = Stage::parse(&stage_code).unwrap_or(Stage::ReferralReceived);
        let problems: Vec<&str> = flagged
            .iter()
            .filter(|(c, _)| *c == id)
            .map(|(_, p)| p.as_str())
            .collect();
        let (order, reason) = match stage {
            Stage::AwaitingPanel => (0, reason_for("new_case").to_owned()),
            _ if stage.is_adopted() && !problems.is_empty() => {
                (1, format!("Flagged support: {}", problems.join("; ")))
            }
            _ if stage.is_adopted() => (2, reason_for("in_channel").to_owned()),
            _ => {
                let Some(exit) = exit.map(|e| dates::stored(&e)) else {
                    continue;
                };
                let (six, twelve) = reviews_due(exit);
                let (label, due) = if stage == Stage::Exited {
                    ("6-month", six)
                } else {
                    ("12-month", twelve)
                };
                if due > next_meeting {
                    continue;
                }
                (
                    3,
                    format!("{label} review after exit due {}", dates::long(due)),
                )
            }
        };
        items.push((
            order,
            Proposed {
                kind: kind_for_stage(stage),
                case_id: Some(id),
                action_id: None,
                title: reference,
                reason,
                stage: stage_code,
            },
        ));
    }
    let mut stmt = tx.prepare(
        "SELECT a.id, a.what, a.owner, a.due_on FROM actions a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.status = 'open' AND m.id != ?1 AND m.held_on <= ?2 ORDER BY a.due_on, a.id",
    )?;
    let actions = stmt
        .query_map(params![meeting_id, held_on.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, what, owner, due) in actions {
        let due = dates::stored(&due);
        let overdue = if due < held_on { "Overdue: " } else { "" };
        items.push((
            4,
            Proposed {
                kind: "action",
                case_id: None,
                action_id: Some(id),
                title: what,
                reason: format!("{overdue}action for {owner}, due {}", dates::long(due)),
                stage: String::new(),
            },
        ));
    }
    items.sort_by_key(|(order, _)| *order);
    for (_, item) in items {
        insert_item(tx, meeting_id, &item)?;
    }
    Ok(())
}
