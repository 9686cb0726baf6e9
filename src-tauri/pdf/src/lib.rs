//! Lays out a simple document (headings, paragraphs, label/value lists, tables) on A4
//! pages and writes a PDF with the protective marking on every page.

/// A document to lay out. Every string is plain text typed by users: never markup.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// PDF metadata title, e.g. "Channel Panel minutes 12 March 2026".
    pub title: String,
    /// Protective marking printed at the top and bottom of every page, e.g. "OFFICIAL-SENSITIVE".
    pub marking: String,
    /// One line in every page footer, e.g. "Exported by Amara Okafor on 12 March 2026 at 14:05".
    pub footer_note: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Level 1 (document title), 2 (section) or 3 (sub-section). Never left alone at a page foot.
    Heading { level: u8, text: String },
    /// Wrapped body text; '\n' starts a new line.
    Paragraph(String),
    /// Label and value pairs, label column on the left, value wrapped on the right.
    Fields(Vec<(String, String)>),
    /// A table; `widths` are relative column widths (same length as `headers`).
    /// Rows split across pages with the header row repeated.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Lays out and writes the document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let _ = doc;
    Err(PdfError::Write("not yet built".into()))
}
