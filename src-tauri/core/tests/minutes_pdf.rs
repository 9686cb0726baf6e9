//! The exported minutes read back as their readers see them (poppler's pdftotext and
//! pdftoppm): everything recorded is in the full version, nothing identifying is in the
//! redacted one, and every page carries the marking and its number.

use std::path::Path;
use std::process::Command;

use channel_desk_core::casework::*;
use channel_desk_core::common::dates::{self, today};
use channel_desk_core::meetings::ActionInput;
use channel_desk_core::meetings::Version;
use channel_desk_core::meetings::{AttendanceInput, MeetingInput, MemberInput};
use channel_desk_core::{IfExists, Session};
use chrono::Duration;

mod support;
use support::*;

const NAMES: &[&str] = &[
    "Zoë Ní Bhriain",
    "Nguyễn Thị Lan",
    "Łukasz Wiśniewski",
    "Σοφία Παπαδοπούλου",
    "Ольга Иванова",
    "محمد السيد",
    "陈伟",
    "김하나",
    "Mehmet Yılmaz",
    "Siobhán Murphy",
];

const ATTENDEES: &[(&str, &str, bool, &str)] = &[
    (
        "Hannah Clarke",
        "Council, Community Safety",
        false,
        "present",
    ),
    ("DS Marek Nowak", "Metropolitan Police", true, "present"),
    (
        "Dr Anjali Mehta",
        "NHS mental health trust",
        false,
        "present",
    ),
    ("Tomasz Zieliński", "Probation Service", false, "apologies"),
    ("Grace Owusu", "Hillcrest Primary School", false, "for_item"),
];

struct Case {
    name: String,
    date_of_birth: chrono::NaiveDate,
    address: String,
    reference: String,
}

/// A meeting of `n` cases with long discussions, a decision and an action each.
fn meeting_of(s: &mut Session, n: usize) -> (i64, Vec<Case>) {
    let mut cases = Vec::new();
    for i in 0..n {
        let name = NAMES[i % NAMES.len()].to_owned();
        let age = [8, 9, 15, 17, 24, 45, 63, 71][i % 8];
        let input = ReferralInput {
            address: format!("{} Acacia Avenue, Flat {}", 10 + i, i + 1),
            ..referral(&name, age)
        };
        let id = s.record_referral(&input).unwrap();
        to_panel(s, id);
        let record = s.case_record(id).unwrap();
        cases.push(Case {
            name,
            date_of_birth: dates::parse("dob", "date of birth", &input.date_of_birth).unwrap(),
            address: input.address,
            reference: record.reference,
        });
    }
    let meeting = s
        .schedule_meeting(&MeetingInput {
            held_on: dmy(today()),
            starts_at: "14:00".into(),
            place: "Committee Room 2, Town Hall".into(),
            chair: "Hannah Clarke".into(),
        })
        .unwrap();
    let agenda = s.meeting(meeting).unwrap().agenda;
    for (name, organisation, police, status) in ATTENDEES {
        s.record_attendance(
            meeting,
            &AttendanceInput {
                member: MemberInput {
                    name: (*name).into(),
                    organisation: (*organisation).into(),
                    role: "Panel member".into(),
                    police: *police,
                },
                status: (*status).into(),
                agenda_item_id: (*status == "for_item").then_some(agenda[0].id),
                ..Default::default()
            },
        )
        .unwrap();
    }
    for (i, item) in agenda.iter().enumerate() {
        let discussion = format!(
            "DISCUSSIONSTART{i:03} {} ENDOFITEM{i:03}",
            "Partners shared what they hold and the panel weighed the vulnerability assessment. "
                .repeat(8)
        );
        s.save_discussion(item.id, &discussion).unwrap();
        let kind = if i % 4 == 3 { "not_adopt" } else { "adopt" };
        s.record_item_decision(
            item.id,
            &DecisionInput {
                kind: kind.into(),
                rationale: format!("RATIONALE{i:03} agreed by partners"),
                how_reached: "consensus".into(),
                signposted_to: if kind == "not_adopt" {
                    "Early Help".into()
                } else {
                    String::new()
                },
                ..Default::default()
            },
        )
        .unwrap();
        s.add_action(
            meeting,
            &ActionInput {
                agenda_item_id: Some(item.id),
                what: format!("ACTION{i:03} write to the family"),
                owner: "Channel coordinator".into(),
                due_on: dmy(today() + Duration::days(14)),
            },
        )
        .unwrap();
    }
    (meeting, cases)
}

/// The PDF's text, one string per page.
fn pages(path: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn export(s: &mut Session, meeting: i64, version: Version, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(format!("minutes-{version:?}.pdf"));
    s.export_minutes(meeting, version, &path, IfExists::Refuse)
        .unwrap();
    path
}

/// `exported`: the footer's line saying who exported the file (the full version) or only when.
fn assert_marked_and_numbered(pages: &[String], exported: &str) {
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        assert_eq!(
            page.matches("OFFICIAL-SENSITIVE").count(),
            2,
            "header and footer marking on page {}",
            n + 1
        );
        assert!(
            page.contains(&format!("Page {} of {total}", n + 1)),
            "page number on page {}",
            n + 1
        );
        assert!(page.contains(exported), "{exported} on page {}", n + 1);
    }
}

#[test]
fn the_full_minutes_of_a_thirty_case_meeting_hold_everything_recorded_across_pages() {
    let (dir, mut s) = session();
    let (meeting, cases) = meeting_of(&mut s, 30);
    let head = s.audit_head().unwrap().unwrap();
    let pages = pages(&export(&mut s, meeting, Version::Full, dir.path()));
    // The audit trail's head as it was, a copy held outside the file: on every page.
    let short = format!("audit row {}, {}", head.row, &head.hash[..12]);
    let words = |page: &String| page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pages.iter().all(|p| words(p).contains(&short)), "{short}");
    assert!(
        pages.len() >= 5,
        "30 long items span several pages, got {}",
        pages.len()
    );
    assert_marked_and_numbered(&pages, "Exported by Priya Raman on");
    let text = pages.join("\n");
    for (name, organisation, ..) in ATTENDEES {
        assert!(text.contains(name), "attendee {name}");
        assert!(text.contains(organisation));
    }
    assert!(text.contains("(police)"));
    assert!(text.contains("Apologies") && text.contains("Attending for one item"));
    for case in &cases {
        assert!(text.contains(&case.name), "name {}", case.name);
        assert!(text.contains(&case.reference));
    }
    for i in 0..30 {
        for marker in [
            format!("DISCUSSIONSTART{i:03}"),
            format!("ENDOFITEM{i:03}"),
            format!("RATIONALE{i:03}"),
        ] {
            assert_eq!(text.matches(&marker).count(), 1, "{marker} once");
        }
        // Once with its item, once in the table of all actions.
        assert_eq!(
            text.matches(&format!("ACTION{i:03}")).count(),
            2,
            "action {i}"
        );
    }
    assert_eq!(text.matches("Adopt (enter Channel)").count(), 23);
    assert_eq!(text.matches("Not adopt").count(), 7);
    assert!(text.contains("Draft: not yet approved"));
}

#[test]
fn the_redacted_minutes_hold_no_name_date_of_birth_address_or_note() {
    let (dir, mut s) = session();
    let (meeting, cases) = meeting_of(&mut s, 12);
    s.approve_minutes(meeting).unwrap();
    s.amend_minutes(meeting, "Item 3: the school is Riverside Academy")
        .unwrap();
    let pages = pages(&export(&mut s, meeting, Version::Redacted, dir.path()));
    assert_marked_and_numbered(&pages, "Exported on");
    let text = pages.join("\n");
    for case in &cases {
        assert!(
            text.contains(&case.reference),
            "cases are identified by reference"
        );
        let family = case.name.split(' ').next_back().unwrap();
        let given = case.name.split(' ').next().unwrap();
        for forbidden in [
            case.name.as_str(),
            given,
            family,
            case.address.as_str(),
            "Acacia",
        ] {
            assert!(!text.contains(forbidden), "{forbidden} must not appear");
        }
        let born = case.date_of_birth;
        for date in [
            born.to_string(),
            born.format("%-d %B %Y").to_string(),
            born.format("%-d/%-m/%Y").to_string(),
            born.format("%d/%m/%Y").to_string(),
        ] {
            assert!(
                !text.contains(&date),
                "date of birth {date} must not appear"
            );
        }
    }
    for (name, ..) in ATTENDEES {
        assert!(!text.contains(name), "attendee {name} must not appear");
    }
    assert!(
        !text.contains("Hillcrest") && text.contains("Attending for one item"),
        "one item's attendee is shown by role, not by the organisation beside a case"
    );
    assert!(
        text.contains("Metropolitan Police"),
        "members' organisations stay"
    );
    assert!(
        !text.contains("Priya Raman") && text.contains("Exported on"),
        "the footer does not name who exported the redacted minutes"
    );
    for note in [
        "DISCUSSIONSTART",
        "RATIONALE",
        "ACTION0",
        "Riverside",
        "write to the family",
    ] {
        assert!(!text.contains(note), "free text {note} must not appear");
    }
    assert!(text.contains("11-15") && text.contains("10 or under") && text.contains("61+"));
    assert!(text.contains("Approved on") && text.contains("Amended on"));
}

#[test]
fn every_export_is_audited_with_its_version_and_the_first_page_is_not_blank() {
    let (dir, mut s) = session();
    let (meeting, _) = meeting_of(&mut s, 2);
    let full = export(&mut s, meeting, Version::Full, dir.path());
    export(&mut s, meeting, Version::Redacted, dir.path());
    let exports: Vec<String> = s
        .audit_entries(50, 0)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "minutes.exported" && e.subject == format!("meeting:{meeting}"))
        .map(|e| e.detail)
        .collect();
    assert_eq!(exports.len(), 2);
    assert!(exports[0].contains("\"version\":\"redacted\""));
    assert!(exports[1].contains("\"version\":\"full\""));
    assert!(exports.iter().all(|d| d.contains("minutes-")));

    // Render page 1 as an 8-bit greyscale image and count the ink on it.
    let stem = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&full)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(status.success());
    let image = std::fs::read(stem.with_extension("pgm")).unwrap();
    let header_end = image
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .map(|(i, _)| i + 1)
        .unwrap();
    let pixels = &image[header_end..];
    let ink = pixels.iter().filter(|p| **p < 128).count();
    assert!(
        ink * 100 > pixels.len(),
        "more than 1% of page 1 is printed: {ink} of {}",
        pixels.len()
    );
}

#[test]
fn an_export_to_a_folder_that_does_not_exist_fails_and_audits_nothing() {
    let (dir, mut s) = session();
    let (meeting, _) = meeting_of(&mut s, 1);
    let before = s.info().unwrap().audit_rows;
    let out = dir.path().join("missing").join("minutes.pdf");
    assert!(s
        .export_minutes(meeting, Version::Full, &out, IfExists::Refuse)
        .is_err());
    assert!(!out.exists());
    assert_eq!(s.info().unwrap().audit_rows, before);
}

#[test]
fn a_character_no_font_has_is_reported_with_the_name_it_is_in() {
    let (dir, mut s) = session();
    let (meeting, cases) = meeting_of(&mut s, 2);
    let clean = s
        .export_minutes(
            meeting,
            Version::Full,
            &dir.path().join("clean.pdf"),
            IfExists::Refuse,
        )
        .unwrap();
    assert_eq!(
        clean.unprintable,
        [],
        "every name in the scripts has a glyph"
    );

    // A private-use character, which no shipped font has, typed into a discussion.
    let item = s.meeting(meeting).unwrap().agenda[1].id;
    s.save_discussion(item, &format!("Seen by {} \u{E000} today", cases[1].name))
        .unwrap();
    let boxed = s
        .export_minutes(
            meeting,
            Version::Full,
            &dir.path().join("boxed.pdf"),
            IfExists::Refuse,
        )
        .unwrap();
    assert_eq!(boxed.unprintable.len(), 1, "{:?}", boxed.unprintable);
    assert_eq!(boxed.unprintable[0].characters, ["\"\u{E000}\" (U+E000)"]);
    assert!(boxed.unprintable[0].text.contains(&cases[1].name));
    // The redacted version leaves the discussion out, and with it the box.
    let redacted = s
        .export_minutes(
            meeting,
            Version::Redacted,
            &dir.path().join("redacted.pdf"),
            IfExists::Refuse,
        )
        .unwrap();
    assert_eq!(redacted.unprintable, []);
}
