//! Steering group minutes as PDF, marked and laid out as the panel's are, and audited.

use std::path::Path;

use channel_desk_pdf::{render, Block, Document};

use crate::common::dates;
use crate::common::unprintable::{unprintable, Unprintable};
use crate::error::Result;
use crate::meetings::minutes::{exported_note, table, MARKING};
use crate::security::session::Session;
use crate::steering::meeting::{load, SteeringMeeting};
use crate::store::audit::{self, AuditAction};
use crate::store::files::{write_then_commit, IfExists};

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        text: text.to_owned(),
    }
}

/// The minutes laid out as a document.
pub fn document(m: &SteeringMeeting, exported: &str) -> Document {
    let s = &m.summary;
    let status = match (&s.approved_on, &s.approved_by) {
        (Some(on), Some(by)) => format!("Approved on {} by {by}", dates::long_text(on)),
        _ => "Draft: not yet approved".to_owned(),
    };
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            text: "Prevent steering group minutes".into(),
        },
        Block::Fields(vec![
            (
                "Meeting".into(),
                format!("{} at {}", s.held_on_long, s.starts_at),
            ),
            ("Place".into(), s.place.clone()),
            ("Chair".into(), s.chair.clone()),
            ("Status".into(), status.clone()),
        ]),
        heading("Attendance"),
        table(
            &["Name", "Organisation", "Sector", "Attendance"],
            &[1.4, 1.6, 1.0, 0.8],
            m.attendance.iter().map(|a| {
                let sector = if a.faith_or_community {
                    format!("{} (faith or community)", a.sector_label)
                } else {
                    a.sector_label.clone()
                };
                vec![
                    a.name.clone(),
                    a.organisation.clone(),
                    sector,
                    a.status_label.clone(),
                ]
            }),
        ),
        Block::Paragraph(format!(
            "Faith and community representatives present: {} (delivery plan action 8).",
            m.faith_or_community_present
        )),
        heading("Items"),
    ];
    for item in &m.agenda {
        blocks.push(Block::Heading {
            level: 3,
            text: format!("{}. {}", item.position, item.title),
        });
        let mut fields = vec![("On the agenda because".to_owned(), item.reason.clone())];
        if !item.discussion.is_empty() {
            fields.push(("Discussion".into(), item.discussion.clone()));
        }
        for u in &item.updates {
            let evidence = if u.evidence.is_empty() {
                String::new()
            } else {
                format!(" Evidence: {}.", u.evidence)
            };
            fields.push(("Progress recorded".into(), format!("{}{evidence}", u.text)));
        }
        blocks.push(Block::Fields(fields));
    }
    if m.agenda.is_empty() {
        blocks.push(Block::Paragraph("No items were on the agenda.".into()));
    }
    blocks.push(heading("Actions agreed"));
    blocks.push(if m.agreed.is_empty() {
        Block::Paragraph("No actions were agreed.".into())
    } else {
        table(
            &["Action", "Owner", "Due"],
            &[3.0, 1.2, 1.0],
            m.agreed
                .iter()
                .map(|a| vec![a.what.clone(), a.owner.clone(), dates::long_text(&a.due_on)]),
        )
    });
    Document {
        title: format!("Prevent steering group minutes, {}", s.held_on_long),
        marking: MARKING.into(),
        footer_note: format!("{status}. {exported}."),
        subject: String::new(),
        blocks,
    }
}

impl Session {
    /// Writes the minutes to `out` as PDF (owner-only permissions), audited: the file and the
    /// audit row are written together or not at all. A file already at `out` is replaced only
    /// as `if_exists` says. Any characters printed as empty boxes.
    pub fn export_steering_minutes(
        &mut self,
        meeting: i64,
        out: &Path,
        if_exists: IfExists,
    ) -> Result<Vec<Unprintable>> {
        self.require_plan_read()?;
        let actor = self.actor().to_owned();
        let exporter = self.person.full_name.clone();
        let tx = self.conn.transaction()?;
        let m = load(&tx, meeting)?;
        let pdf = render(&document(&m, &exported_note(&tx, Some(&exporter))?))?;
        let detail = serde_json::json!({
            "file": out.display().to_string(),
        });
        audit::append(
            &tx,
            &actor,
            AuditAction::SteeringExported,
            &format!("steering:{meeting}"),
            &detail.to_string(),
        )?;
        write_then_commit(tx, out, &pdf.bytes, if_exists)?;
        Ok(unprintable(pdf.missing))
    }
}
