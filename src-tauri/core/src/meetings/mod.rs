//! Channel Panel meetings: scheduling with a proposed agenda, attendance, what is recorded
//! in the room, approval of the minutes, actions, and the minutes as PDF. Every command is
//! one transaction with its audit row; approved minutes are locked (also by triggers).

pub mod actions;
pub mod agenda;
pub mod approval;
pub mod attendance;
pub mod exports;
pub mod meeting;
pub mod minutes;
pub mod room;

pub use actions::{Action, ActionFilter, ActionInput, ActionPage};
pub use attendance::{AttendanceInput, Member, MemberInput};
pub use exports::{Export, ExportCheck, StoredExport};
pub use meeting::{Meeting, MeetingInput, MeetingSummary};
pub use minutes::{Minutes, Version};
