//! Reviews after an event: both sides rate food, communication, punctuality and value from 1
//! to 5 and write a few words. Double-blind: neither sees the other's review until both have
//! written theirs or the window closes, so nobody answers a bad review with another.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// After this long, a review is shown even if the other side never wrote theirs.
pub const BLIND_WINDOW: Duration = Duration::days(14);
pub const MIN_TEXT_CHARS: usize = 10;
pub const MAX_TEXT_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewForm {
    /// Stars, 1 to 5, as each of the four below.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub food: u8,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub communication: u8,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub punctuality: u8,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub value: u8,
    /// 10 to 2,000 characters besides spaces at either end.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "\\S[\\s\\S]{8,}\\S", max_length = 2000)
    )]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidReview {
    pub food: u8,
    pub communication: u8,
    pub punctuality: u8,
    pub value: u8,
    pub text: String,
}

impl ValidReview {
    /// The four stars averaged, to one decimal.
    pub fn overall(&self) -> f64 {
        let sum = u32::from(self.food)
            + u32::from(self.communication)
            + u32::from(self.punctuality)
            + u32::from(self.value);
        (f64::from(sum) / 4.0 * 10.0).round() / 10.0
    }
}

impl ReviewForm {
    pub fn validate(&self) -> Result<ValidReview, Vec<FieldError>> {
        let mut problems = Vec::new();
        for (field, stars) in [
            ("food", self.food),
            ("communication", self.communication),
            ("punctuality", self.punctuality),
            ("value", self.value),
        ] {
            if !(1..=5).contains(&stars) {
                problems.push(FieldError::new(field, "Give 1 to 5 stars."));
            }
        }
        let text = self.text.trim();
        let length = text.chars().count();
        if !(MIN_TEXT_CHARS..=MAX_TEXT_CHARS).contains(&length) {
            problems.push(FieldError::new(
                "text",
                format!("Write {MIN_TEXT_CHARS} to {MAX_TEXT_CHARS} characters."),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ValidReview {
            food: self.food,
            communication: self.communication,
            punctuality: self.punctuality,
            value: self.value,
            text: text.to_owned(),
        })
    }
}

/// A review as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    pub author_id: i64,
    pub author_name: String,
    pub food: u8,
    pub communication: u8,
    pub punctuality: u8,
    pub value: u8,
    pub overall: f64,
    pub text: String,
    pub written_at: DateTime<Utc>,
}

/// A booking's two reviews as one side sees them: their own, and the other side's once the
/// blind period is over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingReviews {
    pub mine: Option<ReviewView>,
    pub theirs: Option<ReviewView>,
    /// The other side wrote a review that stays hidden until you write yours (or 14 days
    /// after the event).
    pub theirs_hidden: bool,
    /// Whether the viewer may write their review now.
    pub may_review: bool,
}

/// Whether the reviews of an event completed at `completed_at` are shown at `now`.
pub fn reviews_visible(
    both_written: bool,
    completed_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    both_written || now >= completed_at + BLIND_WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn review() -> ReviewForm {
        ReviewForm {
            food: 5,
            communication: 4,
            punctuality: 5,
            value: 4,
            text: "  The cataplana was perfect.  ".into(),
        }
    }

    #[test]
    fn a_review_is_trimmed_and_averaged() {
        let valid = review().validate().unwrap();
        assert_eq!(valid.text, "The cataplana was perfect.");
        assert_eq!(valid.overall(), 4.5);
    }

    #[test]
    fn stars_outside_one_to_five_and_empty_words_are_refused() {
        let bad = ReviewForm {
            food: 0,
            value: 6,
            text: "ok".into(),
            ..review()
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["food", "value", "text"]);
    }

    #[test]
    fn reviews_stay_hidden_until_both_are_written_or_two_weeks_pass() {
        let done = Utc.with_ymd_and_hms(2027, 6, 13, 0, 0, 0).unwrap();
        assert!(!reviews_visible(false, done, done + Duration::days(13)));
        assert!(reviews_visible(true, done, done + Duration::hours(1)));
        assert!(reviews_visible(false, done, done + Duration::days(14)));
    }
}
