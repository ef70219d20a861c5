//! What admins see of the machinery: jobs that gave up, and the email outbox.

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
