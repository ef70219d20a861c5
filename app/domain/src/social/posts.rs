//! A post as every page and the API show it, and the rules of changing one.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A post can be edited for this long after it was written (its earlier words are kept).
pub const EDIT_WINDOW_HOURS: i64 = 24;
/// Longest alt text of a post photo.
pub const MAX_ALT_CHARS: usize = 300;

/// Who wrote something, as a post or comment names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub is_chef: bool,
    /// The chef's portrait thumbnail, for chefs who have one.
    pub photo_url: Option<String>,
}

/// A photo shown with a post or a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostPhoto {
    pub url: String,
    pub thumbnail_url: String,
    /// What the photo shows, for people who cannot see it.
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// A person's page (`/u/{handle}`): who they are and how connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub person: PersonRef,
    pub bio: String,
    pub followers: u64,
    pub following: u64,
    /// Whether the reader follows them (false for visitors and on one's own page).
    pub followed_by_you: bool,
    /// For chefs: their rank tier, and their chef page is `/chefs/{id}`.
    pub chef_tier: Option<crate::rank::Tier>,
}

/// One of the author's own dishes, linked from their post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishRef {
    pub id: i64,
    pub chef_id: i64,
    pub name: String,
}

/// "From a real event": a completed booking both its customer and its chef agreed to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRef {
    pub booking_id: i64,
    pub chef_id: i64,
    pub chef_name: String,
    /// The occasion's words ("Birthday") and the event's local date, e.g. "Birthday, 12 May 2026".
    pub summary: String,
}

/// Whether a booking may appear on posts as "from a real event": it must have taken place,
/// and both its customer and its chef must agree (either may withdraw at any time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSharing {
    pub booking_id: i64,
    /// Whether the event has taken place (completed, or paid out).
    pub took_place: bool,
    pub you_agreed: bool,
    /// Whether the other side (the chef for a customer, the customer for a chef) agreed.
    pub other_agreed: bool,
}

impl EventSharing {
    /// Both sides agreed: the event can be linked from either side's posts.
    pub fn shown(&self) -> bool {
        self.took_place && self.you_agreed && self.other_agreed
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Post {
    pub id: i64,
    pub author: PersonRef,
    /// The Markdown as written.
    pub text: String,
    /// The text rendered and cleaned by the server: safe to insert as HTML.
    pub html: String,
    pub photos: Vec<PostPhoto>,
    pub tags: Vec<String>,
    pub dish: Option<DishRef>,
    pub from_event: Option<EventRef>,
    pub like_count: u32,
    pub comment_count: u32,
    /// Whether the person reading liked or saved it (false for visitors).
    pub liked: bool,
    pub saved: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// A comment as a post's page shows it; first-level comments carry their replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub parent_id: Option<i64>,
    pub author: PersonRef,
    pub text: String,
    pub html: String,
    pub like_count: u32,
    pub liked: bool,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub replies: Vec<Comment>,
}

impl Post {
    pub fn edit_closes_at(&self) -> DateTime<Utc> {
        edit_closes_at(self.created_at)
    }
}

pub fn edit_closes_at(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + Duration::hours(EDIT_WINDOW_HOURS)
}

/// Refuses an edit once the window has closed, saying since when.
pub fn check_edit_window(created_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldError> {
    if now <= edit_closes_at(created_at) {
        Ok(())
    } else {
        Err(FieldError::new(
            "text",
            format!("A post can be edited for {EDIT_WINDOW_HOURS} hours after it is written; delete it and write a new one instead."),
        ))
    }
}

/// A photo's alt text: trimmed, at most [`MAX_ALT_CHARS`].
pub fn alt_text(input: &str) -> Result<String, FieldError> {
    let alt = input.trim();
    if alt.chars().count() > MAX_ALT_CHARS {
        return Err(FieldError::new(
            "alt",
            format!("A photo's description is at most {MAX_ALT_CHARS} characters."),
        ));
    }
    Ok(alt.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_post_can_be_edited_for_a_day_and_not_after() {
        let written = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        assert!(check_edit_window(written, written + Duration::hours(24)).is_ok());
        let late = check_edit_window(
            written,
            written + Duration::hours(24) + Duration::seconds(1),
        );
        assert_eq!(late.unwrap_err().field, "text");
    }

    #[test]
    fn alt_text_is_trimmed_and_limited() {
        assert_eq!(alt_text("  a bowl of ramen ").unwrap(), "a bowl of ramen");
        assert_eq!(
            alt_text(&"x".repeat(MAX_ALT_CHARS + 1)).unwrap_err().field,
            "alt"
        );
    }
}
