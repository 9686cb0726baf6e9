//! Retention and erasure: which cases are past their retention period, what erasing one
//! removes and keeps (a past period's statistics and annual report stay the same), the audit
//! trail after it, and proof from the file's own pages that nothing readable is left.

mod support;

use std::path::Path;

use aes::cipher::{BlockCipherDecrypt, KeyInit};
use channel_desk_core::casework::*;
use channel_desk_core::common::dates::{age_on, today};
use channel_desk_core::meetings::{AttendanceInput, MeetingInput, MemberInput, Version};
use channel_desk_core::{CoreError, IfExists, Paths, Role, Session};
use chrono::NaiveDate;

use support::journeys::build;
use support::*;

/// The person whose case passes its retention period, in words the scan looks for.
const NAME: &str = "Мирослава Ковальчук";
const FOLDED_SURNAME: &str = "ковальчук";
const BORN: &str = "2003-02-27";
const NOTE: &str = "Draws lighthouses along Quayside Walk every evening";
const DISCUSSION: &str = "Panel heard that Мирослава keeps a sketchbook of the harbour";
const MEETING_DAY: &str = "2017-04-05";

fn police() -> AttendanceInput {
    AttendanceInput {
        member: MemberInput {
            name: "PC Yusuf Demir".into(),
            organisation: "Metropolitan Police".into(),
            role: "Channel Police Practitioner".into(),
            police: true,
        },
        status: "present".into(),
        ..Default::default()
    }
}

/// A case referred in 2017 and not adopted at an approved panel meeting whose full minutes
/// were exported; searched for by name since. Returns the case and the meeting.
fn closed_in_2017(s: &mut Session, dir: &Path) -> (i64, i64) {
    let id = s
        .record_referral(&ReferralInput {
            received_on: "2017-03-01".into(),
            full_name: NAME.into(),
            other_names: "Мира".into(),
            date_of_birth: BORN.into(),
            address: "4 Quayside Walk".into(),
            ..referral(NAME, 14)
        })
        .unwrap();
    s.add_note(id, NOTE).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: "2017-03-10".into(),
            outcome: "suitable_for_channel".into(),
            information_gathering: "School safeguarding lead shared concerns".into(),
        },
    )
    .unwrap();
    s.record_assessment(id, &vaf("2017-03-15".into(), &["grievance"]))
        .unwrap();
    s.send_to_panel(id).unwrap();
    let meeting = s
        .schedule_meeting(&MeetingInput {
            held_on: MEETING_DAY.into(),
            starts_at: "14:00".into(),
            place: "Committee Room 2".into(),
            chair: "Priya Raman".into(),
        })
        .unwrap();
    s.record_attendance(meeting, &police()).unwrap();
    let item = s
        .meeting(meeting)
        .unwrap()
        .agenda
        .iter()
        .find(|i| i.case_id == Some(id))
        .expect("the case awaiting the panel is proposed")
        .id;
    s.save_discussion(item, DISCUSSION).unwrap();
    let mut not_adopt = decide("not_adopt", MEETING_DAY.into(), "");
    not_adopt.signposted_to = "Early help".into();
    s.record_item_decision(item, &not_adopt).unwrap();
    s.approve_minutes(meeting).unwrap();
    s.export_minutes(
        meeting,
        Version::Full,
        &dir.join("minutes.pdf"),
        IfExists::Refuse,
    )
    .unwrap();
    assert_eq!(found_by_surname(s), 1);
    (id, meeting)
}

/// How many cases a search for the surname finds (the search is audited).
fn found_by_surname(s: &mut Session) -> u32 {
    s.list_cases(&CaseQuery {
        search: FOLDED_SURNAME.into(),
        ..Default::default()
    })
    .unwrap()
    .total
}

/// A case screened out last month: closed, but well within its retention period.
fn closed_recently(s: &mut Session) -> i64 {
    let id = s.record_referral(&referral("Tomasz Nowak", 67)).unwrap();
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: days_ago(30),
            outcome: "not_appropriate_no_further_action".into(),
            information_gathering: "Nothing further".into(),
        },
    )
    .unwrap();
    id
}

#[test]
fn administrators_see_the_cases_closed_longer_ago_than_the_retention_period() {
    let (dir, mut s) = session();
    let (old, _) = closed_in_2017(&mut s, dir.path());
    let recent = closed_recently(&mut s);
    let open = s.record_referral(&referral("Aarav Sharma", 9)).unwrap();

    let review = s.cases_past_retention().unwrap();
    assert_eq!(review.retention_years, 6);
    let listed: Vec<i64> = review.cases.iter().map(|c| c.id).collect();
    assert_eq!(listed, [old], "neither {recent} nor {open}");
    let due = &review.cases[0];
    assert_eq!(due.closed_on, MEETING_DAY);
    assert_eq!(due.stage_label, "Not adopted");
    let closed = NaiveDate::parse_from_str(MEETING_DAY, "%Y-%m-%d").unwrap();
    assert_eq!(due.years_closed, age_on(closed, today()));
    assert_eq!(audit_actions(&s)[0], "retention.viewed");

    let mut chair = as_role(&dir, &mut s, Role::Chair, "hannah");
    assert!(matches!(
        chair.cases_past_retention(),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        chair.erase_cases(&[old]),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn a_case_within_its_retention_period_is_refused_and_nothing_is_erased() {
    let (dir, mut s) = session();
    let (old, _) = closed_in_2017(&mut s, dir.path());
    let recent = closed_recently(&mut s);
    let refused = s.erase_cases(&[old, recent]).unwrap_err();
    assert_eq!(rule(refused), "erase_after_retention");
    // All or nothing: the first case, past retention, is still whole.
    assert_eq!(s.case_record(old).unwrap().referral.full_name, NAME);
    assert!(s.case_record(recent).is_ok());
    assert!(s.erase_cases(&[]).is_err());
}

#[test]
fn an_erased_case_keeps_its_reference_and_the_facts_of_its_journey_and_nothing_that_names_them() {
    let (dir, mut s) = session();
    let (id, meeting) = closed_in_2017(&mut s, dir.path());
    let reference = s.case_record(id).unwrap().reference;
    assert_eq!(s.minutes_exports(meeting).unwrap().len(), 1);

    assert_eq!(s.erase_cases(&[id]).unwrap(), 1);

    assert!(matches!(s.case_record(id), Err(CoreError::NotFound(_))));
    assert_eq!(found_by_surname(&mut s), 0);
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, 0);
    assert!(s.cases_past_retention().unwrap().cases.is_empty());
    // A re-referral of an erased case is refused as for a case that is not there.
    assert!(matches!(
        s.re_refer(id, "1/3/2024", "New concern"),
        Err(CoreError::NotFound(_))
    ));

    // The approved minutes keep the item, its reference and decision, not what was said.
    let minutes = s.minutes(meeting).unwrap();
    let text = format!("{minutes:?}");
    assert!(text.contains(&reference));
    assert!(
        !text.contains(NAME) && !text.contains("sketchbook"),
        "{text}"
    );
    // The full minutes as exported named them: the stored copy is gone.
    assert!(s.minutes_exports(meeting).unwrap().is_empty());

    // The audit trail: the erasure with its time and reference, every row still there and
    // the chain verifying; the search for the name kept as a search, without the name.
    assert_eq!(s.verify().unwrap().integrity, "ok");
    let entries = s.audit_entries(500, 0).unwrap();
    let erasure = entries
        .iter()
        .find(|e| e.action == "case.erased")
        .expect("the erasure is audited");
    assert_eq!(erasure.subject, format!("case:{reference}"));
    assert!(erasure.detail.contains(MEETING_DAY));
    // (The search made since is a new event, kept as made.)
    let before: Vec<_> = entries.iter().filter(|e| e.id < erasure.id).collect();
    let search_row = before.iter().find(|e| e.action == "case.search").unwrap();
    assert_eq!(search_row.detail, "{}");
    for e in &before {
        assert!(!e.detail.contains(FOLDED_SURNAME), "{e:?}");
    }
    assert_eq!(entries.len() as i64, entries[0].id, "no row is lost");
}

#[test]
fn an_edited_emptied_audit_row_is_still_caught_by_verify() {
    let (_dir, paths, recovery, mut s, id) = scanned_database();
    s.erase_cases(&[id]).unwrap();
    let emptied = s
        .audit_entries(500, 0)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "case.search")
        .unwrap();
    assert_eq!(emptied.detail, "{}");
    s.lock("test").unwrap();
    // Someone with the key changes who made the search: its seal no longer matches.
    raw(&paths, &recovery)
        .execute_batch(&format!(
            "DROP TRIGGER audit_append_only_update;
             UPDATE audit SET actor = 'mallory' WHERE id = {};",
            emptied.id
        ))
        .unwrap();
    match unlock_priya(&paths).verify() {
        Err(CoreError::AuditBroken { id, .. }) => assert_eq!(id, emptied.id),
        other => panic!("expected the emptied row to be named, got {other:?}"),
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn unlock_priya(paths: &Paths) -> Session {
    channel_desk_core::unlock(paths, "priya", PASS, chrono::Utc::now())
        .unwrap()
        .session
}

#[test]
fn a_past_periods_statistics_and_annual_report_are_the_same_after_erasure() {
    let (dir, mut s) = build();
    let mut chair = as_role(&dir, &mut s, Role::Chair, "hannah");
    let periods = [("2017-04-01", "2018-03-31"), ("2018-04-01", "2019-03-31")];
    let figures = |chair: &mut Session| -> Vec<serde_json::Value> {
        periods
            .iter()
            .flat_map(|(from, to)| [true, false].map(|exact| (from, to, exact)))
            .map(|(from, to, exact)| {
                serde_json::to_value(chair.statistics(from, to, exact).unwrap()).unwrap()
            })
            .collect()
    };
    let report = |s: &mut Session, name: &str| -> Vec<u8> {
        let csv = dir.path().join(format!("{name}.csv"));
        s.export_report(
            periods[0].0,
            periods[0].1,
            &dir.path().join(format!("{name}.pdf")),
            Some(&csv),
            IfExists::Refuse,
        )
        .unwrap();
        std::fs::read(csv).unwrap()
    };
    let before = figures(&mut chair);
    let csv_before = report(&mut s, "before");

    let due: Vec<i64> = s
        .cases_past_retention()
        .unwrap()
        .cases
        .iter()
        .map(|c| c.id)
        .collect();
    // The 2017 cases screened out, not adopted, and exited (children among them).
    assert!(due.len() >= 4, "{due:?}");
    assert_eq!(s.erase_cases(&due).unwrap(), due.len());
    assert!(s.cases_past_retention().unwrap().cases.is_empty());

    assert_eq!(figures(&mut chair), before);
    assert_eq!(report(&mut s, "after"), csv_before);
}

#[test]
fn a_subject_access_request_holds_everything_about_the_person_and_is_audited() {
    let (dir, mut s) = session();
    let (id, _) = closed_in_2017(&mut s, dir.path());
    let out = dir.path().join("sar.pdf");
    let missing = s.export_subject_access(id, &out, IfExists::Refuse).unwrap();
    assert!(missing.is_empty(), "{missing:?}");
    // Table cells wrap: compare words.
    let text = pdftotext(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "OFFICIAL-SENSITIVE",
        NAME,
        "27 February 2003",
        "4 Quayside Walk",
        NOTE,
        DISCUSSION,
        "School safeguarding lead shared concerns",
        "Early help",
        "audit row",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let reference = s.case_record(id).unwrap().reference;
    let entries = s.audit_entries(500, 0).unwrap();
    let row = entries
        .iter()
        .find(|e| e.action == "case.subject_access_exported")
        .expect("the export is audited");
    assert_eq!(row.subject, format!("case:{reference}"));
    assert!(row.detail.contains("sar.pdf"));

    // A file already there is not replaced, and nothing is audited for it.
    let refused = s.export_subject_access(id, &out, IfExists::Refuse);
    assert!(matches!(refused, Err(CoreError::AlreadyExists(_))));

    let mut chair = as_role(&dir, &mut s, Role::Chair, "hannah");
    let other = dir.path().join("chair.pdf");
    assert!(matches!(
        chair.export_subject_access(id, &other, IfExists::Refuse),
        Err(CoreError::Forbidden(_))
    ));
    assert!(!other.exists());
}

// ---- The file's own pages, decrypted with the data key (SQLCipher 4's page format). ----

const PAGE: usize = 4096;
/// Each page ends with its IV (16 bytes) and HMAC-SHA512 (64 bytes).
const RESERVE: usize = 80;

/// A page's plaintext: AES-256-CBC under the raw data key (a raw key means no key
/// derivation), with the IV kept in the page's tail. Page 1 starts with the file's salt.
fn decrypt_page(aes: &aes::Aes256, page_no: u32, page: &[u8]) -> Vec<u8> {
    let start = if page_no == 1 { 16 } else { 0 };
    let end = PAGE - RESERVE;
    let mut prev: [u8; 16] = page[end..end + 16].try_into().unwrap();
    let mut plain = Vec::with_capacity(end - start);
    for chunk in page[start..end].chunks_exact(16) {
        let cipher: [u8; 16] = chunk.try_into().unwrap();
        let mut block = aes::Block::from(cipher);
        aes.decrypt_block(&mut block);
        plain.extend(block.iter().zip(prev).map(|(b, p)| b ^ p));
        prev = cipher;
    }
    plain
}

/// The data key in hexadecimal: the recovery key without its spacing.
fn hex_key(recovery_key: &str) -> String {
    recovery_key
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect()
}

/// Every page of the database file (free pages included) and every frame of its WAL,
/// decrypted.
fn plaintext(db: &Path, recovery_key: &str) -> Vec<u8> {
    let key: [u8; 32] = hex::decode(hex_key(recovery_key))
        .unwrap()
        .try_into()
        .unwrap();
    let aes = aes::Aes256::new(&key.into());
    let file = std::fs::read(db).unwrap();
    assert_eq!(file.len() % PAGE, 0);
    let mut plain = Vec::new();
    for (i, page) in file.chunks_exact(PAGE).enumerate() {
        let decrypted = decrypt_page(&aes, i as u32 + 1, page);
        if i == 0 {
            // The header as SQLite wrote it: the page size, then the space each page keeps.
            assert_eq!(&decrypted[..2], &[0x10, 0x00], "the key decrypts page 1");
            assert_eq!(decrypted[4] as usize, RESERVE);
        }
        plain.extend(decrypted);
    }
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    // 32 bytes of header, then frames: 24 bytes naming the page, then the page.
    if wal.len() > 32 {
        for frame in wal[32..].chunks_exact(24 + PAGE) {
            let page_no = u32::from_be_bytes(frame[..4].try_into().unwrap());
            plain.extend(decrypt_page(&aes, page_no, &frame[24..]));
        }
    }
    plain
}

fn holds(plain: &[u8], text: &str) -> bool {
    plain.windows(text.len()).any(|w| w == text.as_bytes())
}

/// The probes: the name as typed and as the search index folds it, the date of birth as
/// stored, the note and the discussion.
const PROBES: [&str; 5] = [NAME, FOLDED_SURNAME, BORN, NOTE, DISCUSSION];

/// A connection to the locked file outside Channel Desk, with the data key.
fn raw(paths: &Paths, recovery_key: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(&paths.db).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex_key(recovery_key)))
        .unwrap();
    conn
}

/// A new database with the 2017 case, planner statistics gathered (a lock runs `PRAGMA
/// optimize`) and unlocked again: its folder, paths, recovery key, session and case. As a
/// file from before incremental vacuum, if `older`.
fn scanned_database_as(older: bool) -> (tempfile::TempDir, Paths, String, Session, i64) {
    let (dir, paths, recovery) = locked_database("Priya Raman", "priya", PASS);
    let mut s = unlock_priya(&paths);
    let (id, _) = closed_in_2017(&mut s, dir.path());
    s.lock("test").unwrap();
    if older {
        let conn = raw(&paths, &recovery);
        conn.execute_batch("PRAGMA auto_vacuum = NONE; VACUUM;")
            .unwrap();
        let mode: i64 = conn
            .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, 0, "as files were made before");
    }
    let s = unlock_priya(&paths);
    (dir, paths, recovery, s, id)
}

fn scanned_database() -> (tempfile::TempDir, Paths, String, Session, i64) {
    scanned_database_as(false)
}

#[test]
fn the_scan_of_the_decrypted_file_finds_a_case_that_was_not_erased() {
    let (_dir, paths, recovery, s, _) = scanned_database();
    let plain = plaintext(&paths.db, &recovery);
    for probe in PROBES {
        assert!(holds(&plain, probe), "{probe} is in the file");
    }
    drop(s);
}

fn erasure_leaves_no_readable_remnant(older: bool) {
    let (_dir, paths, recovery, mut s, id) = scanned_database_as(older);
    s.erase_cases(&[id]).unwrap();
    let absent = |moment: &str| {
        let plain = plaintext(&paths.db, &recovery);
        for probe in PROBES {
            assert!(!holds(&plain, probe), "{probe} is left {moment}");
        }
    };
    // While the session is open (its WAL in use), and after it locks.
    absent("after erasure");
    s.lock("test").unwrap();
    absent("after locking");
    let mode: i64 = raw(&paths, &recovery)
        .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, 2, "incremental");
    assert_eq!(unlock_priya(&paths).verify().unwrap().integrity, "ok");
}

#[test]
fn no_readable_remnant_of_an_erased_case_is_left_in_the_file_or_its_wal() {
    erasure_leaves_no_readable_remnant(false);
}

#[test]
fn a_file_from_before_incremental_vacuum_is_switched_and_left_without_remnants_too() {
    erasure_leaves_no_readable_remnant(true);
}
