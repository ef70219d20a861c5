//! Who a person is on Chef Galaxy: email, password rules, display name and role.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldError;

/// A syntactically valid email address, stored lower-case so one person cannot sign up twice
/// by changing the case of their address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new("email", "Enter your email address."));
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err(FieldError::new("email", "This email address is too long."));
        }
        // email_address follows RFC 5322; we also insist on a dot in the domain, since
        // "someone@localhost" can never receive our mail.
        let valid = email_address::EmailAddress::is_valid(trimmed)
            && trimmed
                .rsplit_once('@')
                .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if !valid {
            return Err(FieldError::new(
                "email",
                "This does not look like an email address (name@example.com).",
            ));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password strong enough to accept. Never serialised, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// Passwords people pick first; rejecting them costs nothing and stops the laziest attacks.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "1234567890",
    "qwertyuiop",
    "iloveyou12",
    "letmein123",
    "welcome123",
    "abc1234567",
    "qwerty1234",
    "1q2w3e4r5t",
    "chefgalaxy",
    "chefgalaxy1",
];

impl NewPassword {
    pub const MIN_LEN: usize = 10;
    pub const MAX_LEN: usize = 128;

    /// `email` is the address the password is for: a password containing it is guessable.
    pub fn parse(raw: &str, email: Option<&str>) -> Result<Self, FieldError> {
        let weak = |message: &str| Err(FieldError::new("password", message));
        let length = raw.chars().count();
        if length < Self::MIN_LEN {
            return weak("Use at least 10 characters.");
        }
        if length > Self::MAX_LEN {
            return weak("Use at most 128 characters.");
        }
        let has_letter = raw.chars().any(char::is_alphabetic);
        let has_other = raw.chars().any(|c| !c.is_alphabetic());
        if !(has_letter && has_other) {
            return weak("Mix letters with digits or symbols.");
        }
        let lowered = raw.to_lowercase();
        if COMMON_PASSWORDS.contains(&lowered.as_str()) {
            return weak("This password is too common. Choose another.");
        }
        let local_part = email
            .and_then(|e| e.split('@').next())
            .map(str::to_lowercase)
            .filter(|local| local.len() >= 4);
        if local_part.is_some_and(|local| lowered.contains(&local)) {
            return weak("Do not put your email address in your password.");
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// The name shown to others: trimmed, 2 to 60 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_LEN: usize = 60;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if length < 2 {
            return Err(FieldError::new(
                "display_name",
                "Enter a name of at least 2 characters.",
            ));
        }
        if length > Self::MAX_LEN {
            return Err(FieldError::new(
                "display_name",
                "Use at most 60 characters.",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new(
                "display_name",
                "The name contains characters that cannot be shown.",
            ));
        }
        if name.chars().any(hides_or_reorders_text) {
            return Err(FieldError::new(
                "display_name",
                "The name contains invisible or text-direction characters; type it plainly.",
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that show nothing or turn the text around them (a name reading as someone
/// else's): direction overrides and isolates, marks, and zero-width spaces. The zero-width
/// joiner stays: emoji sequences need it.
fn hides_or_reorders_text(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

impl TryFrom<String> for DisplayName {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(name: DisplayName) -> Self {
        name.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Customer,
    Chef,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Chef => "chef",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "customer" => Some(Role::Customer),
            "chef" => Some(Role::Chef),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A sign-up as typed into the form, before any rule has looked at it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupForm {
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[A-Za-z0-9_%+-]{1,20}(\\.[A-Za-z0-9_%+-]{1,20}){0,2}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$",
            max_length = 254
        )
    )]
    pub email: String,
    /// 10 to 128 characters, letters and something else, not a common password.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 128))]
    pub password: String,
    /// 2 to 60 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 60))]
    pub display_name: String,
    /// Sign up to cook rather than to hire: the account starts as a chef.
    #[serde(default)]
    pub as_chef: bool,
}

/// A sign-up every rule has accepted.
#[derive(Debug, Clone)]
pub struct ValidSignup {
    pub email: Email,
    pub password: NewPassword,
    pub display_name: DisplayName,
    pub role: Role,
}

impl SignupForm {
    /// Checks every field and reports all problems at once, so a person fixes them in one go.
    pub fn validate(&self) -> Result<ValidSignup, Vec<FieldError>> {
        let email = Email::parse(&self.email);
        let password = NewPassword::parse(&self.password, Some(self.email.trim()));
        let display_name = DisplayName::parse(&self.display_name);
        match (email, password, display_name) {
            (Ok(email), Ok(password), Ok(display_name)) => Ok(ValidSignup {
                email,
                password,
                display_name,
                role: if self.as_chef {
                    Role::Chef
                } else {
                    Role::Customer
                },
            }),
            (email, password, display_name) => {
                Err([email.err(), password.err(), display_name.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }
}

/// The signed-in person as pages and the API see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// Where to go after logging in or signing up: `next` when it is a path on this site
/// ("/chefs/12#book"), else the account page. Never another site (`//evil.example`,
/// `https://…`, `/\\evil.example`): the parameter comes from a link anyone can write.
pub fn return_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 500
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local {
        next
    } else {
        "/account"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_logging_in_people_return_only_to_pages_of_this_site() {
        assert_eq!(return_path("/chefs/12#book"), "/chefs/12#book");
        assert_eq!(return_path(""), "/account");
        assert_eq!(return_path("//evil.example/"), "/account");
        assert_eq!(return_path("/\\evil.example"), "/account");
        assert_eq!(return_path("https://evil.example"), "/account");
        assert_eq!(return_path("/chefs/1\nSet-Cookie: x"), "/account");
    }

    #[test]
    fn an_email_is_stored_lower_case_and_trimmed() {
        let email = Email::parse("  Ana.Lopez@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "ana.lopez@example.com");
    }

    #[test]
    fn an_email_without_at_sign_or_domain_dot_is_rejected() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@localhost",
            "ana@example.",
            "a b@x.com",
        ] {
            let error = Email::parse(bad).unwrap_err();
            assert_eq!(error.field, "email", "{bad:?} should be rejected");
        }
    }

    #[test]
    fn a_short_password_is_rejected() {
        let error = NewPassword::parse("abc123", None).unwrap_err();
        assert_eq!(error.field, "password");
        assert!(error.message.contains("10"));
    }

    #[test]
    fn a_password_of_letters_only_is_rejected() {
        assert!(NewPassword::parse("onlylettershere", None).is_err());
    }

    #[test]
    fn a_common_password_is_rejected_whatever_its_case() {
        assert!(NewPassword::parse("Password123", None).is_err());
    }

    #[test]
    fn a_password_containing_the_email_name_is_rejected() {
        assert!(NewPassword::parse("marguerite-2024", Some("marguerite@example.com")).is_err());
    }

    #[test]
    fn a_long_mixed_password_is_accepted_and_never_printed() {
        let password = NewPassword::parse("saffron-risotto-42", Some("ana@example.com")).unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
    }

    #[test]
    fn a_display_name_collapses_inner_whitespace() {
        let name = DisplayName::parse("  Ana   María  ").unwrap();
        assert_eq!(name.as_str(), "Ana María");
    }

    #[test]
    fn a_display_name_with_a_direction_override_or_zero_width_space_is_rejected() {
        for spoof in [
            "Ana\u{202E}nimda",
            "Ad\u{200B}min",
            "\u{2067}Rui",
            "\u{FEFF}Chef Ana",
        ] {
            assert!(DisplayName::parse(spoof).is_err(), "{spoof:?}");
        }
        assert!(DisplayName::parse("Família 👨\u{200D}👩\u{200D}👧").is_ok());
    }

    #[test]
    fn a_display_name_of_one_letter_or_over_sixty_is_rejected() {
        assert!(DisplayName::parse("A").is_err());
        assert!(DisplayName::parse(&"x".repeat(61)).is_err());
    }

    #[test]
    fn a_signup_reports_every_bad_field_at_once() {
        let form = SignupForm {
            email: "nope".into(),
            password: "short".into(),
            display_name: "".into(),
            as_chef: false,
        };
        let errors = form.validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "display_name"]);
    }

    #[test]
    fn signing_up_to_cook_starts_a_chef_account() {
        let form = SignupForm {
            email: "ana@example.com".into(),
            password: "saffron-risotto-42".into(),
            display_name: "Ana".into(),
            as_chef: true,
        };
        assert_eq!(form.validate().unwrap().role, Role::Chef);
        let customer = SignupForm {
            as_chef: false,
            ..form
        };
        assert_eq!(customer.validate().unwrap().role, Role::Customer);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::Customer, Role::Chef, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
