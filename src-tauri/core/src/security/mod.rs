//! Who may open the file and what they may do: the data key and its per-person slots, failed
//! attempts, the unlocked session with its role checks, the people with access, and the
//! recovery key's confirmation and replacement.

pub(crate) mod attempts;
pub mod crypto;
pub(crate) mod keyfile;
pub mod people;
pub mod recovery;
pub mod session;
