//! Fixed vocabularies: each word the app stores from a closed list is an enum with its stored
//! code and its label, written once here (or beside its rule, as the journey's `Stage` is)
//! and read by the forms' checks, the records, the minutes and the window.

use serde::Serialize;

use crate::error::{CoreError, Result};

/// A closed list of words: stored codes, the labels people read, and a check of what a form
/// sent that names the field when it is not on the list.
pub trait Vocabulary: Sized + Copy + 'static {
    const ALL: &'static [Self];
    /// What a form says when nothing on the list was chosen.
    const CHOOSE: &'static str;

    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    fn parse(field: &'static str, code: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == code)
            .ok_or_else(|| CoreError::invalid(field, Self::CHOOSE))
    }

    /// The label of a stored code; a code no longer on the list reads as itself.
    fn label_of(code: &str) -> String {
        Self::ALL
            .iter()
            .find(|v| v.code() == code)
            .map_or_else(|| code.to_owned(), |v| v.label().to_owned())
    }

    /// Every option, for the window's forms and filters.
    fn choices() -> Vec<Choice> {
        Self::ALL
            .iter()
            .map(|v| Choice {
                code: v.code(),
                label: v.label(),
            })
            .collect()
    }
}

/// One option of a vocabulary as the window shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

/// Declares a vocabulary: `Enum "choose message" { Variant = "code" "Label", ... }`; or, for
/// an enum declared elsewhere (the journey's own words), `impl Enum "choose message" {...}`.
macro_rules! vocabulary {
    (impl $name:ident $choose:literal { $($variant:ident = $code:literal $label:literal,)+ }) => {
        impl $crate::common::vocabulary::Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            const CHOOSE: &'static str = $choose;

            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }
    };
    ($(#[$doc:meta])* $name:ident $choose:literal { $($variant:ident = $code:literal $label:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant,)+
        }

        $crate::common::vocabulary::vocabulary! {
            impl $name $choose { $($variant = $code $label,)+ }
        }
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    vocabulary! {
        Colour "Choose a colour" {
            Red = "red" "Red",
            DarkBlue = "dark_blue" "Dark blue",
        }
    }

    #[test]
    fn codes_parse_to_their_word_and_anything_else_is_refused_beside_the_field() {
        assert_eq!(
            Colour::parse("colour", "dark_blue").unwrap(),
            Colour::DarkBlue
        );
        let e = Colour::parse("colour", "green").unwrap_err();
        assert_eq!(
            (e.field(), e.to_string().as_str()),
            (Some("colour"), "Choose a colour")
        );
        assert_eq!(Colour::label_of("red"), "Red");
        assert_eq!(Colour::label_of("retired_code"), "retired_code");
        assert_eq!(
            Colour::choices()[1],
            Choice {
                code: "dark_blue",
                label: "Dark blue"
            }
        );
    }
}
