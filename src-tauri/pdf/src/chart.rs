//! A chart defined once: horizontal bars, one per category, each stacked from its series
//! (for example the actions of each priority by RAG). The window shows it as SVG beside a
//! table of the same figures; documents can draw it from the same definition.

use std::fmt::Write;

use crate::fonts::Style;
use crate::layout::{self, Item, Rect, CONTENT_WIDTH, LEFT};
use crate::shaping::Shaper;

/// Colours with at least 3:1 contrast against white, each segment outlined in black so that
/// neighbours stay apart without relying on colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    Green,
    Amber,
    Red,
    Grey,
    Blue,
}

impl Colour {
    fn hex(self) -> &'static str {
        match self {
            Colour::Green => "#00703c",
            Colour::Amber => "#b35900",
            Colour::Red => "#d4351c",
            Colour::Grey => "#6f777b",
            Colour::Blue => "#1d70b8",
        }
    }

    /// Red, green and blue from 0 to 1, for the PDF.
    fn rgb(self) -> [f32; 3] {
        let hex = self.hex();
        let channel =
            |i: usize| f32::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        [channel(1), channel(3), channel(5)]
    }
}

#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Series {
    pub name: String,
    pub colour: Colour,
    /// One value per category; NaN for a figure not shown (drawn as nothing, no total).
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The scale's maximum; bars are stacked up to it (for example 100 for percentages).
    pub scale: f64,
    /// A line across every bar at this value (a target), if any.
    pub marker: Option<f64>,
}

/// The plot's width; the label column widens for the longest category.
const PLOT: f64 = 400.0;
const LABEL: f64 = 180.0;
const BAR: f64 = 22.0;
const GAP: f64 = 12.0;
const TOP: f64 = 34.0;

impl Chart {
    /// The chart as a standalone SVG image; every text in it is escaped.
    pub fn svg(&self) -> String {
        let plot = PLOT;
        // About 7.5 px a character at 14 px: a long label widens the image, never clips.
        let longest = self
            .categories
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        let label = LABEL.max(longest as f64 * 7.5 + 16.0);
        let width = label + plot + 60.0;
        let height = TOP + self.categories.len() as f64 * (BAR + GAP) + 30.0;
        let scale = if self.scale > 0.0 { self.scale } else { 1.0 };
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
            escape(&self.title)
        );
        self.legend(&mut s, label);
        for (i, category) in self.categories.iter().enumerate() {
            let y = TOP + i as f64 * (BAR + GAP);
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end" fill="#0b0c0c">{}</text>"##,
                label - 8.0,
                y + BAR * 0.7,
                escape(category)
            );
            let mut x = label;
            let mut total = 0.0;
            for series in &self.series {
                let value = series.values.get(i).copied().unwrap_or(0.0);
                total += value;
                let w = (value / scale * plot).max(0.0);
                if w > 0.0 {
                    let _ = write!(
                        s,
                        r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR}" fill="{}" stroke="#0b0c0c" stroke-width="1"><title>{}: {}</title></rect>"##,
                        series.colour.hex(),
                        escape(&series.name),
                        number(value)
                    );
                    // A stacked segment wide enough carries its own figure, so that colour
                    // is not the only way to tell the segments apart.
                    if self.series.len() > 1 && w >= 28.0 {
                        let _ = write!(
                            s,
                            r##"<text x="{:.1}" y="{}" text-anchor="middle" fill="#ffffff">{}</text>"##,
                            x + w / 2.0,
                            y + BAR * 0.7,
                            number(value)
                        );
                    }
                }
                x += w;
            }
            // A hidden figure (NaN) draws nothing and no total that would read as zero.
            if !total.is_nan() {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{}" fill="#0b0c0c">{}</text>"##,
                    x + 6.0,
                    y + BAR * 0.7,
                    number(total)
                );
            }
        }
        if let Some(marker) = self.marker {
            let x = label + marker / scale * plot;
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 3"/><text x="{x:.1}" y="{}" text-anchor="middle" fill="#0b0c0c">Target {}</text>"##,
                TOP - 4.0,
                height - 24.0,
                height - 8.0,
                number(marker)
            );
        }
        s.push_str("</svg>");
        s
    }

    /// The chart laid out for a page, full width, from a top of 0: its items and height.
    /// The same definition as the SVG: bars to scale, stacked, a legend for several series,
    /// each bar's total after it and the target line.
    pub(crate) fn place(&self, shaper: &mut Shaper) -> (Vec<Item>, f32) {
        const SIZE: f32 = 8.5;
        const ROW: f32 = 15.0;
        const BAR_H: f32 = 10.0;
        let label_width = CONTENT_WIDTH * 0.34;
        let plot = CONTENT_WIDTH - label_width - 40.0;
        let scale = if self.scale > 0.0 { self.scale } else { 1.0 };
        let mut items = Vec::new();
        let mut y = 0.0;
        let text = |shaper: &mut Shaper,
                    t: &str,
                    style,
                    x: f32,
                    top: f32,
                    width: f32,
                    items: &mut Vec<Item>| {
            let lines = layout::lines(shaper, t, style, SIZE, width);
            for (i, line) in lines.iter().enumerate() {
                items.push(Item::Text {
                    x,
                    baseline: layout::baseline(top + i as f32 * 11.0, 11.0, SIZE),
                    line: line.clone(),
                });
            }
            lines.len().max(1) as f32 * 11.0
        };
        y += text(
            shaper,
            &self.title,
            Style::Bold,
            LEFT,
            y,
            CONTENT_WIDTH,
            &mut items,
        ) + 3.0;
        if self.series.len() > 1 {
            let mut x = LEFT + label_width;
            for series in &self.series {
                items.push(Item::Bar(
                    Rect {
                        x,
                        y: y + 2.0,
                        width: 8.0,
                        height: 8.0,
                    },
                    series.colour.rgb(),
                ));
                let lines = layout::lines(shaper, &series.name, Style::Regular, SIZE, 200.0);
                let w = lines.first().map_or(0.0, |l| l.width());
                text(
                    shaper,
                    &series.name,
                    Style::Regular,
                    x + 11.0,
                    y,
                    200.0,
                    &mut items,
                );
                x += w + 24.0;
            }
            y += 14.0;
        }
        let plot_top = y;
        for (i, category) in self.categories.iter().enumerate() {
            let used = text(
                shaper,
                category,
                Style::Regular,
                LEFT,
                y,
                label_width - 6.0,
                &mut items,
            );
            let mut x = LEFT + label_width;
            let mut total = 0.0;
            for series in &self.series {
                let value = series.values.get(i).copied().unwrap_or(0.0);
                total += value;
                let w = (value / scale * f64::from(plot)).max(0.0) as f32;
                if w > 0.0 {
                    items.push(Item::Bar(
                        Rect {
                            x,
                            y: y + 1.0,
                            width: w,
                            height: BAR_H,
                        },
                        series.colour.rgb(),
                    ));
                }
                x += w;
            }
            if !total.is_nan() {
                let total = number(total);
                text(shaper, &total, Style::Regular, x + 4.0, y, 40.0, &mut items);
            }
            y += used.max(ROW - 4.0) + 4.0;
        }
        if let Some(marker) = self.marker {
            let x = LEFT + label_width + (marker / scale) as f32 * plot;
            items.push(Item::Frame(Rect {
                x,
                y: plot_top,
                width: 0.0,
                height: y - plot_top,
            }));
            y += text(
                shaper,
                &format!("Target {}", number(marker)),
                Style::Regular,
                x - 20.0,
                y,
                80.0,
                &mut items,
            );
        }
        (items, y)
    }

    fn legend(&self, s: &mut String, label: f64) {
        let mut x = label;
        for series in self.series.iter().filter(|_| self.series.len() > 1) {
            let _ = write!(
                s,
                r##"<rect x="{x}" y="8" width="14" height="14" fill="{}" stroke="#0b0c0c"/><text x="{}" y="20" fill="#0b0c0c">{}</text>"##,
                series.colour.hex(),
                x + 20.0,
                escape(&series.name)
            );
            x += 30.0 + series.name.chars().count() as f64 * 9.0;
        }
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            id: "rag".into(),
            title: "Actions by <priority> & RAG".into(),
            categories: vec!["Priority 1".into(), "Priority \"2\"".into()],
            series: vec![
                Series {
                    name: "Green".into(),
                    colour: Colour::Green,
                    values: vec![3.0, 0.0],
                },
                Series {
                    name: "Red".into(),
                    colour: Colour::Red,
                    values: vec![1.0, 2.0],
                },
            ],
            scale: 4.0,
            marker: None,
        }
    }

    #[test]
    fn every_text_is_escaped_and_each_nonzero_value_is_a_bar() {
        let svg = chart().svg();
        assert!(svg.contains("<title>Actions by &lt;priority&gt; &amp; RAG</title>"));
        assert!(svg.contains("Priority &quot;2&quot;"));
        assert!(!svg.contains("<priority>"));
        let bars = svg.matches("stroke-width=\"1\">").count();
        assert_eq!(bars, 3, "3 non-zero segments");
        assert!(
            svg.contains(">4</text>") && svg.contains(">2</text>"),
            "totals"
        );
    }

    #[test]
    fn a_hidden_figure_draws_no_bar_and_no_total_and_stacked_segments_carry_their_figure() {
        let mut c = chart();
        c.series[1].values = vec![f64::NAN, 2.0];
        let svg = c.svg();
        assert_eq!(
            svg.matches("stroke-width=\"1\">").count(),
            2,
            "3 and 2 drawn"
        );
        assert!(!svg.contains("NaN"), "{svg}");
        assert!(
            !svg.contains(r##"fill="#0b0c0c">3</text>"##),
            "no total beside the hidden one"
        );
        assert!(
            svg.contains(r##"fill="#ffffff">3</text>"##),
            "the 3 segment is labelled"
        );
    }

    #[test]
    fn bars_are_to_scale_and_the_target_line_is_drawn() {
        let mut c = chart();
        c.marker = Some(3.0);
        let svg = c.svg();
        // The plot is 400 wide for a scale of 4: 3 + 1, then 2.
        for width in ["300.0", "100.0", "200.0"] {
            assert!(svg.contains(&format!(r#"width="{width}""#)), "{svg}");
        }
        assert!(svg.contains("Target 3"));
    }
}
