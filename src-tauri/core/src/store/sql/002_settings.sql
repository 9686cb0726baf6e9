-- settings an administrator can change.

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', '10'), ('retention_years', '6');
