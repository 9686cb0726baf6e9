//! The commands the page may call, one file per area. Each is thin: it checks the session,
//! calls the core and maps its errors. They are async so that Argon2id and SQLCipher work
//! runs off the window's thread.

pub mod audit;
pub mod cases;
pub mod meetings;
pub mod people;
pub mod session;
pub mod settings;
