//! The audit screen's filters (person, case reference, type of event, days) combined, and the
//! export of what they select as CSV: marked, every row, audited, refused as a whole.

mod support;

use channel_desk_core::casework::CaseQuery;
use channel_desk_core::common::dates::today;
use channel_desk_core::store::audit::AuditQuery;
use channel_desk_core::{CoreError, IfExists, Role, Session};
use chrono::Duration;
use support::*;

/// The fields a refused query names.
fn refused(s: &Session, query: AuditQuery) -> Vec<&'static str> {
    match s.audit_events(&query) {
        Err(CoreError::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn reference(s: &mut Session, id: i64) -> String {
    s.case_record(id).unwrap().reference
}

/// Two cases, a chair who opened one of them and was then removed, and a list of both.
fn trail() -> (tempfile::TempDir, Session, [String; 2]) {
    let (dir, mut s) = session();
    let first = s.record_referral(&referral("Zoë Ó Briain", 8)).unwrap();
    let second = s.record_referral(&referral("Мария Иванова", 67)).unwrap();
    let mut chair = as_role(&dir, &mut s, Role::Chair, "tomasz");
    chair.case_record(first).unwrap();
    chair.lock("test").unwrap();
    let refs = [reference(&mut s, first), reference(&mut s, second)];
    s.list_cases(&CaseQuery::default()).unwrap();
    let id = s
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.username == "tomasz")
        .unwrap()
        .id;
    s.remove_person(id).unwrap();
    (dir, s, refs)
}

#[test]
fn filters_select_by_person_case_event_and_day_and_combine() {
    let (_dir, s, [first, second]) = trail();
    let everything = audit_pages(&s, AuditQuery::default());
    assert!(
        everything.windows(2).all(|w| w[0].id > w[1].id),
        "newest first, in id order"
    );

    let by_tomasz = audit_pages(
        &s,
        AuditQuery {
            person: "tomasz".into(),
            ..Default::default()
        },
    );
    assert!(!by_tomasz.is_empty() && by_tomasz.iter().all(|r| r.actor == "tomasz"));
    assert!(by_tomasz.iter().any(|r| r.action == "case.viewed"));
    assert!(by_tomasz.len() < everything.len());

    // Typed in small letters with spaces: references are matched as they are written.
    let about_first = audit_pages(
        &s,
        AuditQuery {
            case_reference: format!("  {} ", first.to_lowercase()),
            ..Default::default()
        },
    );
    let actions: Vec<&str> = about_first.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.contains(&"case.referral") && actions.contains(&"case.list_viewed"),
        "its referral and the list that showed it: {actions:?}"
    );
    assert!(about_first
        .iter()
        .any(|r| r.actor == "tomasz" && r.action == "case.viewed"));
    assert!(about_first
        .iter()
        .all(|r| r.subject == format!("case:{first}") || r.subject == "cases"));
    let about_second = audit_pages(
        &s,
        AuditQuery {
            case_reference: second.clone(),
            ..Default::default()
        },
    );
    assert!(
        !about_second.iter().any(|r| r.actor == "tomasz"),
        "the chair did nothing with the second case"
    );
    assert!(about_second.iter().any(|r| r.action == "case.referral"));

    let combined = audit_pages(
        &s,
        AuditQuery {
            person: "tomasz".into(),
            case_reference: first.clone(),
            action: "case.viewed".into(),
            from: dmy(today()),
            to: dmy(today()),
            ..Default::default()
        },
    );
    assert_eq!(combined.len(), 1);
    assert_eq!(combined[0].subject, format!("case:{first}"));
    assert!(audit_pages(
        &s,
        AuditQuery {
            person: "tomasz".into(),
            case_reference: second,
            action: "case.viewed".into(),
            ..Default::default()
        }
    )
    .is_empty());

    // Days are whole days in the laptop's time zone: today holds every row written today.
    let today_only = AuditQuery {
        from: dmy(today()),
        to: dmy(today()),
        ..Default::default()
    };
    assert_eq!(audit_pages(&s, today_only).len(), everything.len());
    let tomorrow = dmy(today() + Duration::days(1));
    let yesterday = dmy(today() - Duration::days(1));
    for (from, to) in [(tomorrow, String::new()), (String::new(), yesterday)] {
        let page = s
            .audit_events(&AuditQuery {
                from,
                to,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total, 0);
    }

    let page = s
        .audit_events(&AuditQuery {
            case_reference: first.to_lowercase(),
            from: dmy(today()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.query.case_reference, first, "the filter as applied");
    assert_eq!(page.query.from, today().to_string());
    let labels: Vec<&str> = page.people.iter().map(|p| p.label.as_str()).collect();
    assert!(
        labels.contains(&"Synthetic Person (tomasz, removed)")
            && labels.contains(&"Priya Raman (priya)"),
        "everyone in the trail, the removed among them: {labels:?}"
    );
}

#[test]
fn a_filter_that_cannot_be_read_is_refused_beside_its_field() {
    let (_dir, s) = session();
    assert_eq!(
        refused(
            &s,
            AuditQuery {
                from: "31/2/2026".into(),
                ..Default::default()
            }
        ),
        ["from"]
    );
    assert_eq!(
        refused(
            &s,
            AuditQuery {
                from: "2/3/2026".into(),
                to: "1/3/2026".into(),
                ..Default::default()
            }
        ),
        ["to"]
    );
    assert_eq!(
        refused(
            &s,
            AuditQuery {
                action: "no.such_event".into(),
                to: "3//2026".into(),
                case_reference: "C".repeat(41),
                ..Default::default()
            }
        ),
        ["action", "case_reference", "to"],
        "every error at once"
    );
    // A quote in a filter is a value like any other, never SQL.
    let page = s
        .audit_events(&AuditQuery {
            person: "x' OR '1'='1".into(),
            case_reference: "' OR 1=1 --".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 0);
}

fn read_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_export_holds_every_row_selected_marked_oldest_first_and_is_audited() {
    let (dir, mut s) = session();
    for n in 0..60 {
        s.record_referral(&referral(&format!("Synthetic Person {n}"), 7))
            .unwrap();
    }
    let search = "O'Brien, \"Zoë\" \u{202E}evil";
    s.list_cases(&CaseQuery {
        search: search.into(),
        ..Default::default()
    })
    .unwrap();
    let query = AuditQuery {
        action: "case.referral".into(),
        ..Default::default()
    };
    let out = dir.path().join("audit.csv");
    let written = s.export_audit(&query, &out, IfExists::Refuse).unwrap();
    assert_eq!(written.rows, 60, "every page, not the one on screen");
    let lines = read_csv(&out);
    assert_eq!(lines[0], ["OFFICIAL-SENSITIVE"]);
    assert_eq!(
        lines[1],
        [
            "row",
            "when",
            "who",
            "what",
            "event code",
            "record",
            "details"
        ]
    );
    let rows = &lines[2..];
    assert_eq!(rows.len(), 60);
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert!(rows
        .iter()
        .all(|r| r[2] == "priya" && r[3] == "Referral recorded" && r[4] == "case.referral"));

    let exported = s.audit_entries(1, 0).unwrap().remove(0);
    assert_eq!(exported.action, "audit.exported");
    let detail: serde_json::Value = serde_json::from_str(&exported.detail).unwrap();
    assert_eq!(detail["rows"], 60);
    assert_eq!(detail["action"], "case.referral");
    assert_eq!(detail["file"], out.display().to_string());
    let shown = s
        .audit_events(&AuditQuery {
            action: "audit.exported".into(),
            ..Default::default()
        })
        .unwrap();
    let words: Vec<(String, String)> = shown.rows[0]
        .details
        .iter()
        .map(|d| (d.label.clone(), d.value.clone()))
        .collect();
    assert!(words.contains(&("Type of event".into(), "Referral recorded".into())));
    assert!(words.contains(&("Rows".into(), "60".into())));

    // What a person typed comes back exactly, commas, quotes and direction marks included.
    let searches = dir.path().join("searches.csv");
    s.export_audit(
        &AuditQuery {
            action: "case.search".into(),
            ..Default::default()
        },
        &searches,
        IfExists::Refuse,
    )
    .unwrap();
    let lines = read_csv(&searches);
    assert!(lines[2][6].contains(&format!("Searched for: {search}")));
}

#[test]
fn a_refused_export_writes_nothing_and_audits_nothing() {
    let (dir, mut s) = session();
    let out = dir.path().join("audit.csv");
    std::fs::write(&out, "kept").unwrap();
    let rows_before = s.audit_entries(500, 0).unwrap().len();
    let err = s
        .export_audit(&AuditQuery::default(), &out, IfExists::Refuse)
        .unwrap_err();
    assert!(matches!(err, CoreError::AlreadyExists(_)), "{err:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");

    let other = dir.path().join("other.csv");
    let err = s
        .export_audit(
            &AuditQuery {
                to: "31/2/2026".into(),
                ..Default::default()
            },
            &other,
            IfExists::Refuse,
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("to"));
    assert!(!other.exists());
    assert_eq!(s.audit_entries(500, 0).unwrap().len(), rows_before);

    let mut chair = as_role(&dir, &mut s, Role::Chair, "tomasz");
    let err = chair
        .export_audit(&AuditQuery::default(), &other, IfExists::Refuse)
        .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
    assert!(!other.exists());
}
