//! `@handle`s: the name a person is found and mentioned by, unique across the site and part
//! of their address (`/u/{handle}`).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldError;

pub const MIN_HANDLE_LEN: usize = 3;
pub const MAX_HANDLE_LEN: usize = 24;

/// Words that are pages or roles of the site: a person holding one could pass for staff.
const RESERVED: &[&str] = &[
    "admin",
    "administrator",
    "api",
    "chefgalaxy",
    "feed",
    "help",
    "me",
    "moderator",
    "new",
    "root",
    "settings",
    "staff",
    "support",
    "system",
];

/// A checked handle: 3 to 24 of `a-z`, `0-9` and `_`, starting with a letter, not a reserved
/// word. Stored and compared in lower case, so `@Ana` and `@ana` are one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct Handle(String);

impl Handle {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let handle = input.trim().trim_start_matches('@').to_ascii_lowercase();
        let problem = |message: &str| Err(FieldError::new("handle", message));
        let length = handle.chars().count();
        if !(MIN_HANDLE_LEN..=MAX_HANDLE_LEN).contains(&length) {
            return problem(&format!(
                "A handle is {MIN_HANDLE_LEN} to {MAX_HANDLE_LEN} characters long."
            ));
        }
        if !handle
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return problem("A handle holds only letters a–z, digits and _.");
        }
        if !handle.starts_with(|c: char| c.is_ascii_lowercase()) {
            return problem("A handle starts with a letter.");
        }
        if RESERVED.contains(&handle.as_str()) {
            return problem("This handle is reserved; please choose another.");
        }
        Ok(Self(handle))
    }

    /// A handle made from a display name ("João Neves" → `joao_neves`), for a person who has
    /// not chosen one; the caller adds a number when it is taken.
    pub fn suggest(display_name: &str) -> Self {
        let mut handle = String::new();
        for c in display_name.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                handle.push(c.to_ascii_lowercase());
            } else if !handle.is_empty() && !handle.ends_with('_') {
                handle.push('_');
            }
        }
        let mut handle = handle.trim_matches('_').to_owned();
        if !handle.starts_with(|c: char| c.is_ascii_lowercase()) {
            handle.insert_str(0, "cook_");
        }
        handle.truncate(MAX_HANDLE_LEN - SUFFIX_ROOM);
        let handle = handle.trim_end_matches('_').to_owned();
        Self::parse(&handle)
            .or_else(|_| Self::parse(&format!("{handle}_cook")))
            .unwrap_or_else(|_| Self("cook".into()))
    }

    /// The same handle with a number, for when the plain one is taken (`ana_2`).
    /// The base is shortened when the two would be too long together.
    pub fn numbered(&self, n: u32) -> Self {
        let suffix = format!("_{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_HANDLE_LEN - suffix.len());
        Self(format!("{}{suffix}", base.trim_end_matches('_')))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Room left after a suggested handle for `_` and a number of up to five digits.
const SUFFIX_ROOM: usize = 6;

/// The unaccented letters of the accented Latin ones our cities write names with.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let plain: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => "",
    };
    let single = plain.is_empty().then_some(c);
    single.into_iter().chain(plain.chars())
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Handle {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Handle> for String {
    fn from(handle: Handle) -> Self {
        handle.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_is_kept_in_lower_case_without_its_at_sign() {
        assert_eq!(Handle::parse("@Ana_Cooks").unwrap().as_str(), "ana_cooks");
    }

    #[test]
    fn too_short_too_long_and_odd_characters_are_refused_with_the_field_named() {
        for bad in [
            "ab",
            "a".repeat(25).as_str(),
            "ana cooks",
            "ana-cooks",
            "ána",
            "9lives",
            "_ana",
        ] {
            let error = Handle::parse(bad).unwrap_err();
            assert_eq!(error.field, "handle", "{bad}");
        }
    }

    #[test]
    fn the_sites_own_words_are_reserved() {
        assert!(Handle::parse("admin").is_err());
        assert!(Handle::parse("Support").is_err());
        assert!(Handle::parse("admin_ana").is_ok());
    }

    #[test]
    fn a_suggestion_folds_accents_and_joins_words() {
        assert_eq!(Handle::suggest("João Neves").as_str(), "joao_neves");
        assert_eq!(
            Handle::suggest("  Crème   Brûlée!! ").as_str(),
            "creme_brulee"
        );
    }

    #[test]
    fn a_suggestion_is_always_a_valid_handle() {
        for name in [
            "",
            "李小龙",
            "42",
            "A",
            "Ana-Maria de la Cruz y Fernández Gómez",
            "admin",
        ] {
            let handle = Handle::suggest(name);
            assert!(Handle::parse(handle.as_str()).is_ok(), "{name} → {handle}");
            assert!(
                Handle::parse(handle.numbered(99_999).as_str()).is_ok(),
                "{name}"
            );
            assert!(
                Handle::parse(handle.numbered(u32::MAX).as_str()).is_ok(),
                "{name}"
            );
        }
    }
}
