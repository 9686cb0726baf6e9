//! CSV files people open in a spreadsheet: UTF-8, quoted where needed (the `csv` crate), and
//! no cell a spreadsheet would run as a formula. Every CSV the app writes goes through here.

use std::borrow::Cow;

use crate::error::{CoreError, Result};

/// A CSV file being written in memory.
pub(crate) struct Sheet(csv::Writer<Vec<u8>>);

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) is written after an apostrophe, which spreadsheets show as text.
fn inert(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn failed(e: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(e.to_string()))
}

impl Sheet {
    /// Rows may differ in length (a marking line above the header).
    pub(crate) fn new() -> Sheet {
        Sheet(
            csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(Vec::new()),
        )
    }

    pub(crate) fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.0
            .write_record(cells.into_iter().map(|c| inert(c).into_owned()))
            .map_err(failed)
    }

    pub(crate) fn bytes(self) -> Result<Vec<u8>> {
        self.0.into_inner().map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_other_cells_as_they_are() {
        let mut sheet = Sheet::new();
        sheet
            .row([
                "=HYPERLINK(\"http://x\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "\t=1",
                "a, \"b\"",
                "Zoë",
            ])
            .unwrap();
        assert_eq!(
            String::from_utf8(sheet.bytes().unwrap()).unwrap(),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\t=1,\"a, \"\"b\"\"\",Zoë\n"
        );
    }
}
