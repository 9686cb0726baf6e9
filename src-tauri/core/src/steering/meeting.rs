//! A steering group meeting: scheduled with an agenda proposed from the plan (actions at
//! risk or off track, overdue or stale; measures below target), attendance by organisation
//! and sector (faith and community representation is the plan's action 8), what was said
//! and the progress recorded against each action, actions agreed, and approval, which locks
//! the minutes. It never holds case data.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::plan::tracking::{insert_update, update_row, ProgressInput, ProgressUpdate};
use crate::plan::{PlanStatus, Rag};
use crate::reference::{self, ReferenceKind};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

vocabulary! {
    SteeringAttendance "Choose present or apologies" {
        Present = "present" "Present",
        Apologies = "apologies" "Apologies",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct SteeringInput {
    pub held_on: String,
    pub starts_at: String,
    pub place: String,
    pub chair: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct SteeringAttendeeInput {
    pub name: String,
    pub organisation: String,
    pub sector: String,
    pub faith_or_community: bool,
    pub status: String,
}

/// What was said on an item and, for an action, the progress recorded against it.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct SteeringItemInput {
    pub discussion: String,
    /// Recorded as a progress update on the item's action, dated the day of the meeting.
    pub progress: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct AgreedInput {
    pub what: String,
    pub owner: String,
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SteeringAttendee {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub sector_label: String,
    pub faith_or_community: bool,
    pub status: String,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SteeringItem {
    pub id: i64,
    pub position: u32,
    pub action_id: Option<i64>,
    pub action_key: Option<String>,
    pub measure_id: Option<i64>,
    pub title: String,
    pub reason: String,
    pub discussion: String,
    /// Progress recorded against the item's action at this meeting.
    pub updates: Vec<ProgressUpdate>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Agreed {
    pub id: i64,
    pub what: String,
    pub owner: String,
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SteeringSummary {
    pub id: i64,
    pub held_on: String,
    pub held_on_long: String,
    pub starts_at: String,
    pub place: String,
    pub chair: String,
    pub approved_on: Option<String>,
    pub approved_by: Option<String>,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SteeringMeeting {
    pub summary: SteeringSummary,
    pub attendance: Vec<SteeringAttendee>,
    pub agenda: Vec<SteeringItem>,
    pub agreed: Vec<Agreed>,
    /// Faith and community representatives present (the plan's action 8).
    pub faith_or_community_present: u32,
    /// The sectors of those present, with how many from each.
    pub sectors_present: Vec<(String, u32)>,
}

const SUMMARY: &str = "SELECT id, held_on, starts_at, place, chair, approved_on, approved_by
    FROM steering_meetings";

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<SteeringSummary> {
    let id: i64 = r.get(0)?;
    let held_on: String = r.get(1)?;
    let approved_on: Option<String> = r.get(5)?;
    let held = dates::stored_sql(&format!("steering meeting {id}"), &held_on)?;
    Ok(SteeringSummary {
        id,
        held_on_long: dates::long(held),
        held_on,
        starts_at: r.get(2)?,
        place: r.get(3)?,
        chair: r.get(4)?,
        status_label: if approved_on.is_some() {
            "Approved"
        } else {
            "Draft"
        }
        .into(),
        approved_on,
        approved_by: r.get(6)?,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<SteeringMeeting> {
    let summary = conn
        .query_row(&format!("{SUMMARY} WHERE id = ?1"), [id], summary_row)
        .optional()?
        .ok_or(CoreError::NotFound("That steering meeting"))?;
    let attendance: Vec<SteeringAttendee> = conn
        .prepare_cached(
            "SELECT a.id, a.name, a.organisation, coalesce(r.label, a.sector), a.faith_or_community,
               a.status FROM steering_attendance a
             LEFT JOIN reference_items r ON r.kind = 'sector' AND r.code = a.sector
             WHERE a.meeting_id = ?1 ORDER BY a.status DESC, a.name",
        )?
        .query_map([id], |r| {
            let status: String = r.get(5)?;
            Ok(SteeringAttendee {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
                sector_label: r.get(3)?,
                faith_or_community: r.get(4)?,
                status_label: SteeringAttendance::label_of(&status),
                status,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut updates = conn.prepare_cached(
        "SELECT id, made_on, made_by, text, evidence, steering_meeting_id, NULL FROM plan_updates
         WHERE steering_meeting_id = ?1 AND action_id = ?2 ORDER BY id",
    )?;
    let mut agenda: Vec<SteeringItem> = conn
        .prepare_cached(
            "SELECT s.id, s.position, s.action_id, a.key, s.measure_id, s.title, s.reason, s.discussion
             FROM steering_agenda s LEFT JOIN plan_actions a ON a.id = s.action_id
             WHERE s.meeting_id = ?1 ORDER BY s.position",
        )?
        .query_map([id], |r| {
            Ok(SteeringItem {
                id: r.get(0)?,
                position: r.get(1)?,
                action_id: r.get(2)?,
                action_key: r.get(3)?,
                measure_id: r.get(4)?,
                title: r.get(5)?,
                reason: r.get(6)?,
                discussion: r.get(7)?,
                updates: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for item in &mut agenda {
        if let Some(action) = item.action_id {
            item.updates = updates
                .query_map(params![id, action], update_row)?
                .collect::<rusqlite::Result<_>>()?;
        }
    }
    let agreed = conn
        .prepare_cached(
            "SELECT id, what, owner, due_on FROM steering_agreed WHERE meeting_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(Agreed {
                id: r.get(0)?,
                what: r.get(1)?,
                owner: r.get(2)?,
                due_on: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let present: Vec<&SteeringAttendee> = attendance
        .iter()
        .filter(|a| a.status == SteeringAttendance::Present.code())
        .collect();
    let mut sectors_present: Vec<(String, u32)> = Vec::new();
    for a in &present {
        match sectors_present
            .iter_mut()
            .find(|(s, _)| *s == a.sector_label)
        {
            Some((_, n)) => *n += 1,
            None => sectors_present.push((a.sector_label.clone(), 1)),
        }
    }
    Ok(SteeringMeeting {
        faith_or_community_present: present.iter().filter(|a| a.faith_or_community).count() as u32,
        sectors_present,
        summary,
        attendance,
        agenda,
        agreed,
    })
}

/// The proposed agenda: each action of the latest plan at risk, off track, red, overdue or
/// stale (with why), then each measure below its target.
fn propose_agenda(tx: &Transaction, meeting: i64) -> Result<()> {
    let Some(period) = tx.query_row("SELECT max(id) FROM plan_periods", [], |r| {
        r.get::<_, Option<i64>>(0)
    })?
    else {
        return Ok(());
    };
    let mut position = 0;
    let mut insert = |action: Option<i64>, measure: Option<i64>, title: String, reason: String| {
        position += 1;
        tx.execute(
            "INSERT INTO steering_agenda (meeting_id, position, action_id, measure_id, title, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![meeting, position, action, measure, title, reason],
        )
    };
    for a in crate::plan::period::actions_of(tx, period)?
        .into_iter()
        .filter(|a| a.retired_on.is_none())
    {
        let status = PlanStatus::parse("status", &a.status).unwrap_or(PlanStatus::NotStarted);
        let mut reasons = Vec::new();
        if matches!(status, PlanStatus::AtRisk | PlanStatus::OffTrack) {
            reasons.push(a.status_label.clone());
        }
        if a.rag == Rag::Red.code() && status.is_open() {
            reasons.push("RAG red".to_owned());
        }
        if a.overdue {
            reasons.push(format!(
                "Overdue (target {})",
                dates::long_text(&a.target_on)
            ));
        }
        if a.stale {
            reasons.push("No recent progress update".to_owned());
        }
        if !reasons.is_empty() {
            insert(
                Some(a.id),
                None,
                format!("Action {} ({}): {}", a.number, a.key, a.text),
                reasons.join("; "),
            )?;
        }
    }
    for m in crate::plan::measures::of_period(tx, period)?
        .into_iter()
        .filter(|m| m.below_target)
    {
        let latest = m.values.first().map_or(0.0, |v| v.value);
        insert(
            Some(m.action_id),
            Some(m.id),
            format!("Measure: {} (action {})", m.name, m.action_number),
            format!("Below target: {latest} against {}", m.target),
        )?;
    }
    Ok(())
}

impl Session {
    pub fn steering_meetings(&self) -> Result<Vec<SteeringSummary>> {
        self.require_plan_read()?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SUMMARY} ORDER BY held_on DESC, id DESC"))?;
        let rows = stmt.query_map([], summary_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn steering_meeting(&self, id: i64) -> Result<SteeringMeeting> {
        self.require_plan_read()?;
        load(&self.conn, id)
    }

    /// Schedules a meeting with its agenda proposed from the plan; its id.
    pub fn schedule_steering_meeting(&mut self, input: &SteeringInput) -> Result<i64> {
        self.require_plan_edit()?;
        let held_on = dates::parse("held_on", "date", &input.held_on)?;
        let starts_at = Text::new("starts_at", "start time")
            .required()
            .max(5)
            .read(&input.starts_at)?;
        if chrono::NaiveTime::parse_from_str(&starts_at, "%H:%M").is_err() {
            return Err(CoreError::invalid(
                "starts_at",
                "Enter the start time on the 24-hour clock, for example 14:00",
            ));
        }
        let place = Text::new("place", "place")
            .required()
            .max(200)
            .read(&input.place)?;
        let chair = Text::new("chair", "chair")
            .required()
            .max(200)
            .read(&input.chair)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO steering_meetings (held_on, starts_at, place, chair, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![held_on.to_string(), starts_at, place, chair, actor, dates::now_text()],
        )?;
        let id = tx.last_insert_rowid();
        propose_agenda(&tx, id)?;
        audit::append(
            &tx,
            &actor,
            AuditAction::SteeringScheduled,
            &format!("steering:{id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// One change to a draft steering meeting, in a transaction with its audit row.
    /// The caller checks the person's role first, before reading its input.
    fn steering_change<T>(
        &mut self,
        meeting: i64,
        action: AuditAction,
        change: impl FnOnce(&Transaction, chrono::NaiveDate) -> Result<T>,
    ) -> Result<T> {
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let (held_on, approved): (String, bool) = tx
            .query_row(
                "SELECT held_on, approved_on IS NOT NULL FROM steering_meetings WHERE id = ?1",
                [meeting],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That steering meeting"))?;
        if approved {
            return Err(CoreError::RuleBroken {
                rule: "minutes_locked",
                message: "The minutes of this meeting are approved and locked".into(),
            });
        }
        let held_on = dates::stored(&format!("steering meeting {meeting}"), &held_on)?;
        let result = change(&tx, held_on)?;
        audit::append(&tx, &actor, action, &format!("steering:{meeting}"), "{}")?;
        tx.commit()?;
        Ok(result)
    }

    pub fn record_steering_attendance(
        &mut self,
        meeting: i64,
        input: &SteeringAttendeeInput,
    ) -> Result<i64> {
        self.require_plan_edit()?;
        let name = Text::new("name", "name")
            .required()
            .max(200)
            .read(&input.name)?;
        let organisation = Text::new("organisation", "organisation")
            .required()
            .max(200)
            .read(&input.organisation)?;
        let status = SteeringAttendance::parse("status", &input.status)?;
        reference::check_current(
            &self.conn,
            ReferenceKind::Sector.code(),
            input.sector.trim(),
            "sector",
            "sector",
        )?;
        self.steering_change(meeting, AuditAction::SteeringAttendance, |tx, _| {
            tx.execute(
                "INSERT INTO steering_attendance (meeting_id, name, organisation, sector, faith_or_community, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![meeting, name, organisation, input.sector.trim(), input.faith_or_community, status.code()],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Saves what was said on an item and, when given, progress on its action dated the day
    /// of the meeting.
    pub fn record_steering_item(&mut self, item_id: i64, input: &SteeringItemInput) -> Result<()> {
        self.require_plan_edit()?;
        let discussion = Text::new("discussion", "discussion")
            .max(10_000)
            .read(&input.discussion)?;
        let (meeting, action): (i64, Option<i64>) = self
            .conn
            .query_row(
                "SELECT meeting_id, action_id FROM steering_agenda WHERE id = ?1",
                [item_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That agenda item"))?;
        let made_by = self.person.full_name.clone();
        self.steering_change(meeting, AuditAction::SteeringDiscussion, |tx, held_on| {
            tx.execute(
                "UPDATE steering_agenda SET discussion = ?2 WHERE id = ?1",
                params![item_id, discussion],
            )?;
            if let (Some(action), false) = (action, input.progress.trim().is_empty()) {
                crate::plan::period::require_latest(tx, action)?;
                let progress = ProgressInput {
                    made_on: held_on.to_string(),
                    text: input.progress.clone(),
                    evidence: input.evidence.clone(),
                };
                insert_update(tx, action, &progress, &made_by, Some(meeting))
                    .map_err(|e| e.renamed("text", "progress"))?;
            }
            Ok(())
        })
    }

    pub fn add_steering_agreed(&mut self, meeting: i64, input: &AgreedInput) -> Result<i64> {
        self.require_plan_edit()?;
        let what = Text::new("what", "what is to be done")
            .required()
            .max(2_000)
            .read(&input.what)?;
        let owner = Text::new("owner", "who owns the action")
            .required()
            .max(200)
            .read(&input.owner)?;
        let due_on = dates::parse("due_on", "due date", &input.due_on)?;
        self.steering_change(meeting, AuditAction::SteeringAgreed, |tx, held_on| {
            if due_on < held_on {
                return Err(CoreError::invalid("due_on", "The due date must be on or after the meeting"));
            }
            tx.execute(
                "INSERT INTO steering_agreed (meeting_id, what, owner, due_on) VALUES (?1, ?2, ?3, ?4)",
                params![meeting, what, owner, due_on.to_string()],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Approves and locks the minutes once the meeting has taken place.
    pub fn approve_steering_minutes(&mut self, meeting: i64) -> Result<()> {
        self.require_plan_edit()?;
        let by = self.person.full_name.clone();
        self.steering_change(meeting, AuditAction::SteeringApproved, |tx, held_on| {
            if held_on > today() {
                return Err(CoreError::RuleBroken {
                    rule: "not_yet_held",
                    message: "Minutes can be approved once the meeting has taken place".into(),
                });
            }
            tx.execute(
                "UPDATE steering_meetings SET approved_on = ?2, approved_by = ?3 WHERE id = ?1",
                params![meeting, today().to_string(), by],
            )?;
            Ok(())
        })
    }
}
