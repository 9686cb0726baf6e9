//! Actions agreed at panel meetings: what, who, by when, and whether done. What was agreed
//! is fixed once the minutes are approved; the status moves on.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::common::dates::{self, today};
use crate::common::fields::Text;
use crate::common::paging::Paging;
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

vocabulary! {
    /// Where an action stands.
    ActionStatus "Choose open, done or dropped" {
        Open = "open" "Open",
        Done = "done" "Done",
        Dropped = "dropped" "Dropped",
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ActionInput {
    pub agenda_item_id: Option<i64>,
    pub what: String,
    pub owner: String,
    pub due_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ActionFilter {
    pub owner: String,
    pub meeting_id: Option<i64>,
    /// "open", "done", "dropped" or "" for all.
    pub status: String,
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 25;

/// A page of the actions across meetings, as the case list pages its cases.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ActionPage {
    pub rows: Vec<Action>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Action {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_held_on: String,
    pub agenda_item_id: Option<i64>,
    pub case_reference: Option<String>,
    pub what: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub status_label: String,
    pub status_on: Option<String>,
    pub dropped_reason: String,
    pub overdue: bool,
}

const SELECT: &str =
    "SELECT a.id, a.meeting_id, m.held_on, a.agenda_item_id, c.reference, a.what, a.owner,
    a.due_on, a.status, a.status_on, a.dropped_reason
    FROM actions a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN cases c ON c.id = a.case_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Action> {
    let due_on: String = r.get(7)?;
    let status: String = r.get(8)?;
    let due = dates::stored_sql(&format!("action {} (due_on)", r.get::<_, i64>(0)?), &due_on)?;
    Ok(Action {
        overdue: status == ActionStatus::Open.code() && dates::overdue(due, today()),
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        meeting_held_on: r.get(2)?,
        agenda_item_id: r.get(3)?,
        case_reference: r.get(4)?,
        what: r.get(5)?,
        owner: r.get(6)?,
        due_on,
        status_label: ActionStatus::label_of(&status),
        status,
        status_on: r.get(9)?,
        dropped_reason: r.get(10)?,
    })
}

/// A meeting's actions in the order they were agreed.
pub(crate) fn for_meeting(conn: &rusqlite::Connection, meeting_id: i64) -> Result<Vec<Action>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE a.meeting_id = ?1 ORDER BY a.id"))?;
    let rows = stmt.query_map([meeting_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Session {
    /// Agrees an action at a meeting, optionally on one agenda item (and so its case).
    pub fn add_action(&mut self, meeting_id: i64, input: &ActionInput) -> Result<i64> {
        self.require_casework()?;
        let what = Text::new("what", "what is to be done")
            .required()
            .max(2_000)
            .read(&input.what)?;
        let owner = Text::new("owner", "who owns the action")
            .required()
            .max(200)
            .read(&input.owner)?;
        let due_on = dates::parse("due_on", "due date", &input.due_on)?;
        let actor = self.actor().to_owned();
        self.meeting_change(meeting_id, AuditAction::ActionAdded, "{}", |tx, held_on| {
            if due_on < held_on {
                return Err(CoreError::invalid(
                    "due_on",
                    format!("The due date must be on or after the meeting ({})", dates::long(held_on)),
                ));
            }
            let case_id: Option<i64> = match input.agenda_item_id {
                Some(item) => tx
                    .query_row(
                        "SELECT case_id FROM agenda_items WHERE id = ?1 AND meeting_id = ?2",
                        params![item, meeting_id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or(CoreError::NotFound("That agenda item"))?,
                None => None,
            };
            tx.execute(
                "INSERT INTO actions (meeting_id, agenda_item_id, case_id, what, owner, due_on, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![meeting_id, input.agenda_item_id, case_id, what, owner, due_on.to_string(), actor],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Marks an action done, dropped (with a reason) or open again.
    pub fn set_action_status(&mut self, action_id: i64, status: &str, reason: &str) -> Result<()> {
        self.require_casework()?;
        let status = ActionStatus::parse("status", status)?;
        let reason = Text::new("dropped_reason", "why the action is dropped")
            .required_if(status == ActionStatus::Dropped)
            .max(500)
            .read(reason)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE actions SET status = ?2, status_on = ?3, dropped_reason = ?4 WHERE id = ?1",
            params![
                action_id,
                status.code(),
                (status != ActionStatus::Open).then(|| today().to_string()),
                if status == ActionStatus::Dropped {
                    reason
                } else {
                    String::new()
                }
            ],
        )?;
        if changed == 0 {
            return Err(CoreError::NotFound("That action"));
        }
        let detail = serde_json::json!({ "status": status.code() }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::ActionStatus,
            &format!("action:{action_id}"),
            &detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A page of the actions across meetings, open and overdue first.
    pub fn actions(&self, filter: &ActionFilter) -> Result<ActionPage> {
        self.require_case_view()?;
        const MATCHING: &str = "WHERE (?1 = '' OR a.owner LIKE '%' || ?1 || '%')
            AND (?2 IS NULL OR a.meeting_id = ?2) AND (?3 = '' OR a.status = ?3)";
        let args = params![filter.owner.trim(), filter.meeting_id, filter.status];
        let total: u32 = self.conn.query_row(
            &format!("SELECT count(*) FROM actions a {MATCHING}"),
            args,
            |r| r.get(0),
        )?;
        let paging = Paging::of(total, filter.page, PAGE_SIZE);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} {MATCHING} ORDER BY a.status != 'open', a.due_on, a.id
             LIMIT {PAGE_SIZE} OFFSET {}",
            paging.offset()
        ))?;
        let rows: Vec<Action> = stmt
            .query_map(args, row)?
            .collect::<rusqlite::Result<_>>()?;
        // Audited as the case list is: which page, and the cases its actions name.
        let mut cases: Vec<&str> = rows
            .iter()
            .filter_map(|a| a.case_reference.as_deref())
            .collect();
        cases.sort_unstable();
        cases.dedup();
        let detail = serde_json::json!({ "page": paging.page + 1, "shown": cases });
        audit::append(
            &self.conn,
            self.actor(),
            AuditAction::ActionsViewed,
            "actions",
            &detail.to_string(),
        )?;
        Ok(ActionPage {
            rows,
            total,
            page: paging.page,
            pages: paging.pages,
        })
    }
}
