//! The audit trail: append-only (triggers refuse updates and deletes) and hash-chained,
//! each row carrying the hash of the row before it, so any later edit shows on `verify`.
//! Rows are written in the same transaction as the change they record.

use chrono::{Days, Local, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::common::dates;
use crate::common::fields::{Checks, Text};
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
        AuditExported = "audit.exported" "Audit trail exported as CSV",
        KeySlotStrengthened = "key_slot.strengthened" "Key slot sealed again (own key pair, today's strength)",
        SettingsChanged = "settings.changed" "Settings changed",
        BackupMade = "backup.made" "Backup made and checked",
        BackupRestored = "backup.restored" "Database restored from a backup",
        ReplacedByRestore = "backup.replaced" "Database replaced by a restored backup",
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
        CaseErased = "case.erased" "Case erased after its retention period",
        RetentionViewed = "retention.viewed" "Cases past retention listed",
        SubjectAccessExported = "case.subject_access_exported" "Subject access request exported",
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

/// The seal an erasure keeps of an audit row whose details it empties: the row's hash over
/// everything else it holds and the hash it was written with, so `verify` still checks each
/// field that remains and that the row still carries its own hash.
fn seal(prev_hash: &str, e: &AuditEntry, hash: &str) -> String {
    row_hash(
        prev_hash,
        &AuditEntry {
            detail: hash.to_owned(),
            ..e.clone()
        },
    )
}

/// Appends a `case.erased` row whose details are `detail` (an object) with the seals of the
/// rows `redact`, then empties those rows' details, naming the new row: the chain keeps the
/// fact and time of each and forgets what they said. Call it on the erasure's transaction.
pub(crate) fn append_erasure(
    conn: &Connection,
    actor: &str,
    subject: &str,
    mut detail: serde_json::Map<String, serde_json::Value>,
    redact: &[i64],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit WHERE id = ?1",
    )?;
    let mut seals = Vec::with_capacity(redact.len());
    for &id in redact {
        let (entry, prev_hash, hash) = stmt.query_row([id], entry_row)?;
        seals.push(serde_json::json!({ "row": id, "seal": seal(&prev_hash, &entry, &hash) }));
    }
    detail.insert("redacted".into(), seals.into());
    append(
        conn,
        actor,
        AuditAction::CaseErased,
        subject,
        &serde_json::Value::Object(detail).to_string(),
    )?;
    let erasure = conn.last_insert_rowid();
    let mut update =
        conn.prepare_cached("UPDATE audit SET detail = '{}', redacted_by = ?2 WHERE id = ?1")?;
    for &id in redact {
        update.execute(params![id, erasure])?;
    }
    Ok(())
}

/// A row as stored: its entry, the hash before it and its own.
fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<(AuditEntry, String, String)> {
    Ok((
        AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
        },
        r.get(6)?,
        r.get(7)?,
    ))
}

/// The seals erasures keep, by the row each belongs to: (the erasure's row, the seal).
fn erasure_seals(conn: &Connection) -> Result<std::collections::HashMap<i64, (i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, detail FROM audit WHERE action = ?1")?;
    let mut rows = stmt.query([AuditAction::CaseErased.code()])?;
    let mut seals = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let erasure: i64 = r.get(0)?;
        let detail: serde_json::Value =
            serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default();
        for s in detail["redacted"].as_array().into_iter().flatten() {
            if let (Some(row), Some(seal)) = (s["row"].as_i64(), s["seal"].as_str()) {
                seals.insert(row, (erasure, seal.to_owned()));
            }
        }
    }
    Ok(seals)
}

/// Which way rows come: the screen shows the newest first, an export the oldest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    NewestFirst,
    OldestFirst,
}

/// The rows `filter` selects. Every condition is a parameter, "" where it is not used; a case
/// reference selects the rows about that case (its subject) and the case lists and searches
/// that showed it.
fn filtered(select: &str, tail: &str) -> String {
    format!(
        "SELECT {select} FROM audit
         WHERE (?1 = '' OR action = ?1)
           AND (?2 = '' OR actor = ?2)
           AND (?3 = '' OR subject = 'case:' || ?3
                OR (action IN ('{listed}', '{searched}')
                    AND CASE WHEN json_valid(detail) THEN EXISTS (
                        SELECT 1 FROM json_each(detail, '$.shown') WHERE value = ?3) END))
           AND (?4 = '' OR at >= ?4)
           AND (?5 = '' OR at < ?5)
         {tail}",
        listed = AuditAction::CaseListViewed.code(),
        searched = AuditAction::CaseSearch.code(),
    )
}

/// The rows `filter` selects in id order, `limit` of them (all for `None`) after `offset`.
pub(crate) fn list(
    conn: &Connection,
    filter: &Filter,
    order: Order,
    limit: Option<u32>,
    offset: u32,
) -> Result<Vec<AuditEntry>> {
    let direction = match order {
        Order::NewestFirst => "DESC",
        Order::OldestFirst => "ASC",
    };
    let mut stmt = conn.prepare_cached(&filtered(
        "id, at, actor, action, subject, detail, prev_hash, hash",
        &format!("ORDER BY id {direction} LIMIT ?6 OFFSET ?7"),
    ))?;
    // SQLite reads a negative limit as none.
    let limit = limit.map_or(-1, i64::from);
    let rows = stmt.query_map(
        params![
            filter.action,
            filter.actor,
            filter.reference,
            filter.after,
            filter.before,
            limit,
            offset
        ],
        |r| entry_row(r).map(|(entry, _, _)| entry),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many rows `filter` selects.
pub(crate) fn count(conn: &Connection, filter: &Filter) -> Result<u32> {
    let mut stmt = conn.prepare_cached(&filtered("count(*)", ""))?;
    Ok(stmt.query_row(
        params![
            filter.action,
            filter.actor,
            filter.reference,
            filter.after,
            filter.before
        ],
        |r| r.get(0),
    )?)
}

/// Everyone who did something in the trail, people since removed among them, by name.
pub(crate) fn people(conn: &Connection) -> Result<Vec<AuditPerson>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.actor,
            (SELECT full_name FROM people p WHERE p.username = a.actor
             ORDER BY p.removed_at IS NULL DESC, p.id DESC LIMIT 1),
            EXISTS (SELECT 1 FROM people p WHERE p.username = a.actor AND p.removed_at IS NULL)
         FROM (SELECT DISTINCT actor FROM audit) a",
    )?;
    let rows = stmt.query_map([], |r| {
        let username: String = r.get(0)?;
        let label = match (r.get::<_, Option<String>>(1)?, r.get::<_, bool>(2)?) {
            (Some(name), true) => format!("{name} ({username})"),
            (Some(name), false) => format!("{name} ({username}, removed)"),
            // The recovery key, or a name tried at a failed unlock.
            (None, _) => username.clone(),
        };
        Ok(AuditPerson { username, label })
    })?;
    let mut people = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    people.sort_by_cached_key(|p| p.label.to_lowercase());
    Ok(people)
}

/// What the audit screen asks for, each filter "" for any: one type of event, a person (their
/// username), a case reference, the first and last day, and a page. Filters combine.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, specta::Type)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub person: String,
    pub case_reference: String,
    /// A day as the date field sends it ("27/3/2026") or ISO; as applied, ISO.
    pub from: String,
    pub to: String,
    pub page: u32,
}

/// A query checked, as the SQL compares it ("" where not used): the days as the instants,
/// stored as rows store them (UTC), that begin the first day and end the last in the
/// laptop's time zone.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    action: String,
    actor: String,
    reference: String,
    after: String,
    before: String,
}

/// The instant a day begins in the laptop's time zone, as rows store instants.
fn start_of(day: NaiveDate) -> String {
    let midnight = day.and_time(NaiveTime::MIN);
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl AuditQuery {
    /// The query checked, every field's error at once, and as applied: trimmed, the reference
    /// in capitals as references are written, the days as ISO dates.
    pub fn applied(&self) -> Result<AuditQuery> {
        Ok(self.read()?.1)
    }

    pub(crate) fn read(&self) -> Result<(Filter, AuditQuery)> {
        let mut checks = Checks::default();
        if !self.action.is_empty() {
            checks.check(AuditAction::parse("action", &self.action))?;
        }
        let person = checks.value(
            Text::new("person", "the person")
                .max(100)
                .read(&self.person),
        )?;
        let reference = checks
            .value(
                Text::new("case_reference", "the case reference")
                    .max(40)
                    .read(&self.case_reference),
            )?
            .to_uppercase();
        let from = checks.value(dates::parse_optional("from", "first day", &self.from))?;
        let to = checks.value(dates::parse_optional("to", "last day", &self.to))?;
        if from.zip(to).is_some_and(|(from, to)| to < from) {
            checks.add(
                "to",
                "The last day must be the same as or after the first day",
            );
        }
        checks.finish()?;
        let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let filter = Filter {
            action: self.action.clone(),
            actor: person.clone(),
            reference: reference.clone(),
            after: from.map(start_of).unwrap_or_default(),
            before: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(start_of)
                .unwrap_or_default(),
        };
        let applied = AuditQuery {
            action: self.action.clone(),
            person,
            case_reference: reference,
            from: iso(from),
            to: iso(to),
            page: self.page,
        };
        Ok((filter, applied))
    }
}

/// Someone who did something in the trail: their username and how the filter names them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditPerson {
    pub username: String,
    /// "Amara Okafor (amara)", "… (amara, removed)", or the name alone when no one has it.
    pub label: String,
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
    /// The query as applied (see `AuditQuery::applied`).
    pub query: AuditQuery,
    /// Who the person filter offers.
    pub people: Vec<AuditPerson>,
}

/// The label of each key the audit rows' details are written with.
const DETAIL_LABELS: &[(&str, &str)] = &[
    ("action", "Type of event"),
    ("actions", "Actions"),
    ("altered_from", "Altered copy of export"),
    ("attempted_at", "Attempted at"),
    ("attended", "Attended"),
    ("audit_row", "Audit rows in the backup"),
    ("backup_made_at", "Backup made at"),
    ("baseline", "Baseline"),
    ("borough", "Borough"),
    ("by", "By"),
    ("case_reference", "Case reference"),
    ("carried", "Actions carried over"),
    ("cases", "Cases"),
    ("closed_on", "Closed on"),
    ("csv", "CSV file"),
    ("exact", "Exact figures"),
    ("export", "Export"),
    ("file", "File"),
    ("fingerprint", "Fingerprint"),
    ("from", "From"),
    ("idle_lock_minutes", "Lock after idle (minutes)"),
    ("kept_as", "Previous database kept as"),
    ("key", "Key"),
    ("label", "Label"),
    ("lead", "Lead"),
    ("matches", "Matches export"),
    ("measure", "Measure"),
    ("number", "Number"),
    ("pdf", "PDF file"),
    ("people", "People"),
    ("percent", "Per cent completed"),
    ("person", "Person"),
    ("period", "Period"),
    (
        "plan_stale_days",
        "Days without an update before an action is stale",
    ),
    ("priority", "Priority"),
    ("product", "Training"),
    ("rag", "RAG rating"),
    ("reason", "Reason"),
    ("redacted", "Audit rows emptied of what they named"),
    ("last_row", "Newest row now"),
    ("role", "Role"),
    ("row", "Audit row last seen"),
    ("rows", "Rows"),
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
            "action" => AuditAction::label_of(s),
            "version" => Version::parse(s).map_or_else(|| s.clone(), |v| v.label().to_owned()),
            "attempted_at" | "seen_at" | "backup_made_at" => dates::moment_text(s),
            _ => s.clone(),
        },
        // An erasure's seals are for `verify`; people read which rows were emptied.
        Value::Array(items) if key == "redacted" => items
            .iter()
            .map(|item| item["row"].to_string())
            .collect::<Vec<_>>()
            .join(", "),
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
/// A row an erasure emptied holds by its seal in that erasure's row (itself checked as the
/// walk reaches it) instead of by its details.
pub(crate) fn verify(conn: &Connection) -> Result<u64> {
    let seals = erasure_seals(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, subject, detail, prev_hash, hash, redacted_by
         FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let (entry, prev_hash, hash) = entry_row(r)?;
        let redacted_by: Option<i64> = r.get(8)?;
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
        let holds = match redacted_by {
            None => row_hash(&prev_hash, &entry) == hash,
            Some(erasure) => {
                entry.detail == "{}"
                    && seals.get(&entry.id) == Some(&(erasure, seal(&prev_hash, &entry, &hash)))
            }
        };
        if !holds {
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
        conn.execute_batch("ALTER TABLE audit ADD COLUMN redacted_by INTEGER;")
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
