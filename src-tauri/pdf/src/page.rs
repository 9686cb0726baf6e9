//! What every page carries around the body: the protective marking centred at the top
//! and bottom, the footer note and "Page N of M".

use crate::fonts::Style;
use crate::layout::{self, Item, Line, Rect, CONTENT_WIDTH, LEFT, PAGE_HEIGHT, PAGE_WIDTH};
use crate::shaping::Shaper;

const MARKING_SIZE: f32 = 10.0;
const MARKING_LINE: f32 = 13.0;
const NOTE_SIZE: f32 = 8.0;
const NOTE_LINE: f32 = 10.5;
/// Baseline of the header's first line, from the page top.
const HEADER_BASELINE: f32 = 34.0;
/// Baseline of the footer's last line, from the page bottom.
const FOOTER_BASELINE: f32 = 26.0;
/// Room kept beside the footer note for the page number.
const PAGE_NUMBER_ROOM: f32 = 90.0;

pub struct Furniture {
    /// Everything but the page number: the same on every page.
    fixed: Vec<Item>,
    number_baseline: f32,
    pub body_top: f32,
    pub body_bottom: f32,
}

impl Furniture {
    pub fn new(shaper: &mut Shaper, marking: &str, note: &str) -> Furniture {
        let marking = layout::lines(shaper, marking, Style::Bold, MARKING_SIZE, CONTENT_WIDTH);
        let note_width = CONTENT_WIDTH - PAGE_NUMBER_ROOM;
        let note = layout::lines(shaper, note, Style::Regular, NOTE_SIZE, note_width);
        let centred = |line: &Line, baseline: f32| Item::Text {
            x: (PAGE_WIDTH - line.width()) / 2.0,
            baseline,
            line: line.clone(),
        };
        let mut fixed = Vec::new();

        let mut y = HEADER_BASELINE;
        for line in &marking {
            fixed.push(centred(line, y));
            y += MARKING_LINE;
        }
        let header_rule = y - MARKING_LINE + 8.0;

        // The footer is built upwards: the marking, then the note beside the page number.
        let mut y = PAGE_HEIGHT - FOOTER_BASELINE;
        for line in marking.iter().rev() {
            fixed.push(centred(line, y));
            y -= MARKING_LINE;
        }
        y -= 4.0;
        let number_baseline = y;
        for line in note.iter().rev() {
            fixed.push(Item::Text {
                x: LEFT,
                baseline: y,
                line: line.clone(),
            });
            y -= NOTE_LINE;
        }
        let footer_rule = y + NOTE_LINE - NOTE_SIZE - 6.0;

        for y in [header_rule, footer_rule] {
            fixed.push(Item::Frame(Rect {
                x: LEFT,
                y,
                width: CONTENT_WIDTH,
                height: 0.0,
            }));
        }
        Furniture {
            fixed,
            number_baseline,
            body_top: header_rule + 14.0,
            body_bottom: footer_rule - 10.0,
        }
    }

    /// The header and footer of page `number` (from 1) of `count`.
    pub fn items(&self, shaper: &mut Shaper, number: usize, count: usize) -> Vec<Item> {
        let mut items = self.fixed.clone();
        let text = format!("Page {number} of {count}");
        for line in layout::lines(shaper, &text, Style::Regular, NOTE_SIZE, CONTENT_WIDTH) {
            items.push(Item::Text {
                x: LEFT + CONTENT_WIDTH - line.width(),
                baseline: self.number_baseline,
                line,
            });
        }
        items
    }
}
