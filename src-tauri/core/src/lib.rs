//! Channel Desk's core: the encrypted store, the people who may open it, the audit trail,
//! and (as later work adds them) the casework rules. No window, no Tauri: the desktop
//! shell and the headless command both call this crate.

pub mod actions;
mod attempts;
pub mod audit;
pub mod bench;
pub mod caseview;
pub mod casework;
pub mod crypto;
pub mod dates;
pub mod demo;
pub mod error;
mod files;
mod keyfile;
pub mod meetings;
mod migrations;
pub mod minutes;
pub mod people;
pub mod reference;
pub mod session;
mod store;
pub mod text;
pub mod workflow;

pub use error::{CoreError, Result};
pub use files::Paths;
pub use people::{Person, Role};
pub use session::{
    create, database_state, unlock, unlock_with_recovery_key, DatabaseState, FirstPerson,
    RecoveryAccess, Session, Unlocked,
};
