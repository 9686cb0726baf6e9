//! Who may open the file and what they may do: the data key and its per-person slots, failed
//! attempts, the unlocked session with its role checks, and the people with access.

pub(crate) mod attempts;
pub mod crypto;
pub(crate) mod keyfile;
pub mod people;
pub mod session;
