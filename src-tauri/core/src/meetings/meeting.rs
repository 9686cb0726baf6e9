//! A Channel Panel meeting: scheduling it (with the proposed agenda), reading it, and the
//! one way a change to it is written: in a transaction with its audit row, refused once
//! the minutes are approved.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::casework::decision::HowReached;
use crate::casework::workflow::Stage;
use crate::casework::workflow::{DecisionKind, ExitReason};
use crate::common::dates::{self, today};
use crate::common::fields::{Checks, Text};
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

use super::agenda::{propose_agenda, AgendaItem};
use super::approval::Amendment;
use super::attendance::{attendees, Attendee};
use super::room::DecisionView;
use crate::casework::age::person_age;

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct MeetingInput {
    pub held_on: String,
    /// "HH:MM", 24-hour.
    pub starts_at: String,
    pub place: String,
    pub chair: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MeetingSummary {
    pub id: i64,
    pub held_on: String,
    pub held_on_long: String,
    pub starts_at: String,
    pub place: String,
    pub chair: String,
    /// "draft" or "approved", and its label.
    pub status: &'static str,
    pub status_label: &'static str,
    pub approved_on: Option<String>,
    pub approved_by: Option<String>,
    pub cases: u32,
    pub decisions: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Meeting {
    pub summary: MeetingSummary,
    pub agenda: Vec<AgendaItem>,
    pub attendance: Vec<Attendee>,
    pub amendments: Vec<Amendment>,
    /// Approval needs the meeting to have taken place (today or earlier).
    pub can_approve: bool,
}

vocabulary! {
    /// Whether a meeting's minutes are approved (and so locked).
    MinutesStatus "Choose draft or approved" {
        Draft = "draft" "Draft",
        Approved = "approved" "Approved",
    }
}

pub(crate) fn locked(approved_on: &str) -> CoreError {
    CoreError::RuleBroken {
        rule: "minutes_locked",
        message: format!(
            "These minutes were approved on {} and are locked. Add a dated amendment instead.",
            dates::long_text(approved_on)
        ),
    }
}

/// The meeting an agenda item, attendance line or action belongs to.
pub(crate) fn meeting_of(tx: &rusqlite::Connection, table: &str, id: i64) -> Result<i64> {
    tx.query_row(
        &format!("SELECT meeting_id FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound("That item"))
}

impl Session {
    /// Runs one change to an unapproved meeting in a transaction with its audit row.
    /// The caller checks the person's role first, before reading its input.
    pub(crate) fn meeting_change<T>(
        &mut self,
        meeting_id: i64,
        action: AuditAction,
        detail: &str,
        f: impl FnOnce(&Transaction, NaiveDate) -> Result<T>,
    ) -> Result<T> {
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
        let value = f(
            &tx,
            dates::stored(&format!("meeting {meeting_id}"), &held_on)?,
        )?;
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
        let mut checks = Checks::default();
        let held_on = checks.value(dates::parse("held_on", "meeting date", &input.held_on))?;
        let starts_at = checks.value(
            NaiveTime::parse_from_str(input.starts_at.trim(), "%H:%M")
                .map(|t| t.format("%H:%M").to_string())
                .map_err(|_| {
                    CoreError::invalid(
                        "starts_at",
                        "Enter the start time as hours and minutes, for example 14:00",
                    )
                }),
        )?;
        let place = checks.value(
            Text::new("place", "where the meeting is held")
                .required()
                .max(200)
                .read(&input.place),
        )?;
        let chair = checks.value(
            Text::new("chair", "the chair's name")
                .required()
                .max(200)
                .read(&input.chair),
        )?;
        checks.finish()?;
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
            AuditAction::MeetingScheduled,
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
            AuditAction::MeetingViewed,
            &format!("meeting:{id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(meeting)
    }
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT m.id, m.held_on, m.starts_at, m.place, m.chair, m.approved_on, m.approved_by,
    (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.case_id IS NOT NULL AND a.removed_reason IS NULL),
    (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.decision_id IS NOT NULL)
    FROM meetings m";

pub(crate) fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<MeetingSummary> {
    let held_on: String = r.get(1)?;
    let approved_on: Option<String> = r.get(5)?;
    let minutes_status = if approved_on.is_some() {
        MinutesStatus::Approved
    } else {
        MinutesStatus::Draft
    };
    if let Some(on) = &approved_on {
        dates::stored_sql(
            &format!("meeting {} (approved_on)", r.get::<_, i64>(0)?),
            on,
        )?;
    }
    Ok(MeetingSummary {
        id: r.get(0)?,
        held_on_long: dates::long(dates::stored_sql(
            &format!("meeting {} (held_on)", r.get::<_, i64>(0)?),
            &held_on,
        )?),
        held_on,
        starts_at: r.get(2)?,
        place: r.get(3)?,
        chair: r.get(4)?,
        status: minutes_status.code(),
        status_label: minutes_status.label(),
        approved_on,
        approved_by: r.get(6)?,
        cases: r.get(7)?,
        decisions: r.get(8)?,
    })
}

pub(crate) fn load_summary(conn: &rusqlite::Connection, id: i64) -> Result<MeetingSummary> {
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
    let held_on = dates::stored(&format!("meeting {id} (held_on)"), &summary.held_on)?;
    let attendance = attendees(conn, id)?;
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
            let case = format!("agenda item {id}'s case");
            let dob = dob.map(|d| dates::stored_sql(&case, &d)).transpose()?;
            let received = received.map(|d| dates::stored_sql(&case, &d)).transpose()?;
            let age = received.and_then(|received| person_age(dob, approx, received, held_on));
            let decision = match r.get::<_, Option<String>>(15)? {
                Some(kind) => {
                    let how: String = r.get(17)?;
                    let exit_reason: String = r.get(19)?;
                    Some(DecisionView {
                        kind_label: DecisionKind::label_of(&kind),
                        kind,
                        rationale: r.get(16)?,
                        how_reached_label: HowReached::label_of(&how),
                        how_reached: how,
                        signposted_to: r.get(18)?,
                        exit_reason_label: ExitReason::label_of(&exit_reason),
                        exit_reason,
                    })
                }
                None => None,
            };
            let police_present = attendance.iter().any(|a| a.police_for(id));
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
                police_present,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, made_on, made_by, text FROM minutes_amendments WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let amendments = stmt
        .query_map([id], |r| {
            let id: i64 = r.get(0)?;
            let made_on: String = r.get(1)?;
            dates::stored_sql(&format!("amendment {id} (made_on)"), &made_on)?;
            Ok(Amendment {
                id,
                made_on,
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
