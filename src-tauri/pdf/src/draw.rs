//! Turns laid-out pages into PDF operations and writes the file, embedding a subset of
//! each font the pages use.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, Color, DictItem, FontId as PdfFontId, Greyscale, Line as PdfLine, LinePoint,
    OffsetDateTime, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rect as PdfRect, Rgb, TextItem, TextMatrix,
};

use crate::fonts::{self, FontId};
use crate::layout::{Item, Line, Page, Rect, PAGE_HEIGHT, PAGE_WIDTH};
use crate::shaping::GlyphText;
use crate::PdfError;

pub fn write(title: &str, subject: &str, pages: &[Page]) -> Result<Vec<u8>, PdfError> {
    let mut used = BTreeSet::new();
    let pages = pages
        .iter()
        .map(|items| {
            let mut ops = Vec::new();
            for item in items {
                match item {
                    Item::Fill(rect) => fill(&mut ops, rect),
                    Item::Frame(rect) => frame(&mut ops, rect),
                    Item::Bar(rect, colour) => bar(&mut ops, rect, *colour),
                    Item::Text { x, baseline, line } => {
                        text(&mut ops, &mut used, *x, *baseline, line)
                    }
                }
            }
            let size = PdfRect::from_wh(Pt(PAGE_WIDTH), Pt(PAGE_HEIGHT));
            PdfPage {
                media_box: size.clone(),
                trim_box: size.clone(),
                crop_box: size,
                ops,
            }
        })
        .collect();

    let mut doc = PdfDocument::new(title);
    let info = &mut doc.metadata.info;
    info.creator = "Channel Desk".into();
    info.subject = subject.into();
    info.creation_date = OffsetDateTime::now();
    info.modification_date = info.creation_date;
    info.metadata_date = info.creation_date;
    for id in used {
        let font = fonts::font(id).embeddable()?.clone();
        doc.resources
            .fonts
            .map
            .insert(resource(id), printpdf::PdfFont::new(font));
    }
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    Ok(doc.save(&PdfSaveOptions::default(), &mut warnings))
}

/// A fixed name per font, so the same document gives the same PDF content. It is also
/// the tag of the embedded subset, which readers expect to be six capital letters.
fn resource(id: FontId) -> PdfFontId {
    PdfFontId(format!("CDPDF{}", char::from(b'A' + id.0 as u8)))
}

/// Every glyph is placed at its shaped position; printpdf joins glyphs sharing a
/// baseline into one text run.
fn text(ops: &mut Vec<Op>, used: &mut BTreeSet<FontId>, x: f32, baseline: f32, line: &Line) {
    let shaped = &line.shaped;
    let placed = shaped.line(line.range.clone());
    if placed.is_empty() {
        return;
    }
    let size = line.size;
    let mut current = None;
    let mut span_left = 0;
    ops.push(Op::StartTextSection);
    for p in placed {
        if current != Some(p.font) {
            current = Some(p.font);
            used.insert(p.font);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(resource(p.font)),
                size: Pt(size),
            });
        }
        let glyph = p.glyph;
        if glyph.actual_text > 0 {
            span_left = glyph.actual_text;
            ops.push(actual_text(&shaped.text()[glyph.cluster.clone()]));
        }
        let cid = match glyph.text {
            GlyphText::Cluster => Some(shaped.text()[glyph.cluster.clone()].to_owned()),
            GlyphText::Char(c) => Some(c.to_string()),
            GlyphText::Nothing => None,
        };
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(
                Pt(x + (p.x + glyph.dx) * size),
                Pt(PAGE_HEIGHT - baseline + glyph.dy * size),
            ),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint {
                gid: glyph.id,
                offset: 0.0,
                cid,
            }])],
        });
        if span_left > 0 {
            span_left -= 1;
            if span_left == 0 {
                ops.push(Op::EndMarkedContent);
            }
        }
    }
    ops.push(Op::EndTextSection);
}

/// Marks glyphs whose order or form does not spell their text (e.g. an Indic vowel
/// sign drawn before its consonant) with the text itself, for copying and search.
fn actual_text(text: &str) -> Op {
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict {
            map: BTreeMap::from([(
                "ActualText".to_owned(),
                DictItem::String {
                    data: utf16,
                    literal: false,
                },
            )]),
        },
    }
}

fn fill(ops: &mut Vec<Op>, rect: &Rect) {
    paint(
        ops,
        rect,
        Color::Greyscale(Greyscale::new(0.9, None)),
        PaintMode::Fill,
    );
}

/// A chart's bar: its colour, outlined in black so neighbours stay apart.
fn bar(ops: &mut Vec<Op>, rect: &Rect, [r, g, b]: [f32; 3]) {
    ops.extend([
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale::new(0.04, None)),
        },
        Op::SetOutlineThickness { pt: Pt(0.6) },
    ]);
    paint(
        ops,
        rect,
        Color::Rgb(Rgb::new(r, g, b, None)),
        PaintMode::FillStroke,
    );
    ops.push(Op::RestoreGraphicsState);
}

fn paint(ops: &mut Vec<Op>, rect: &Rect, col: Color, mode: PaintMode) {
    ops.extend([
        Op::SaveGraphicsState,
        Op::SetFillColor { col },
        Op::DrawRectangle {
            rectangle: PdfRect {
                mode: Some(mode),
                ..PdfRect::from_xywh(
                    Pt(rect.x),
                    Pt(PAGE_HEIGHT - rect.y - rect.height),
                    Pt(rect.width),
                    Pt(rect.height),
                )
            },
        },
        Op::RestoreGraphicsState,
    ]);
}

fn frame(ops: &mut Vec<Op>, rect: &Rect) {
    let point = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_HEIGHT - y),
        },
        bezier: false,
    };
    let (left, right) = (rect.x, rect.x + rect.width);
    let (top, bottom) = (rect.y, rect.y + rect.height);
    let points = if rect.height == 0.0 {
        vec![point(left, top), point(right, top)]
    } else {
        vec![
            point(left, top),
            point(right, top),
            point(right, bottom),
            point(left, bottom),
        ]
    };
    ops.extend([
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale::new(0.55, None)),
        },
        Op::SetOutlineThickness { pt: Pt(0.5) },
        Op::DrawLine {
            line: PdfLine {
                points,
                is_closed: rect.height != 0.0,
            },
        },
        Op::RestoreGraphicsState,
    ]);
}
