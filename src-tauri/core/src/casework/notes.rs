//! Notes on a case.

use rusqlite::params;

use crate::common::dates::today;
use crate::common::fields::Text;
use crate::error::Result;
use crate::security::session::Session;
use crate::store::audit::AuditAction;

impl Session {
    pub fn add_note(&mut self, case_id: i64, note: &str) -> Result<()> {
        self.require_casework()?;
        let note = Text::new("note", "a note")
            .required()
            .max(20_000)
            .read(note)?;
        let author = self.person.full_name.clone();
        self.change(case_id, AuditAction::CaseNote, |tx, case| {
            tx.execute(
                "INSERT INTO case_notes (case_id, written_on, author, text) VALUES (?1, ?2, ?3, ?4)",
                params![case.id, today().to_string(), author, note],
            )?;
            Ok(((), today(), "Note added".into()))
        })
    }
}
