//! What chefs offer: their public profile cards and dishes, with the course, dietary and
//! allergen vocabulary that menus, filters and (later) pricing share.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::{
    availability::{BusyTime, WorkingHours},
    chef_profile::{Certification, EducationEntry, LanguageSkill},
    money::Money,
    photos::Photo,
};

// Dishes and menus as chefs write them live in their own module; the catalogue's users
// find them here too.
pub use crate::menus::{
    check_diets_against_allergens, parse_dish_name, parse_ingredients, parse_min_guests,
    parse_prep_minutes, parse_price_per_guest, DishForm, Menu, MenuForm, ValidDish, ValidMenu,
};

vocabulary! {
    /// Where a dish sits in a meal; menus and the cost calculator group by it.
    Course {
        Canape => "canape", "Canapés";
        Starter => "starter", "Starters";
        Main => "main", "Mains";
        Side => "side", "Sides";
        Dessert => "dessert", "Desserts";
        Drink => "drink", "Drinks";
    }
}

vocabulary! {
    /// Diets a dish is suitable for.
    DietaryFlag {
        Vegan => "vegan", "Vegan";
        Vegetarian => "vegetarian", "Vegetarian";
        GlutenFree => "gluten_free", "Gluten-free";
        DairyFree => "dairy_free", "Dairy-free";
        Halal => "halal", "Halal";
        Kosher => "kosher", "Kosher";
    }
}

vocabulary! {
    /// The 14 allergens EU law (Regulation 1169/2011, Annex II) requires a menu to declare.
    Allergen {
        CerealsWithGluten => "gluten", "Cereals containing gluten";
        Crustaceans => "crustaceans", "Crustaceans";
        Eggs => "eggs", "Eggs";
        Fish => "fish", "Fish";
        Peanuts => "peanuts", "Peanuts";
        Soybeans => "soybeans", "Soybeans";
        Milk => "milk", "Milk";
        TreeNuts => "tree_nuts", "Tree nuts";
        Celery => "celery", "Celery";
        Mustard => "mustard", "Mustard";
        Sesame => "sesame", "Sesame";
        Sulphites => "sulphites", "Sulphur dioxide and sulphites";
        Lupin => "lupin", "Lupin";
        Molluscs => "molluscs", "Molluscs";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dish {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub course: Course,
    pub ingredients: Vec<String>,
    pub organic: bool,
    pub dietary: BTreeSet<DietaryFlag>,
    pub allergens: BTreeSet<Allergen>,
    pub price_per_guest: Money,
    /// The fewest guests the chef cooks this dish for.
    pub min_guests: u16,
    /// Hands-on preparation time, which the cost calculator turns into hours of work.
    pub prep_minutes: u16,
}

impl Dish {
    /// The dish as search text: its name, ingredients and description on one line.
    pub fn search_text(&self) -> String {
        let mut text = self.name.clone();
        if !self.ingredients.is_empty() {
            text.push_str(": ");
            text.push_str(&self.ingredients.join(", "));
        }
        if !self.description.trim().is_empty() {
            text.push_str(". ");
            text.push_str(self.description.trim());
        }
        text
    }
}

/// A chef as lists and search results show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChefCard {
    pub id: i64,
    pub display_name: String,
    pub headline: String,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    pub service_radius_km: i32,
    pub base_rate: Money,
    pub years_experience: i32,
    pub cuisines: Vec<String>,
    /// A small square version of the profile photo, when the chef has one.
    #[serde(default)]
    pub photo_url: Option<String>,
    /// The customers' reviews summed up, once there are any that may show.
    #[serde(default)]
    pub rating: Option<RatingSummary>,
}

/// Customers' reviews of a chef summed up as people read stars: the plain average of the
/// reviews' overall marks, to one decimal, and how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub average: f64,
    pub count: u32,
}

impl RatingSummary {
    /// None without a rating: no stars are better than made-up ones.
    pub fn of(ratings: &[f64]) -> Option<Self> {
        if ratings.is_empty() {
            return None;
        }
        let mean = ratings.iter().sum::<f64>() / ratings.len() as f64;
        Some(Self {
            average: (mean * 10.0).round() / 10.0,
            count: u32::try_from(ratings.len()).unwrap_or(u32::MAX),
        })
    }
}

/// A chef's public profile page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChefProfile {
    #[serde(flatten)]
    pub card: ChefCard,
    pub bio: String,
    pub education: Vec<EducationEntry>,
    pub certifications: Vec<Certification>,
    pub languages: Vec<LanguageSkill>,
    pub min_guests: u16,
    pub max_guests: u16,
    pub photo: Option<Photo>,
    pub gallery: Vec<Photo>,
    pub dishes: Vec<Dish>,
    pub menus: Vec<Menu>,
    /// Empty when the chef takes requests at any hour.
    pub weekly_hours: Vec<WorkingHours>,
    /// Blocked time in the coming months, soonest first.
    pub busy: Vec<BusyTime>,
    /// The chef's stored rank score (0–100), which the price includes; none until ranked.
    #[serde(default)]
    pub rank: Option<f64>,
    /// The newest customers' reviews that may show (double-blind window over).
    #[serde(default)]
    pub reviews: Vec<crate::reviews::ReviewView>,
}

impl ChefProfile {
    /// The profile as its editor starts: every field as saved.
    pub fn to_form(&self) -> crate::chef_profile::ChefProfileForm {
        crate::chef_profile::ChefProfileForm {
            headline: self.card.headline.clone(),
            bio: self.bio.clone(),
            years_experience: i64::from(self.card.years_experience),
            education: self.education.clone(),
            certifications: self.certifications.clone(),
            languages: self.languages.clone(),
            cuisines: self.card.cuisines.clone(),
            city: self.card.city.clone(),
            lat: self.card.lat,
            lng: self.card.lng,
            service_radius_km: i64::from(self.card.service_radius_km),
            base_rate_minor: self.card.base_rate.amount_minor,
            min_guests: i64::from(self.min_guests),
            max_guests: i64::from(self.max_guests),
        }
    }

    /// Dishes by course, courses in serving order, empty courses left out.
    pub fn dishes_by_course(&self) -> Vec<(Course, Vec<&Dish>)> {
        Course::ALL
            .iter()
            .map(|course| {
                let dishes = self.dishes.iter().filter(|d| d.course == *course).collect();
                (*course, dishes)
            })
            .filter(|(_, dishes): &(Course, Vec<&Dish>)| !dishes.is_empty())
            .collect()
    }
}

/// Which dishes a visitor wants to see on a chef's page. Empty means "everything".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DishFilter {
    pub course: Option<Course>,
    pub diets: BTreeSet<DietaryFlag>,
}

impl DishFilter {
    /// A dish shows when it is in the chosen course and suits every chosen diet.
    pub fn matches(&self, dish: &Dish) -> bool {
        self.course.is_none_or(|course| dish.course == course)
            && self.diets.is_subset(&dish.dietary)
    }

    /// Chips toggle: choosing a selected diet again removes it.
    pub fn toggle_diet(&mut self, diet: DietaryFlag) {
        if !self.diets.remove(&diet) {
            self.diets.insert(diet);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn a_rating_is_the_plain_average_to_one_decimal_and_none_without_reviews() {
        assert_eq!(RatingSummary::of(&[]), None);
        assert_eq!(
            RatingSummary::of(&[5.0, 4.5, 4.25]),
            Some(RatingSummary {
                average: 4.6,
                count: 3
            })
        );
    }

    fn dish(name: &str, course: Course, dietary: &[DietaryFlag]) -> Dish {
        Dish {
            id: 1,
            name: name.into(),
            description: String::new(),
            course,
            ingredients: vec![],
            organic: false,
            dietary: dietary.iter().copied().collect(),
            allergens: BTreeSet::new(),
            price_per_guest: Money::new(1000, Currency::EUR),
            min_guests: 1,
            prep_minutes: 30,
        }
    }

    #[test]
    fn there_are_exactly_fourteen_allergens_with_distinct_codes() {
        let codes: BTreeSet<_> = Allergen::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), 14);
    }

    #[test]
    fn every_code_parses_back_to_its_variant() {
        assert!(Course::ALL
            .iter()
            .all(|c| Course::parse(c.code()) == Some(*c)));
        assert!(DietaryFlag::ALL
            .iter()
            .all(|d| DietaryFlag::parse(d.code()) == Some(*d)));
        assert!(Allergen::ALL
            .iter()
            .all(|a| Allergen::parse(a.code()) == Some(*a)));
        assert_eq!(Course::parse("brunch"), None);
    }

    #[test]
    fn an_empty_filter_shows_every_dish() {
        assert!(DishFilter::default().matches(&dish("Soup", Course::Starter, &[])));
    }

    #[test]
    fn a_diet_filter_shows_only_dishes_suiting_all_chosen_diets() {
        let mut filter = DishFilter::default();
        filter.toggle_diet(DietaryFlag::Vegan);
        filter.toggle_diet(DietaryFlag::GlutenFree);
        let salad = dish(
            "Salad",
            Course::Starter,
            &[DietaryFlag::Vegan, DietaryFlag::GlutenFree],
        );
        let pasta = dish("Pasta", Course::Main, &[DietaryFlag::Vegan]);
        assert!(filter.matches(&salad));
        assert!(!filter.matches(&pasta));
    }

    #[test]
    fn choosing_a_diet_twice_removes_it() {
        let mut filter = DishFilter::default();
        filter.toggle_diet(DietaryFlag::Halal);
        filter.toggle_diet(DietaryFlag::Halal);
        assert!(filter.diets.is_empty());
    }

    #[test]
    fn a_course_filter_hides_other_courses() {
        let filter = DishFilter {
            course: Some(Course::Dessert),
            ..Default::default()
        };
        assert!(filter.matches(&dish("Tart", Course::Dessert, &[])));
        assert!(!filter.matches(&dish("Steak", Course::Main, &[])));
    }
}
