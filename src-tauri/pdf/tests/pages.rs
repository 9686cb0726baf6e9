//! Layout across pages as a reader sees it: marking, page numbers, nothing lost or cut
//! off, table headers repeated, headings kept with what follows them.

mod support;

use channel_desk_pdf::{render, Block, PdfError};
use support::{document, minutes, rendered, MARKING};

fn paragraphs(count: usize) -> Vec<Block> {
    (1..=count)
        .map(|i| {
            Block::Paragraph(format!(
                "Paragraph P{i:04}E begins here. The panel reviewed the support plan, the \
                 referral history and the views of the family before agreeing next steps."
            ))
        })
        .collect()
}

#[test]
fn every_page_has_the_marking_at_top_and_bottom_and_its_page_number() {
    let pdf = rendered(&minutes(30));
    let pages = pdf.pages();
    let count = pages.len();
    assert!(count >= 5, "30 cases take several pages, got {count}");
    assert_eq!(pdf.info("Pages"), count.to_string());
    for (i, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.first().unwrap().trim(),
            MARKING,
            "header of page {}",
            i + 1
        );
        assert_eq!(
            lines.last().unwrap().trim(),
            MARKING,
            "footer of page {}",
            i + 1
        );
        let footer = lines[lines.len() - 2];
        assert!(
            footer.contains("Exported by Amara Okafor on 12 March 2026 at 14:05"),
            "footer note on page {}: {footer}",
            i + 1
        );
        assert!(
            footer
                .trim_end()
                .ends_with(&format!("Page {} of {count}", i + 1)),
            "page number on page {}: {footer}",
            i + 1
        );
    }
}

#[test]
fn the_pdf_is_a4_titled_and_dated() {
    let pdf = rendered(&minutes(1));
    assert_eq!(pdf.info("Title"), "Channel Panel minutes 12 March 2026");
    assert_eq!(pdf.info("Page size"), "595.276 x 841.89 pts (A4)");
    assert_eq!(pdf.info("Creator"), "Channel Desk");
    assert!(
        !pdf.info("CreationDate").contains("1970"),
        "dated when exported"
    );
}

#[test]
fn a_long_document_keeps_every_paragraph_and_row_exactly_once() {
    let mut blocks = paragraphs(120);
    blocks.push(Block::Table {
        headers: vec!["Reference".into(), "Note".into()],
        widths: vec![1.0, 3.0],
        rows: (1..=150)
            .map(|i| vec![format!("R{i:04}E"), format!("Row note N{i:04}E agreed")])
            .collect(),
    });
    let pdf = rendered(&document(blocks));
    let text = pdf.text();
    for i in 1..=120 {
        assert_eq!(
            text.matches(&format!("P{i:04}E")).count(),
            1,
            "paragraph {i}"
        );
    }
    for i in 1..=150 {
        assert_eq!(text.matches(&format!("R{i:04}E")).count(), 1, "row {i}");
        assert_eq!(
            text.matches(&format!("N{i:04}E")).count(),
            1,
            "row note {i}"
        );
    }
    assert!(pdf.pages().len() >= 6);
}

#[test]
fn a_table_repeats_its_header_row_on_every_page_it_reaches() {
    let blocks = vec![Block::Table {
        headers: vec!["Case reference".into(), "Decision recorded".into()],
        widths: vec![1.0, 2.0],
        rows: (1..=120)
            .map(|i| vec![format!("CD-{i:04}"), "Adopted as a Channel case".into()])
            .collect(),
    }];
    let pages = rendered(&document(blocks)).pages();
    assert!(pages.len() >= 3, "120 rows take at least three pages");
    for (i, page) in pages.iter().enumerate() {
        let header = page.lines().find(|l| l.contains("Case reference"));
        let header = header.unwrap_or_else(|| panic!("no header row on page {}", i + 1));
        assert!(header.contains("Decision recorded"));
        let first_row = page.lines().position(|l| l.contains("CD-")).unwrap();
        let header_at = page
            .lines()
            .position(|l| l.contains("Case reference"))
            .unwrap();
        assert!(
            header_at < first_row,
            "header above the rows on page {}",
            i + 1
        );
    }
}

#[test]
fn a_case_reference_in_a_narrow_column_stays_on_one_line() {
    // The minutes' actions table: six columns, the case reference in a narrow one.
    let blocks = vec![Block::Table {
        headers: ["No.", "Case", "Action", "Owner", "Due", "Status"]
            .map(String::from)
            .to_vec(),
        widths: vec![0.4, 1.0, 2.6, 1.3, 1.0, 0.9],
        rows: vec![[
            "1",
            "CH-2026-000002",
            "Arrange a mentoring session with the youth service and report back",
            "Children's Social Care",
            "12 March 2026",
            "Open (overdue)",
        ]
        .map(String::from)
        .to_vec()],
    }];
    let words: Vec<String> = rendered(&document(blocks))
        .words()
        .concat()
        .into_iter()
        .map(|w| w.text)
        .collect();
    assert!(words.contains(&"CH-2026-000002".to_owned()), "{words:?}");
    assert!(words.contains(&"(overdue)".to_owned()), "{words:?}");
}

#[test]
fn a_row_taller_than_a_page_is_split_without_losing_a_line() {
    let long: Vec<String> = (1..=150)
        .map(|i| format!("Line L{i:03}E of the chronology"))
        .collect();
    let blocks = vec![
        Block::Paragraph("Before the table.".into()),
        Block::Table {
            headers: vec!["Date".into(), "Chronology".into()],
            widths: vec![1.0, 4.0],
            rows: vec![
                vec!["1 March".into(), long.join("\n")],
                vec!["2 March".into(), "Closing entry".into()],
            ],
        },
    ];
    let pdf = rendered(&document(blocks));
    let pages = pdf.pages();
    assert!(pages.len() >= 3, "150 lines take three pages");
    let text = pdf.text();
    for i in 1..=150 {
        assert_eq!(text.matches(&format!("L{i:03}E")).count(), 1, "line {i}");
    }
    for page in &pages {
        assert!(page.contains("Chronology"), "header row repeated:\n{page}");
    }
    assert!(text.contains("Closing entry"));
}

/// Puts `heading` and `next` after enough filler to push the heading to every depth
/// near the first page's foot, and checks `expected` (from `next`) is always on the
/// heading's page.
fn assert_heading_stays_with(heading: Block, next: Block, expected: &str) {
    let Block::Heading { text: title, .. } = &heading else {
        panic!("not a heading");
    };
    for filler in 20..60 {
        let mut blocks: Vec<Block> = (0..filler)
            .map(|i| Block::Paragraph(format!("Filler line {i}.")))
            .collect();
        blocks.extend([heading.clone(), next.clone()]);
        let pages = rendered(&document(blocks)).pages();
        let page = pages.iter().find(|p| p.contains(title.as_str())).unwrap();
        assert!(
            page.contains(expected),
            "with {filler} filler lines the heading was parted from what follows:\n{page}"
        );
    }
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    assert_heading_stays_with(
        Block::Heading {
            level: 2,
            text: "Decisions of the panel".into(),
        },
        Block::Paragraph("First decision: adopted as a Channel case.".into()),
        "First decision",
    );
}

#[test]
fn a_heading_keeps_the_start_of_a_following_table() {
    assert_heading_stays_with(
        Block::Heading {
            level: 3,
            text: "Actions agreed".into(),
        },
        Block::Table {
            headers: vec!["Action".into(), "Owner".into()],
            widths: vec![3.0, 1.0],
            rows: vec![vec!["Arrange a mentor".into(), "Ольга Иванова".into()]],
        },
        "Arrange a mentor",
    );
}

#[test]
fn long_text_wraps_inside_the_margins_and_no_words_overlap() {
    let unbroken = "Unbroken".repeat(30);
    let blocks = vec![
        Block::Paragraph(format!("{} {unbroken} end.", support::NAMES.join(", "))),
        Block::Fields(vec![(
            "A label long enough to wrap inside its column".into(),
            "A value that is long enough to wrap onto several lines in the value column \
             of the field list, next to its label."
                .into(),
        )]),
        Block::Table {
            headers: vec!["Narrow".into(), "Wide column".into(), "Third".into()],
            widths: vec![1.0, 3.0, 1.0],
            rows: vec![vec![
                "Supercalifragilisticexpialidocious".into(),
                "Text that wraps across the wide column several times, because it is long.".into(),
                support::NAMES[..6].join(" "),
            ]],
        },
    ];
    let pdf = rendered(&document(blocks));
    let text: String = pdf.text().split_whitespace().collect();
    assert!(
        text.contains(&unbroken),
        "the over-long word is kept whole across lines"
    );
    assert!(text.contains("Supercalifragilisticexpialidocious"));
    for words in pdf.words() {
        for word in &words {
            assert!(
                word.left >= 56.0 && word.right <= 595.276 - 56.0,
                "{word:?} is outside the margins"
            );
        }
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                // Boxes span the font's whole ascent and descent, which for some
                // scripts reaches into the next line: compare words on one line. Poppler
                // splits some right-to-left words at a vowel mark, whose box reaches a
                // point past its letter: only a wider overlap is two words drawn together.
                let across = a.right.min(b.right) - a.left.max(b.left);
                let down = a.bottom.min(b.bottom) - a.top.max(b.top);
                let lower = (a.bottom - a.top).min(b.bottom - b.top);
                assert!(across < 1.0 || down < 0.6 * lower, "{a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn newlines_in_a_paragraph_start_new_lines() {
    let pdf = rendered(&document(vec![Block::Paragraph(
        "First line\nSecond line\n\nAfter a blank line".into(),
    )]));
    let page = &pdf.pages()[0];
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| *l == "First line").unwrap();
    assert_eq!(lines[first + 1], "Second line");
    assert!(lines[first + 2..]
        .iter()
        .take(3)
        .any(|l| *l == "After a blank line"));
}

#[test]
fn a_table_whose_rows_do_not_match_its_headers_is_refused() {
    let too_many_cells = document(vec![Block::Table {
        headers: vec!["One".into()],
        widths: vec![1.0],
        rows: vec![vec!["a".into(), "b".into()]],
    }]);
    assert!(matches!(render(&too_many_cells), Err(PdfError::Table(_))));
    let missing_width = document(vec![Block::Table {
        headers: vec!["One".into(), "Two".into()],
        widths: vec![1.0],
        rows: vec![],
    }]);
    assert!(matches!(render(&missing_width), Err(PdfError::Table(_))));
}

#[test]
fn an_empty_document_is_one_page_with_its_marking() {
    let pages = rendered(&document(Vec::new())).pages();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains(MARKING) && pages[0].contains("Page 1 of 1"));
}

#[test]
fn each_heading_is_reported_with_the_page_it_starts_on() {
    let mut blocks = vec![Block::Heading {
        level: 2,
        text: "First section".into(),
    }];
    blocks.extend(paragraphs(60));
    blocks.push(Block::Heading {
        level: 2,
        text: "Second section".into(),
    });
    blocks.extend(paragraphs(5));
    let doc = document(blocks);
    let pdf = render(&doc).unwrap();
    let pages = rendered(&doc).pages();
    assert_eq!(pdf.outline.len(), 2);
    for entry in &pdf.outline {
        assert!(
            pages[entry.page - 1].contains(&entry.text),
            "{} is on page {}",
            entry.text,
            entry.page
        );
    }
    assert!(
        pdf.outline[1].page > 1,
        "sixty paragraphs push the second section on"
    );
}

#[test]
fn a_chart_is_drawn_whole_on_one_page_with_its_labels_and_totals() {
    let chart = channel_desk_pdf::Chart {
        id: "chart-funnel".into(),
        title: "The journey".into(),
        categories: (1..=12).map(|i| format!("Step S{i:02}E")).collect(),
        series: vec![channel_desk_pdf::Series {
            name: "Referrals".into(),
            colour: channel_desk_pdf::Colour::Blue,
            values: (1..=12).map(|i| f64::from(100 - i)).collect(),
        }],
        scale: 100.0,
        marker: None,
    };
    // Enough paragraphs before it that the chart cannot fit under them on the first page.
    let mut blocks = paragraphs(14);
    blocks.push(Block::Chart(chart));
    let pages = rendered(&document(blocks)).pages();
    let holding: Vec<usize> = (0..pages.len())
        .filter(|&p| pages[p].contains("Step S01E") || pages[p].contains("Step S12E"))
        .collect();
    assert_eq!(
        holding.len(),
        1,
        "the chart's first and last bars share a page"
    );
    let page = &pages[holding[0]];
    assert!(page.contains("The journey") && page.contains("Step S12E") && page.contains("88"));
}
