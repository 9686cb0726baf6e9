//! Turns laid-out pages into PDF operations and writes the file, embedding a subset of
//! each font the pages use.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use printpdf::{
    Codepoint, Color, DictItem, FontId as PdfFontId, Greyscale, Line as PdfLine, LinePoint,
    OffsetDateTime, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rect as PdfRect, Rgb, TextItem, TextMatrix,
};

use crate::fonts::{self, FontId};
use crate::layout::{Item, Line, Page, Rect, PAGE_HEIGHT, PAGE_WIDTH};
use crate::shaping::{GlyphText, Placed};
use crate::PdfError;

/// The text each glyph of each font stands for. A PDF font maps a glyph to one text, for
/// the whole document: a glyph drawn again for other text (a ligature in another word, a
/// missing-glyph box) keeps its first text and is marked with its own as actual text.
#[derive(Default)]
struct GlyphTexts {
    map: HashMap<(FontId, u16), String>,
}

impl GlyphTexts {
    /// The text to map the glyph to, and whether this use needs its own actual text.
    fn claim(&mut self, font: FontId, glyph: u16, text: String) -> (String, bool) {
        match self.map.get(&(font, glyph)) {
            Some(first) => (first.clone(), *first != text),
            None => {
                self.map.insert((font, glyph), text.clone());
                (text, false)
            }
        }
    }
}

pub fn write(title: &str, subject: &str, pages: &[Page]) -> Result<Vec<u8>, PdfError> {
    let mut used = BTreeSet::new();
    let mut texts = GlyphTexts::default();
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
                        text(&mut ops, &mut used, &mut texts, *x, *baseline, line)
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
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    PdfFontId(format!(
        "CDP{}{}{}",
        letter(id.0 / 676),
        letter(id.0 / 26),
        letter(id.0)
    ))
}

/// Every glyph is placed at its shaped position; printpdf joins glyphs sharing a
/// baseline into one text run.
fn text(
    ops: &mut Vec<Op>,
    used: &mut BTreeSet<FontId>,
    texts: &mut GlyphTexts,
    x: f32,
    baseline: f32,
    line: &Line,
) {
    let shaped = &line.shaped;
    let placed = shaped.line(line.range.clone());
    if placed.is_empty() {
        return;
    }
    let mut pen = Pen {
        ops,
        used,
        texts,
        x,
        baseline,
        size: line.size,
        font: None,
    };
    pen.ops.push(Op::StartTextSection);
    let mut rest = placed.as_slice();
    while let Some(first) = rest.first() {
        let count = first.glyph.actual_text.clamp(1, rest.len());
        let (group, after) = rest.split_at(count);
        rest = after;
        if first.glyph.actual_text == 0 {
            pen.single(shaped.text(), first);
        } else {
            pen.cluster(shaped.text(), group);
        }
    }
    pen.ops.push(Op::EndTextSection);
}

/// Draws the glyphs of one printed line.
struct Pen<'a> {
    ops: &'a mut Vec<Op>,
    used: &'a mut BTreeSet<FontId>,
    texts: &'a mut GlyphTexts,
    x: f32,
    baseline: f32,
    size: f32,
    font: Option<FontId>,
}

impl Pen<'_> {
    /// A glyph standing for its own text; marked with it if its glyph already stands for
    /// other text in this document.
    fn single(&mut self, text: &str, p: &Placed) {
        let glyph = p.glyph;
        let wanted = match glyph.text {
            GlyphText::Char(c) => c.to_string(),
            _ => text[glyph.cluster.clone()].to_owned(),
        };
        let (cid, differs) = self.texts.claim(p.font, glyph.id, wanted.clone());
        if differs {
            self.ops.push(actual_text(&wanted));
        }
        self.show(p, cid, 0.0);
        if differs {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// A cluster marked with its text. Readers such as poppler take the span's place from
    /// its first glyph and its width up to where the last glyph ends: the first drawn is
    /// the leftmost on the baseline, and the last is given the character spacing that
    /// makes it end where the cluster does (spacing moves nothing drawn, as every glyph
    /// is placed by its own matrix).
    fn cluster(&mut self, text: &str, group: &[Placed]) {
        let first = group[0].glyph;
        self.ops.push(actual_text(&text[first.cluster.clone()]));
        let end = group
            .iter()
            .map(|p| p.x + p.glyph.advance)
            .fold(f32::MIN, f32::max);
        let mut order: Vec<&Placed> = group.iter().collect();
        order.sort_by(|a, b| {
            let key = |p: &Placed| (p.glyph.dy != 0.0, p.x + p.glyph.dx);
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let last = order.len() - 1;
        for (i, p) in order.into_iter().enumerate() {
            let glyph = p.glyph;
            let wanted = match glyph.text {
                GlyphText::Char(c) => c,
                // Read as part of the span's text: what it maps to is never seen.
                _ => fonts::font(p.font)
                    .character(glyph.id)
                    .unwrap_or('\u{FFFD}'),
            };
            let (cid, _) = self.texts.claim(p.font, glyph.id, wanted.to_string());
            let spacing = if i == last {
                let drawn_end = p.x + glyph.dx + fonts::font(p.font).advance(glyph.id);
                (end - drawn_end) * self.size
            } else {
                0.0
            };
            self.show(p, cid, spacing);
        }
        self.ops.push(Op::EndMarkedContent);
    }

    fn show(&mut self, p: &Placed, cid: String, spacing: f32) {
        if self.font != Some(p.font) {
            self.font = Some(p.font);
            self.used.insert(p.font);
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(resource(p.font)),
                size: Pt(self.size),
            });
        }
        let glyph = p.glyph;
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(
                Pt(self.x + (p.x + glyph.dx) * self.size),
                Pt(PAGE_HEIGHT - self.baseline + glyph.dy * self.size),
            ),
        });
        let spaced = spacing.abs() > 0.001;
        if spaced {
            self.ops.push(Op::SetCharacterSpacing {
                multiplier: spacing,
            });
        }
        self.ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint {
                gid: glyph.id,
                offset: 0.0,
                cid: Some(cid),
            }])],
        });
        if spaced {
            self.ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
    }
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
