//! In the room: the discussion of each item as typed, and the panel's decision on a case.

use rusqlite::params;
use serde::Serialize;

use crate::casework::decision::{decide_in, DecisionInput, Taken};
use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit::AuditAction;

use super::attendance::police_present;
use super::meeting::meeting_of;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DecisionView {
    pub kind: String,
    pub kind_label: String,
    pub rationale: String,
    pub how_reached: String,
    pub how_reached_label: String,
    pub signposted_to: String,
    pub exit_reason: String,
    pub exit_reason_label: String,
}

impl Session {
    /// Saves the discussion summary as typed.
    pub fn save_discussion(&mut self, item_id: i64, discussion: &str) -> Result<()> {
        self.require_casework()?;
        let discussion = Text::new("discussion", "the discussion summary")
            .max(20_000)
            .read(discussion)?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        self.meeting_change(meeting_id, AuditAction::MeetingDiscussion, "{}", |tx, _| {
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
        self.require_casework()?;
        let meeting_id = meeting_of(&self.conn, "agenda_items", item_id)?;
        let actor = self.actor().to_owned();
        self.meeting_change(meeting_id, AuditAction::MeetingDecision, "{}", |tx, held_on| {
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
            let decision_id = decide_in(tx, &actor, case_id, &input, Taken::AtMeeting)?;
            tx.execute(
                "UPDATE agenda_items SET decision_id = ?2 WHERE id = ?1",
                params![item_id, decision_id],
            )?;
            Ok(())
        })
    }
}
