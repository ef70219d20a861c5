//! What admins see of the machinery and the people: jobs that gave up, the email outbox,
//! accounts with their roles and suspensions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A job that used all its attempts; an admin can give it a fresh set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadJob {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub failed_at: DateTime<Utc>,
}

/// An email the site sent or is about to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxEmail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// `smtp` (handed to the mail server) or `outbox` (kept here, no server configured);
    /// absent while waiting to be sent.
    pub via: Option<String>,
}

/// An account as the admins' people list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: crate::account::Role,
    pub created_at: DateTime<Utc>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub suspension_reason: Option<String>,
}

/// Why an admin suspends an account: kept with it, for the next admin who looks.
pub fn validate_suspension_reason(reason: &str) -> Result<String, crate::FieldError> {
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(crate::FieldError::new(
            "reason",
            "Say why the account is suspended.",
        ));
    }
    Ok(reason.chars().take(1_000).collect())
}
