-- Retention and erasure (casework/retention.rs). A case past its retention period keeps the
-- anonymised facts the statistics count and loses everything that names or describes the
-- person; the locks on approved minutes and the audit trail let exactly that through.

-- When the case was erased; an erased case is no longer listed or opened.
ALTER TABLE cases ADD COLUMN erased_on TEXT;

-- The age on the day each referral was received, kept when the date of birth goes, so that
-- the statistics' age bands do not change.
ALTER TABLE episodes ADD COLUMN age_at_referral INTEGER;

-- An audit row whose details named an erased person: its details become '{}' and it names
-- the erasure's audit row, which holds the row's seal (see store/audit.rs `verify`).
ALTER TABLE audit ADD COLUMN redacted_by INTEGER;
DROP TRIGGER audit_append_only_update;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    WHEN NOT (OLD.redacted_by IS NULL AND NEW.detail = '{}' AND NEW.redacted_by > OLD.id
        AND (SELECT action FROM audit WHERE id = NEW.redacted_by) = 'case.erased'
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
        AND NEW.action = OLD.action AND NEW.subject = OLD.subject
        AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash)
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Approved minutes stay locked, except what they said about a case once it is erased.
DROP TRIGGER approved_agenda_locked;
CREATE TRIGGER approved_agenda_locked BEFORE UPDATE ON agenda_items
    WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
     AND (SELECT erased_on FROM cases WHERE id = coalesce(OLD.case_id,
            (SELECT case_id FROM actions WHERE id = OLD.action_id))) IS NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
DROP TRIGGER approved_action_wording_locked;
CREATE TRIGGER approved_action_wording_locked BEFORE UPDATE OF what, owner, due_on, meeting_id ON actions
    WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
     AND (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;

-- An amendment naming an erased person is emptied; nothing else about it changes.
DROP TRIGGER minutes_amendments_append_only;
CREATE TRIGGER minutes_amendments_append_only BEFORE UPDATE ON minutes_amendments
    WHEN NEW.text <> '' OR NEW.id IS NOT OLD.id OR NEW.meeting_id IS NOT OLD.meeting_id
        OR NEW.made_on IS NOT OLD.made_on OR NEW.made_by IS NOT OLD.made_by
    BEGIN SELECT RAISE(ABORT, 'amendments are never changed'); END;
