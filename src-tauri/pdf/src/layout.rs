//! Wraps the blocks into lines and flows them down A4 pages: headings kept with what
//! follows, table rows kept whole where they can be and split line by line where they
//! cannot, the table header repeated on every page the table reaches.

use std::ops::Range;
use std::rc::Rc;

use crate::fonts::Style;
use crate::shaping::{Shaped, Shaper};
use crate::{Block, PdfError};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm side margins.
pub const LEFT: f32 = 56.693;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * LEFT;

/// One printed line of text.
#[derive(Debug, Clone)]
pub struct Line {
    pub shaped: Rc<Shaped>,
    pub range: Range<usize>,
    pub size: f32,
}

impl Line {
    pub fn width(&self) -> f32 {
        self.shaped.width(self.range.clone()) * self.size
    }
}

/// A rectangle measured from the top left of the page, in points.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Something drawn on a page, positioned from the page's top left corner.
#[derive(Debug, Clone)]
pub enum Item {
    Text {
        x: f32,
        baseline: f32,
        line: Line,
    },
    /// A light grey background (table header row).
    Fill(Rect),
    /// A thin outline (table cell); a rectangle of no height is a horizontal rule.
    Frame(Rect),
    /// A chart's bar: filled with a colour (red, green, blue from 0 to 1), outlined in black.
    Bar(Rect, [f32; 3]),
}

/// A heading and the page it starts on (counting from 1), for a table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub level: u8,
    pub text: String,
    pub page: usize,
}

pub type Page = Vec<Item>;

/// Wraps text at `width` points; each '\n' starts a new line.
pub fn lines(shaper: &mut Shaper, text: &str, style: Style, size: f32, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let shaped = shaper.shape(paragraph, style);
        for range in shaped.wrap(width / size) {
            lines.push(Line {
                shaped: shaped.clone(),
                range,
                size,
            });
        }
    }
    lines
}

/// Where the baseline sits in a line box: centred, leaving room for descenders below
/// and stacked accents above.
pub fn baseline(top: f32, line_height: f32, size: f32) -> f32 {
    top + 0.5 * line_height + 0.3 * size
}

struct TextSpec {
    style: Style,
    size: f32,
    line_height: f32,
    before: f32,
    after: f32,
}

const PARAGRAPH: TextSpec = TextSpec {
    style: Style::Regular,
    size: 10.0,
    line_height: 14.0,
    before: 0.0,
    after: 7.0,
};

fn heading(level: u8) -> TextSpec {
    let (size, line_height, before, after) = match level {
        0 | 1 => (17.0, 22.0, 4.0, 8.0),
        2 => (13.5, 18.0, 12.0, 6.0),
        _ => (11.0, 15.0, 9.0, 4.0),
    };
    TextSpec {
        style: Style::Bold,
        size,
        line_height,
        before,
        after,
    }
}

/// Table text and the padding inside its cells.
const TABLE_SIZE: f32 = 9.0;
const TABLE_LINE: f32 = 12.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
/// Space between a field's label column and its value.
const FIELD_GAP: f32 = 12.0;

/// A block wrapped to its final lines, ready to be placed.
enum Measured {
    Text {
        lines: Vec<Line>,
        line_height: f32,
        before: f32,
        after: f32,
        /// Headings: must share a page with the start of the next block.
        keep_with_next: bool,
        /// A heading's level and text, for the outline.
        heading: Option<(u8, String)>,
    },
    Grid(Grid),
    /// A chart, drawn whole on one page.
    Chart {
        items: Vec<Item>,
        height: f32,
    },
}

/// Rows of cells in fixed columns: a table (ruled, with a header) or a field list.
struct Grid {
    columns: Vec<Column>,
    header: Option<Row>,
    rows: Vec<Row>,
    line_height: f32,
    pad_x: f32,
    pad_y: f32,
    ruled: bool,
    before: f32,
    after: f32,
}

struct Row {
    cells: Vec<Vec<Line>>,
}

struct Column {
    x: f32,
    width: f32,
}

impl Row {
    fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }
}

impl Grid {
    fn height(&self, lines: usize) -> f32 {
        lines as f32 * self.line_height + 2.0 * self.pad_y
    }

    fn header_height(&self) -> f32 {
        self.header
            .as_ref()
            .map_or(0.0, |header| self.height(header.line_count()))
    }

    /// How many lines of a row fit in `space` points.
    fn lines_fitting(&self, space: f32) -> usize {
        ((space - 2.0 * self.pad_y) / self.line_height)
            .floor()
            .max(0.0) as usize
    }
}

fn measure(shaper: &mut Shaper, block: &Block) -> Result<Option<Measured>, PdfError> {
    let text = |shaper: &mut Shaper, text: &str, spec: &TextSpec, heading: Option<(u8, String)>| {
        Measured::Text {
            lines: lines(shaper, text, spec.style, spec.size, CONTENT_WIDTH),
            line_height: spec.line_height,
            before: spec.before,
            after: spec.after,
            keep_with_next: heading.is_some(),
            heading,
        }
    };
    Ok(Some(match block {
        Block::Heading { level, text: t } => {
            text(shaper, t, &heading(*level), Some((*level, t.clone())))
        }
        Block::Paragraph(t) => text(shaper, t, &PARAGRAPH, None),
        Block::Chart(chart) => {
            let (items, height) = chart.place(shaper);
            Measured::Chart { items, height }
        }
        Block::Fields(pairs) if pairs.is_empty() => return Ok(None),
        Block::Fields(pairs) => Measured::Grid(measure_fields(shaper, pairs)),
        Block::Table { headers, .. } if headers.is_empty() => return Ok(None),
        Block::Table {
            headers,
            widths,
            rows,
        } => Measured::Grid(measure_table(shaper, headers, widths, rows)?),
    }))
}

fn measure_fields(shaper: &mut Shaper, pairs: &[(String, String)]) -> Grid {
    let size = PARAGRAPH.size;
    let widest = pairs
        .iter()
        .flat_map(|(label, _)| label.split('\n'))
        .map(|label| {
            let shaped = shaper.shape(label, Style::Bold);
            shaped.width(0..shaped.text().len()) * size
        })
        .fold(0.0, f32::max);
    let label_width = (widest + FIELD_GAP).clamp(0.2 * CONTENT_WIDTH, 0.35 * CONTENT_WIDTH);
    let columns = vec![
        Column {
            x: LEFT,
            width: label_width,
        },
        Column {
            x: LEFT + label_width,
            width: CONTENT_WIDTH - label_width,
        },
    ];
    let rows = pairs
        .iter()
        .map(|(label, value)| Row {
            cells: vec![
                lines(shaper, label, Style::Bold, size, label_width - FIELD_GAP),
                lines(shaper, value, Style::Regular, size, columns[1].width),
            ],
        })
        .collect();
    Grid {
        columns,
        header: None,
        rows,
        line_height: PARAGRAPH.line_height,
        pad_x: 0.0,
        pad_y: 1.5,
        ruled: false,
        before: 0.0,
        after: 8.0,
    }
}

fn measure_table(
    shaper: &mut Shaper,
    headers: &[String],
    widths: &[f32],
    rows: &[Vec<String>],
) -> Result<Grid, PdfError> {
    if widths.len() != headers.len() || widths.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        return Err(PdfError::Table(format!(
            "{} headers need as many positive widths, got {:?}",
            headers.len(),
            widths
        )));
    }
    if let Some(row) = rows.iter().find(|row| row.len() > headers.len()) {
        return Err(PdfError::Table(format!(
            "a row has {} cells for {} columns",
            row.len(),
            headers.len()
        )));
    }
    let mut x = LEFT;
    let columns: Vec<Column> = fit_words(shaper, headers, widths, rows)
        .into_iter()
        .map(|width| {
            x += width;
            Column {
                x: x - width,
                width,
            }
        })
        .collect();
    let mut row = |cells: &[String], style| Row {
        cells: columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let text = cells.get(i).map_or("", String::as_str);
                let width = column.width - 2.0 * CELL_PAD_X;
                lines(shaper, text, style, TABLE_SIZE, width)
            })
            .collect(),
    };
    let header = row(headers, Style::Bold);
    let rows = rows
        .iter()
        .map(|cells| row(cells, Style::Regular))
        .collect();
    Ok(Grid {
        columns,
        header: Some(header),
        rows,
        line_height: TABLE_LINE,
        pad_x: CELL_PAD_X,
        pad_y: CELL_PAD_Y,
        ruled: true,
        before: 2.0,
        after: 10.0,
    })
}

/// Column widths in points: as the given proportions, except that a column too narrow for
/// its widest word (a case reference, a long name) widens, up to twice its share, taking the
/// room from columns with more than they need, so no word is cut when the table can hold it.
fn fit_words(
    shaper: &mut Shaper,
    headers: &[String],
    widths: &[f32],
    rows: &[Vec<String>],
) -> Vec<f32> {
    let total: f32 = widths.iter().sum();
    let mut fitted: Vec<f32> = widths.iter().map(|w| CONTENT_WIDTH * w / total).collect();
    let mut widest = |text: &str, style| {
        text.split('\n')
            .map(|paragraph| shaper.shape(paragraph, style).widest_word() * TABLE_SIZE)
            .fold(0.0, f32::max)
    };
    let need: Vec<f32> = fitted
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let header = widest(&headers[i], Style::Bold);
            let body = rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(|cell| widest(cell, Style::Regular))
                .fold(header, f32::max);
            (body + 2.0 * CELL_PAD_X).min(2.0 * share)
        })
        .collect();
    let short: f32 = fitted
        .iter()
        .zip(&need)
        .map(|(w, n)| (n - w).max(0.0))
        .sum();
    let spare: f32 = fitted
        .iter()
        .zip(&need)
        .map(|(w, n)| (w - n).max(0.0))
        .sum();
    if short > 0.0 && spare >= short {
        for (width, need) in fitted.iter_mut().zip(&need) {
            if *width < *need {
                *width = *need;
            } else {
                *width -= (*width - need) * short / spare;
            }
        }
    }
    fitted
}

/// The height at the start of a block that must not be separated from it: a heading
/// and the start of what follows it, the first two lines of a paragraph or a row.
fn start_height(blocks: &[Measured]) -> f32 {
    let Some(first) = blocks.first() else {
        return 0.0;
    };
    match first {
        Measured::Text {
            lines,
            line_height,
            after,
            keep_with_next: true,
            ..
        } => {
            let next = match blocks.get(1) {
                Some(next) => after + before(next) + start_height(&blocks[1..]),
                None => 0.0,
            };
            lines.len() as f32 * line_height + next
        }
        Measured::Text {
            lines, line_height, ..
        } => lines.len().min(2) as f32 * line_height,
        Measured::Grid(grid) => {
            let first_row = grid
                .rows
                .first()
                .map_or(0.0, |row| grid.height(row.line_count().min(2)));
            grid.header_height() + first_row
        }
        Measured::Chart { height, .. } => *height,
    }
}

/// Space above a chart and below it.
const CHART_SPACE: f32 = 6.0;

fn before(block: &Measured) -> f32 {
    match block {
        Measured::Text { before, .. } => *before,
        Measured::Grid(grid) => grid.before,
        Measured::Chart { .. } => CHART_SPACE,
    }
}

/// Places items down the body area of successive pages.
struct Flow {
    pages: Vec<Page>,
    top: f32,
    bottom: f32,
    y: f32,
}

impl Flow {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    fn remaining(&self) -> f32 {
        self.bottom - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= self.top
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    /// Moves to the block's start, after its space before, on a new page if what must
    /// stay together does not fit on this one.
    fn start_block(&mut self, before: f32, keep: f32) {
        if self.at_top() {
            return;
        }
        if before + keep > self.remaining() {
            self.new_page();
        } else {
            self.y += before;
        }
    }

    fn text(&mut self, lines: &[Line], line_height: f32) {
        for line in lines {
            if line_height > self.remaining() && !self.at_top() {
                self.new_page();
            }
            let baseline = baseline(self.y, line_height, line.size);
            self.page().push(Item::Text {
                x: LEFT,
                baseline,
                line: line.clone(),
            });
            self.y += line_height;
        }
    }

    fn grid(&mut self, grid: &Grid) {
        if let Some(header) = &grid.header {
            self.row(grid, header, 0..header.line_count(), true);
        }
        let fresh_page_lines = grid.lines_fitting(self.bottom - self.top - grid.header_height());
        for row in &grid.rows {
            let count = row.line_count();
            let mut first = 0;
            let mut fresh = false;
            loop {
                let rest = count - first;
                let mut fit = grid.lines_fitting(self.remaining());
                if fresh {
                    fit = fit.max(1);
                }
                if rest <= fit {
                    self.row(grid, row, first..count, false);
                    break;
                }
                // Keep a row whole when a fresh page can hold it, unless it is long
                // enough to split with two lines on either side.
                let must_split = rest > fresh_page_lines;
                let may_split = rest > 4 && fit >= 2 && rest - fit >= 2;
                if fit > 0 && (must_split || may_split) {
                    self.row(grid, row, first..first + fit, false);
                    first += fit;
                }
                self.new_page();
                if let Some(header) = &grid.header {
                    self.row(grid, header, 0..header.line_count(), true);
                }
                fresh = true;
            }
        }
    }

    /// Draws lines `shown` of every cell of a row at the current position.
    fn row(&mut self, grid: &Grid, row: &Row, shown: Range<usize>, header: bool) {
        let top = self.y;
        let height = grid.height(shown.len());
        let frame = |column: &Column| Rect {
            x: column.x,
            y: top,
            width: column.width,
            height,
        };
        if header {
            let whole = Rect {
                width: grid.columns.iter().map(|c| c.width).sum(),
                ..frame(&grid.columns[0])
            };
            self.page().push(Item::Fill(whole));
        }
        for (cell, column) in row.cells.iter().zip(&grid.columns) {
            let visible = cell.iter().enumerate().skip(shown.start).take(shown.len());
            for (i, line) in visible {
                let line_top = top + grid.pad_y + (i - shown.start) as f32 * grid.line_height;
                let item = Item::Text {
                    x: column.x + grid.pad_x,
                    baseline: baseline(line_top, grid.line_height, line.size),
                    line: line.clone(),
                };
                self.page().push(item);
            }
        }
        if grid.ruled {
            for column in &grid.columns {
                self.page().push(Item::Frame(frame(column)));
            }
        }
        self.y += height;
    }
}

/// Flows the blocks onto as many pages as they need, between `top` and `bottom`
/// (points from the top of the page), with the page each heading starts on.
pub fn flow(
    shaper: &mut Shaper,
    blocks: &[Block],
    top: f32,
    bottom: f32,
) -> Result<(Vec<Page>, Vec<Entry>), PdfError> {
    let mut measured = Vec::with_capacity(blocks.len());
    for block in blocks {
        measured.extend(measure(shaper, block)?);
    }
    let mut flow = Flow {
        pages: vec![Vec::new()],
        top,
        bottom,
        y: top,
    };
    let mut outline = Vec::new();
    for i in 0..measured.len() {
        let keep = start_height(&measured[i..]);
        flow.start_block(before(&measured[i]), keep);
        match &measured[i] {
            Measured::Text {
                lines,
                line_height,
                after,
                heading,
                ..
            } => {
                if let Some((level, text)) = heading {
                    outline.push(Entry {
                        level: *level,
                        text: text.clone(),
                        page: flow.pages.len(),
                    });
                }
                flow.text(lines, *line_height);
                flow.y += after;
            }
            Measured::Chart { items, height } => {
                if *height > flow.remaining() && !flow.at_top() {
                    flow.new_page();
                }
                let y = flow.y;
                flow.page()
                    .extend(items.iter().map(|item| item.moved_down(y)));
                flow.y += height + CHART_SPACE;
            }
            Measured::Grid(grid) => {
                flow.grid(grid);
                flow.y += grid.after;
            }
        }
    }
    Ok((flow.pages, outline))
}

impl Item {
    /// The item `dy` points further down the page.
    fn moved_down(&self, dy: f32) -> Item {
        let rect = |r: &Rect| Rect { y: r.y + dy, ..*r };
        match self {
            Item::Text { x, baseline, line } => Item::Text {
                x: *x,
                baseline: baseline + dy,
                line: line.clone(),
            },
            Item::Fill(r) => Item::Fill(rect(r)),
            Item::Frame(r) => Item::Frame(rect(r)),
            Item::Bar(r, colour) => Item::Bar(rect(r), *colour),
        }
    }
}
