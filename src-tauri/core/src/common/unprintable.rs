//! Characters an export had to print as empty boxes because no shipped font has them, told
//! to the person exporting so that nothing is boxed without a word.

use channel_desk_pdf::Missing;
use serde::Serialize;

/// Characters no font could draw, and the text they were in (a name, a line of minutes), so
/// the person exporting can find the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Unprintable {
    /// Each character with its code point, e.g. `"" (U+E000)`.
    pub characters: Vec<String>,
    pub text: String,
}

pub(crate) fn unprintable(missing: Vec<Missing>) -> Vec<Unprintable> {
    missing
        .into_iter()
        .map(|m| Unprintable {
            characters: m
                .characters
                .iter()
                .map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c)))
                .collect(),
            text: m.text,
        })
        .collect()
}

impl std::fmt::Display for Unprintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} printed as an empty box in \"{}\"",
            self.characters.join(", "),
            self.text
        )
    }
}
