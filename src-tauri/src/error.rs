//! What a failed command sends to the page: a stable code, a message for people, and the
//! form field it belongs beside. The generated bindings type it as `CommandError`.

use channel_desk_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq, specta::Type)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire(e: CoreError) -> serde_json::Value {
        serde_json::to_value(CommandError::from(e)).unwrap()
    }

    #[test]
    fn the_page_receives_code_message_field_and_rule() {
        assert_eq!(
            wire(CoreError::invalid(
                "passphrase",
                "Passphrase must be 12 characters or more"
            )),
            json!({ "code": "invalid", "message": "Passphrase must be 12 characters or more", "field": "passphrase", "rule": null })
        );
        assert_eq!(
            wire(CoreError::RuleBroken {
                rule: "remain_needs_adopted",
                message: "Only an adopted case can remain in Channel".into()
            }),
            json!({ "code": "rule", "message": "Only an adopted case can remain in Channel", "field": null, "rule": "remain_needs_adopted" })
        );
        assert_eq!(
            wire(CoreError::NotRecognised),
            json!({ "code": "not_recognised", "message": "Username or passphrase not recognised", "field": null, "rule": null })
        );
        assert_eq!(
            serde_json::to_value(CommandError::locked()).unwrap()["code"],
            "locked"
        );
    }
}
