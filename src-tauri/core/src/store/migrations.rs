//! The schema, as numbered forward-only steps. Step N brings a file to `user_version` N.
//! Never edit a step that has shipped: add a new one.

/// Step N is `sql/00N_*.sql`, a file of its own so that the schema reads as SQL.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_identity_people_audit.sql"),
    include_str!("sql/002_settings.sql"),
    include_str!("sql/003_casework.sql"),
    include_str!("sql/004_meetings.sql"),
    include_str!("sql/005_minutes_exports.sql"),
    include_str!("sql/006_delivery_plan.sql"),
    include_str!("sql/007_statistics.sql"),
    include_str!("sql/008_urgent_decisions.sql"),
    include_str!("sql/009_retention.sql"),
    include_str!("sql/010_backup.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
