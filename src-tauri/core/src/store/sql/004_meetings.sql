-- panel meetings. Attendance copies a member's name, organisation and role so the minutes of a
-- past meeting do not change when a member's details do. Approved minutes are locked by
-- triggers: corrections go into `minutes_amendments` and never overwrite.

CREATE TABLE panel_members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role TEXT NOT NULL,
    police INTEGER NOT NULL,
    retired_at TEXT
) STRICT;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL,
    chair TEXT NOT NULL,
    approved_on TEXT,
    approved_by TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX meetings_held ON meetings (held_on);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('new_case', 'in_channel', 'post_exit_review', 'action', 'other')),
    case_id INTEGER REFERENCES cases (id),
    action_id INTEGER,
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- The case's stage when it was put on the agenda: the minutes keep it.
    stage TEXT NOT NULL DEFAULT '',
    discussion TEXT NOT NULL DEFAULT '',
    decision_id INTEGER REFERENCES decisions (id),
    removed_reason TEXT
) STRICT;
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    member_id INTEGER REFERENCES panel_members (id),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role TEXT NOT NULL,
    police INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'for_item')),
    agenda_item_id INTEGER REFERENCES agenda_items (id)
) STRICT;
CREATE INDEX attendance_meeting ON attendance (meeting_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    case_id INTEGER REFERENCES cases (id),
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    status_on TEXT,
    dropped_reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL
) STRICT;
CREATE INDEX actions_status ON actions (status, due_on);
CREATE INDEX actions_meeting ON actions (meeting_id);

CREATE TABLE minutes_amendments (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    made_on TEXT NOT NULL,
    made_by TEXT NOT NULL,
    text TEXT NOT NULL
) STRICT;
CREATE TRIGGER minutes_amendments_append_only BEFORE UPDATE ON minutes_amendments
    BEGIN SELECT RAISE(ABORT, 'amendments are never changed'); END;
CREATE TRIGGER minutes_amendments_never_deleted BEFORE DELETE ON minutes_amendments
    BEGIN SELECT RAISE(ABORT, 'amendments are never deleted'); END;

CREATE TRIGGER approved_meeting_locked BEFORE UPDATE ON meetings
    WHEN OLD.approved_on IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
CREATE TRIGGER approved_agenda_locked BEFORE UPDATE ON agenda_items
    WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
CREATE TRIGGER approved_agenda_no_insert BEFORE INSERT ON agenda_items
    WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
CREATE TRIGGER approved_attendance_no_insert BEFORE INSERT ON attendance
    WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
CREATE TRIGGER approved_attendance_no_delete BEFORE DELETE ON attendance
    WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
-- An action's status moves on after approval; what was agreed does not.
CREATE TRIGGER approved_action_wording_locked BEFORE UPDATE OF what, owner, due_on, meeting_id ON actions
    WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
CREATE TRIGGER approved_action_no_insert BEFORE INSERT ON actions
    WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
