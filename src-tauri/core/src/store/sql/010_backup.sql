-- backups. Home reminds administrators when the last backup (meta 'last_backup_at', written
-- with the backup's audit row, and by a restore as the time of the backup restored) is older
-- than this many days, or there has never been one.
INSERT INTO settings (key, value) VALUES ('backup_reminder_days', '7');
