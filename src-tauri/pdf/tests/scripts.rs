//! Names in every script the panel meets print with the right fonts and can be read
//! back from the PDF; the fonts are embedded as subsets.

mod support;

use channel_desk_pdf::{render, Block};
use support::{document, rendered, NAMES};

fn names_document() -> channel_desk_pdf::Document {
    document(vec![
        Block::Heading {
            level: 2,
            text: "Attendees".into(),
        },
        Block::Fields(
            NAMES
                .iter()
                .map(|n| ("Name".into(), n.to_string()))
                .collect(),
        ),
        Block::Table {
            headers: vec!["Subject".into(), "Decision".into()],
            widths: vec![1.0, 1.0],
            rows: NAMES
                .iter()
                .map(|n| vec![n.to_string(), "Adopted".into()])
                .collect(),
        },
    ])
}

#[test]
fn names_in_every_script_can_be_read_back_from_the_pdf() {
    let text = rendered(&names_document()).text();
    for name in NAMES.map(as_poppler_reads) {
        assert_eq!(
            text.matches(name.as_str()).count(),
            2,
            "{name} in the fields and the table"
        );
    }
}

#[test]
fn each_name_reads_back_exactly_as_typed_with_no_missing_glyph() {
    let doc = document(
        NAMES
            .iter()
            .map(|name| Block::Paragraph(name.to_string()))
            .collect(),
    );
    let pdf = render(&doc).unwrap();
    assert_eq!(pdf.missing, [], "every character has a glyph");
    let text = rendered(&doc).text();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    for name in NAMES {
        let read = as_poppler_reads(name);
        assert!(
            lines.contains(&read.as_str()),
            "{name} ({}) is not read back as typed:\n{text}",
            name.escape_unicode()
        );
    }
}

/// The text as pdftotext (poppler 22) gives it back. Poppler reverses a right-to-left line
/// but keeps the characters of one marked cluster in the order it received them unless all
/// are right-to-left letters, so a Thaana letter with its vowel sign (a non-spacing mark)
/// comes back sign first; the PDF itself holds the cluster in typed order (its actual
/// text), which other readers give back as it is.
fn as_poppler_reads(name: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    name.graphemes(true)
        .map(|cluster| {
            let thaana = cluster
                .chars()
                .all(|c| ('\u{0780}'..='\u{07BF}').contains(&c));
            if thaana && cluster.chars().count() > 1 {
                cluster.chars().rev().collect()
            } else {
                cluster.to_owned()
            }
        })
        .collect()
}

#[test]
fn an_emoji_prints_in_a_monochrome_face_and_reads_back() {
    let doc = document(vec![Block::Paragraph(
        "Agreed with a smile 🙂 and thanks 🌻".into(),
    )]);
    assert_eq!(render(&doc).unwrap().missing, []);
    let pdf = rendered(&doc);
    assert!(pdf.text().contains("Agreed with a smile 🙂 and thanks 🌻"));
    assert!(pdf.fonts().contains("+Symbola "), "{}", pdf.fonts());
}

#[test]
fn a_character_no_font_has_is_reported_with_the_text_it_is_in() {
    let doc = document(vec![
        Block::Paragraph("Seen by Ana \u{E000}\u{E001} today".into()),
        Block::Table {
            headers: vec!["Name".into()],
            widths: vec![1.0],
            rows: vec![vec!["Ayo \u{E000}".into()], vec!["Zoë Ní Bhriain".into()]],
        },
    ]);
    let missing = render(&doc).unwrap().missing;
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert_eq!(missing[0].characters, ['\u{E000}', '\u{E001}']);
    assert_eq!(missing[0].text, "Seen by Ana \u{E000}\u{E001} today");
    assert_eq!(missing[1].characters, ['\u{E000}']);
    assert_eq!(missing[1].text, "Ayo \u{E000}");
}

#[test]
fn each_script_is_drawn_with_a_font_that_has_it_embedded_as_a_subset() {
    let fonts = rendered(&names_document()).fonts();
    for family in [
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
        "NotoSansTifinagh-Regular",
        "NotoSerifTibetan-Regular",
        "DroidSansFallback",
    ] {
        let line = fonts
            .lines()
            .find(|l| l.contains(&format!("+{family} ")))
            .unwrap_or_else(|| panic!("{family} is not in the PDF:\n{fonts}"));
        let flags: Vec<&str> = line.split_whitespace().collect();
        // name, type (two words), encoding, then emb sub uni.
        assert_eq!(&flags[4..7], ["yes", "yes", "yes"], "{line}");
    }
}

#[test]
fn latin_only_documents_embed_only_the_latin_fonts_and_stay_small() {
    let doc = document(vec![
        Block::Heading {
            level: 1,
            text: "Minutes".into(),
        },
        Block::Paragraph("Zoë Ní Bhriain and Łukasz Wiśniewski attended.".into()),
    ]);
    let bytes = render(&doc).unwrap().bytes;
    assert!(
        bytes.len() < 60_000,
        "subset fonts keep it small: {}",
        bytes.len()
    );
    let fonts = rendered(&doc).fonts();
    assert_eq!(fonts.lines().count(), 2 + 2, "two fonts:\n{fonts}");
}

#[test]
fn the_first_page_renders_visible_text() {
    let ink = rendered(&names_document()).ink_on_first_page();
    assert!(ink > 0.01 && ink < 0.5, "share of dark pixels: {ink}");
}

#[test]
fn right_to_left_names_keep_their_letters_in_reading_order() {
    let pdf = rendered(&document(vec![Block::Paragraph(
        "Referral for محمد السيد and תמר כהן received.".into(),
    )]));
    let text = pdf.text();
    assert!(text.contains("محمد السيد"), "{text}");
    assert!(text.contains("תמר כהן"), "{text}");
    assert!(text.contains("Referral for"));
}
