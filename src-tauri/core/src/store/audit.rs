//! The audit trail: append-only (triggers refuse updates and deletes) and hash-chained,
//! each row carrying the hash of the row before it, so any later edit shows on `verify`.
//! Rows are written in the same transaction as the change they record.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

/// Everything the audit trail records, each with the code stored in its rows (and, for
/// casework, in the case timeline). The codes never change: old rows keep their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    DatabaseCreated,
    Unlock,
    UnlockFailed,
    UnlockRecoveryKey,
    Lock,
    PassphraseChanged,
    PersonAdded,
    PersonRemoved,
    PersonPassphraseReset,
    SettingsChanged,
    ReferenceAdded,
    ReferenceRetired,
    CaseReferral,
    CaseRereferral,
    CaseScreeningStarted,
    CaseScreened,
    CaseVafAssessed,
    CaseSentToPanel,
    CaseDecision,
    CaseConsent,
    CaseInterventionAdded,
    CaseInterventionUpdated,
    CaseSession,
    CaseReview,
    CaseNote,
    CaseCategories,
    CaseViewed,
    CaseSearch,
    MeetingScheduled,
    MeetingViewed,
    MeetingAttendance,
    MeetingAttendanceRemoved,
    MeetingAgendaAdded,
    MeetingAgendaMoved,
    MeetingAgendaRemoved,
    MeetingDiscussion,
    MeetingDecision,
    MinutesApproved,
    MinutesAmended,
    MinutesExported,
    MinutesExportSavedAgain,
    MinutesExportChecked,
    ActionAdded,
    ActionStatus,
    PlanLoaded,
    PlanPeriodStarted,
    PlanActionAdded,
    PlanActionRetired,
    PlanActionRenumbered,
    PlanHeadingCorrected,
    PlanActionTracked,
    PlanProgress,
    PlanMeasureAdded,
    PlanMeasureValue,
    TrainingRecorded,
    TrainingCohort,
    SteeringScheduled,
    SteeringAttendance,
    SteeringDiscussion,
    SteeringAgreed,
    SteeringApproved,
    SteeringExported,
    StatisticsViewed,
    ReportNarrative,
    ReportExported,
    NationalFigures,
}

impl AuditAction {
    pub const ALL: [AuditAction; 66] = [
        AuditAction::DatabaseCreated,
        AuditAction::Unlock,
        AuditAction::UnlockFailed,
        AuditAction::UnlockRecoveryKey,
        AuditAction::Lock,
        AuditAction::PassphraseChanged,
        AuditAction::PersonAdded,
        AuditAction::PersonRemoved,
        AuditAction::PersonPassphraseReset,
        AuditAction::SettingsChanged,
        AuditAction::ReferenceAdded,
        AuditAction::ReferenceRetired,
        AuditAction::CaseReferral,
        AuditAction::CaseRereferral,
        AuditAction::CaseScreeningStarted,
        AuditAction::CaseScreened,
        AuditAction::CaseVafAssessed,
        AuditAction::CaseSentToPanel,
        AuditAction::CaseDecision,
        AuditAction::CaseConsent,
        AuditAction::CaseInterventionAdded,
        AuditAction::CaseInterventionUpdated,
        AuditAction::CaseSession,
        AuditAction::CaseReview,
        AuditAction::CaseNote,
        AuditAction::CaseCategories,
        AuditAction::CaseViewed,
        AuditAction::CaseSearch,
        AuditAction::MeetingScheduled,
        AuditAction::MeetingViewed,
        AuditAction::MeetingAttendance,
        AuditAction::MeetingAttendanceRemoved,
        AuditAction::MeetingAgendaAdded,
        AuditAction::MeetingAgendaMoved,
        AuditAction::MeetingAgendaRemoved,
        AuditAction::MeetingDiscussion,
        AuditAction::MeetingDecision,
        AuditAction::MinutesApproved,
        AuditAction::MinutesAmended,
        AuditAction::MinutesExported,
        AuditAction::MinutesExportSavedAgain,
        AuditAction::MinutesExportChecked,
        AuditAction::ActionAdded,
        AuditAction::ActionStatus,
        AuditAction::PlanLoaded,
        AuditAction::PlanPeriodStarted,
        AuditAction::PlanActionAdded,
        AuditAction::PlanActionRetired,
        AuditAction::PlanActionRenumbered,
        AuditAction::PlanHeadingCorrected,
        AuditAction::PlanActionTracked,
        AuditAction::PlanProgress,
        AuditAction::PlanMeasureAdded,
        AuditAction::PlanMeasureValue,
        AuditAction::TrainingRecorded,
        AuditAction::TrainingCohort,
        AuditAction::SteeringScheduled,
        AuditAction::SteeringAttendance,
        AuditAction::SteeringDiscussion,
        AuditAction::SteeringAgreed,
        AuditAction::SteeringApproved,
        AuditAction::SteeringExported,
        AuditAction::StatisticsViewed,
        AuditAction::ReportNarrative,
        AuditAction::ReportExported,
        AuditAction::NationalFigures,
    ];

    /// The code stored in the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::DatabaseCreated => "database.created",
            AuditAction::Unlock => "unlock",
            AuditAction::UnlockFailed => "unlock.failed",
            AuditAction::UnlockRecoveryKey => "unlock.recovery_key",
            AuditAction::Lock => "lock",
            AuditAction::PassphraseChanged => "passphrase.changed",
            AuditAction::PersonAdded => "person.added",
            AuditAction::PersonRemoved => "person.removed",
            AuditAction::PersonPassphraseReset => "person.passphrase_reset",
            AuditAction::SettingsChanged => "settings.changed",
            AuditAction::ReferenceAdded => "reference.added",
            AuditAction::ReferenceRetired => "reference.retired",
            AuditAction::CaseReferral => "case.referral",
            AuditAction::CaseRereferral => "case.rereferral",
            AuditAction::CaseScreeningStarted => "case.screening_started",
            AuditAction::CaseScreened => "case.screened",
            AuditAction::CaseVafAssessed => "case.vaf_assessed",
            AuditAction::CaseSentToPanel => "case.sent_to_panel",
            AuditAction::CaseDecision => "case.decision",
            AuditAction::CaseConsent => "case.consent",
            AuditAction::CaseInterventionAdded => "case.intervention_added",
            AuditAction::CaseInterventionUpdated => "case.intervention_updated",
            AuditAction::CaseSession => "case.session",
            AuditAction::CaseReview => "case.review",
            AuditAction::CaseNote => "case.note",
            AuditAction::CaseCategories => "case.categories",
            AuditAction::CaseViewed => "case.viewed",
            AuditAction::CaseSearch => "case.search",
            AuditAction::MeetingScheduled => "meeting.scheduled",
            AuditAction::MeetingViewed => "meeting.viewed",
            AuditAction::MeetingAttendance => "meeting.attendance",
            AuditAction::MeetingAttendanceRemoved => "meeting.attendance_removed",
            AuditAction::MeetingAgendaAdded => "meeting.agenda_added",
            AuditAction::MeetingAgendaMoved => "meeting.agenda_moved",
            AuditAction::MeetingAgendaRemoved => "meeting.agenda_removed",
            AuditAction::MeetingDiscussion => "meeting.discussion",
            AuditAction::MeetingDecision => "meeting.decision",
            AuditAction::MinutesApproved => "minutes.approved",
            AuditAction::MinutesAmended => "minutes.amended",
            AuditAction::MinutesExported => "minutes.exported",
            AuditAction::MinutesExportSavedAgain => "minutes.export_saved_again",
            AuditAction::MinutesExportChecked => "minutes.export_checked",
            AuditAction::ActionAdded => "action.added",
            AuditAction::ActionStatus => "action.status",
            AuditAction::PlanLoaded => "plan.loaded",
            AuditAction::PlanPeriodStarted => "plan.period_started",
            AuditAction::PlanActionAdded => "plan.action_added",
            AuditAction::PlanActionRetired => "plan.action_retired",
            AuditAction::PlanActionRenumbered => "plan.action_renumbered",
            AuditAction::PlanHeadingCorrected => "plan.heading_corrected",
            AuditAction::PlanActionTracked => "plan.action_tracked",
            AuditAction::PlanProgress => "plan.progress",
            AuditAction::PlanMeasureAdded => "plan.measure_added",
            AuditAction::PlanMeasureValue => "plan.measure_value",
            AuditAction::TrainingRecorded => "training.recorded",
            AuditAction::TrainingCohort => "training.cohort",
            AuditAction::SteeringScheduled => "steering.scheduled",
            AuditAction::SteeringAttendance => "steering.attendance",
            AuditAction::SteeringDiscussion => "steering.discussion",
            AuditAction::SteeringAgreed => "steering.agreed",
            AuditAction::SteeringApproved => "steering.approved",
            AuditAction::SteeringExported => "steering.exported",
            AuditAction::StatisticsViewed => "statistics.viewed",
            AuditAction::ReportNarrative => "report.narrative",
            AuditAction::ReportExported => "report.exported",
            AuditAction::NationalFigures => "report.national_figures",
        }
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

/// Appends one row. Call it on the transaction that makes the change.
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    action: AuditAction,
    subject: &str,
    detail: &str,
) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (last_id, prev_hash) = last.unwrap_or((0, GENESIS.to_owned()));
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

/// Newest first.
pub(crate) fn list(conn: &Connection, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, subject, detail FROM audit
         ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, offset], |r| {
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
    fn every_audit_action_has_its_own_code() {
        let codes: std::collections::BTreeSet<&str> =
            AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
    }
}
