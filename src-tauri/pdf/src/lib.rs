//! Lays out a simple document (headings, paragraphs, label/value lists, tables) on A4
//! pages and writes a PDF with the protective marking on every page.
//!
//! Text in any script prints with the fonts compiled into the crate (see
//! `ui/fonts/README.md`): each character gets the first font that has it, runs are
//! shaped (Arabic joining, Indic conjuncts, combining marks) and right-to-left runs are
//! reordered per line, and the PDF keeps the text so it can be searched and copied.

mod chart;
mod draw;
mod fonts;
mod info;
mod layout;
mod page;
mod shaping;

/// A document to lay out. Every string is plain text typed by users: never markup.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// PDF metadata title, e.g. "Channel Panel minutes 12 March 2026".
    pub title: String,
    /// Protective marking printed at the top and bottom of every page, e.g. "OFFICIAL-SENSITIVE".
    pub marking: String,
    /// One line in every page footer, e.g. "Exported by Amara Okafor on 12 March 2026 at 14:05".
    pub footer_note: String,
    /// PDF metadata subject, shown by viewers under document properties.
    pub subject: String,
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
    /// A chart, from the same definition the window draws as SVG; kept whole on a page.
    Chart(Chart),
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A table whose widths or rows do not match its headers.
    #[error("the table cannot be laid out: {0}")]
    Table(String),
}

pub use chart::{Chart, Colour, Series};
pub use info::{stamp_subject, subject};
pub use layout::Entry;
pub use shaping::Missing;

/// A written PDF, its number of pages, the page each heading starts on, and any text with
/// characters no font could draw (printed as empty boxes, to be reported to whoever exports).
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub outline: Vec<Entry>,
    pub missing: Vec<Missing>,
}

/// Lays out and writes the document as PDF bytes.
pub fn render(doc: &Document) -> Result<Pdf, PdfError> {
    let mut shaper = shaping::Shaper::default();
    let furniture = page::Furniture::new(&mut shaper, &doc.marking, &doc.footer_note);
    let (mut pages, outline) = layout::flow(
        &mut shaper,
        &doc.blocks,
        furniture.body_top,
        furniture.body_bottom,
    )?;
    // The page count is known only now that the body is laid out.
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.extend(furniture.items(&mut shaper, i + 1, count));
    }
    let bytes = draw::write(&doc.title, &doc.subject, &pages)?;
    Ok(Pdf {
        bytes,
        pages: count,
        outline,
        missing: shaper.missing(),
    })
}
