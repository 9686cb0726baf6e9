//! Who may open the file and what they may do: the data key and its per-person slots, failed
//! attempts, the unlocked session with its role checks, the people with access, the
//! recovery key's confirmation, rotating the data key, the audit head kept in the key file, and no core dumps of the process.

pub(crate) mod attempts;
pub mod crypto;
pub mod head;
pub(crate) mod keyfile;
pub mod people;
pub mod process;
pub mod recovery;
pub mod rotation;
pub mod session;
