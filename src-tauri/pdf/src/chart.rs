//! A chart defined once: horizontal bars, one per category, each stacked from its series
//! (for example the actions of each priority by RAG). The window shows it as SVG beside a
//! table of the same figures; documents can draw it from the same definition.

use std::fmt::Write;

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
}

#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Series {
    pub name: String,
    pub colour: Colour,
    /// One value per category.
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

const WIDTH: f64 = 640.0;
const LABEL: f64 = 180.0;
const BAR: f64 = 22.0;
const GAP: f64 = 12.0;
const TOP: f64 = 34.0;

impl Chart {
    /// The chart as a standalone SVG image; every text in it is escaped.
    pub fn svg(&self) -> String {
        let plot = WIDTH - LABEL - 60.0;
        let height = TOP + self.categories.len() as f64 * (BAR + GAP) + 30.0;
        let scale = if self.scale > 0.0 { self.scale } else { 1.0 };
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="14"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
            escape(&self.title)
        );
        self.legend(&mut s);
        for (i, category) in self.categories.iter().enumerate() {
            let y = TOP + i as f64 * (BAR + GAP);
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end" fill="#0b0c0c">{}</text>"##,
                LABEL - 8.0,
                y + BAR * 0.7,
                escape(category)
            );
            let mut x = LABEL;
            let mut total = 0.0;
            for series in &self.series {
                let value = series.values.get(i).copied().unwrap_or(0.0);
                total += value;
                let w = (value / scale * plot).max(0.0);
                if w > 0.0 {
                    let _ = write!(
                        s,
                        r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR}" fill="{}" stroke="#0b0c0c" stroke-width="1"/>"##,
                        series.colour.hex()
                    );
                }
                x += w;
            }
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{}" fill="#0b0c0c">{}</text>"##,
                x + 6.0,
                y + BAR * 0.7,
                number(total)
            );
        }
        if let Some(marker) = self.marker {
            let x = LABEL + marker / scale * plot;
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

    fn legend(&self, s: &mut String) {
        let mut x = LABEL;
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
        let bars = svg.matches("stroke-width=\"1\"/>").count();
        assert_eq!(bars, 3, "3 non-zero segments");
        assert!(
            svg.contains(">4</text>") && svg.contains(">2</text>"),
            "totals"
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
