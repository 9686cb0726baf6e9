//! The fonts compiled into the crate, parsed once per process, and the choice of font for
//! each piece of text.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustybuzz::{ttf_parser, Face};

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

/// Compiles in each named font from `ui/fonts/`, the same files the window loads.
macro_rules! fonts {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_bytes!(concat!("../../../ui/fonts/", $name, ".ttf")).as_slice())),*]
    };
}

/// Every font, in the order they are tried: Latin, Greek and Cyrillic first, then the
/// scripts of the languages most spoken in London, CJK, every other script in Noto's
/// core set, symbols, and Symbola last for emoji (monochrome, so it can be printed).
/// `ui/fonts/README.md` says where each comes from.
pub(crate) const FILES: [(&str, &[u8]); 147] = fonts![
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoSansArabic-Regular",
    "NotoSansHebrew-Regular",
    "NotoSansBengali-Regular",
    "NotoSansDevanagari-Regular",
    "NotoSansGurmukhi-Regular",
    "NotoSansGujarati-Regular",
    "NotoSansTamil-Regular",
    "NotoSansTelugu-Regular",
    "NotoSansKannada-Regular",
    "NotoSansMalayalam-Regular",
    "NotoSansOriya-Regular",
    "NotoSansSinhala-Regular",
    "NotoSansThai-Regular",
    "NotoSansLao-Regular",
    "NotoSansKhmer-Regular",
    "NotoSansMyanmar-Regular",
    "NotoSansGeorgian-Regular",
    "NotoSansArmenian-Regular",
    "NotoSansEthiopic-Regular",
    "NotoSansThaana-Regular",
    "NotoSansSyriac-Regular",
    "NotoSansAdlam-Regular",
    "NotoSansTifinagh-Regular",
    "NotoSansNKo-Regular",
    "NotoSansHanifiRohingya-Regular",
    "NotoSansMongolian-Regular",
    "NotoSerifTibetan-Regular",
    "DroidSansFallback",
    "NotoSansAnatolianHieroglyphs-Regular",
    "NotoSansAvestan-Regular",
    "NotoSansBalinese-Regular",
    "NotoSansBamum-Regular",
    "NotoSansBassaVah-Regular",
    "NotoSansBatak-Regular",
    "NotoSansBhaiksuki-Regular",
    "NotoSansBrahmi-Regular",
    "NotoSansBuginese-Regular",
    "NotoSansBuhid-Regular",
    "NotoSansCanadianAboriginal-Regular",
    "NotoSansCarian-Regular",
    "NotoSansCaucasianAlbanian-Regular",
    "NotoSansChakma-Regular",
    "NotoSansCham-Regular",
    "NotoSansCherokee-Regular",
    "NotoSansCoptic-Regular",
    "NotoSansCuneiform-Regular",
    "NotoSansCypriot-Regular",
    "NotoSansDeseret-Regular",
    "NotoSansDuployan-Regular",
    "NotoSansEgyptianHieroglyphs-Regular",
    "NotoSansElbasan-Regular",
    "NotoSansElymaic-Regular",
    "NotoSansGlagolitic-Regular",
    "NotoSansGothic-Regular",
    "NotoSansGrantha-Regular",
    "NotoSansGunjalaGondi-Regular",
    "NotoSansHanunoo-Regular",
    "NotoSansHatran-Regular",
    "NotoSansImperialAramaic-Regular",
    "NotoSansIndicSiyaqNumbers-Regular",
    "NotoSansInscriptionalPahlavi-Regular",
    "NotoSansInscriptionalParthian-Regular",
    "NotoSansJavanese-Regular",
    "NotoSansKaithi-Regular",
    "NotoSansKayahLi-Regular",
    "NotoSansKharoshthi-Regular",
    "NotoSansKhojki-Regular",
    "NotoSansKhudawadi-Regular",
    "NotoSansLepcha-Regular",
    "NotoSansLimbu-Regular",
    "NotoSansLinearA-Regular",
    "NotoSansLinearB-Regular",
    "NotoSansLisu-Regular",
    "NotoSansLycian-Regular",
    "NotoSansLydian-Regular",
    "NotoSansMahajani-Regular",
    "NotoSansMandaic-Regular",
    "NotoSansManichaean-Regular",
    "NotoSansMarchen-Regular",
    "NotoSansMasaramGondi-Regular",
    "NotoSansMayanNumerals-Regular",
    "NotoSansMedefaidrin-Regular",
    "NotoSansMeeteiMayek-Regular",
    "NotoSansMendeKikakui-Regular",
    "NotoSansMeroitic-Regular",
    "NotoSansMiao-Regular",
    "NotoSansModi-Regular",
    "NotoSansMro-Regular",
    "NotoSansMultani-Regular",
    "NotoSansNabataean-Regular",
    "NotoSansNewTaiLue-Regular",
    "NotoSansNewa-Regular",
    "NotoSansNushu-Regular",
    "NotoSansOgham-Regular",
    "NotoSansOlChiki-Regular",
    "NotoSansOldHungarian-Regular",
    "NotoSansOldItalic-Regular",
    "NotoSansOldNorthArabian-Regular",
    "NotoSansOldPermic-Regular",
    "NotoSansOldPersian-Regular",
    "NotoSansOldSogdian-Regular",
    "NotoSansOldSouthArabian-Regular",
    "NotoSansOldTurkic-Regular",
    "NotoSansOsage-Regular",
    "NotoSansOsmanya-Regular",
    "NotoSansPahawhHmong-Regular",
    "NotoSansPalmyrene-Regular",
    "NotoSansPauCinHau-Regular",
    "NotoSansPhagsPa-Regular",
    "NotoSansPhoenician-Regular",
    "NotoSansPsalterPahlavi-Regular",
    "NotoSansRejang-Regular",
    "NotoSansRunic-Regular",
    "NotoSansSamaritan-Regular",
    "NotoSansSaurashtra-Regular",
    "NotoSansSharada-Regular",
    "NotoSansShavian-Regular",
    "NotoSansSiddham-Regular",
    "NotoSansSignWriting-Regular",
    "NotoSansSogdian-Regular",
    "NotoSansSoraSompeng-Regular",
    "NotoSansSoyombo-Regular",
    "NotoSansSundanese-Regular",
    "NotoSansSylotiNagri-Regular",
    "NotoSansTagalog-Regular",
    "NotoSansTagbanwa-Regular",
    "NotoSansTaiLe-Regular",
    "NotoSansTaiTham-Regular",
    "NotoSansTaiViet-Regular",
    "NotoSansTakri-Regular",
    "NotoSansTamilSupplement-Regular",
    "NotoSansTirhuta-Regular",
    "NotoSansUgaritic-Regular",
    "NotoSansVai-Regular",
    "NotoSansWancho-Regular",
    "NotoSansWarangCiti-Regular",
    "NotoSansYi-Regular",
    "NotoSansZanabazarSquare-Regular",
    "NotoSerifAhom-Regular",
    "NotoSerifDogra-Regular",
    "NotoSerifNyiakengPuachueHmong-Regular",
    "NotoSerifYezidi-Regular",
    "NotoSansSymbols-Regular",
    "NotoSansSymbols2-Regular",
    "Symbola",
];

pub struct Font {
    pub name: &'static str,
    data: &'static [u8],
    /// The character map and metrics: cheap to parse, so every font has one from the start.
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// The shaping tables, read on first use: most documents need only a few fonts.
    shaper: OnceLock<Face<'static>>,
    /// printpdf's own parse, needed only to embed the font, also on first use.
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
        self.parsed.glyph_index(c).is_some()
    }

    /// A glyph's advance in ems as the font's metrics give it (what a PDF reader assumes).
    pub fn advance(&self, glyph: u16) -> f32 {
        let units = self
            .parsed
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0);
        self.em(i32::from(units))
    }

    pub fn face(&self) -> &Face<'static> {
        self.shaper
            .get_or_init(|| Face::from_face(self.parsed.clone()))
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
                if let Some(cmap) = self.parsed.tables().cmap {
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

/// Every compiled-in font with its name, in the order they are tried.
pub fn all() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES
            .iter()
            .map(|&(name, data)| {
                let parsed = ttf_parser::Face::parse(data, 0)
                    .unwrap_or_else(|_| panic!("the embedded font {name} is not a valid font"));
                Font {
                    name,
                    data,
                    units_per_em: parsed.units_per_em() as f32,
                    parsed,
                    shaper: OnceLock::new(),
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
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' | '\u{2060}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/styles/_fonts.scss");

    /// Code points as CSS unicode-range values, consecutive ones joined.
    fn ranges(points: &[u32]) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < points.len() {
            let start = points[i];
            while i + 1 < points.len() && points[i + 1] == points[i] + 1 {
                i += 1;
            }
            out.push(if points[i] == start {
                format!("U+{start:X}")
            } else {
                format!("U+{start:X}-{:X}", points[i])
            });
            i += 1;
        }
        out.join(", ")
    }

    /// One family of faces for the window, each face given only the characters no earlier
    /// font in the chain has: the window then draws every character with the font the PDF
    /// uses for it, and loads a script's font only when a page shows that script.
    fn window_css() -> String {
        let mut css = String::from(
            "// The fonts the PDF embeds, for the window: one family, each face given only the\n\
             // characters no earlier font has, so a script's font loads only when a page shows it.\n\
             // Generated from src-tauri/pdf/src/fonts.rs. Regenerate:\n\
             // CHANNEL_DESK_WRITE_FONTS=1 cargo test -p channel-desk-pdf fonts\n",
        );
        let mut taken = std::collections::HashSet::new();
        for (index, font) in all().iter().enumerate() {
            let mut points = Vec::new();
            if let Some(cmap) = font.parsed.tables().cmap {
                for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                    subtable.codepoints(|code| {
                        if subtable.glyph_index(code).is_some() {
                            points.push(code);
                        }
                    });
                }
            }
            points.sort_unstable();
            points.dedup();
            // The bold face has the regular face's characters.
            if FontId(index) != BOLD {
                points.retain(|point| taken.insert(*point));
            }
            if points.is_empty() {
                continue;
            }
            let weight = if FontId(index) == BOLD { 700 } else { 400 };
            css.push_str(&format!(
                "\n@font-face {{\n  font-family: \"Channel Desk\";\n  font-weight: {weight};\n  \
                 src: url(\"../fonts/{}.ttf\") format(\"truetype\");\n  unicode-range: {};\n}}\n",
                font.name,
                ranges(&points)
            ));
        }
        css
    }

    #[test]
    fn the_window_has_the_same_fonts_as_the_pdf() {
        let css = window_css();
        if std::env::var_os("CHANNEL_DESK_WRITE_FONTS").is_some() {
            std::fs::write(COMMITTED, &css).expect("ui/styles/_fonts.scss written");
        }
        let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
        assert!(
            committed == css,
            "ui/styles/_fonts.scss differs from the fonts compiled in. Regenerate it with \
             CHANNEL_DESK_WRITE_FONTS=1 cargo test -p channel-desk-pdf fonts"
        );
    }

    #[test]
    fn every_font_file_in_ui_fonts_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/fonts");
        let mut shipped: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|entry| {
                let name = entry.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".ttf").map(str::to_owned)
            })
            .collect();
        shipped.sort();
        let mut compiled: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        compiled.sort();
        assert_eq!(shipped, compiled);
    }
}
