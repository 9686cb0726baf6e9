//! The audit trail: append-only (triggers refuse updates and deletes) and hash-chained,
//! each row carrying the hash of the row before it, so any later edit shows on `verify`.
//! Rows are written in the same transaction as the change they record.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::common::dates;
use crate::common::vocabulary::{vocabulary, Vocabulary};
use crate::error::{CoreError, Result};
use crate::meetings::actions::ActionStatus;
use crate::meetings::minutes::Version;
use crate::plan::{PlanStatus, Rag};
use crate::security::people::Role;

vocabulary! {
    /// Everything the audit trail records: the code stored in its rows (and, for casework, in
    /// the case timeline) and the label the audit screen shows. The codes never change: old
    /// rows keep their meaning.
    AuditAction "Choose a type of event" {
        DatabaseCreated = "database.created" "Database created",
        Unlock = "unlock" "Unlocked",
        UnlockFailed = "unlock.failed" "Failed unlock",
        AttemptsRecordLost = "unlock.attempts_record_lost" "Failed-attempts record missing or replaced",
        UnlockRecoveryKey = "unlock.recovery_key" "Unlocked with the recovery key",
        Lock = "lock" "Locked",
        PassphraseChanged = "passphrase.changed" "Passphrase changed",
        PersonAdded = "person.added" "Person added",
        PersonRemoved = "person.removed" "Person removed",
        PersonPassphraseReset = "person.passphrase_reset" "Passphrase reset by an administrator",
        RecoveryKeyConfirmed = "recovery_key.confirmed" "Recovery key confirmed",
        RecoveryKeyIssued = "recovery_key.issued" "New recovery key issued",
        DataKeyRotated = "data_key.rotated" "Data key rotated (new recovery key)",
        DataKeyRotationFinished = "data_key.rotation_finished" "Interrupted key rotation finished at unlock",
        AuditCut = "audit.cut" "Audit trail found shorter than last seen",
        KeySlotStrengthened = "key_slot.strengthened" "Key slot sealed again (own key pair, today's strength)",
        SettingsChanged = "settings.changed" "Settings changed",
        ReferenceAdded = "reference.added" "Reference item added",
        ReferenceRetired = "reference.retired" "Reference item retired",
        CaseReferral = "case.referral" "Referral recorded",
        CaseRereferral = "case.rereferral" "Re-referral recorded",
        CaseScreeningStarted = "case.screening_started" "Sent for police screening",
        CaseScreened = "case.screened" "Police screening recorded",
        CaseVafAssessed = "case.vaf_assessed" "VAF assessment recorded",
        CaseSentToPanel = "case.sent_to_panel" "Sent to the panel",
        CaseDecision = "case.decision" "Decision recorded",
        CaseDecisionOutsideMeeting = "case.decision_outside_meeting" "Decision recorded outside a panel meeting",
        CaseConsent = "case.consent" "Consent recorded",
        CaseInterventionAdded = "case.intervention_added" "Support planned",
        CaseInterventionUpdated = "case.intervention_updated" "Support updated",
        CaseSession = "case.session" "Support session recorded",
        CaseReview = "case.review" "Review after exit recorded",
        CaseNote = "case.note" "Note added",
        CaseCategories = "case.categories" "Sex or gender, ethnicity and needs recorded",
        CaseViewed = "case.viewed" "Case viewed",
        CaseSearch = "case.search" "Cases searched",
        CaseListViewed = "case.list_viewed" "Case list viewed",
        ActionsViewed = "actions.viewed" "Panel actions listed",
        MeetingScheduled = "meeting.scheduled" "Panel meeting scheduled",
        MeetingViewed = "meeting.viewed" "Panel meeting viewed",
        MeetingAttendance = "meeting.attendance" "Attendance recorded",
        MeetingAttendanceRemoved = "meeting.attendance_removed" "Attendance removed",
        MeetingAgendaAdded = "meeting.agenda_added" "Agenda item added",
        MeetingAgendaMoved = "meeting.agenda_moved" "Agenda item moved",
        MeetingAgendaRemoved = "meeting.agenda_removed" "Agenda item removed",
        MeetingDiscussion = "meeting.discussion" "Discussion saved",
        MeetingDecision = "meeting.decision" "Panel decision recorded",
        MinutesApproved = "minutes.approved" "Minutes approved",
        MinutesAmended = "minutes.amended" "Minutes amended",
        MinutesExported = "minutes.exported" "Minutes exported",
        MinutesExportSavedAgain = "minutes.export_saved_again" "Minutes export saved again",
        MinutesExportChecked = "minutes.export_checked" "Minutes file checked",
        ActionAdded = "action.added" "Action added",
        ActionStatus = "action.status" "Action status changed",
        PlanLoaded = "plan.loaded" "Delivery plan loaded",
        PlanPeriodStarted = "plan.period_started" "Plan period started",
        PlanActionAdded = "plan.action_added" "Plan action added",
        PlanActionRetired = "plan.action_retired" "Plan action retired",
        PlanActionRenumbered = "plan.action_renumbered" "Plan action renumbered",
        PlanHeadingCorrected = "plan.heading_corrected" "Plan heading corrected",
        PlanActionTracked = "plan.action_tracked" "Plan action status changed",
        PlanProgress = "plan.progress" "Plan progress recorded",
        PlanMeasureAdded = "plan.measure_added" "Measure added",
        PlanMeasureValue = "plan.measure_value" "Measure value recorded",
        TrainingRecorded = "training.recorded" "Training recorded",
        TrainingCohort = "training.cohort" "Training cohort recorded",
        SteeringScheduled = "steering.scheduled" "Steering meeting scheduled",
        SteeringAttendance = "steering.attendance" "Steering attendance recorded",
        SteeringDiscussion = "steering.discussion" "Steering discussion saved",
        SteeringAgreed = "steering.agreed" "Steering action agreed",
        SteeringApproved = "steering.approved" "Steering minutes approved",
        SteeringExported = "steering.exported" "Steering minutes exported",
        StatisticsViewed = "statistics.viewed" "Statistics viewed",
        ReportNarrative = "report.narrative" "Report narrative saved",
        ReportExported = "report.exported" "Annual report exported",
        NationalFigures = "report.national_figures" "National figures entered",
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

fn row_hash(prev_hash: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &e.id.to_string(),
        &e.at,
        &e.actor,
        &e.action,
        &e.subject,
        &e.detail,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// The newest row of the chain: its number and hash. Kept outside the database (in the key
/// file, in exported PDFs) so that rows cut from the end of the chain are noticed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditHead {
    pub row: i64,
    pub hash: String,
}

impl AuditHead {
    /// As a footer prints it: "audit row 1234, 3fa9c2d1e0b7".
    pub fn short(&self) -> String {
        let hash = self.hash.get(..12).unwrap_or(&self.hash);
        format!("audit row {}, {hash}", self.row)
    }
}

pub(crate) fn head(conn: &Connection) -> Result<Option<AuditHead>> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(AuditHead {
                    row: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Whether the chain still holds the row `head` names, with the same hash.
pub(crate) fn reaches(conn: &Connection, head: &AuditHead) -> Result<bool> {
    let hash: Option<String> = conn
        .query_row("SELECT hash FROM audit WHERE id = ?1", [head.row], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(hash.as_deref() == Some(head.hash.as_str()))
}

/// Appends one row. Call it on the transaction that makes the change.
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    action: AuditAction,
    subject: &str,
    detail: &str,
) -> Result<()> {
    let (last_id, prev_hash) = head(conn)?.map_or((0, GENESIS.to_owned()), |h| (h.row, h.hash));
    let entry = AuditEntry {
        id: last_id + 1,
        at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        actor: actor.to_owned(),
        action: action.code().to_owned(),
        subject: subject.to_owned(),
        detail: detail.to_owned(),
    };
    let hash = row_hash(&prev_hash, &entry);
    conn.execute(
        "INSERT INTO audit (id, at, actor, action, subject, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.detail,
            prev_hash,
            hash
        ],
    )?;
    Ok(())
}

/// Newest first; `action` is one event's code, or "" for every event.
pub(crate) fn list(
    conn: &Connection,
    action: &str,
    limit: u32,
    offset: u32,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, subject, detail FROM audit
         WHERE ?1 = '' OR action = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![action, limit, offset], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Rows of one event's code, or of every event for "".
pub(crate) fn count(conn: &Connection, action: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM audit WHERE ?1 = '' OR action = ?1",
        [action],
        |r| r.get(0),
    )?)
}

/// What the audit screen asks for: one type of event or all ("") and a page.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub page: u32,
}

/// One fact recorded with an event, in words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditDetail {
    pub label: String,
    pub value: String,
}

/// An audit row as the audit screen shows it: the event's label and its details in words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: String,
    pub subject: String,
    pub details: Vec<AuditDetail>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AuditPage {
    pub rows: Vec<AuditEvent>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

/// The label of each key the audit rows' details are written with.
const DETAIL_LABELS: &[(&str, &str)] = &[
    ("actions", "Actions"),
    ("altered_from", "Altered copy of export"),
    ("attempted_at", "Attempted at"),
    ("attended", "Attended"),
    ("baseline", "Baseline"),
    ("borough", "Borough"),
    ("by", "By"),
    ("carried", "Actions carried over"),
    ("csv", "CSV file"),
    ("exact", "Exact figures"),
    ("export", "Export"),
    ("file", "File"),
    ("fingerprint", "Fingerprint"),
    ("from", "From"),
    ("idle_lock_minutes", "Lock after idle (minutes)"),
    ("key", "Key"),
    ("label", "Label"),
    ("lead", "Lead"),
    ("matches", "Matches export"),
    ("measure", "Measure"),
    ("number", "Number"),
    ("pdf", "PDF file"),
    ("people", "People"),
    ("percent", "Per cent completed"),
    ("period", "Period"),
    (
        "plan_stale_days",
        "Days without an update before an action is stale",
    ),
    ("priority", "Priority"),
    ("product", "Training"),
    ("rag", "RAG rating"),
    ("reason", "Reason"),
    ("last_row", "Newest row now"),
    ("role", "Role"),
    ("row", "Audit row last seen"),
    ("seen_at", "Seen at"),
    ("search", "Searched for"),
    ("shown", "Cases shown"),
    ("status", "Status"),
    ("suppression_threshold", "Suppression threshold"),
    ("target", "Target"),
    ("target_on", "Target date"),
    ("to", "To"),
    ("training_refresher_years", "Training refresher (years)"),
    ("update", "Progress update"),
    ("username", "Username"),
    ("username_tried", "Username tried"),
    ("value", "Value"),
    ("version", "Version"),
    ("year_start", "Year starting"),
];

/// A detail's label; a key not on the list (written by a later version) reads as words.
fn detail_label(key: &str) -> String {
    DETAIL_LABELS.iter().find(|(k, _)| *k == key).map_or_else(
        || capitalised(&key.replace('_', " ")),
        |(_, l)| (*l).to_owned(),
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A detail's value in words: codes as their labels, instants as dates, nothing as "None".
fn detail_value(action: &str, key: &str, value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(yes) => if *yes { "Yes" } else { "No" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => "None".to_owned(),
        Value::String(s) => match key {
            "status" if action == AuditAction::PlanActionTracked.code() => PlanStatus::label_of(s),
            "status" => ActionStatus::label_of(s),
            "rag" => Rag::label_of(s),
            "role" => Role::label_of(s),
            "version" => Version::parse(s).map_or_else(|| s.clone(), |v| v.label().to_owned()),
            "attempted_at" | "seen_at" => dates::moment_text(s),
            _ => s.clone(),
        },
        Value::Array(items) => items
            .iter()
            .map(|item| detail_value(action, key, item))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| format!("{}: {}", detail_label(k), detail_value(action, k, v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

impl From<AuditEntry> for AuditEvent {
    fn from(e: AuditEntry) -> AuditEvent {
        let details = match serde_json::from_str(&e.detail) {
            Ok(serde_json::Value::Object(fields)) => fields
                .iter()
                .map(|(key, value)| AuditDetail {
                    label: detail_label(key),
                    value: detail_value(&e.action, key, value),
                })
                .collect(),
            // Every row is written with an object; anything else is shown as it was written.
            _ => vec![AuditDetail {
                label: "Details".to_owned(),
                value: e.detail.clone(),
            }],
        };
        AuditEvent {
            action_label: AuditAction::label_of(&e.action),
            id: e.id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            details,
        }
    }
}

/// Walks the whole chain; returns the number of rows, or the first row that does not hold.
pub(crate) fn verify(conn: &Connection) -> Result<u64> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let entry = AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
        };
        let prev_hash: String = r.get(6)?;
        let hash: String = r.get(7)?;
        let broken = |reason: &str| CoreError::AuditBroken {
            id: entry.id,
            reason: reason.to_owned(),
        };
        if entry.id != count as i64 + 1 {
            return Err(broken("a row before it is missing"));
        }
        if prev_hash != expected_prev {
            return Err(broken("it does not follow from the row before it"));
        }
        if row_hash(&prev_hash, &entry) != hash {
            return Err(broken("its content has been changed since it was written"));
        }
        expected_prev = hash;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::store::migrations::MIGRATIONS[0])
            .unwrap();
        for i in 0..4 {
            append(
                &conn,
                "ana",
                AuditAction::CaseViewed,
                &format!("thing:{i}"),
                "{}",
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain()).unwrap(), 4);
    }

    #[test]
    fn rows_cannot_be_updated_or_deleted() {
        let conn = chain();
        assert!(conn
            .execute("UPDATE audit SET actor = 'x' WHERE id = 2", [])
            .is_err());
        assert!(conn.execute("DELETE FROM audit WHERE id = 4", []).is_err());
        assert_eq!(verify(&conn).unwrap(), 4);
    }

    #[test]
    fn an_edited_row_is_named_by_verify() {
        let conn = chain();
        conn.execute_batch(
            "DROP TRIGGER audit_append_only_update;
             UPDATE audit SET actor = 'mallory' WHERE id = 3;",
        )
        .unwrap();
        match verify(&conn) {
            Err(CoreError::AuditBroken { id, .. }) => assert_eq!(id, 3),
            other => panic!("expected a broken chain at row 3, got {other:?}"),
        }
    }

    #[test]
    fn a_deleted_row_is_named_by_verify() {
        let conn = chain();
        conn.execute_batch(
            "DROP TRIGGER audit_append_only_delete;
             DELETE FROM audit WHERE id = 2;",
        )
        .unwrap();
        match verify(&conn) {
            Err(CoreError::AuditBroken { id, .. }) => assert_eq!(id, 3),
            other => panic!("expected a broken chain at row 3, got {other:?}"),
        }
    }

    #[test]
    fn every_audit_action_has_its_own_code_and_label() {
        let codes: std::collections::BTreeSet<&str> =
            AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        let labels: std::collections::BTreeSet<&str> =
            AuditAction::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(
            labels.len(),
            AuditAction::ALL.len(),
            "each label is its own"
        );
        for a in AuditAction::ALL {
            let label = a.label();
            assert!(
                label.starts_with(char::is_uppercase) && !label.contains(['.', '_']),
                "{} reads as words: {label}",
                a.code()
            );
        }
        assert_eq!(AuditAction::CaseViewed.label(), "Case viewed");
    }

    fn event(action: AuditAction, detail: &str) -> AuditEvent {
        AuditEvent::from(AuditEntry {
            id: 1,
            at: "2026-03-14T10:00:00.000Z".into(),
            actor: "ana".into(),
            action: action.code().into(),
            subject: "action:3".into(),
            detail: detail.into(),
        })
    }

    fn pairs(e: &AuditEvent) -> Vec<(&str, &str)> {
        e.details
            .iter()
            .map(|d| (d.label.as_str(), d.value.as_str()))
            .collect()
    }

    #[test]
    fn details_read_as_labelled_words_with_codes_as_their_labels() {
        let e = event(AuditAction::ActionStatus, r#"{"status":"open"}"#);
        assert_eq!(e.action_label, "Action status changed");
        assert_eq!(pairs(&e), [("Status", "Open")]);
        let e = event(
            AuditAction::PlanActionTracked,
            r#"{"status":"at_risk","rag":"red","lead":"","target_on":"2026-06-30"}"#,
        );
        assert_eq!(
            pairs(&e),
            [
                ("Lead", "None"),
                ("RAG rating", "Red"),
                ("Status", "At risk"),
                ("Target date", "2026-06-30"),
            ]
        );
        let e = event(
            AuditAction::MinutesExportChecked,
            r#"{"matches":null,"altered_from":4}"#,
        );
        assert_eq!(
            pairs(&e),
            [("Altered copy of export", "4"), ("Matches export", "None")]
        );
        let e = event(AuditAction::StatisticsViewed, r#"{"exact":true}"#);
        assert_eq!(pairs(&e), [("Exact figures", "Yes")]);
        assert!(event(AuditAction::CaseViewed, "{}").details.is_empty());
    }
}
