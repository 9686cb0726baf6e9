-- Every minutes export as it was circulated: the PDF itself (kept only inside this encrypted
-- file), its SHA-256 and the state of the minutes at the time, so a copy that turns up later
-- can be matched and the same bytes saved again. Rows go with their meeting (retention).

CREATE TABLE minutes_exports (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version TEXT NOT NULL CHECK (version IN ('full', 'redacted')),
    approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
    amendments INTEGER NOT NULL,
    exported_by TEXT NOT NULL,
    exported_by_name TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    pages INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    pdf BLOB NOT NULL
) STRICT;
CREATE INDEX minutes_exports_meeting ON minutes_exports (meeting_id, id);
CREATE INDEX minutes_exports_sha256 ON minutes_exports (sha256);
CREATE INDEX minutes_exports_fingerprint ON minutes_exports (fingerprint);

-- What was circulated never changes.
CREATE TRIGGER minutes_exports_fixed BEFORE UPDATE ON minutes_exports
BEGIN
    SELECT RAISE(ABORT, 'a stored export cannot be changed');
END;
