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
    for name in NAMES {
        assert_eq!(
            text.matches(name).count(),
            2,
            "{name} in the fields and the table"
        );
    }
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
        "NotoSansEthiopic-Regular",
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
