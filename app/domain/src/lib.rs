//! Chef Galaxy's rules and shared types. Pure: no I/O, no clock, no randomness, so the browser
//! (WASM) and the server run the very same code, and every rule is unit-tested here.

/// A closed set of codes (`snake_case` in storage, URLs and the API) with labels for people:
/// `ALL`, `code`, `label` and `parse`, the same for every vocabulary.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name { $($(#[$variant_meta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, URLs and the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

pub mod account;
pub mod availability;
pub mod booking;
pub mod catalog;
pub mod chef_profile;
pub mod disputes;
pub mod error;
pub mod events;
pub mod geo;
pub mod knowledge;
pub mod ledger;
pub mod menus;
pub mod money;
pub mod notifications;
pub mod operations;
pub mod paging;
pub mod photos;
pub mod places;
pub mod pricing;
pub mod rank;
pub mod reviews;
pub mod search;
pub mod social;
pub mod words;

pub use error::{AppError, ErrorCode, FieldError};
