//! Approving the minutes, which locks them, and dated amendments after that.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Amendment {
    pub id: i64,
    pub made_on: String,
    pub made_by: String,
    pub text: String,
}

impl Session {
    /// Approves the minutes, after the meeting has taken place; from then on they are locked.
    pub fn approve_minutes(&mut self, meeting_id: i64) -> Result<()> {
        self.require_casework()?;
        if !self.person.may.approve_minutes {
            self.require_casework()?;
            return Err(CoreError::Forbidden(
                "approve minutes (the chair approves them)",
            ));
        }
        let approver = self.person.full_name.clone();
        self.meeting_change(
            meeting_id,
            AuditAction::MinutesApproved,
            "{}",
            |tx, held_on| {
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
            },
        )
    }

    /// Appends a dated correction to approved minutes.
    pub fn amend_minutes(&mut self, meeting_id: i64, amendment: &str) -> Result<()> {
        self.require_casework()?;
        let amendment = Text::new("amendment", "the amendment")
            .required()
            .max(5_000)
            .read(amendment)?;
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
            AuditAction::MinutesAmended,
            &format!("meeting:{meeting_id}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(())
    }
}
