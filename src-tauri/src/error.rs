//! What a failed command sends to the page: a stable code, a message for people, and the
//! form fields the errors belong beside. The generated bindings type it as `CommandError`.

use channel_desk_core::{CoreError, FieldError};
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq, specta::Type)]
pub struct CommandError {
    pub code: &'static str,
    /// The first field error's message when there are field errors.
    pub message: String,
    /// The first field error's field.
    pub field: Option<&'static str>,
    /// Every field error of the form, in the order of its fields; empty for other errors.
    pub errors: Vec<FieldError>,
    /// The journey rule broken, when a step of the case journey was refused.
    pub rule: Option<&'static str>,
}

impl CommandError {
    pub fn locked() -> Self {
        CommandError {
            code: "locked",
            message: "Channel Desk is locked. Unlock it to continue.".into(),
            field: None,
            errors: Vec::new(),
            rule: None,
        }
    }
}

impl From<CoreError> for CommandError {
    fn from(e: CoreError) -> Self {
        let errors = e.field_errors().to_vec();
        CommandError {
            code: e.code(),
            message: errors
                .first()
                .map_or_else(|| e.to_string(), |first| first.message.clone()),
            field: e.field(),
            errors,
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
    fn the_page_receives_code_message_fields_and_rule() {
        assert_eq!(
            wire(CoreError::invalid(
                "passphrase",
                "Passphrase must be 12 characters or more"
            )),
            json!({ "code": "invalid", "message": "Passphrase must be 12 characters or more", "field": "passphrase",
                    "errors": [{ "field": "passphrase", "message": "Passphrase must be 12 characters or more" }], "rule": null })
        );
        let two = CoreError::Invalid(vec![
            FieldError {
                field: "received_on",
                message: "Enter the date the referral was received".into(),
            },
            FieldError {
                field: "full_name",
                message: "Enter the person's full name".into(),
            },
        ]);
        assert_eq!(
            wire(two),
            json!({ "code": "invalid", "message": "Enter the date the referral was received", "field": "received_on",
                    "errors": [{ "field": "received_on", "message": "Enter the date the referral was received" },
                               { "field": "full_name", "message": "Enter the person's full name" }],
                    "rule": null })
        );
        assert_eq!(
            wire(CoreError::RuleBroken {
                rule: "remain_needs_adopted",
                message: "Only an adopted case can remain in Channel".into()
            }),
            json!({ "code": "rule", "message": "Only an adopted case can remain in Channel", "field": null, "errors": [], "rule": "remain_needs_adopted" })
        );
        assert_eq!(
            wire(CoreError::NotRecognised),
            json!({ "code": "not_recognised", "message": "Username or passphrase not recognised", "field": null, "errors": [], "rule": null })
        );
        assert_eq!(
            serde_json::to_value(CommandError::locked()).unwrap()["code"],
            "locked"
        );
    }
}
