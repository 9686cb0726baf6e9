//! Renders documents to a temporary file and reads them back with poppler's tools
//! (pdftotext, pdfinfo, pdffonts, pdftoppm), as a reader of the PDF would see it.
#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;

use channel_desk_pdf::{render, Block, Document};
use tempfile::TempDir;

include!("names.rs");

pub const MARKING: &str = "OFFICIAL-SENSITIVE";

pub fn document(blocks: Vec<Block>) -> Document {
    Document {
        title: "Channel Panel minutes 12 March 2026".into(),
        marking: MARKING.into(),
        footer_note: "Exported by Amara Okafor on 12 March 2026 at 14:05".into(),
        subject: String::new(),
        blocks,
    }
}

/// A rendered PDF in its own temporary directory.
pub struct Rendered {
    _dir: TempDir,
    pub path: PathBuf,
}

pub fn rendered(doc: &Document) -> Rendered {
    let bytes = render(doc).expect("the document renders").bytes;
    assert!(bytes.starts_with(b"%PDF-"), "the output is a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.pdf");
    std::fs::write(&path, bytes).unwrap();
    Rendered { _dir: dir, path }
}

pub fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run (install poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

impl Rendered {
    /// The text of each page, laid out as on the page.
    pub fn pages(&self) -> Vec<String> {
        let text = run("pdftotext", &["-layout"], &self.path);
        let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
        pages.pop(); // after the last form feed
        pages
    }

    /// The text in reading order, with the marks poppler adds around right-to-left
    /// runs taken out.
    pub fn text(&self) -> String {
        run("pdftotext", &[], &self.path)
            .chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
            .collect()
    }

    pub fn info(&self, field: &str) -> String {
        run("pdfinfo", &[], &self.path)
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{field}:")))
            .unwrap_or_else(|| panic!("pdfinfo has no {field}"))
            .trim()
            .to_owned()
    }

    pub fn fonts(&self) -> String {
        run("pdffonts", &[], &self.path)
    }

    /// Every word with its box (left, top, right, bottom in points), page by page.
    pub fn words(&self) -> Vec<Vec<Word>> {
        let html = run("pdftotext", &["-bbox"], &self.path);
        html.split("<page ")
            .skip(1)
            .map(|page| {
                page.split("<word ")
                    .skip(1)
                    .map(|word| {
                        let number = |name: &str| -> f32 {
                            let start = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                            let end = start + word[start..].find('"').unwrap();
                            word[start..end].parse().unwrap()
                        };
                        let text_start = word.find('>').unwrap() + 1;
                        let text_end = word.find("</word>").unwrap();
                        Word {
                            text: word[text_start..text_end].to_owned(),
                            left: number("xMin"),
                            top: number("yMin"),
                            right: number("xMax"),
                            bottom: number("yMax"),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The share of dark pixels on page 1 rendered at 50 dpi.
    pub fn ink_on_first_page(&self) -> f64 {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("page");
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&self.path)
            .arg(&prefix)
            .status()
            .expect("pdftoppm runs (install poppler-utils)");
        assert!(status.success());
        let file = std::fs::File::open(prefix.with_extension("png")).unwrap();
        let mut reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        let samples = frame.color_type.samples();
        let pixels = &pixels[..frame.buffer_size()];
        let dark = pixels
            .chunks(samples)
            .filter(|px| px.iter().take(3).all(|&v| v < 128))
            .count();
        dark as f64 / (pixels.len() / samples) as f64
    }
}

#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

/// Minutes of a meeting about `cases` cases, shaped like the ones the app exports:
/// meeting details, attendance, then per case a heading, fields, discussion and actions.
pub fn minutes(cases: usize) -> Document {
    let name = |i: usize| NAMES[i % NAMES.len()];
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            text: "Channel Panel minutes".into(),
        },
        Block::Fields(vec![
            ("Date".into(), "12 March 2026, 10:00 to 13:30".into()),
            ("Venue".into(), "Civic Centre, Committee Room 2".into()),
            ("Chair".into(), "Amara Ọkafọ, Prevent Lead".into()),
        ]),
        Block::Heading {
            level: 2,
            text: "Attendance".into(),
        },
        Block::Table {
            headers: vec!["Name".into(), "Role".into(), "Organisation".into()],
            widths: vec![2.0, 2.0, 3.0],
            rows: (0..12)
                .map(|i| {
                    vec![
                        name(i + 3).into(),
                        "Panel member".into(),
                        "Children's Services, Education Safeguarding".into(),
                    ]
                })
                .collect(),
        },
        Block::Heading {
            level: 2,
            text: "Cases".into(),
        },
    ];
    for case in 1..=cases {
        blocks.extend([
            Block::Heading {
                level: 3,
                text: format!("Case CD-2026-{case:04}: {}", name(case)),
            },
            Block::Fields(vec![
                ("Subject".into(), format!("{} (born 2009)", name(case))),
                (
                    "Referred by".into(),
                    "School designated safeguarding lead".into(),
                ),
                (
                    "Vulnerabilities".into(),
                    "Isolation; grievance about a family matter; online contact with \
                     extremist material reported by a teacher"
                        .into(),
                ),
                ("Decision".into(), "Adopted as a Channel case".into()),
            ]),
            Block::Paragraph(format!(
                "Discussion of case {case}: the panel heard from the referrer and from \
                 Children's Services. {} has engaged well with the youth worker, and the \
                 family agreed to the support plan. The mentor will meet {} weekly, and \
                 the school will report attendance monthly. Consent was confirmed.",
                name(case),
                name(case + 1)
            )),
            Block::Table {
                headers: vec!["Action".into(), "Owner".into(), "Due".into()],
                widths: vec![4.0, 2.0, 1.0],
                rows: vec![
                    vec![
                        "Arrange the intervention provider's first session".into(),
                        name(case + 2).into(),
                        "26 March 2026".into(),
                    ],
                    vec![
                        "Review attendance and report to the next panel".into(),
                        name(case + 5).into(),
                        "9 April 2026".into(),
                    ],
                ],
            },
        ]);
    }
    document(blocks)
}
