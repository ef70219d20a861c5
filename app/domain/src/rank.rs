//! The chef rank: a published, explainable score from 0 to 100. Each component turns one
//! kind of evidence into points, up to its weight; the weights, curves and tier thresholds
//! are all in this file, and the rank page prints them from here. Every curve only rises
//! with good evidence and only falls with bad, so a chef can always see what would help.

use serde::{Deserialize, Serialize};

use std::cmp::Ordering;

use crate::chef_profile::{EducationLevel, Proficiency};
use crate::words::plural;

/// Points each component can give; they sum to 100.
pub const WEIGHTS: [(Component, f64); 6] = [
    (Component::Feedback, 30.0),
    (Component::Reliability, 20.0),
    (Component::Experience, 15.0),
    (Component::Activity, 15.0),
    (Component::Education, 10.0),
    (Component::Languages, 10.0),
];

/// Ratings are averaged with this many imaginary reviews at [`PRIOR_RATING`], so a few
/// perfect reviews count for less than many very good ones.
pub const PRIOR_REVIEWS: f64 = 10.0;
pub const PRIOR_RATING: f64 = 3.5;
/// Years at which experience gives about 63% of its points (1 − 1/e).
pub const EXPERIENCE_SCALE_YEARS: f64 = 8.0;
/// Activity fades with this time constant: an event 90 days old counts 37% as much.
pub const ACTIVITY_DECAY_DAYS: f64 = 90.0;
/// How much each kind of activity counts before fading.
pub const BOOKING_ACTIVITY: f64 = 1.0;
pub const ANSWER_ACTIVITY: f64 = 0.5;
pub const POST_ACTIVITY: f64 = 0.25;
/// Fresh activity (in booking equivalents) at which activity gives about 63% of its points.
pub const ACTIVITY_SCALE: f64 = 5.0;
/// Language ability summed over languages at which languages give full points.
pub const FULL_LANGUAGES: f64 = 3.0;
/// Answering requests within this many hours gives full response points; by the last, none.
pub const FAST_RESPONSE_HOURS: f64 = 2.0;
pub const SLOW_RESPONSE_HOURS: f64 = 48.0;

/// Tiers by score, highest first.
pub const TIERS: [(Tier, f64); 4] = [
    (Tier::TopRated, 80.0),
    (Tier::Pro, 60.0),
    (Tier::Rising, 40.0),
    (Tier::New, 0.0),
];

vocabulary! {
    /// One kind of evidence the rank weighs.
    Component {
        Feedback => "feedback", "Feedback";
        Reliability => "reliability", "Reliability";
        Experience => "experience", "Experience";
        Activity => "activity", "Activity";
        Education => "education", "Education";
        Languages => "languages", "Languages";
    }
}

vocabulary! {
    /// A chef's standing, as a badge says it.
    Tier {
        New => "new", "New";
        Rising => "rising", "Rising";
        Pro => "pro", "Pro";
        TopRated => "top_rated", "Top Rated";
    }
}

/// Everything the rank is computed from, as of one moment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RankInputs {
    /// The highest level of culinary education.
    pub education: Option<EducationLevel>,
    pub years_experience: u8,
    pub languages: Vec<Proficiency>,
    /// Overall ratings (1 to 5) from customers' reviews.
    pub ratings: Vec<f64>,
    /// Ages in days of the chef's completed bookings, answers and posts.
    pub bookings_days_ago: Vec<u32>,
    pub answers_days_ago: Vec<u32>,
    pub posts_days_ago: Vec<u32>,
    pub completed_bookings: u32,
    pub chef_cancellations: u32,
    /// Median hours from a request to the chef's answer; None before the first request.
    pub median_response_hours: Option<f64>,
    pub disputes_lost: u32,
}

/// One component's share of the score, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankComponent {
    pub component: Component,
    /// The component's code, e.g. `feedback`.
    pub name: String,
    pub label: String,
    /// The inputs in words, e.g. "12 reviews averaging 4.8".
    pub input_summary: String,
    pub points: f64,
    pub max_points: f64,
}

/// A chef's rank: the score, its tier, every component's points and what would raise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rank {
    /// 0 to 100, to one decimal.
    pub score: f64,
    pub tier: Tier,
    pub components: Vec<RankComponent>,
    /// The weakest components' advice, most points to gain first.
    pub tips: Vec<String>,
}

fn weight(component: Component) -> f64 {
    WEIGHTS
        .iter()
        .find(|(c, _)| *c == component)
        .map_or(0.0, |(_, w)| *w)
}

/// The ratings' average pulled towards the prior: what the feedback component believes.
pub fn bayesian_rating(ratings: &[f64]) -> f64 {
    let sum: f64 = ratings.iter().map(|r| r.clamp(1.0, 5.0)).sum();
    (PRIOR_REVIEWS * PRIOR_RATING + sum) / (PRIOR_REVIEWS + ratings.len() as f64)
}

fn education_share(level: Option<EducationLevel>) -> f64 {
    match level {
        None | Some(EducationLevel::None) => 0.0,
        Some(EducationLevel::Certificate) => 0.4,
        Some(EducationLevel::Diploma) => 0.7,
        Some(EducationLevel::Degree) => 0.9,
        Some(EducationLevel::Master) => 1.0,
    }
}

fn proficiency_share(level: Proficiency) -> f64 {
    match level {
        Proficiency::A1 => 0.1,
        Proficiency::A2 => 0.2,
        Proficiency::B1 => 0.4,
        Proficiency::B2 => 0.6,
        Proficiency::C1 => 0.8,
        Proficiency::C2 => 0.9,
        Proficiency::Native => 1.0,
    }
}

fn faded(ages: &[u32], worth: f64) -> f64 {
    ages.iter()
        .map(|age| worth * (-f64::from(*age) / ACTIVITY_DECAY_DAYS).exp())
        .sum()
}

/// The share of reliability points: mostly finishing what was accepted, then answering
/// quickly, then not losing disputes.
fn reliability_share(inputs: &RankInputs) -> f64 {
    // One imaginary completed booking, so a first cancellation is not a total collapse.
    let completed = f64::from(inputs.completed_bookings) + 1.0;
    let completion = completed / (completed + f64::from(inputs.chef_cancellations));
    let response = match inputs.median_response_hours {
        None => 0.5,
        Some(hours) => {
            let span = SLOW_RESPONSE_HOURS - FAST_RESPONSE_HOURS;
            (1.0 - (hours.max(FAST_RESPONSE_HOURS) - FAST_RESPONSE_HOURS) / span).clamp(0.0, 1.0)
        }
    };
    let disputes = 1.0 / (1.0 + f64::from(inputs.disputes_lost));
    0.6 * completion + 0.25 * response + 0.15 * disputes
}

fn component(inputs: &RankInputs, which: Component) -> RankComponent {
    let (share, input_summary) = match which {
        Component::Feedback => {
            let bayes = bayesian_rating(&inputs.ratings);
            let summary = if inputs.ratings.is_empty() {
                format!("no reviews yet (counted as {PRIOR_RATING:.1})")
            } else {
                let mean = inputs.ratings.iter().sum::<f64>() / inputs.ratings.len() as f64;
                format!(
                    "{} averaging {mean:.2}, weighted {bayes:.2}",
                    plural(inputs.ratings.len(), "review", "reviews")
                )
            };
            ((bayes - 1.0) / 4.0, summary)
        }
        Component::Reliability => (
            reliability_share(inputs),
            format!(
                "{} completed, {} cancelled by the chef, {}, {} lost",
                inputs.completed_bookings,
                inputs.chef_cancellations,
                match inputs.median_response_hours {
                    Some(hours) => format!("answers in {hours:.0} h"),
                    None => "no requests answered yet".to_owned(),
                },
                plural(inputs.disputes_lost as usize, "dispute", "disputes"),
            ),
        ),
        Component::Experience => (
            1.0 - (-f64::from(inputs.years_experience) / EXPERIENCE_SCALE_YEARS).exp(),
            plural(usize::from(inputs.years_experience), "year", "years"),
        ),
        Component::Activity => {
            let fresh = faded(&inputs.bookings_days_ago, BOOKING_ACTIVITY)
                + faded(&inputs.answers_days_ago, ANSWER_ACTIVITY)
                + faded(&inputs.posts_days_ago, POST_ACTIVITY);
            (
                1.0 - (-fresh / ACTIVITY_SCALE).exp(),
                format!(
                    "{}, {}, {} (recent ones count most)",
                    plural(inputs.bookings_days_ago.len(), "booking", "bookings"),
                    plural(inputs.answers_days_ago.len(), "answer", "answers"),
                    plural(inputs.posts_days_ago.len(), "post", "posts"),
                ),
            )
        }
        Component::Education => (
            education_share(inputs.education),
            match inputs.education {
                None | Some(EducationLevel::None) => "none listed".to_owned(),
                Some(level) => format!("{level:?}").to_lowercase(),
            },
        ),
        Component::Languages => {
            let total: f64 = inputs.languages.iter().map(|l| proficiency_share(*l)).sum();
            (
                (total / FULL_LANGUAGES).min(1.0),
                plural(inputs.languages.len(), "language", "languages"),
            )
        }
    };
    let max_points = weight(which);
    RankComponent {
        component: which,
        name: which.code().to_owned(),
        label: which.label().to_owned(),
        input_summary,
        points: round1(max_points * share.clamp(0.0, 1.0)),
        max_points,
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn tip(which: Component) -> &'static str {
    match which {
        Component::Feedback => "Ask happy customers to leave a review after each event.",
        Component::Reliability => {
            "Answer requests within two hours and keep every booking you accept."
        }
        Component::Experience => "Add all your professional years to your profile.",
        Component::Activity => "Stay active: take bookings, answer food questions, share posts.",
        Component::Education => "List your culinary school or certificates on your profile.",
        Component::Languages => "Add the languages you can work in, with your level.",
    }
}

pub fn tier_for(score: f64) -> Tier {
    TIERS
        .iter()
        .find(|(_, from)| score >= *from)
        .map_or(Tier::New, |(tier, _)| *tier)
}

/// The rank for `inputs`. Pure: the same inputs always give the same rank.
pub fn rank(inputs: &RankInputs) -> Rank {
    let components: Vec<RankComponent> = WEIGHTS
        .iter()
        .map(|(which, _)| component(inputs, *which))
        .collect();
    let score = round1(components.iter().map(|c| c.points).sum::<f64>()).clamp(0.0, 100.0);
    let mut gaps: Vec<(f64, Component)> = components
        .iter()
        .map(|c| (c.max_points - c.points, c.component))
        .filter(|(gap, _)| *gap >= 1.0)
        .collect();
    // Most to gain first; equal gaps in the order of the weights.
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
    Rank {
        score,
        tier: tier_for(score),
        tips: gaps
            .iter()
            .take(3)
            .map(|(_, c)| tip(*c).to_owned())
            .collect(),
        components,
    }
}

/// The order of chefs by rank: higher score first, then more completed bookings, then
/// the older account (lower id), so equal scores always sort the same way.
pub fn by_rank(a: (f64, u32, i64), b: (f64, u32, i64)) -> Ordering {
    b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn points(rank: &Rank, which: Component) -> f64 {
        rank.components
            .iter()
            .find(|c| c.component == which)
            .unwrap()
            .points
    }

    #[test]
    fn the_weights_sum_to_one_hundred_and_tiers_start_at_zero() {
        assert_eq!(WEIGHTS.iter().map(|(_, w)| w).sum::<f64>(), 100.0);
        assert_eq!(TIERS.last().unwrap().1, 0.0);
    }

    #[test]
    fn three_perfect_reviews_do_not_beat_fifty_very_good_ones() {
        assert!(bayesian_rating(&[5.0; 3]) < bayesian_rating(&[4.8; 50]));
    }

    #[test]
    fn a_new_chef_is_new_and_told_what_would_help_most() {
        let rank = rank(&RankInputs::default());
        assert_eq!(rank.tier, Tier::New);
        assert_eq!(rank.tips.len(), 3);
        assert_eq!(rank.tips[0], tip(Component::Experience), "{rank:?}");
        assert_eq!(
            rank.components
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            [
                "feedback",
                "reliability",
                "experience",
                "activity",
                "education",
                "languages"
            ]
        );
    }

    #[test]
    fn a_seasoned_busy_well_reviewed_chef_is_top_rated() {
        let inputs = RankInputs {
            education: Some(EducationLevel::Degree),
            years_experience: 18,
            languages: vec![Proficiency::Native, Proficiency::C1, Proficiency::B2],
            ratings: vec![4.9; 60],
            bookings_days_ago: (0..40).map(|d| d * 5).collect(),
            answers_days_ago: vec![3, 10, 20],
            posts_days_ago: vec![1],
            completed_bookings: 60,
            chef_cancellations: 0,
            median_response_hours: Some(1.0),
            disputes_lost: 0,
        };
        let ranked = rank(&inputs);
        assert_eq!(ranked.tier, Tier::TopRated, "{ranked:?}");
        let sum: f64 = ranked.components.iter().map(|c| c.points).sum();
        assert!((ranked.score - round1(sum)).abs() < 1e-9);
    }

    #[test]
    fn equal_scores_sort_by_completed_bookings_then_the_older_account() {
        let mut chefs = [(70.0, 3, 9), (70.0, 5, 12), (71.0, 0, 30), (70.0, 5, 4)];
        chefs.sort_by(|a, b| by_rank(*a, *b));
        assert_eq!(chefs.map(|c| c.2), [30, 4, 12, 9]);
    }

    fn inputs() -> impl Strategy<Value = RankInputs> {
        (
            prop::option::of(prop::sample::select(vec![
                EducationLevel::None,
                EducationLevel::Certificate,
                EducationLevel::Diploma,
                EducationLevel::Degree,
                EducationLevel::Master,
            ])),
            0u8..60,
            prop::collection::vec(
                prop::sample::select(vec![Proficiency::A1, Proficiency::B2, Proficiency::Native]),
                0..5,
            ),
            prop::collection::vec(1.0f64..=5.0, 0..80),
            prop::collection::vec(0u32..1000, 0..50),
            prop::collection::vec(0u32..1000, 0..20),
            (
                0u32..200,
                0u32..20,
                prop::option::of(0.0f64..200.0),
                0u32..10,
            ),
        )
            .prop_map(
                |(education, years, languages, ratings, bookings, answers, reliability)| {
                    RankInputs {
                        education,
                        years_experience: years,
                        languages,
                        ratings,
                        bookings_days_ago: bookings,
                        answers_days_ago: answers,
                        posts_days_ago: vec![],
                        completed_bookings: reliability.0,
                        chef_cancellations: reliability.1,
                        median_response_hours: reliability.2,
                        disputes_lost: reliability.3,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn the_score_stays_between_0_and_100_and_is_the_sum_of_its_parts(inputs in inputs()) {
            let ranked = rank(&inputs);
            prop_assert!((0.0..=100.0).contains(&ranked.score));
            let sum: f64 = ranked.components.iter().map(|c| c.points).sum();
            prop_assert!((ranked.score - sum).abs() < 1e-6);
            for c in &ranked.components {
                prop_assert!(c.points >= 0.0 && c.points <= c.max_points);
            }
            prop_assert_eq!(ranked.tier, tier_for(ranked.score));
        }

        #[test]
        fn good_evidence_never_lowers_its_component(inputs in inputs()) {
            let before = rank(&inputs);
            let better = |change: &dyn Fn(&mut RankInputs), which| {
                let mut more = inputs.clone();
                change(&mut more);
                points(&rank(&more), which) >= points(&before, which)
            };
            prop_assert!(better(&|i| i.ratings.push(5.0), Component::Feedback));
            prop_assert!(better(&|i| i.years_experience = i.years_experience.saturating_add(1), Component::Experience));
            prop_assert!(better(&|i| i.languages.push(Proficiency::B1), Component::Languages));
            prop_assert!(better(&|i| i.bookings_days_ago.push(0), Component::Activity));
            prop_assert!(better(&|i| i.completed_bookings += 1, Component::Reliability));
            prop_assert!(better(&|i| i.education = Some(EducationLevel::Master), Component::Education));
        }

        #[test]
        fn bad_evidence_never_raises_its_component(inputs in inputs()) {
            let before = rank(&inputs);
            let worse = |change: &dyn Fn(&mut RankInputs), which| {
                let mut less = inputs.clone();
                change(&mut less);
                points(&rank(&less), which) <= points(&before, which)
            };
            prop_assert!(worse(&|i| i.ratings.push(1.0), Component::Feedback));
            prop_assert!(worse(&|i| i.chef_cancellations += 1, Component::Reliability));
            prop_assert!(worse(&|i| i.disputes_lost += 1, Component::Reliability));
            prop_assert!(worse(&|i| i.median_response_hours = i.median_response_hours.map(|hours| hours + 5.0), Component::Reliability));
            let older = |i: &mut RankInputs| i.bookings_days_ago.iter_mut().for_each(|age| *age += 30);
            prop_assert!(worse(&older, Component::Activity));
        }
    }
}
