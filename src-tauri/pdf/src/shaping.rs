//! Turns a line of plain text into positioned glyphs: a font per grapheme cluster,
//! right-to-left runs found with the Unicode bidi algorithm, each run shaped with
//! rustybuzz (joining forms, conjuncts, mark placement), then wrapped and reordered
//! visually per printed line.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_linebreak::linebreaks;
use unicode_segmentation::UnicodeSegmentation;

use crate::fonts::{self, FontId, Style};

/// Shapes each distinct text once per document: labels, markings and repeated names
/// recur on every page.
#[derive(Default)]
pub struct Shaper {
    cache: HashMap<(Style, String), Rc<Shaped>>,
    /// The texts in the order they were first shaped, to report them in document order.
    order: Vec<Rc<Shaped>>,
}

impl Shaper {
    /// `text` must hold no line break; the caller splits paragraphs first.
    pub fn shape(&mut self, text: &str, style: Style) -> Rc<Shaped> {
        let key = (style, text.to_owned());
        let order = &mut self.order;
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let shaped = Rc::new(Shaped::new(text, style));
                order.push(shaped.clone());
                shaped
            })
            .clone()
    }

    /// Each text holding characters no font could draw, with those characters.
    pub fn missing(&self) -> Vec<Missing> {
        let mut missing: Vec<Missing> = Vec::new();
        for shaped in &self.order {
            let characters = shaped.missing();
            let known = missing.iter_mut().find(|m| m.text == shaped.text);
            match known {
                _ if characters.is_empty() => {}
                Some(m) => m.characters.extend(characters),
                None => missing.push(Missing {
                    characters,
                    text: shaped.text.clone(),
                }),
            }
        }
        for m in &mut missing {
            m.characters.sort_unstable();
            m.characters.dedup();
        }
        missing
    }
}

/// Characters printed as an empty box because no compiled-in font has them, and the text
/// (one line of a paragraph, a table cell, a name) they were in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub characters: Vec<char>,
    pub text: String,
}

/// What a glyph stands for when text is copied or extracted from the PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GlyphText {
    /// The whole cluster (a single glyph for one or more characters).
    Cluster,
    /// One character of a cluster drawn with several glyphs.
    Char(char),
    /// Part of a cluster whose text is carried by [`Glyph::actual_text`].
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Glyph {
    pub id: u16,
    /// The bytes of the text this glyph's cluster covers.
    pub cluster: Range<usize>,
    pub text: GlyphText,
    /// On the first glyph of a cluster whose glyphs do not spell its text in order
    /// (Indic reordering, conjuncts): how many glyphs to mark with the cluster's text.
    pub actual_text: usize,
    /// Advance and offsets in ems.
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
}

/// A run of text in one font and one bidi level, shaped as a unit.
#[derive(Debug)]
struct Run {
    bytes: Range<usize>,
    glyphs: Range<usize>,
    level: Level,
    font: FontId,
}

/// One glyph placed on a printed line.
pub struct Placed<'a> {
    pub font: FontId,
    pub glyph: &'a Glyph,
    /// Pen position from the start of the line, in ems.
    pub x: f32,
}

#[derive(Debug)]
pub struct Shaped {
    text: String,
    runs: Vec<Run>,
    /// Runs in logical order; within a right-to-left run, glyphs in visual order.
    glyphs: Vec<Glyph>,
    /// Width in ems of `text[..i]` for every byte index `i`.
    prefix: Vec<f32>,
    /// Where a cluster starts, so an over-long word is only cut between clusters.
    cluster_start: Vec<bool>,
}

impl Shaped {
    fn new(text: &str, style: Style) -> Shaped {
        let text: String = text
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        // The documents are English: names in other scripts are embedded in
        // left-to-right text, so the paragraph direction is fixed rather than guessed.
        let bidi = ParagraphBidiInfo::new(&text, Some(Level::ltr()));
        let mut shaped = Shaped {
            runs: itemize(&text, &bidi.levels, style),
            glyphs: Vec::new(),
            prefix: vec![0.0; text.len() + 1],
            cluster_start: vec![false; text.len() + 1],
            text,
        };
        for i in 0..shaped.runs.len() {
            shaped.shape_run(i);
        }
        let mut advance_at = vec![0.0; shaped.text.len() + 1];
        for glyph in &shaped.glyphs {
            advance_at[glyph.cluster.start] += glyph.advance;
            shaped.cluster_start[glyph.cluster.start] = true;
        }
        shaped.cluster_start[shaped.text.len()] = true;
        let mut total = 0.0;
        for (prefix, advance) in shaped.prefix[1..].iter_mut().zip(&advance_at) {
            total += advance;
            *prefix = total;
        }
        shaped
    }

    fn shape_run(&mut self, index: usize) {
        let run = &self.runs[index];
        let font = fonts::font(run.font);
        let start = run.bytes.start;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&self.text[run.bytes.clone()]);
        buffer.set_direction(if run.level.is_rtl() {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(font.face(), &[], buffer);

        let mut starts: Vec<usize> = output
            .glyph_infos()
            .iter()
            .map(|info| start + info.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let cluster_of = |at: usize| {
            let next = starts.partition_point(|&s| s <= at);
            at..starts.get(next).copied().unwrap_or(run.bytes.end)
        };

        let first = self.glyphs.len();
        for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            self.glyphs.push(Glyph {
                id: info.glyph_id as u16,
                cluster: cluster_of(start + info.cluster as usize),
                text: GlyphText::Cluster,
                actual_text: 0,
                advance: font.em(pos.x_advance),
                dx: font.em(pos.x_offset),
                dy: font.em(pos.y_offset),
            });
        }
        let rtl = run.level.is_rtl();
        self.runs[index].glyphs = first..self.glyphs.len();
        let glyphs = &mut self.glyphs[first..];
        for cluster in glyphs.chunk_by_mut(|a, b| a.cluster == b.cluster) {
            if cluster.len() > 1 {
                describe_cluster(&self.text, cluster, font, rtl);
            }
            // A mark moved onto its letter (Thaana, Tibetan and Odia vowel signs) would be
            // read as a letter on a line of its own: the cluster carries its text instead.
            if cluster.iter().any(|g| g.dx != 0.0 || g.dy != 0.0) {
                cluster[0].actual_text = cluster.len();
            }
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The characters drawn with a font's missing-glyph box.
    fn missing(&self) -> Vec<char> {
        let mut missing = Vec::new();
        for run in &self.runs {
            let font = fonts::font(run.font);
            for glyph in self.glyphs[run.glyphs.clone()].iter().filter(|g| g.id == 0) {
                missing.extend(
                    self.text[glyph.cluster.clone()]
                        .chars()
                        .filter(|&c| !fonts::is_invisible(c) && !font.covers(c)),
                );
            }
        }
        missing
    }

    /// Width in ems of a range, not counting spaces at its end.
    pub fn width(&self, range: Range<usize>) -> f32 {
        let end = range.start + self.text[range.clone()].trim_end().len();
        self.prefix[end] - self.prefix[range.start]
    }

    /// Width in ems of the widest piece Unicode allows no break in: a word, a case reference.
    pub fn widest_word(&self) -> f32 {
        let mut start = 0;
        let mut widest: f32 = 0.0;
        for (next, _) in linebreaks(&self.text) {
            widest = widest.max(self.width(start..next));
            start = next;
        }
        widest
    }

    /// Splits the text into lines no wider than `max` ems, breaking between words where
    /// Unicode allows it and inside a word only when the word alone is too wide.
    /// Each range leaves out the spaces at the line's end; an empty text gives one
    /// empty line.
    pub fn wrap(&self, max: f32) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut end = 0;
        for (next, _) in linebreaks(&self.text) {
            if self.width(start..next) <= max {
                end = next;
                continue;
            }
            if end > start {
                lines.push(start..end);
                start = end;
            }
            while self.width(start..next) > max {
                let cut = self.cut(start..next, max);
                lines.push(start..cut);
                start = cut;
            }
            end = next;
        }
        if end > start || lines.is_empty() {
            lines.push(start..end);
        }
        for line in &mut lines {
            line.end = line.start + self.text[line.clone()].trim_end().len();
        }
        lines
    }

    /// The furthest point in an over-long word where the part before still fits,
    /// keeping at least one grapheme so the line always advances.
    fn cut(&self, word: Range<usize>, max: f32) -> usize {
        let boundaries = self.text[word.clone()]
            .grapheme_indices(true)
            .map(|(i, g)| word.start + i + g.len())
            .filter(|&i| self.cluster_start[i]);
        let mut cut = None;
        for at in boundaries {
            if cut.is_some() && self.width(word.start..at) > max {
                break;
            }
            cut = Some(at);
        }
        cut.unwrap_or(word.end)
    }

    /// The glyphs of one line in the order they are drawn, left to right.
    pub fn line(&self, range: Range<usize>) -> Vec<Placed<'_>> {
        let runs: Vec<&Run> = self
            .runs
            .iter()
            .filter(|run| run.bytes.start < range.end && range.start < run.bytes.end)
            .collect();
        let levels: Vec<Level> = runs.iter().map(|run| run.level).collect();
        let mut placed = Vec::new();
        let mut x = 0.0;
        for index in ParagraphBidiInfo::reorder_visual(&levels) {
            let run = runs[index];
            for glyph in &self.glyphs[run.glyphs.clone()] {
                if range.contains(&glyph.cluster.start) {
                    placed.push(Placed {
                        font: run.font,
                        glyph,
                        x,
                    });
                    x += glyph.advance;
                }
            }
        }
        placed
    }
}

/// Splits text into runs of one bidi level and one font. Spaces and punctuation stay
/// in the font of the text before them, so a name in one script is shaped as one run.
fn itemize(text: &str, levels: &[Level], style: Style) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (start, grapheme) in text.grapheme_indices(true) {
        let level = levels[start];
        let font = match runs.last() {
            Some(last)
                if !grapheme.chars().any(char::is_alphanumeric)
                    && grapheme.chars().all(|c| fonts::font(last.font).covers(c)) =>
            {
                last.font
            }
            _ => fonts::choose(grapheme, style),
        };
        match runs.last_mut() {
            Some(last) if last.level == level && last.font == font => {
                last.bytes.end = start + grapheme.len();
            }
            _ => runs.push(Run {
                bytes: start..start + grapheme.len(),
                glyphs: 0..0,
                level,
                font,
            }),
        }
    }
    runs
}

/// Gives each glyph of a multi-glyph cluster the character it draws, if it draws one
/// of the cluster's characters, and marks the cluster for an actual-text span when
/// those characters, read in logical order, do not spell the cluster.
fn describe_cluster(text: &str, cluster: &mut [Glyph], font: &fonts::Font, rtl: bool) {
    let source = &text[cluster[0].cluster.clone()];
    for glyph in cluster.iter_mut() {
        glyph.text = match font.character(glyph.id) {
            Some(c) if source.contains(c) => GlyphText::Char(c),
            _ => GlyphText::Nothing,
        };
    }
    let chars = cluster.iter().filter_map(|glyph| match glyph.text {
        GlyphText::Char(c) => Some(c),
        _ => None,
    });
    let spelled: String = if rtl {
        chars.rev().collect()
    } else {
        chars.collect()
    };
    if spelled != source {
        cluster[0].actual_text = cluster.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str) -> Shaped {
        Shaped::new(text, Style::Regular)
    }

    #[test]
    fn each_script_is_shaped_in_a_font_that_has_it() {
        let text = shaped("Σοφία محمد 陈伟 김하나 प्रिया");
        let font_of = |word: &str| {
            let at = text.text().find(word).unwrap();
            let run = text.runs.iter().find(|r| r.bytes.contains(&at)).unwrap();
            fonts::font(run.font).name
        };
        assert_eq!(font_of("Σοφία"), "NotoSans-Regular");
        assert_eq!(font_of("محمد"), "NotoSansArabic-Regular");
        assert_eq!(font_of("陈伟"), "DroidSansFallback");
        assert_eq!(font_of("김하나"), "DroidSansFallback");
        assert_eq!(font_of("प्रिया"), "NotoSansDevanagari-Regular");
        assert!(text.glyphs.iter().all(|g| g.id != 0), "no missing glyphs");
    }

    #[test]
    fn arabic_letters_take_their_joining_forms() {
        let isolated: Vec<u16> = "م ح م د"
            .split(' ')
            .map(|letter| shaped(letter).glyphs[0].id)
            .collect();
        let joined = shaped("محمد");
        assert_eq!(joined.glyphs.len(), 4);
        let mut joined: Vec<u16> = joined.glyphs.iter().map(|g| g.id).collect();
        joined.reverse(); // right to left: the first letter is drawn last
        assert_ne!(joined, isolated);
    }

    #[test]
    fn a_right_to_left_name_is_drawn_from_its_last_letter_in_left_to_right_text() {
        let text = shaped("Dr תמר end");
        let line = text.line(0..text.text().len());
        let clusters: Vec<usize> = line.iter().map(|p| p.glyph.cluster.start).collect();
        let hebrew = text.text().find('ת').unwrap()..text.text().find(" end").unwrap();
        let drawn: Vec<usize> = clusters
            .into_iter()
            .filter(|c| hebrew.contains(c))
            .collect();
        assert!(drawn.windows(2).all(|w| w[0] > w[1]), "{drawn:?}");
        assert!(
            line.windows(2).all(|w| w[0].x < w[1].x),
            "left to right pen"
        );
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text =
            shaped("The panel agreed the plan with Olúwaṣeun Adébáyọ̀ and Nguyễn Thị Lan today");
        let lines = text.wrap(12.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(
                text.width(line.clone()) <= 12.0,
                "{:?}",
                &text.text()[line.clone()]
            );
        }
        let words: Vec<&str> = lines.iter().map(|l| &text.text()[l.clone()]).collect();
        assert_eq!(words.join(" "), text.text());
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_between_letters() {
        let text = shaped("Wiśniewskiwiśniewskiwiśniewski");
        let lines = text.wrap(4.0);
        assert!(lines.len() > 1);
        let joined: String = lines.iter().map(|l| &text.text()[l.clone()]).collect();
        assert_eq!(joined, text.text());
        assert!(lines.iter().all(|l| text.width(l.clone()) <= 4.0));
    }

    #[test]
    fn an_indic_cluster_carries_its_text_for_extraction() {
        let text = shaped("प्रिया");
        let marked: Vec<&str> = text
            .glyphs
            .iter()
            .filter(|g| g.actual_text > 0)
            .map(|g| &text.text()[g.cluster.clone()])
            .collect();
        assert!(marked.contains(&"प्रि"), "{marked:?}");
    }
}
