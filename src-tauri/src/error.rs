//! What a failed command sends to the page: a stable code, a message for people, and the
//! form field it belongs beside.

use channel_desk_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    pub field: Option<&'static str>,
    /// The journey rule broken, when a step of the case journey was refused.
    pub rule: Option<&'static str>,
}

impl CommandError {
    pub fn locked() -> Self {
        CommandError {
            code: "locked",
            message: "Channel Desk is locked. Unlock it to continue.".into(),
            field: None,
            rule: None,
        }
    }
}

impl From<CoreError> for CommandError {
    fn from(e: CoreError) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
            field: e.field(),
            rule: match e {
                CoreError::RuleBroken { rule, .. } => Some(rule),
                _ => None,
            },
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
