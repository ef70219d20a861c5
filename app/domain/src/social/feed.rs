//! The "For you" formula, published: every post's score is the sum of a few named terms a
//! person can read under "Why am I seeing this?", divided by its age, in the spirit of Lemmy's
//! hot rank (log-scaled activity over a power of the age). People turn the weights in their
//! feed settings; a weight of 0 removes its term. `/feed/how-it-works` prints these constants.
//!
//! ```text
//! score = (1 + wp·popularity + wf·following + wn·nearby + wc·cuisines) / (age_hours + 2)^(GRAVITY·wr)
//! popularity = log10(1 + likes + 2·comments)
//! following  = 1 when you follow the author (or it is yours), else 0
//! nearby     = 1 − distance/NEARBY_KM for a chef's post within NEARBY_KM of you, else 0
//! cuisines   = the share of your likes (last 30 days) that went to posts with one of its tags
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// How fast age pulls a post down: the exponent of `age_hours + 2` at a recency weight of 1.
pub const GRAVITY: f64 = 1.5;
/// Hours added to a post's age, so a brand-new post's score stays finite and comparable.
pub const AGE_OFFSET_HOURS: f64 = 2.0;
/// A comment counts as much as this many likes: it takes more than a tap.
pub const COMMENT_WEIGHT: f64 = 2.0;
/// Chefs within this distance of you count as nearby, the closer the more.
pub const NEARBY_KM: f64 = 50.0;
/// How far back "your cuisines" looks at your likes.
pub const CUISINE_WINDOW_DAYS: i64 = 30;
/// Posts older than this are not ranked in For you (they stay on profiles and tag pages).
pub const FOR_YOU_WINDOW_DAYS: i64 = 14;
/// Each weight is between 0 (the term is off) and this.
pub const MAX_WEIGHT: f64 = 3.0;

/// A person's feed settings: how much each term counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedWeights {
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3))]
    pub recency: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3))]
    pub popularity: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3))]
    pub following: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3))]
    pub nearby: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3))]
    pub cuisines: f64,
}

impl Default for FeedWeights {
    fn default() -> Self {
        Self {
            recency: 1.0,
            popularity: 1.0,
            following: 1.0,
            nearby: 1.0,
            cuisines: 1.0,
        }
    }
}

impl FeedWeights {
    /// Checks each weight is a number from 0 to [`MAX_WEIGHT`]; names the first that is not.
    pub fn checked(self) -> Result<Self, FieldError> {
        for (field, value) in [
            ("recency", self.recency),
            ("popularity", self.popularity),
            ("following", self.following),
            ("nearby", self.nearby),
            ("cuisines", self.cuisines),
        ] {
            if !(0.0..=MAX_WEIGHT).contains(&value) {
                return Err(FieldError::new(
                    field,
                    format!("A weight is between 0 (off) and {MAX_WEIGHT}."),
                ));
            }
        }
        Ok(self)
    }
}

/// What the formula knows of one post, as seen by one reader.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PostSignals {
    pub age_hours: f64,
    pub likes: u32,
    pub comments: u32,
    /// The reader follows the author, or wrote the post.
    pub following: bool,
    /// How far the post's chef (its author, or the chef of its dish or event) is from the reader.
    pub chef_distance_km: Option<f64>,
    /// The share, 0 to 1, of the reader's recent likes that went to posts sharing a tag with it.
    pub cuisine_affinity: f64,
}

/// One term of a score, as "Why am I seeing this?" lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreTerm {
    /// `recency`, `popularity`, `following`, `nearby` or `cuisines`.
    pub name: String,
    /// What the term measured, in words ("12 likes and 3 comments").
    pub reason: String,
    /// The term's value before its weight.
    pub value: f64,
    pub weight: f64,
}

/// A post's score for one reader, with the terms it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedScore {
    pub score: f64,
    pub terms: Vec<ScoreTerm>,
}

pub fn popularity(likes: u32, comments: u32) -> f64 {
    (1.0 + f64::from(likes) + COMMENT_WEIGHT * f64::from(comments)).log10()
}

pub fn nearby(distance_km: Option<f64>) -> f64 {
    distance_km.map_or(0.0, |km| (1.0 - km.max(0.0) / NEARBY_KM).max(0.0))
}

/// The divisor age puts under a score: `(age_hours + 2)^(GRAVITY·weight)`.
pub fn age_divisor(age_hours: f64, recency_weight: f64) -> f64 {
    (age_hours.max(0.0) + AGE_OFFSET_HOURS).powf(GRAVITY * recency_weight)
}

pub fn for_you_score(post: &PostSignals, weights: &FeedWeights) -> FeedScore {
    let popularity_value = popularity(post.likes, post.comments);
    let following_value = if post.following { 1.0 } else { 0.0 };
    let nearby_value = nearby(post.chef_distance_km);
    let cuisine_value = post.cuisine_affinity.clamp(0.0, 1.0);
    let boosts = 1.0
        + weights.popularity * popularity_value
        + weights.following * following_value
        + weights.nearby * nearby_value
        + weights.cuisines * cuisine_value;
    let divisor = age_divisor(post.age_hours, weights.recency);
    let terms = vec![
        ScoreTerm {
            name: "recency".into(),
            reason: format!("posted {}", age_words(post.age_hours)),
            value: 1.0 / divisor,
            weight: weights.recency,
        },
        ScoreTerm {
            name: "popularity".into(),
            reason: format!(
                "{} and {}",
                crate::words::plural(post.likes as usize, "like", "likes"),
                crate::words::plural(post.comments as usize, "comment", "comments")
            ),
            value: popularity_value,
            weight: weights.popularity,
        },
        ScoreTerm {
            name: "following".into(),
            reason: if post.following {
                "you follow the author".into()
            } else {
                "you do not follow the author".into()
            },
            value: following_value,
            weight: weights.following,
        },
        ScoreTerm {
            name: "nearby".into(),
            reason: match post.chef_distance_km {
                Some(km) => format!("a chef {km:.0} km from you"),
                None => "no chef near you".into(),
            },
            value: nearby_value,
            weight: weights.nearby,
        },
        ScoreTerm {
            name: "cuisines".into(),
            reason: format!(
                "{:.0} % of your recent likes share a tag with it",
                cuisine_value * 100.0
            ),
            value: cuisine_value,
            weight: weights.cuisines,
        },
    ];
    FeedScore {
        score: boosts / divisor,
        terms,
    }
}

fn age_words(hours: f64) -> String {
    let hours = hours.max(0.0);
    if hours < 1.0 {
        "less than an hour ago".into()
    } else if hours < 48.0 {
        format!(
            "{} ago",
            crate::words::plural(hours as usize, "hour", "hours")
        )
    } else {
        format!(
            "{} ago",
            crate::words::plural((hours / 24.0) as usize, "day", "days")
        )
    }
}

/// Which feed a reader asks for: the people they follow, newest first; the ranked For you;
/// or posts linked to chefs who work near the reader's city, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedKind {
    Following,
    #[default]
    ForYou,
    Nearby,
}

/// A post in a feed, with its score and the terms behind it (For you only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedItem {
    pub post: super::posts::Post,
    pub score: Option<f64>,
    /// "Why am I seeing this?": the formula's terms for this post and reader.
    pub why: Option<FeedScore>,
}

impl FeedItem {
    /// A post in a feed that is not ranked (newest first): no score to explain.
    pub fn unranked(post: super::posts::Post) -> Self {
        Self {
            post,
            score: None,
            why: None,
        }
    }
}

/// One page of a feed; `next_cursor` asks for the page after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    pub next_cursor: Option<String>,
}

/// Where the next page of a feed starts: after the last post shown. For you also keeps the
/// instant its first page was ranked at, so every page ranks by the same clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FeedCursor {
    Following {
        created_at: DateTime<Utc>,
        id: i64,
    },
    ForYou {
        as_of: DateTime<Utc>,
        score: f64,
        id: i64,
    },
    /// Nearby posts come from the search index newest first, so the last id is enough.
    Nearby {
        id: i64,
    },
}

impl FeedCursor {
    /// A short opaque string: `f.{micros}.{id}`, `y.{micros}.{score bits}.{id}` or `n.{id}`.
    pub fn encode(&self) -> String {
        match self {
            FeedCursor::Following { created_at, id } => {
                format!("f.{}.{id}", created_at.timestamp_micros())
            }
            FeedCursor::ForYou { as_of, score, id } => {
                format!("y.{}.{:x}.{id}", as_of.timestamp_micros(), score.to_bits())
            }
            FeedCursor::Nearby { id } => format!("n.{id}"),
        }
    }

    pub fn parse(cursor: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                "cursor",
                "This cursor is not one we gave out; start again from the first page.",
            )
        };
        let parts: Vec<&str> = cursor.split('.').collect();
        let micros = |text: &str| {
            text.parse::<i64>()
                .ok()
                .and_then(DateTime::from_timestamp_micros)
                .ok_or_else(invalid)
        };
        let id = |text: &str| text.parse::<i64>().map_err(|_| invalid());
        match parts.as_slice() {
            ["f", at, last] => Ok(FeedCursor::Following {
                created_at: micros(at)?,
                id: id(last)?,
            }),
            ["n", last] => Ok(FeedCursor::Nearby { id: id(last)? }),
            ["y", at, bits, last] => {
                let score = u64::from_str_radix(bits, 16)
                    .map(f64::from_bits)
                    .ok()
                    .filter(|score| score.is_finite())
                    .ok_or_else(invalid)?;
                Ok(FeedCursor::ForYou {
                    as_of: micros(at)?,
                    score,
                    id: id(last)?,
                })
            }
            _ => Err(invalid()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn post() -> PostSignals {
        PostSignals {
            age_hours: 5.0,
            likes: 10,
            comments: 2,
            following: true,
            chef_distance_km: Some(10.0),
            cuisine_affinity: 0.4,
        }
    }

    fn weights() -> impl Strategy<Value = FeedWeights> {
        (
            0.0..=MAX_WEIGHT,
            0.0..=MAX_WEIGHT,
            0.0..=MAX_WEIGHT,
            0.0..=MAX_WEIGHT,
            0.0..=MAX_WEIGHT,
        )
            .prop_map(
                |(recency, popularity, following, nearby, cuisines)| FeedWeights {
                    recency,
                    popularity,
                    following,
                    nearby,
                    cuisines,
                },
            )
    }

    fn signals() -> impl Strategy<Value = PostSignals> {
        (
            0.0..10_000.0f64,
            0..100_000u32,
            0..10_000u32,
            any::<bool>(),
            proptest::option::of(0.0..500.0f64),
            0.0..=1.0f64,
        )
            .prop_map(
                |(age_hours, likes, comments, following, chef_distance_km, cuisine_affinity)| {
                    PostSignals {
                        age_hours,
                        likes,
                        comments,
                        following,
                        chef_distance_km,
                        cuisine_affinity,
                    }
                },
            )
    }

    fn score(post: &PostSignals, weights: &FeedWeights) -> f64 {
        for_you_score(post, weights).score
    }

    proptest! {
        #[test]
        fn one_more_like_never_lowers_a_score(post in signals(), weights in weights()) {
            let liked = PostSignals { likes: post.likes + 1, ..post };
            prop_assert!(score(&liked, &weights) >= score(&post, &weights));
            // A weight too small to move a float is off in practice.
            if weights.popularity >= 0.01 {
                prop_assert!(score(&liked, &weights) > score(&post, &weights));
            }
        }

        #[test]
        fn an_older_post_never_scores_higher(post in signals(), weights in weights(), hours in 0.1..1_000.0f64) {
            let older = PostSignals { age_hours: post.age_hours + hours, ..post };
            prop_assert!(score(&older, &weights) <= score(&post, &weights));
            if weights.recency >= 0.01 {
                prop_assert!(score(&older, &weights) < score(&post, &weights));
            }
        }

        #[test]
        fn a_weight_of_zero_removes_its_term(post in signals(), weights in weights(), other in signals()) {
            let off = |w: FeedWeights| w;
            let cases: [(FeedWeights, PostSignals); 5] = [
                (off(FeedWeights { recency: 0.0, ..weights }), PostSignals { age_hours: other.age_hours, ..post }),
                (off(FeedWeights { popularity: 0.0, ..weights }), PostSignals { likes: other.likes, comments: other.comments, ..post }),
                (off(FeedWeights { following: 0.0, ..weights }), PostSignals { following: other.following, ..post }),
                (off(FeedWeights { nearby: 0.0, ..weights }), PostSignals { chef_distance_km: other.chef_distance_km, ..post }),
                (off(FeedWeights { cuisines: 0.0, ..weights }), PostSignals { cuisine_affinity: other.cuisine_affinity, ..post }),
            ];
            for (weights, changed) in cases {
                let before = score(&post, &weights);
                let after = score(&changed, &weights);
                prop_assert!((before - after).abs() <= 1e-12 * before.abs().max(1.0));
            }
        }

        #[test]
        fn every_score_is_a_positive_finite_number(post in signals(), weights in weights()) {
            let value = score(&post, &weights);
            prop_assert!(value.is_finite() && value > 0.0);
        }
    }

    #[test]
    fn the_explanation_lists_every_term_with_its_value_and_weight() {
        let explained = for_you_score(&post(), &FeedWeights::default());
        let names: Vec<&str> = explained.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["recency", "popularity", "following", "nearby", "cuisines"]
        );
        let popularity = &explained.terms[1];
        assert_eq!(popularity.reason, "10 likes and 2 comments");
        assert!((popularity.value - 15f64.log10()).abs() < 1e-12);
        assert_eq!(explained.terms[3].reason, "a chef 10 km from you");
        assert!((explained.terms[3].value - 0.8).abs() < 1e-12);
    }

    #[test]
    fn the_score_is_the_published_formula() {
        let p = post();
        let expected = (1.0 + 15f64.log10() + 1.0 + 0.8 + 0.4) / 7f64.powf(1.5);
        assert!((score(&p, &FeedWeights::default()) - expected).abs() < 1e-12);
    }

    #[test]
    fn a_nearby_chef_counts_more_the_closer_and_not_at_all_past_the_radius() {
        assert_eq!(nearby(Some(0.0)), 1.0);
        assert!(nearby(Some(10.0)) > nearby(Some(40.0)));
        assert_eq!(nearby(Some(NEARBY_KM + 1.0)), 0.0);
        assert_eq!(nearby(None), 0.0);
    }

    #[test]
    fn weights_outside_zero_to_three_are_refused_by_name() {
        let error = FeedWeights {
            nearby: 3.5,
            ..FeedWeights::default()
        }
        .checked()
        .unwrap_err();
        assert_eq!(error.field, "nearby");
        assert!(FeedWeights {
            popularity: f64::NAN,
            ..FeedWeights::default()
        }
        .checked()
        .is_err());
    }

    #[test]
    fn a_cursor_reads_back_as_it_was_written() {
        let at = DateTime::from_timestamp_micros(1_780_000_000_123_456).unwrap();
        for cursor in [
            FeedCursor::Following {
                created_at: at,
                id: 42,
            },
            FeedCursor::ForYou {
                as_of: at,
                score: 0.012_345_678_9,
                id: 7,
            },
            FeedCursor::Nearby { id: 9 },
        ] {
            assert_eq!(FeedCursor::parse(&cursor.encode()).unwrap(), cursor);
        }
    }

    #[test]
    fn a_cursor_we_did_not_write_is_refused_by_name() {
        for bad in [
            "",
            "f.1",
            "x.1.2",
            "y.1.zz.3",
            "f.abc.1",
            "y.1.7ff8000000000000.3",
            "n.",
            "n.1.2",
        ] {
            assert_eq!(FeedCursor::parse(bad).unwrap_err().field, "cursor", "{bad}");
        }
    }
}
