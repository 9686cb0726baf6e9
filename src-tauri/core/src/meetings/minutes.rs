//! Minutes of a panel meeting as a PDF, in two versions: full (for the panel) and redacted
//! (for wider circulation: no names, dates of birth, addresses or free text; cases by
//! reference and age band). Exports are kept and audited (see `exports`).

use channel_desk_pdf::{Block, Document};
use chrono::Local;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::casework::age::age_band_of;
use crate::common::dates;
use crate::error::Result;
use crate::meetings::actions::{self, Action};
use crate::meetings::agenda::AgendaItem;
use crate::meetings::attendance::Attendee;
use crate::meetings::meeting::Meeting;
use crate::security::session::Session;
use crate::store::audit;

pub const MARKING: &str = "OFFICIAL-SENSITIVE";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Version {
    Full,
    Redacted,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        match s {
            "full" => Some(Version::Full),
            "redacted" => Some(Version::Redacted),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Version::Full => "full",
            Version::Redacted => "redacted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Version::Full => "Full",
            Version::Redacted => "Redacted",
        }
    }
}

/// What was recorded at a meeting: the meeting and the actions agreed there.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Minutes {
    pub meeting: Meeting,
    pub actions: Vec<Action>,
}

impl Session {
    /// Draft or approved minutes as recorded (audited: they name people).
    pub fn minutes(&mut self, meeting_id: i64) -> Result<Minutes> {
        let meeting = self.meeting(meeting_id)?;
        let actions = actions::for_meeting(&self.conn, meeting_id)?;
        Ok(Minutes { meeting, actions })
    }
}

/// Draft or approved; the full version names the approver.
fn status_line(m: &Meeting, version: Version) -> String {
    match (&m.summary.approved_on, &m.summary.approved_by, version) {
        (Some(on), Some(by), Version::Full) => {
            format!("Approved on {} by {by}", dates::long_text(on))
        }
        (Some(on), ..) => format!("Approved on {}", dates::long_text(on)),
        _ => "Draft: not yet approved".into(),
    }
}

fn decision_text(item: &AgendaItem) -> String {
    item.decision
        .as_ref()
        .map(|d| d.kind_label.clone())
        .unwrap_or_else(|| "No decision recorded".into())
}

fn on_agenda(m: &Meeting) -> impl Iterator<Item = &AgendaItem> {
    m.agenda.iter().filter(|i| i.removed_reason.is_none())
}

fn attendance_of<'a>(m: &'a Meeting, status: &'a str) -> impl Iterator<Item = &'a Attendee> {
    m.attendance.iter().filter(move |a| a.status == status)
}

fn police_mark(a: &Attendee) -> &'static str {
    if a.police {
        " (police)"
    } else {
        ""
    }
}

/// The minutes laid out as a document, in either version.
pub fn document(minutes: &Minutes, version: Version, exported: &str) -> Document {
    let m = &minutes.meeting;
    let s = &m.summary;
    let status = status_line(m, version);
    let mut blocks = Vec::new();
    let title = match version {
        Version::Full => "Channel Panel minutes",
        Version::Redacted => "Channel Panel minutes (redacted)",
    };
    blocks.push(Block::Heading {
        level: 1,
        text: title.into(),
    });
    let mut heading = vec![
        (
            "Meeting".to_owned(),
            format!("{} at {}", s.held_on_long, s.starts_at),
        ),
        ("Place".to_owned(), s.place.clone()),
    ];
    if version == Version::Full {
        heading.push(("Chair".into(), s.chair.clone()));
    }
    heading.push(("Status".into(), status.clone()));
    blocks.push(Block::Fields(heading));
    if version == Version::Redacted {
        blocks.push(Block::Paragraph(
            "Redacted for wider circulation: names, dates of birth, addresses and free-text notes are removed. Cases are identified by reference and age band only.".into(),
        ));
    }
    blocks.extend(attendance(m, version));
    match version {
        Version::Full => blocks.extend(full_items(minutes)),
        Version::Redacted => blocks.extend(redacted_items(minutes)),
    }
    blocks.extend(actions_table(&minutes.actions, version));
    if !m.amendments.is_empty() {
        blocks.push(Block::Heading {
            level: 2,
            text: "Amendments after approval".into(),
        });
        blocks.push(match version {
            Version::Full => table(
                &["Date", "By", "Amendment"],
                &[1.0, 1.2, 3.0],
                m.amendments.iter().map(|a| {
                    vec![
                        dates::long_text(&a.made_on),
                        a.made_by.clone(),
                        a.text.clone(),
                    ]
                }),
            ),
            Version::Redacted => Block::Paragraph(format!(
                "Amended on {}. The amendments are in the full minutes.",
                m.amendments
                    .iter()
                    .map(|a| dates::long_text(&a.made_on))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        });
    }
    Document {
        title: format!("{title}, {}", s.held_on_long),
        marking: MARKING.into(),
        footer_note: format!("{status}. {exported}."),
        subject: String::new(),
        blocks,
    }
}

/// The footer's line: "Exported by Amara Okafor on 12 March 2026 at 14:05 (audit row 1234,
/// 3fa9c2d1e0b7)", or without the name when `by` is `None`. The audit trail's head as it was
/// is a copy held outside the database: a chain later cut short no longer reaches it.
pub(crate) fn exported_note(conn: &Connection, by: Option<&str>) -> Result<String> {
    let now = Local::now();
    let who = by.map(|name| format!(" by {name}")).unwrap_or_default();
    let head = audit::head(conn)?.map_or_else(String::new, |h| format!(" ({})", h.short()));
    Ok(format!(
        "Exported{who} on {} at {}{head}",
        dates::long(now.date_naive()),
        now.format("%H:%M")
    ))
}

pub(crate) fn table(
    headers: &[&str],
    widths: &[f32],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Block {
    Block::Table {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        widths: widths.to_vec(),
        rows: rows.into_iter().collect(),
    }
}

fn attendance(m: &Meeting, version: Version) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        level: 2,
        text: "Attendance".into(),
    }];
    let groups = [
        ("present", "Present"),
        ("apologies", "Apologies"),
        ("for_item", "Attending for one item"),
    ];
    for (status, label) in groups {
        let people: Vec<&Attendee> = attendance_of(m, status).collect();
        if people.is_empty() {
            if status == "present" {
                blocks.push(Block::Paragraph("No attendance recorded.".into()));
            }
            continue;
        }
        blocks.push(Block::Heading {
            level: 3,
            text: label.into(),
        });
        let item_title = |a: &Attendee| {
            m.agenda
                .iter()
                .find(|i| Some(i.id) == a.agenda_item_id)
                .map(|i| format!("Item {}", i.position))
                .unwrap_or_default()
        };
        blocks.push(match version {
            Version::Full => table(
                &["Name", "Organisation", "Role", "Item"],
                &[1.6, 1.6, 1.6, 0.7],
                people.iter().map(|a| {
                    vec![
                        format!("{}{}", a.name, police_mark(a)),
                        a.organisation.clone(),
                        a.role.clone(),
                        item_title(a),
                    ]
                }),
            ),
            // Someone there for one item is often from the person's own school or
            // service: beside the item's case reference, their organisation would name it.
            Version::Redacted if status == "for_item" => table(
                &["Role", "Item"],
                &[3.2, 0.7],
                people
                    .iter()
                    .map(|a| vec![format!("{}{}", a.role, police_mark(a)), item_title(a)]),
            ),
            Version::Redacted => table(
                &["Organisation", "Role", "Item"],
                &[1.6, 1.6, 0.7],
                people.iter().map(|a| {
                    vec![
                        format!("{}{}", a.organisation, police_mark(a)),
                        a.role.clone(),
                        item_title(a),
                    ]
                }),
            ),
        });
    }
    blocks
}

fn full_items(minutes: &Minutes) -> Vec<Block> {
    let m = &minutes.meeting;
    let mut blocks = vec![Block::Heading {
        level: 2,
        text: "Agenda items".into(),
    }];
    for item in on_agenda(m) {
        let heading = match (&item.reference, &item.full_name) {
            (Some(reference), Some(name)) => format!("{}. {reference}: {name}", item.position),
            _ => format!("{}. {}", item.position, item.title),
        };
        blocks.push(Block::Heading {
            level: 3,
            text: heading,
        });
        let mut fields = Vec::new();
        if let Some(reference) = &item.reference {
            fields.push(("Reference".to_owned(), reference.clone()));
            fields.push(("Name".into(), item.full_name.clone().unwrap_or_default()));
            if let Some(other) = &item.other_names {
                fields.push(("Other names".into(), other.clone()));
            }
            fields.push((
                "Age".into(),
                item.age
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "Not known".into()),
            ));
            fields.push(("Stage at the meeting".into(), item.stage_label.clone()));
        }
        if !item.reason.is_empty() {
            fields.push(("On the agenda because".into(), item.reason.clone()));
        }
        fields.push((
            "Discussion".into(),
            if item.discussion.is_empty() {
                "None recorded".into()
            } else {
                item.discussion.clone()
            },
        ));
        if item.case_id.is_some() {
            fields.push(("Decision".into(), decision_text(item)));
        }
        if let Some(d) = &item.decision {
            fields.push(("How reached".into(), d.how_reached_label.clone()));
            fields.push(("Rationale".into(), d.rationale.clone()));
            if !d.signposted_to.is_empty() {
                fields.push(("Signposted to".into(), d.signposted_to.clone()));
            }
            if !d.exit_reason.is_empty() {
                fields.push(("Exit reason".into(), d.exit_reason_label.clone()));
            }
        }
        let actions: Vec<&Action> = minutes
            .actions
            .iter()
            .filter(|a| a.agenda_item_id == Some(item.id))
            .collect();
        if !actions.is_empty() {
            fields.push((
                "Actions".into(),
                actions
                    .iter()
                    .map(|a| {
                        format!(
                            "{} ({}, due {})",
                            a.what,
                            a.owner,
                            dates::long_text(&a.due_on)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
        blocks.push(Block::Fields(fields));
    }
    let removed: Vec<&AgendaItem> = m
        .agenda
        .iter()
        .filter(|i| i.removed_reason.is_some())
        .collect();
    if !removed.is_empty() {
        blocks.push(Block::Heading {
            level: 2,
            text: "Removed from the agenda".into(),
        });
        blocks.push(table(
            &["Item", "Reason"],
            &[1.0, 2.0],
            removed.iter().map(|i| {
                vec![
                    i.reference.clone().unwrap_or_else(|| i.title.clone()),
                    i.removed_reason.clone().unwrap_or_default(),
                ]
            }),
        ));
    }
    blocks
}

fn redacted_items(minutes: &Minutes) -> Vec<Block> {
    let m = &minutes.meeting;
    let cases: Vec<&AgendaItem> = on_agenda(m).filter(|i| i.case_id.is_some()).collect();
    let others = on_agenda(m).filter(|i| i.case_id.is_none()).count();
    let mut blocks = vec![Block::Heading {
        level: 2,
        text: "Cases discussed".into(),
    }];
    blocks.push(table(
        &[
            "Item",
            "Reference",
            "Age band",
            "Stage at the meeting",
            "Decision",
            "How reached",
            "Actions",
        ],
        &[0.5, 1.2, 1.0, 1.3, 1.3, 1.0, 0.6],
        cases.iter().map(|i| {
            vec![
                i.position.to_string(),
                i.reference.clone().unwrap_or_default(),
                age_band_of(i.age).to_owned(),
                i.stage_label.clone(),
                decision_text(i),
                i.decision
                    .as_ref()
                    .map(|d| d.how_reached_label.clone())
                    .unwrap_or_default(),
                minutes
                    .actions
                    .iter()
                    .filter(|a| a.agenda_item_id == Some(i.id))
                    .count()
                    .to_string(),
            ]
        }),
    ));
    if others > 0 {
        blocks.push(Block::Paragraph(format!(
            "{others} other item{} (actions followed up and other business) are in the full minutes.",
            if others == 1 { "" } else { "s" }
        )));
    }
    blocks
}

fn actions_table(actions: &[Action], version: Version) -> Vec<Block> {
    if actions.is_empty() {
        return vec![
            Block::Heading {
                level: 2,
                text: "Actions".into(),
            },
            Block::Paragraph("No actions were agreed.".into()),
        ];
    }
    let status = |a: &Action| match a.status.as_str() {
        "done" => "Done".to_owned(),
        "dropped" => match version {
            Version::Full => format!("Dropped: {}", a.dropped_reason),
            Version::Redacted => "Dropped".into(),
        },
        _ if a.overdue => "Open (overdue)".into(),
        _ => "Open".into(),
    };
    let due = |a: &Action| dates::long_text(&a.due_on);
    let table = match version {
        Version::Full => table(
            &["No.", "Case", "Action", "Owner", "Due", "Status"],
            &[0.4, 1.0, 2.6, 1.3, 1.0, 0.9],
            actions.iter().enumerate().map(|(n, a)| {
                vec![
                    (n + 1).to_string(),
                    a.case_reference.clone().unwrap_or_else(|| "-".into()),
                    a.what.clone(),
                    a.owner.clone(),
                    due(a),
                    status(a),
                ]
            }),
        ),
        Version::Redacted => table(
            &["No.", "Case", "Due", "Status"],
            &[0.4, 1.0, 1.0, 1.0],
            actions.iter().enumerate().map(|(n, a)| {
                vec![
                    (n + 1).to_string(),
                    a.case_reference.clone().unwrap_or_else(|| "-".into()),
                    due(a),
                    status(a),
                ]
            }),
        ),
    };
    vec![
        Block::Heading {
            level: 2,
            text: "Actions".into(),
        },
        table,
    ]
}
