//! The annual report read back as a reader gets it: `pdftotext` for every priority, every
//! measure with its target and value, the narrative, no small count and no one's name or
//! date of birth; `pdftoppm` for a chart that is drawn; the CSV parsed and matched with the
//! PDF's tables.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use channel_desk_core::plan::MeasureValueInput;
use channel_desk_core::{CoreError, IfExists, Role};

use support::as_role;
use support::journeys::build;

const FROM: &str = "2017-04-01";
const TO: &str = "2018-03-31";

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The text from a heading to the next, each at its last occurrence (the first is in the
/// contents).
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.rfind(from).unwrap_or_else(|| panic!("no {from}"));
    let end = text.rfind(to).filter(|e| *e > start).unwrap_or(text.len());
    &text[start..end]
}

/// Standalone numbers in text after dates, page numbers, age bands and day counts are taken
/// out: what is left in the statistics are counts.
fn counts(text: &str) -> Vec<u32> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut cleaned = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("Page ") || line.contains("Exported by") {
            continue;
        }
        let mut words: Vec<&str> = line.split_whitespace().collect();
        // "1 April 2017": a day before a month is a date, not a count.
        for i in 0..words.len() {
            if words.get(i + 1).is_some_and(|m| MONTHS.contains(m)) {
                words[i] = "";
            }
        }
        cleaned.push_str(&words.join(" "));
        cleaned.push('\n');
    }
    cleaned
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ':')
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn the_report_holds_every_priority_and_measure_and_no_small_count_or_personal_detail() {
    let (dir, mut s) = build();
    s.load_seed_plan().unwrap();
    let measures = s.measures(None).unwrap();
    assert_eq!(measures.len(), 3, "the plan's three success measures");
    let mut lead = as_role(&dir, &mut s, Role::SteeringLead, "kwame");
    for (i, m) in measures.iter().enumerate() {
        lead.record_measure_value(
            m.id,
            &MeasureValueInput {
                measured_on: "2018-03-01".into(),
                value: format!("{}", 61 + i),
                source: "Synthetic survey".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    lead.set_report_narrative(
        FROM,
        TO,
        2,
        "Referral pathways were refreshed <b>in every school</b> & college.",
    )
    .unwrap();
    let out = dir.path().join("report.pdf");
    let csv_path = dir.path().join("report.csv");
    let written = lead
        .export_report(FROM, TO, &out, Some(&csv_path), IfExists::Refuse)
        .unwrap();
    assert!(written.pages >= 5, "{} pages", written.pages);
    let text = pdftotext(&out);

    assert!(text.contains("OFFICIAL-SENSITIVE"));
    assert!(text.contains("Contents"));
    assert!(text.contains("London Borough of Barking and Dagenham"));
    assert!(text.contains("1 April 2017 to 31 March 2018"));
    for priority in 1..=4 {
        assert!(
            text.contains(&format!("Priority {priority}")),
            "priority {priority}"
        );
    }
    assert!(text.contains("Referral pathways were refreshed <b>in every school</b> & college."));
    for (i, m) in measures.iter().enumerate() {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let first_words: String = m
            .name
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(&first_words), "measure {}", m.name);
        assert!(
            flat.contains(&format!("{} ", 61 + i)),
            "the value of {}",
            m.name
        );
        assert!(
            flat.contains(&m.target.to_string()),
            "the target of {}",
            m.name
        );
    }
    // The contents give each section's page: the page that section's heading is on.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let contents = section(&text, "Contents", "1. The priorities");
    for heading in ["5. Channel statistics", "Appendix: every action"] {
        let listed: usize = contents
            .lines()
            .find(|l| l.contains(heading))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{heading} in the contents"));
        assert!(
            pages[listed - 1]
                .lines()
                .any(|l| l.trim_start().starts_with(heading)),
            "{heading} is on page {listed}"
        );
    }
    // No count from 1 to 4 in the Channel statistics, and no person.
    let stats = section(&text, "5. Channel statistics", "6. Meetings held");
    let small: Vec<u32> = counts(stats)
        .into_iter()
        .filter(|n| (1..=4).contains(n))
        .collect();
    assert!(small.is_empty(), "small counts printed: {small:?}");
    assert!(stats.contains("fewer than 5"));
    for name in [
        "Amélie",
        "Dubois",
        "Bilal",
        "Chiamaka",
        "Hiroshi",
        "Fatima Begum",
        "2006-06-11",
        "11 June 2006",
        "1 January 1950",
    ] {
        assert!(!text.contains(name), "{name} is in the report");
    }

    // The CSV: a header, one row per figure, the same texts the PDF's tables print.
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["period", "measure", "category", "breakdown", "value"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let figures: HashMap<(String, String, String, String), String> = rows
        .iter()
        .map(|r| {
            (
                (r[0].into(), r[1].into(), r[2].into(), r[3].into()),
                r[4].into(),
            )
        })
        .collect();
    let period = "2017-04-01..2018-03-31";
    let get = |measure: &str, category: &str| {
        figures[&(
            period.into(),
            measure.into(),
            category.into(),
            String::new(),
        )]
            .clone()
    };
    assert_eq!(get("referrals", "All referrals"), "8");
    assert_eq!(get("journey_funnel", "Referred"), "8");
    assert_eq!(get("journey_funnel", "Screened by police"), "6");
    assert_eq!(
        get("journey_funnel", "Suitable for Channel"),
        "fewer than 5"
    );
    assert_eq!(get("referrals_by_sector", "Education"), "fewer than 5");
    assert_eq!(
        figures[&(
            "2016-04-01..2017-03-31".into(),
            "journey_funnel".into(),
            "Referred".into(),
            String::new()
        )],
        "0"
    );
    for r in &rows {
        // Days and meetings are not counts of people.
        let people =
            !(&r[1] == "meetings" || &r[1] == "days_from_referral" && &r[3] != "Referrals");
        if people {
            assert!(
                !matches!(r[4].parse::<u32>(), Ok(1..=4)),
                "a small count in the CSV: {r:?}"
            );
        }
    }
    // Each table row of the CSV is a row of the PDF with the same figures.
    let flat = stats.split_whitespace().collect::<Vec<_>>().join(" ");
    for category in [
        "Referred",
        "Screened by police",
        "Not adopted",
        "Risk removed or significantly reduced",
    ] {
        let line = stats
            .lines()
            .find(|l| l.trim_start().starts_with(category))
            .unwrap_or_else(|| panic!("{category} row"));
        let measure = rows
            .iter()
            .find(|r| &r[2] == category && r[0] == *period)
            .unwrap();
        assert!(
            line.contains(&measure[4]),
            "{category}: the PDF row {line:?} holds {}",
            &measure[4]
        );
    }
    assert!(flat.contains("The journey"));

    // A page with a chart: drawn in the charts' blue, not blank.
    let png_dir = dir.path().join("pages");
    std::fs::create_dir(&png_dir).unwrap();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "40",
            out.to_str().unwrap(),
            png_dir.join("p").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let blue_pages = std::fs::read_dir(&png_dir)
        .unwrap()
        .filter(|e| blue_pixels(&std::fs::read(e.as_ref().unwrap().path()).unwrap()) > 20)
        .count();
    assert!(blue_pages >= 1, "no page draws a chart");

    // Panel members cannot produce it; nothing is written when refused.
    let mut member = as_role(&dir, &mut s, Role::PanelMember, "grace");
    let refused = dir.path().join("refused.pdf");
    assert!(matches!(
        member.export_report(FROM, TO, &refused, None, IfExists::Refuse),
        Err(CoreError::Forbidden(_))
    ));
    assert!(!refused.exists());
}

/// Pixels of the charts' blue (#1d70b8) in a PPM image as pdftoppm writes it.
fn blue_pixels(ppm: &[u8]) -> usize {
    // "P6\n<w> <h>\n255\n" then RGB bytes.
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    ppm[start..]
        .chunks_exact(3)
        .filter(|p| {
            p[0].abs_diff(0x1d) < 24 && p[1].abs_diff(0x70) < 24 && p[2].abs_diff(0xb8) < 24
        })
        .count()
}

#[test]
fn a_failed_export_writes_neither_file_and_no_audit_row() {
    let (dir, mut s) = build();
    let before = s.info().unwrap().audit_rows;
    let out = dir.path().join("report.pdf");
    let missing = dir.path().join("no such folder").join("figures.csv");
    assert!(s
        .export_report(FROM, TO, &out, Some(&missing), IfExists::Refuse)
        .is_err());
    assert!(!out.exists(), "the PDF written first is taken back");
    assert_eq!(s.info().unwrap().audit_rows, before);
}
