//! Exporting the minutes of a busy meeting, beside printing the same content from headless
//! Chromium, the usual way to make a PDF from an app built on web pages.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use channel_desk_pdf::{render, Block, Document};
use chrono::{Duration, Months};

use super::{median_ms, Timing};
use crate::casework::{
    CategoriesInput, DecisionInput, ReferralInput, ScreeningInput, VafFactorInput,
};
use crate::common::dates::{self, today};
use crate::demo::{assessment, dmy, PEOPLE};
use crate::error::{CoreError, Result};
use crate::meetings::actions::ActionInput;
use crate::meetings::minutes::{document, Version};
use crate::meetings::{AttendanceInput, MeetingInput, MemberInput};
use crate::security::session::Session;
use crate::store::files::IfExists;

/// Cases at the meeting: a busy month.
pub const MEETING_CASES: usize = 30;
/// Exports over which the file's growth is averaged.
pub const GROWTH_EXPORTS: u64 = 10;

/// The panel: (organisation, police, attendance). Members are named from the end of the
/// demo's people, so that the attendance table mixes scripts too.
const PANEL: &[(&str, bool, &str)] = &[
    ("Council, Community Safety", false, "present"),
    ("Metropolitan Police", true, "present"),
    ("Children's Services", false, "present"),
    ("NHS mental health trust", false, "present"),
    ("Probation Service", false, "apologies"),
    ("Education", false, "for_item"),
];

const DISCUSSION: &str = "Partners shared what they hold. The school reports better attendance and the family is engaging with Early Help. The vulnerability assessment was reviewed factor by factor: grievance and identity apply, and the person is looking for belonging and status online. Police have no further information. Health partners note a recent referral to the mental health team. The panel weighed whether support through Channel is proportionate and what the person and their family would agree to.";

/// The app's fonts (ui/fonts) for the scripts of the benchmark's names, in the order the PDF
/// crate tries them, for Chromium to print with the same faces.
const FONT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/fonts");
const FONTS: [&str; 8] = [
    "NotoSans-Regular",
    "NotoSansArabic-Regular",
    "NotoSansHebrew-Regular",
    "NotoSansBengali-Regular",
    "NotoSansDevanagari-Regular",
    "NotoSansGurmukhi-Regular",
    "NotoSansEthiopic-Regular",
    "DroidSansFallback",
];

pub struct Pdf {
    pub pages: usize,
    pub bytes: usize,
}

pub struct MinutesBench {
    pub timings: Vec<Timing>,
    /// How much the encrypted file grows for each export it keeps, in bytes (the average
    /// over `GROWTH_EXPORTS` exports, the write-ahead log checkpointed before and after).
    pub growth_per_export: u64,
    /// The first export in the process, which also parses the fonts.
    pub first_export_ms: f64,
    pub pdf: Pdf,
    /// `None` when Chromium is not installed.
    pub chromium: Option<Pdf>,
}

/// Schedules a meeting of `cases` cases taken to the panel through the same commands as
/// the app (names from the demo's communities, other names in their own scripts), each
/// with a long discussion, a decision and an action. Returns the meeting's id.
fn busy_meeting(session: &mut Session, cases: usize) -> Result<i64> {
    let now = today();
    let day = |back: i64| dmy(now - Duration::days(back));
    for i in 0..cases {
        let (latin, native, languages) = PEOPLE[i % PEOPLE.len()];
        let age = [8, 15, 17, 24, 45, 63, 71][i % 7];
        let born = now - Months::new(12 * age + 2);
        let id = session.record_referral(&ReferralInput {
            received_on: day(60),
            referrer_name: "Designated safeguarding lead".into(),
            referrer_organisation: "Riverside Academy".into(),
            referrer_sector: "education".into(),
            full_name: latin.into(),
            other_names: if native == latin { "" } else { native }.into(),
            date_of_birth: dmy(born),
            categories: CategoriesInput {
                gender: "female".into(),
                ethnicity: "not_known".into(),
                needs: Vec::new(),
            },
            address: format!("{} Demo Street", i + 1),
            postcode: "E1 0AA".into(),
            languages: languages.into(),
            concern_type: "extreme_right_wing".into(),
            concern: "Sharing extremist material with classmates".into(),
            mash_informed: if age < 18 { "yes" } else { "" }.into(),
            ..Default::default()
        })?;
        session.start_screening(id)?;
        session.record_screening(
            id,
            &ScreeningInput {
                screened_on: day(55),
                outcome: "suitable_for_channel".into(),
                information_gathering: "Partners shared what they hold.".into(),
            },
        )?;
        let factors = ["grievance", "identity"].map(|f| VafFactorInput {
            factor: f.into(),
            applies: true,
            notes: "Seen in school and online.".into(),
        });
        session.record_assessment(id, &assessment(day(50), factors.into()))?;
        session.send_to_panel(id)?;
    }
    let member = |n: usize| PEOPLE[PEOPLE.len() - 1 - n].1;
    let meeting = session.schedule_meeting(&MeetingInput {
        held_on: day(0),
        starts_at: "14:00".into(),
        place: "Committee Room 2, Town Hall".into(),
        chair: member(0).into(),
    })?;
    let agenda = session.meeting(meeting)?.agenda;
    for (n, (organisation, police, status)) in PANEL.iter().enumerate() {
        session.record_attendance(
            meeting,
            &AttendanceInput {
                member_id: None,
                member: MemberInput {
                    name: member(n).into(),
                    organisation: (*organisation).into(),
                    role: "Panel member".into(),
                    police: *police,
                },
                status: (*status).into(),
                agenda_item_id: (*status == "for_item").then_some(agenda[0].id),
            },
        )?;
    }
    for (i, item) in agenda.iter().enumerate() {
        let name = PEOPLE[i % PEOPLE.len()].1;
        let discussion = format!("{DISCUSSION}\nThe coordinator met {name} and their family at home last week and will report back.");
        session.save_discussion(item.id, &discussion)?;
        let not_adopted = i % 4 == 3;
        session.record_item_decision(
            item.id,
            &DecisionInput {
                kind: if not_adopted { "not_adopt" } else { "adopt" }.into(),
                rationale: "Partners agreed on the evidence in the vulnerability assessment."
                    .into(),
                how_reached: "consensus".into(),
                signposted_to: if not_adopted { "Early Help" } else { "" }.into(),
                ..Default::default()
            },
        )?;
        session.add_action(
            meeting,
            &ActionInput {
                agenda_item_id: Some(item.id),
                what: format!("Write to {name} with the panel's decision"),
                owner: "Channel coordinator".into(),
                due_on: dmy(now + Duration::days(14)),
            },
        )?;
    }
    Ok(meeting)
}

/// Times exporting the full minutes of a [`MEETING_CASES`]-case meeting (read from the
/// database, lay out, shape, subset fonts, write, audit) and the PDF rendering alone,
/// beside Chromium printing the same document as HTML. Files go in `dir`.
pub fn minutes(session: &mut Session, dir: &Path, runs: usize) -> Result<MinutesBench> {
    let meeting = busy_meeting(session, MEETING_CASES)?;
    // Every run writes the same file again.
    let out = dir.join("minutes.pdf");
    let start = Instant::now();
    session.export_minutes(meeting, Version::Full, &out, IfExists::Replace)?;
    let first_export_ms = start.elapsed().as_secs_f64() * 1000.0;
    let export_ms = median_ms(runs, || {
        session
            .export_minutes(meeting, Version::Full, &out, IfExists::Replace)
            .map(drop)
    })?;
    let growth_per_export = growth_per_export(session, meeting, &out)?;
    let exported = format!(
        "Exported by {} on {}",
        session.person.full_name,
        dates::long(today())
    );
    let doc = document(&session.minutes(meeting)?, Version::Full, &exported);
    let render_ms = median_ms(runs, || render(&doc).map(drop).map_err(CoreError::from))?;
    let chromium = chromium();
    let baseline_out = dir.join("chromium.pdf");
    let baseline_ms = match &chromium {
        Some(chromium) => {
            // The first run creates Chromium's profile.
            print_with_chromium(chromium, &doc, dir, &baseline_out)?;
            Some(median_ms(runs, || {
                print_with_chromium(chromium, &doc, dir, &baseline_out)
            })?)
        }
        None => None,
    };
    let baseline = "chromium --headless --print-to-pdf of the same minutes as HTML";
    let pdf = |path: &Path| -> Result<Pdf> {
        let bytes = std::fs::read(path)?;
        Ok(Pdf {
            pages: page_count(&bytes),
            bytes: bytes.len(),
        })
    };
    Ok(MinutesBench {
        timings: vec![
            Timing {
                what: "export the full minutes (read, lay out, write, audit)",
                median_ms: export_ms,
                baseline,
                baseline_median_ms: baseline_ms,
            },
            Timing {
                what: "lay out and write the PDF only",
                median_ms: render_ms,
                baseline,
                baseline_median_ms: baseline_ms,
            },
        ],
        growth_per_export,
        first_export_ms,
        pdf: pdf(&out)?,
        chromium: chromium.map(|_| pdf(&baseline_out)).transpose()?,
    })
}

/// The database file's growth per kept export, with the write-ahead log checkpointed into it.
fn growth_per_export(session: &mut Session, meeting: i64, out: &Path) -> Result<u64> {
    let size = |session: &Session| -> Result<u64> {
        session
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(std::fs::metadata(&session.paths.db)?.len())
    };
    let before = size(session)?;
    for _ in 0..GROWTH_EXPORTS {
        session.export_minutes(meeting, Version::Full, out, IfExists::Replace)?;
    }
    Ok((size(session)? - before) / GROWTH_EXPORTS)
}

/// `chromium` or `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Writes the document as an HTML page and has Chromium print it to `out`: one whole
/// process run, as an app printing through a browser would.
fn print_with_chromium(chromium: &Path, doc: &Document, dir: &Path, out: &Path) -> Result<()> {
    let page = dir.join("minutes.html");
    std::fs::write(&page, html(doc))?;
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-pdf-header-footer",
            // Without it Chromium prints before the web fonts load, leaving text out.
            // Virtual time: it does not wait once the page is idle.
            "--virtual-time-budget=10000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join("chromium-profile").display()
        ))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(CoreError::Io(std::io::Error::other(format!(
            "chromium failed: {status}"
        ))));
    }
    Ok(())
}

/// Pages in a PDF whose page objects are not compressed, as both writers here leave them.
fn page_count(pdf: &[u8]) -> usize {
    pdf.windows(12)
        .filter(|w| {
            let w = w
                .strip_prefix(b"/Type")
                .unwrap_or_default()
                .trim_ascii_start();
            w.starts_with(b"/Page") && !w.starts_with(b"/Pages")
        })
        .count()
}

/// The document as an HTML page with the same blocks, fonts, page size, marking, footer
/// and page numbers as the app's PDF.
fn html(doc: &Document) -> String {
    let faces: String = FONTS
        .iter()
        .map(|font| (*font, *font, "normal"))
        .chain([(FONTS[0], "NotoSans-Bold", "bold")])
        .map(|(family, file, weight)| {
            format!("@font-face{{font-family:\"{family}\";font-weight:{weight};src:url(\"file://{FONT_DIR}/{file}.ttf\")}}")
        })
        .collect();
    let fonts = FONTS.join("\",\"");
    let (marking, note) = (css_string(&doc.marking), css_string(&doc.footer_note));
    let style = format!(
        "{faces}@page{{size:A4;margin:60pt 56.7pt 80pt;font:8pt \"{fonts}\";\
         @top-center{{content:{marking};font-weight:bold;font-size:10pt;white-space:nowrap}}\
         @bottom-left{{content:{note};vertical-align:top}}\
         @bottom-center{{content:{marking};font-weight:bold;font-size:10pt;white-space:nowrap;vertical-align:bottom}}\
         @bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);vertical-align:top}}}}\
         body{{margin:0;font:10pt/14pt \"{fonts}\"}}\
         h1{{font-size:17pt;line-height:22pt;margin:4pt 0 8pt}}\
         h2{{font-size:13.5pt;line-height:18pt;margin:12pt 0 6pt}}\
         h3{{font-size:11pt;line-height:15pt;margin:9pt 0 4pt}}\
         h1,h2,h3{{break-after:avoid}}p{{margin:0 0 7pt;white-space:pre-line}}\
         table{{width:100%;border-collapse:collapse;font-size:9pt;line-height:12pt;margin:0 0 7pt}}\
         th,td{{padding:3pt 4pt;text-align:start;vertical-align:top;white-space:pre-line}}\
         .grid th,.grid td{{border:0.5pt solid}}.fields th{{width:25%}}tr{{break-inside:avoid}}"
    );
    let row = |tag: &str, cells: &[String]| -> String {
        let cells: String = cells
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
            .collect();
        format!("<tr>{cells}</tr>")
    };
    let body: String = doc
        .blocks
        .iter()
        .map(|block| match block {
            Block::Heading { level, text } => format!("<h{level}>{}</h{level}>", escape(text)),
            Block::Paragraph(text) => format!("<p>{}</p>", escape(text)),
            Block::Fields(fields) => {
                let rows: String = fields
                    .iter()
                    .map(|(label, value)| {
                        format!("<tr><th>{}</th><td>{}</td></tr>", escape(label), escape(value))
                    })
                    .collect();
                format!("<table class=fields>{rows}</table>")
            }
            Block::Table {
                headers,
                widths,
                rows,
            } => {
                let total: f32 = widths.iter().sum();
                let cols: String = widths
                    .iter()
                    .map(|w| format!("<col style=\"width:{:.1}%\">", 100.0 * w / total))
                    .collect();
                let rows: String = rows.iter().map(|r| row("td", r)).collect();
                format!(
                    "<table class=grid><colgroup>{cols}</colgroup><thead>{}</thead><tbody>{rows}</tbody></table>",
                    row("th", headers)
                )
            }
            // The minutes have no charts; the chart's own SVG would stand in for one.
            Block::Chart(chart) => chart.svg(),
        })
        .collect();
    format!(
        "<!doctype html><html lang=en><meta charset=utf-8><title>{}</title><style>{style}</style>{body}</html>",
        escape(&doc.title)
    )
}

/// Text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A quoted CSS string that cannot end the string or the style element.
fn css_string(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '"' | '\\' | '<' | '\n' => format!("\\{:x} ", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!("\"{inner}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_page_escapes_typed_text() {
        let doc = Document {
            title: "<Minutes>".into(),
            marking: "A\"</style>".into(),
            footer_note: "Exported by O'Brien & <Sons>".into(),
            subject: String::new(),
            blocks: vec![
                Block::Heading {
                    level: 3,
                    text: "1. CH-1: Tom & <Jerry>".into(),
                },
                Block::Table {
                    headers: vec!["Name".into()],
                    widths: vec![1.0],
                    rows: vec![vec!["<script>".into()]],
                },
            ],
        };
        let page = html(&doc);
        assert!(page.contains("<h3>1. CH-1: Tom &amp; &lt;Jerry&gt;</h3>"));
        assert!(page.contains("<td>&lt;script&gt;</td>"));
        assert!(page.contains("content:\"A\\22 \\3c /style>\""));
        assert_eq!(page.matches("</style>").count(), 1);
        assert!(!page.contains("<Sons>") && !page.contains("<script>"));
    }
}
