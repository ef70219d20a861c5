//! What a notification says. Stored with the event that causes it; shown in the feed and
//! pushed live to the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationContent {
    pub title: String,
    pub body: String,
    /// Where clicking it leads, e.g. `/kitchen`.
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// A stable code such as `welcome`; preferences are set per kind.
    pub kind: String,
    #[serde(flatten)]
    pub content: NotificationContent,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The first notification of every account.
pub fn welcome(display_name: &str, is_chef: bool) -> NotificationContent {
    if is_chef {
        NotificationContent {
            title: format!("Welcome to Chef Galaxy, {display_name}!"),
            body: "Set up your kitchen: profile, photos, dishes and the days you cook.".into(),
            link: Some("/kitchen".into()),
        }
    } else {
        NotificationContent {
            title: format!("Welcome to Chef Galaxy, {display_name}!"),
            body: "Find a private chef near you for your next celebration.".into(),
            link: Some("/chefs".into()),
        }
    }
}
