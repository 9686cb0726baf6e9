//! The fonts compiled into the crate, parsed once per process, and the choice of font for
//! each piece of text.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustybuzz::Face;

use crate::PdfError;

/// Regular or bold. Only Latin, Greek and Cyrillic have a bold face; other scripts are
/// drawn in their regular face inside bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
}

/// Index of a font in [`FILES`]; also names the font resource in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

const REGULAR: FontId = FontId(0);
const BOLD: FontId = FontId(1);
/// Fonts tried in this order for characters the Latin face lacks.
const FALLBACKS: std::ops::Range<usize> = 2..FILES.len();

const FILES: [(&str, &[u8]); 9] = [
    (
        "NotoSans-Regular",
        include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold",
        include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSansArabic-Regular",
        include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Regular",
        include_bytes!("../../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansBengali-Regular",
        include_bytes!("../../../assets/fonts/NotoSansBengali-Regular.ttf"),
    ),
    (
        "NotoSansDevanagari-Regular",
        include_bytes!("../../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    ),
    (
        "NotoSansGurmukhi-Regular",
        include_bytes!("../../../assets/fonts/NotoSansGurmukhi-Regular.ttf"),
    ),
    (
        "NotoSansEthiopic-Regular",
        include_bytes!("../../../assets/fonts/NotoSansEthiopic-Regular.ttf"),
    ),
    (
        "DroidSansFallback",
        include_bytes!("../../../assets/fonts/DroidSansFallback.ttf"),
    ),
];

pub struct Font {
    pub name: &'static str,
    data: &'static [u8],
    pub face: Face<'static>,
    units_per_em: f32,
    /// printpdf's own parse, needed only to embed the font: done on first use because
    /// the CJK face is large and most documents never need it.
    embeddable: OnceLock<Option<printpdf::ParsedFont>>,
    /// Glyph to character, to give each glyph of a multi-glyph cluster its own text.
    characters: OnceLock<HashMap<u16, char>>,
}

impl Font {
    /// Converts font units to ems.
    pub fn em(&self, units: i32) -> f32 {
        units as f32 / self.units_per_em
    }

    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    pub fn embeddable(&self) -> Result<&printpdf::ParsedFont, PdfError> {
        self.embeddable
            .get_or_init(|| printpdf::ParsedFont::from_bytes(self.data, 0, &mut Vec::new()))
            .as_ref()
            .ok_or_else(|| PdfError::Write(format!("the font {} could not be read", self.name)))
    }

    /// The character this glyph stands for in the font's character map, if any.
    pub fn character(&self, glyph: u16) -> Option<char> {
        self.characters
            .get_or_init(|| {
                let mut map = HashMap::new();
                if let Some(cmap) = self.face.tables().cmap {
                    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                        subtable.codepoints(|code| {
                            let glyph = char::from_u32(code)
                                .and_then(|c| subtable.glyph_index(code).map(|g| (g.0, c)));
                            if let Some((g, c)) = glyph {
                                map.entry(g).or_insert(c);
                            }
                        });
                    }
                }
                map
            })
            .get(&glyph)
            .copied()
    }
}

pub fn font(id: FontId) -> &'static Font {
    &all()[id.0]
}

fn all() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES
            .iter()
            .map(|&(name, data)| {
                let face = Face::from_slice(data, 0)
                    .unwrap_or_else(|| panic!("the embedded font {name} is not a valid font"));
                Font {
                    name,
                    data,
                    units_per_em: face.units_per_em() as f32,
                    face,
                    embeddable: OnceLock::new(),
                    characters: OnceLock::new(),
                }
            })
            .collect()
    })
}

/// The font for one grapheme cluster: the first in the fallback chain that has every
/// character of it, else the first that has its base character, else the style's own
/// font (which draws a missing-glyph box rather than dropping the text).
pub fn choose(cluster: &str, style: Style) -> FontId {
    let primary = match style {
        Style::Regular => REGULAR,
        Style::Bold => BOLD,
    };
    let chain = || std::iter::once(primary).chain(FALLBACKS.map(FontId));
    let needed = || cluster.chars().filter(|&c| !is_invisible(c));
    chain()
        .find(|&id| needed().all(|c| font(id).covers(c)))
        .or_else(|| {
            let base = needed().next()?;
            chain().find(|&id| font(id).covers(base))
        })
        .unwrap_or(primary)
}

/// Joiners and variation selectors, which fonts need not map to be usable.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' | '\u{2060}')
}
