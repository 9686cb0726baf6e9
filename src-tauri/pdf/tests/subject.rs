//! The document's subject, stamped after the file is written, is what a PDF viewer shows.

mod support;

use channel_desk_pdf::{render, stamp_subject, subject, Block};
use support::{document, run};

#[test]
fn a_stamped_subject_is_what_viewers_show_and_nothing_else_changes() {
    let mut doc = document(vec![Block::Paragraph("Zoë Ní Bhriain attended.".into())]);
    doc.subject = "Fingerprint 0000-0000-0000-0000".into();
    let pdf = render(&doc).unwrap();
    let mut stamped = pdf.bytes.clone();
    stamp_subject(&mut stamped, "0000-0000-0000-0000", "1A2B-3C4D-5E6F-7081").unwrap();

    assert_eq!(
        subject(&stamped).as_deref(),
        Some("Fingerprint 1A2B-3C4D-5E6F-7081")
    );
    assert_eq!(pdf.bytes.len(), stamped.len());
    let changed: Vec<usize> = (0..stamped.len())
        .filter(|&i| pdf.bytes[i] != stamped[i])
        .collect();
    let span = changed.last().unwrap() - changed.first().unwrap();
    assert!(span < 4 * 19, "only the subject's 19 characters changed");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stamped.pdf");
    std::fs::write(&path, &stamped).unwrap();
    let info = run("pdfinfo", &[], &path);
    let subject = info.lines().find(|l| l.starts_with("Subject:"));
    assert_eq!(
        subject.map(|l| l["Subject:".len()..].trim()),
        Some("Fingerprint 1A2B-3C4D-5E6F-7081"),
        "{info}"
    );
    assert!(run("pdftotext", &[], &path).contains("Zoë Ní Bhriain attended."));
}

#[test]
fn a_placeholder_that_is_not_there_is_refused() {
    let mut doc = document(vec![Block::Paragraph("Minutes.".into())]);
    doc.subject = "Fingerprint 0000".into();
    let mut bytes = render(&doc).unwrap().bytes;
    let before = bytes.clone();
    assert!(stamp_subject(&mut bytes, "9999", "1234").is_err());
    assert!(stamp_subject(&mut bytes, "0000", "12345").is_err());
    assert_eq!(bytes, before, "a refused stamp changes nothing");
    assert_eq!(subject(b"%PDF-1.3 no information"), None);
}
