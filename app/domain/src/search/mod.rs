//! Search: what the indexes hold (one document per chef, dish, knowledge question, post and
//! person), the questions people ask of them, and what comes back. The engines live in the
//! backend; the rules that decide what a right answer is live here, so every engine is held
//! to them.

mod params;
mod social;

pub use params::{ChefSearchParams, DishSearchParams, QuestionSearchParams};
pub use social::{
    nearby_city, PersonDocument, PersonQuery, PersonSearchParams, PostDocument, PostQuery,
    PostSearchParams, NEARBY_RADIUS_KM,
};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{
    catalog::{Allergen, Course, DietaryFlag},
    geo::Coordinates,
    money::Money,
    paging::PageRequest,
};

/// The farthest a search reaches. No chef travels farther (their own radius is at most
/// 500 km), so a wider circle could only add chefs who would say no.
pub const MAX_RADIUS_KM: f64 = 500.0;
pub const DEFAULT_RADIUS_KM: f64 = 25.0;
/// Longer queries are cut here: nobody types more, and it bounds the work per query.
pub const MAX_TEXT_CHARS: usize = 200;

/// A chef as the search index holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChefDocument {
    pub id: i64,
    pub display_name: String,
    pub headline: String,
    pub bio: String,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    pub service_radius_km: u16,
    pub base_rate: Money,
    pub years_experience: u8,
    pub cuisines: Vec<String>,
    pub languages: Vec<String>,
    /// Diets the chef cooks for: those of their dishes.
    pub dietary: Vec<DietaryFlag>,
    /// The average review, once reviews exist.
    pub rating: Option<f64>,
    /// How many reviews the average is of.
    #[serde(default)]
    pub review_count: u32,
    /// The chef's rank score; 0 until the rank calculator exists.
    pub rank: f64,
    pub photo_url: Option<String>,
    /// ISO weekdays (1 = Monday) the chef works; all seven when they take any day.
    pub works_on: Vec<u8>,
    /// Coming dates (in the chef's time zone) with time blocked off.
    pub busy_on: Vec<NaiveDate>,
    /// What the chef cooks, one line per dish (name, ingredients, description), so a search
    /// for "bourguignon" or "walnut" finds the chefs who make it.
    #[serde(default)]
    pub dishes: Vec<String>,
}

impl ChefDocument {
    /// Whether the chef takes work on `date`: a working weekday with nothing blocked.
    pub fn is_available_on(&self, date: NaiveDate) -> bool {
        let weekday = date.weekday().number_from_monday() as u8;
        self.works_on.contains(&weekday) && !self.busy_on.contains(&date)
    }
}

/// A chef found by a search, with how far they are from the place searched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChefHit {
    pub id: i64,
    pub display_name: String,
    pub headline: String,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    pub service_radius_km: u16,
    pub base_rate: Money,
    pub years_experience: u8,
    pub cuisines: Vec<String>,
    pub languages: Vec<String>,
    pub rating: Option<f64>,
    #[serde(default)]
    pub review_count: u32,
    pub rank: f64,
    pub photo_url: Option<String>,
    /// Great-circle distance from the searched place, in km.
    pub distance_km: f64,
}

impl ChefHit {
    pub fn new(chef: ChefDocument, distance_km: f64) -> Self {
        Self {
            id: chef.id,
            display_name: chef.display_name,
            headline: chef.headline,
            city: chef.city,
            lat: chef.lat,
            lng: chef.lng,
            service_radius_km: chef.service_radius_km,
            base_rate: chef.base_rate,
            years_experience: chef.years_experience,
            cuisines: chef.cuisines,
            languages: chef.languages,
            rating: chef.rating,
            review_count: chef.review_count,
            rank: chef.rank,
            photo_url: chef.photo_url,
            distance_km,
        }
    }
}

/// A dish as the search index holds it, placed where its chef lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishDocument {
    pub id: i64,
    pub chef_id: i64,
    pub chef_name: String,
    pub name: String,
    pub description: String,
    pub ingredients: Vec<String>,
    pub course: Course,
    pub organic: bool,
    pub dietary: Vec<DietaryFlag>,
    pub allergens: Vec<Allergen>,
    pub price_per_guest: Money,
    pub lat: f64,
    pub lng: f64,
    pub service_radius_km: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishHit {
    #[serde(flatten)]
    pub dish: DishDocument,
    /// Distance from the searched place, when the search named one.
    pub distance_km: Option<f64>,
}

/// A food question from the knowledge section, as the search index holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionDocument {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub votes: i32,
    pub answers: u32,
    /// The answers' words, searched with the question's but never sent back in a hit.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub answer_text: String,
}

vocabulary! {
    /// How chef results are ordered. Every order ends with the chef's id, so pages never
    /// skip or repeat a chef. Distance, relevance and rank orders then go nearest first.
    ChefSort {
        Distance => "distance", "Nearest";
        Relevance => "relevance", "Best match";
        Rank => "rank", "Top ranked";
        Price => "price", "Lowest price";
    }
}

/// The first order listed.
impl Default for ChefSort {
    fn default() -> Self {
        Self::ALL[0]
    }
}

/// A place and how far around it to look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub center: Coordinates,
    pub radius_km: f64,
}

impl Circle {
    /// The distance from the centre to a chef at `(lat, lng)` who travels up to
    /// `service_radius_km`, when the chef is inside the circle and reaches its centre.
    pub fn reach(&self, lat: f64, lng: f64, service_radius_km: u16) -> Option<f64> {
        let chef = Coordinates::parse(lat, lng).ok()?;
        let distance = self.center.distance_km(&chef);
        (distance <= self.radius_km && distance <= f64::from(service_radius_km)).then_some(distance)
    }
}

/// A checked chef search: every field valid, text normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct ChefQuery {
    pub near: Circle,
    pub text: Option<String>,
    /// Lower-case cuisine name.
    pub cuisine: Option<String>,
    /// Lower-case language name.
    pub language: Option<String>,
    pub diet: Option<DietaryFlag>,
    /// Bounds on the hourly base rate in minor units of the chef's own currency (a search
    /// is local, so its chefs share one).
    pub min_price_minor: Option<i64>,
    pub max_price_minor: Option<i64>,
    pub min_rating: Option<f64>,
    pub min_rank: Option<f64>,
    pub available_on: Option<NaiveDate>,
    pub sort: ChefSort,
    pub page: PageRequest,
}

impl ChefQuery {
    /// A search for every chef who reaches `center` from within `radius_km`, nearest first.
    pub fn around(center: Coordinates, radius_km: f64) -> Self {
        Self {
            near: Circle { center, radius_km },
            text: None,
            cuisine: None,
            language: None,
            diet: None,
            min_price_minor: None,
            max_price_minor: None,
            min_rating: None,
            min_rank: None,
            available_on: None,
            sort: ChefSort::Distance,
            page: PageRequest::default(),
        }
    }
}

vocabulary! {
    /// How dish results are ordered: best text match (without text, nearest, or by id when
    /// no place is given), nearest, or cheapest.
    DishSort {
        Relevance => "relevance", "Best match";
        Distance => "distance", "Nearest";
        Price => "price", "Lowest price";
    }
}

/// The first order listed.
impl Default for DishSort {
    fn default() -> Self {
        Self::ALL[0]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DishQuery {
    pub text: Option<String>,
    /// Dishes whose chef is inside this circle and reaches its centre.
    pub near: Option<Circle>,
    /// Every one of these diets.
    pub diets: Vec<DietaryFlag>,
    /// None of these allergens.
    pub free_of: Vec<Allergen>,
    pub course: Option<Course>,
    pub sort: DishSort,
    pub page: PageRequest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionQuery {
    pub text: Option<String>,
    /// Lower-case tag.
    pub tag: Option<String>,
    pub page: PageRequest,
}

/// Text as the engines get it: trimmed, inner runs of space collapsed, at most
/// [`MAX_TEXT_CHARS`]; `None` when nothing is left.
pub fn normalise_text(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let text: String = words.join(" ").chars().take(MAX_TEXT_CHARS).collect();
    let text = text.trim_end().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The typos a word may carry and still match, as Meilisearch counts them: none below five
/// letters, one from five, two from nine. Both engines follow this one rule.
pub fn typos_allowed(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn paris() -> Coordinates {
        Coordinates::parse(48.8566, 2.3522).unwrap()
    }

    #[test]
    fn a_chef_is_reached_only_inside_the_circle_and_inside_their_own_radius() {
        let circle = Circle {
            center: paris(),
            radius_km: 50.0,
        };
        // Versailles is about 17 km from the centre of Paris.
        assert!(circle.reach(48.8049, 2.1204, 20).is_some());
        assert!(circle.reach(48.8049, 2.1204, 10).is_none());
        // Orléans is about 110 km away: outside the circle whatever the chef's radius.
        assert!(circle.reach(47.9030, 1.9093, 500).is_none());
    }

    #[test]
    fn a_chef_is_available_on_working_weekdays_that_are_not_blocked() {
        let chef = ChefDocument {
            id: 1,
            display_name: "Ana".into(),
            headline: String::new(),
            bio: String::new(),
            city: "Paris".into(),
            lat: 48.0,
            lng: 2.0,
            service_radius_km: 10,
            base_rate: Money::new(4000, Currency::EUR),
            years_experience: 3,
            cuisines: vec![],
            languages: vec![],
            dietary: vec![],
            rating: None,
            review_count: 0,
            rank: 0.0,
            photo_url: None,
            works_on: vec![5, 6],
            busy_on: vec![NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()],
            dishes: vec![],
        };
        let friday = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let blocked_saturday = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(chef.is_available_on(friday));
        assert!(!chef.is_available_on(blocked_saturday));
        assert!(!chef.is_available_on(monday));
    }

    #[test]
    fn text_is_trimmed_collapsed_and_dropped_when_empty() {
        assert_eq!(
            normalise_text("  vegan \t wedding "),
            Some("vegan wedding".into())
        );
        assert_eq!(normalise_text("   "), None);
        assert_eq!(
            normalise_text(&"a".repeat(500)).unwrap().len(),
            MAX_TEXT_CHARS
        );
    }

    #[test]
    fn longer_words_may_carry_more_typos() {
        assert_eq!(typos_allowed("taco"), 0);
        assert_eq!(typos_allowed("sushi"), 1);
        assert_eq!(typos_allowed("bouillabaisse"), 2);
    }
}
