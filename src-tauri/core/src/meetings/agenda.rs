//! The agenda: proposed from the data when a meeting is scheduled, then ordered, added to
//! and trimmed (with a reason) by the secretariat.

use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::casework::flags::flags;
use crate::casework::review::ReviewAfterExit;
use crate::casework::workflow::Stage;
use crate::common::dates::{self};
use crate::common::fields::Text;
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::meeting::meeting_of;
use super::room::DecisionView;

#[derive(Debug, Clone, Serialize, specta::Type)]
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

impl Session {
    /// Adds a case or another topic at the end of the agenda.
    pub fn add_agenda_item(
        &mut self,
        meeting_id: i64,
        case_id: Option<i64>,
        topic: &str,
    ) -> Result<i64> {
        self.require_casework()?;
        let topic = match case_id {
            Some(_) => String::new(),
            None => Text::new("topic", "the topic")
                .required()
                .max(500)
                .read(topic)?,
        };
        self.meeting_change(meeting_id, AuditAction::MeetingAgendaAdded, "{}", |tx, _| {
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
                    let kind = AgendaKind::for_stage(Stage::parse(&stage).unwrap_or(Stage::ReferralReceived));
                    Proposed { kind, case_id: Some(case_id), action_id: None, title: reference, reason: kind.label().into(), stage }
                }
                None => Proposed { kind: AgendaKind::Other, case_id: None, action_id: None, title: topic, reason: String::new(), stage: String::new() },
            };
            insert_item(tx, meeting_id, &item)
        })
    }

    /// Moves an item one place up (`-1`) or down (`1`) among the items still on the agenda.
    pub fn move_agenda_item(&mut self, item_id: i64, by: i64) -> Result<()> {
        self.require_casework()?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(meeting_id, AuditAction::MeetingAgendaMoved, "{}", |tx, _| {
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
        self.require_casework()?;
        let reason = Text::new("removed_reason", "why the item is removed")
            .required()
            .max(500)
            .read(reason)?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(
            meeting_id,
            AuditAction::MeetingAgendaRemoved,
            "{}",
            |tx, _| {
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
            },
        )
    }
}

vocabulary! {
    /// Why an item is on the agenda; the label is the reason given when nothing more
    /// particular applies.
    AgendaKind "Choose the kind of agenda item" {
        NewCase = "new_case" "New case awaiting a panel decision",
        InChannel = "in_channel" "In Channel: review progress",
        PostExitReview = "post_exit_review" "Review after exit",
        Action = "action" "Open action from an earlier meeting",
        Other = "other" "Added by the secretariat",
    }
}

impl AgendaKind {
    fn for_stage(stage: Stage) -> AgendaKind {
        match stage {
            Stage::AwaitingPanel => AgendaKind::NewCase,
            Stage::Adopted | Stage::Support => AgendaKind::InChannel,
            Stage::Exited | Stage::SixMonthReviewDone => AgendaKind::PostExitReview,
            _ => AgendaKind::Other,
        }
    }
}

struct Proposed {
    kind: AgendaKind,
    case_id: Option<i64>,
    action_id: Option<i64>,
    title: String,
    reason: String,
    stage: String,
}

fn insert_item(tx: &rusqlite::Connection, meeting_id: i64, item: &Proposed) -> Result<i64> {
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, kind, case_id, action_id, title, reason, stage)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)",
        params![meeting_id, item.kind.code(), item.case_id, item.action_id, item.title, item.reason, item.stage],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The agenda the app proposes: new cases awaiting a decision; every case in Channel
/// (flagged support first); exited cases whose review falls before the next meeting; open
/// actions from earlier meetings, overdue first.
pub(crate) fn propose_agenda(tx: &Transaction, meeting_id: i64, held_on: NaiveDate) -> Result<()> {
    let next_meeting: NaiveDate = tx
        .query_row(
            "SELECT min(held_on) FROM meetings WHERE held_on > ?1",
            [held_on.to_string()],
            |r| r.get::<_, Option<String>>(0),
        )?
        .map(|d| dates::stored("the next meeting (held_on)", &d))
        .transpose()?
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
    let on_agenda: Vec<Stage> = [Stage::AwaitingPanel]
        .into_iter()
        .chain(Stage::ADOPTED)
        .chain(Stage::AWAITING_REVIEW)
        .collect();
    let mut stmt = tx.prepare(&format!(
        "SELECT id, reference, stage, exit_date FROM cases
         WHERE stage IN ({}) ORDER BY received_on, id",
        Stage::sql_list(&on_agenda)
    ))?;
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
            Stage::AwaitingPanel => (0, AgendaKind::NewCase.label().to_owned()),
            _ if stage.is_adopted() && !problems.is_empty() => {
                (1, format!("Flagged support: {}", problems.join("; ")))
            }
            _ if stage.is_adopted() => (2, AgendaKind::InChannel.label().to_owned()),
            _ => {
                let exit = exit
                    .map(|e| dates::stored(&format!("case {reference} (exit_date)"), &e))
                    .transpose()?;
                let review = exit.and_then(|e| ReviewAfterExit::of(stage, e));
                let Some(review) = review.filter(|r| r.due_on <= next_meeting) else {
                    continue;
                };
                (
                    3,
                    format!(
                        "{} after exit due {}",
                        review.label(),
                        dates::long(review.due_on)
                    ),
                )
            }
        };
        items.push((
            order,
            Proposed {
                kind: AgendaKind::for_stage(stage),
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
        let due = dates::stored(&format!("action {id} (due_on)"), &due)?;
        let overdue = if dates::overdue(due, held_on) {
            "Overdue: "
        } else {
            ""
        };
        items.push((
            4,
            Proposed {
                kind: AgendaKind::Action,
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
