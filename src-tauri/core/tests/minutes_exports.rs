//! Every minutes export is kept inside the encrypted file: listed, saved again byte for byte
//! after later amendments, and a copy that turns up is checked against the record.

use std::path::{Path, PathBuf};
use std::process::Command;

use channel_desk_core::common::dates::today;
use channel_desk_core::meetings::{MeetingInput, Version};
use channel_desk_core::{CoreError, IfExists, Paths, Role, Session};

mod support;
use support::*;

/// A meeting held today with one case on its agenda.
fn meeting(s: &mut Session) -> i64 {
    let case = s.record_referral(&referral("Tamar Cohen תמר", 15)).unwrap();
    to_panel(s, case);
    s.schedule_meeting(&MeetingInput {
        held_on: dmy(today()),
        starts_at: "10:00".into(),
        place: "Committee Room 1".into(),
        chair: "Priya Raman".into(),
    })
    .unwrap()
}

fn export(s: &mut Session, meeting: i64, version: Version, out: &Path) -> Vec<u8> {
    s.export_minutes(meeting, version, out, IfExists::Refuse)
        .unwrap();
    std::fs::read(out).unwrap()
}

fn pdf_subject(path: &PathBuf) -> String {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_export_keeps_the_bytes_written_with_who_when_and_its_fingerprint() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    let out = dir.path().join("minutes.pdf");
    let written = s
        .export_minutes(m, Version::Full, &out, IfExists::Refuse)
        .unwrap();
    let file = std::fs::read(&out).unwrap();

    let kept = s.minutes_exports(m).unwrap();
    assert_eq!(kept.len(), 1);
    let e = &kept[0];
    assert_eq!(e.id, written.id);
    assert_eq!(
        (e.version, e.approved, e.amendments),
        (Version::Full, false, 0)
    );
    assert_eq!(e.exported_by, "Priya Raman");
    assert_eq!(e.file_name, "minutes.pdf");
    assert_eq!(e.bytes as usize, file.len());
    assert!(e.pages >= 1);
    assert_eq!(e.fingerprint.len(), 19);
    assert!(pdf_subject(&out).contains(&format!(
        "Channel Desk export fingerprint {}",
        e.fingerprint
    )));

    let again = dir.path().join("again.pdf");
    s.save_export_again(e.id, &again, IfExists::Refuse).unwrap();
    assert_eq!(
        std::fs::read(&again).unwrap(),
        file,
        "the stored bytes are the file's"
    );
    let actions = audit_actions(&s);
    assert!(actions.contains(&"minutes.exported".to_owned()));
    assert!(actions.contains(&"minutes.export_saved_again".to_owned()));
    // The audit says where each copy went, whole path and all.
    let entries = s.audit_entries(500, 0).unwrap();
    let detail = |action: &str| {
        let entry = entries.iter().find(|e| e.action == action).unwrap();
        serde_json::from_str::<serde_json::Value>(&entry.detail).unwrap()["file"].clone()
    };
    assert_eq!(detail("minutes.exported"), out.display().to_string());
    assert_eq!(
        detail("minutes.export_saved_again"),
        again.display().to_string()
    );
}

#[test]
fn a_failed_write_stores_nothing_and_audits_nothing() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    let rows = s.info().unwrap().audit_rows;
    let out = dir.path().join("no such folder").join("minutes.pdf");
    assert!(s
        .export_minutes(m, Version::Redacted, &out, IfExists::Refuse)
        .is_err());
    assert!(s.minutes_exports(m).unwrap().is_empty());
    assert_eq!(s.info().unwrap().audit_rows, rows);
    assert!(!out.exists());
}

#[test]
fn a_file_already_there_is_replaced_only_when_asked_and_a_refusal_keeps_and_audits_nothing() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    let out = dir.path().join("minutes.pdf");
    std::fs::write(&out, "the circulated copy").unwrap();
    let rows = s.info().unwrap().audit_rows;
    let err = s
        .export_minutes(m, Version::Full, &out, IfExists::Refuse)
        .unwrap_err();
    assert!(
        matches!(&err, CoreError::AlreadyExists(p) if *p == out),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the circulated copy"
    );
    assert!(s.minutes_exports(m).unwrap().is_empty());
    assert_eq!(s.info().unwrap().audit_rows, rows);
    let written = s
        .export_minutes(m, Version::Full, &out, IfExists::Replace)
        .unwrap();
    assert_eq!(std::fs::read(&out).unwrap().len(), written.bytes as usize);
}

#[test]
fn saving_again_after_an_amendment_gives_the_circulated_bytes_and_a_new_export_differs() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    let first = export(&mut s, m, Version::Full, &dir.path().join("first.pdf"));
    s.approve_minutes(m).unwrap();
    s.amend_minutes(m, "Item 1: the school is Eastbrook, not Westbrook.")
        .unwrap();
    let second = export(&mut s, m, Version::Full, &dir.path().join("second.pdf"));
    assert_ne!(first, second, "a new export shows the amendment");

    let kept = s.minutes_exports(m).unwrap();
    assert_eq!(kept.len(), 2);
    assert!(kept[0].id > kept[1].id, "newest first");
    assert_eq!((kept[0].approved, kept[0].amendments), (true, 1));
    assert_eq!((kept[1].approved, kept[1].amendments), (false, 0));
    assert_ne!(kept[0].fingerprint, kept[1].fingerprint);

    let again = dir.path().join("again.pdf");
    s.save_export_again(kept[1].id, &again, IfExists::Refuse)
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), first);
}

#[test]
fn a_copy_is_ours_only_byte_for_byte() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    let ours = dir.path().join("ours.pdf");
    let bytes = export(&mut s, m, Version::Redacted, &ours);
    let id = s.minutes_exports(m).unwrap()[0].id;

    let check = s.check_export_file(&ours).unwrap();
    assert_eq!(check.matches.as_ref().map(|e| e.id), Some(id));
    assert!(
        check
            .verdict
            .contains(&format!("export {id} as circulated")),
        "{}",
        check.verdict
    );
    assert!(
        check.verdict.contains("redacted minutes"),
        "{}",
        check.verdict
    );

    // One byte of the page content changed: the fingerprint in the properties still claims
    // the export, so the verdict names it as changed.
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let altered = dir.path().join("altered.pdf");
    std::fs::write(&altered, &changed).unwrap();
    let check = s.check_export_file(&altered).unwrap();
    assert!(check.matches.is_none());
    assert_eq!(check.altered_from.as_ref().map(|e| e.id), Some(id));
    assert!(
        check.verdict.starts_with("This file has been changed"),
        "{}",
        check.verdict
    );

    // Another database's export of a meeting like this one.
    let (other_dir, mut other) = session();
    let other_meeting = meeting(&mut other);
    let theirs = other_dir.path().join("theirs.pdf");
    export(&mut other, other_meeting, Version::Redacted, &theirs);
    let check = s.check_export_file(&theirs).unwrap();
    assert!(check.matches.is_none() && check.altered_from.is_none());
    assert_eq!(
        check.verdict,
        "No export of this database matches this file."
    );

    // The audit keeps which export matched, never the chosen file.
    let checks: Vec<_> = s
        .audit_entries(500, 0)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "minutes.export_checked")
        .collect();
    assert_eq!(checks.len(), 3);
    assert!(checks
        .iter()
        .all(|e| !e.detail.contains("pdf") && e.detail.len() < 60));
}

#[test]
fn a_panel_member_lists_exports_but_cannot_save_them_and_the_steering_lead_sees_none() {
    let (dir, mut s) = session();
    let m = meeting(&mut s);
    export(&mut s, m, Version::Full, &dir.path().join("minutes.pdf"));
    let id = s.minutes_exports(m).unwrap()[0].id;
    let temp = "temporary phrase 99";
    s.add_person("Grace Okoro", "grace", Role::PanelMember, temp, temp)
        .unwrap();
    s.add_person("Kwame Mensah", "kwame", Role::SteeringLead, temp, temp)
        .unwrap();
    s.lock("test").unwrap();
    let paths = Paths::new(dir.path().join("cases.db"));
    let open = |username: &str| {
        let mut p = channel_desk_core::unlock(&paths, username, temp, chrono::Utc::now())
            .unwrap()
            .session;
        let own = format!("{username}'s own phrase");
        p.change_passphrase(temp, &own, &own).unwrap();
        p
    };
    let forbidden = |r: Result<_, CoreError>| matches!(r, Err(CoreError::Forbidden(_)));

    let mut grace = open("grace");
    assert_eq!(grace.minutes_exports(m).unwrap().len(), 1);
    assert!(forbidden(
        grace
            .save_export_again(id, &dir.path().join("g.pdf"), IfExists::Refuse)
            .map(drop)
    ));
    assert!(forbidden(
        grace
            .export_minutes(
                m,
                Version::Full,
                &dir.path().join("g.pdf"),
                IfExists::Refuse
            )
            .map(drop)
    ));
    grace.lock("test").unwrap();

    let mut kwame = open("kwame");
    assert!(forbidden(kwame.minutes_exports(m).map(drop)));
    assert!(forbidden(
        kwame
            .check_export_file(&dir.path().join("minutes.pdf"))
            .map(drop)
    ));
    assert!(!dir.path().join("g.pdf").exists());
}
