//! Channel Desk's core: the Channel Panel's casework and meetings and the steering group's
//! work, over an encrypted store with an audit trail. No window, no Tauri: the desktop shell
//! and the headless command both call this crate.
//!
//! - `casework`: the case journey from referral to the reviews after exit, one file a step.
//! - `meetings`: panel meetings, their agenda, attendance, decisions, actions and minutes.
//! - `plan`: the steering group's delivery plan, its tracking, measures, training and dashboard.
//! - `steering`: the steering group's own meetings and their minutes.
//! - `reference`: the reference data forms offer (sectors, concerns, interventions, VAF,
//!   training products).
//! - `stats`: Channel statistics for a period, small numbers suppressed; `report`: the
//!   annual report to the Community Safety Partnership.
//! - `home`: what needs attention today.
//! - `security`: the data key, key slots, people and roles, the unlocked session.
//! - `store`: opening the file, migrations, the audit trail, settings, `info` and `verify`.
//! - `common`: dates, text folding, checks of typed input and fixed vocabularies;
//!   `vocabularies`: all of them in one answer for the window.
//! - `demo` and `bench` (feature `demo`): synthetic data and benchmarks, for the headless command.

#[cfg(feature = "demo")]
pub mod bench;
pub mod casework;
pub mod common;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod home;
pub mod meetings;
pub mod plan;
pub mod reference;
pub mod report;
pub mod security;
pub mod stats;
pub mod steering;
pub mod store;
pub mod vocabularies;

pub use error::{CoreError, FieldError, Result};
pub use security::people::{Person, Role};
pub use security::session::{
    create, database_state, unlock, unlock_with_recovery_key, DatabaseState, FirstPerson,
    RecoveryAccess, Session, Unlocked,
};
pub use store::files::{IfExists, Paths};
