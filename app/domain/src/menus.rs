//! Dishes and menus as a chef writes them: the forms, the rules each field obeys (shared by
//! the kitchen page in the browser and the server), and a menu as guests see it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::{
    catalog::{Allergen, Course, DietaryFlag, Dish},
    chef_profile::{keep, text},
    money::{Currency, Money},
    FieldError,
};

fn one() -> i64 {
    1
}

/// A dish as the editor sends it, before any rule has looked at it. Its price is in the
/// chef's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub course: Course,
    #[serde(default)]
    pub ingredients: Vec<String>,
    #[serde(default)]
    pub organic: bool,
    #[serde(default)]
    pub dietary: BTreeSet<DietaryFlag>,
    #[serde(default)]
    pub allergens: BTreeSet<Allergen>,
    pub price_per_guest_minor: i64,
    #[serde(default = "one")]
    pub min_guests: i64,
    pub prep_minutes: i64,
}

/// A dish every rule has accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDish {
    pub name: String,
    pub description: String,
    pub course: Course,
    pub ingredients: Vec<String>,
    pub organic: bool,
    pub dietary: BTreeSet<DietaryFlag>,
    pub allergens: BTreeSet<Allergen>,
    pub price_per_guest_minor: i64,
    pub min_guests: u16,
    pub prep_minutes: u16,
}

/// Allergens a diet rules out: declaring both is a contradiction a guest could be hurt by.
fn allergens_ruled_out_by(diet: DietaryFlag) -> &'static [Allergen] {
    use Allergen::*;
    match diet {
        DietaryFlag::Vegan => &[Milk, Eggs, Fish, Crustaceans, Molluscs],
        DietaryFlag::Vegetarian => &[Fish, Crustaceans, Molluscs],
        DietaryFlag::GlutenFree => &[CerealsWithGluten],
        DietaryFlag::DairyFree => &[Milk],
        DietaryFlag::Halal | DietaryFlag::Kosher => &[],
    }
}

pub fn parse_dish_name(raw: &str) -> Result<String, FieldError> {
    text("name", raw, 2, 80)
}

pub fn parse_price_per_guest(amount_minor: i64) -> Result<i64, FieldError> {
    if (50..=100_000).contains(&amount_minor) {
        Ok(amount_minor)
    } else {
        Err(FieldError::new(
            "price_per_guest_minor",
            "Enter a price per guest between 0.50 and 1,000.00.",
        ))
    }
}

pub fn parse_prep_minutes(minutes: i64) -> Result<u16, FieldError> {
    u16::try_from(minutes)
        .ok()
        .filter(|m| *m <= 24 * 60)
        .ok_or_else(|| FieldError::new("prep_minutes", "Enter between 0 and 1440 minutes."))
}

pub fn parse_ingredients(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut ingredients: Vec<String> = Vec::new();
    for (i, name) in raw.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > 60 {
            return Err(FieldError::new(
                format!("ingredients[{i}]"),
                "Keep each ingredient to 60 characters.",
            ));
        }
        if !ingredients
            .iter()
            .any(|known| known.eq_ignore_ascii_case(name))
        {
            ingredients.push(name.to_owned());
        }
    }
    match ingredients.len() {
        0 => Err(FieldError::new(
            "ingredients",
            "List the main ingredients, so guests with allergies can check.",
        )),
        41.. => Err(FieldError::new(
            "ingredients",
            "List at most 40 ingredients.",
        )),
        _ => Ok(ingredients),
    }
}

/// The first diet contradicted by a declared allergen, as a field error.
pub fn check_diets_against_allergens(
    dietary: &BTreeSet<DietaryFlag>,
    allergens: &BTreeSet<Allergen>,
) -> Result<(), FieldError> {
    for diet in dietary {
        if let Some(allergen) = allergens_ruled_out_by(*diet)
            .iter()
            .find(|a| allergens.contains(a))
        {
            return Err(FieldError::new(
                "dietary",
                format!(
                    "A {} dish cannot contain {}.",
                    diet.label().to_lowercase(),
                    allergen.label().to_lowercase()
                ),
            ));
        }
    }
    Ok(())
}

impl DishForm {
    pub fn validate(&self) -> Result<ValidDish, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(&mut errors, parse_dish_name(&self.name));
        let description = keep(&mut errors, text("description", &self.description, 0, 1000));
        let ingredients = keep(&mut errors, parse_ingredients(&self.ingredients));
        keep(
            &mut errors,
            check_diets_against_allergens(&self.dietary, &self.allergens),
        );
        let price = keep(
            &mut errors,
            parse_price_per_guest(self.price_per_guest_minor),
        );
        let min_guests = keep(&mut errors, parse_min_guests(self.min_guests));
        let prep_minutes = keep(&mut errors, parse_prep_minutes(self.prep_minutes));
        match (
            name,
            description,
            ingredients,
            price,
            min_guests,
            prep_minutes,
        ) {
            (
                Some(name),
                Some(description),
                Some(ingredients),
                Some(price_per_guest_minor),
                Some(min_guests),
                Some(prep_minutes),
            ) if errors.is_empty() => Ok(ValidDish {
                name,
                description,
                course: self.course,
                ingredients,
                organic: self.organic,
                dietary: self.dietary.clone(),
                allergens: self.allergens.clone(),
                price_per_guest_minor,
                min_guests,
                prep_minutes,
            }),
            _ => Err(errors),
        }
    }
}

pub fn parse_min_guests(guests: i64) -> Result<u16, FieldError> {
    u16::try_from(guests)
        .ok()
        .filter(|g| (1..=1000).contains(g))
        .ok_or_else(|| FieldError::new("min_guests", "Enter between 1 and 1000 guests."))
}

/// A named, ordered set of a chef's dishes, optionally sold at one price per guest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Menu {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// In the order they are served.
    pub dishes: Vec<Dish>,
    /// The menu's own price per guest; without one, guests pay for each dish.
    pub price_per_guest: Option<Money>,
}

impl Menu {
    /// What the dishes cost per guest one by one, to show what the menu price saves.
    pub fn dishes_price_per_guest(&self, currency: Currency) -> Money {
        Money::new(
            self.dishes
                .iter()
                .map(|d| d.price_per_guest.amount_minor)
                .sum(),
            currency,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The chef's own dishes, in serving order.
    pub dish_ids: Vec<i64>,
    #[serde(default)]
    pub price_per_guest_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidMenu {
    pub name: String,
    pub description: String,
    pub dish_ids: Vec<i64>,
    pub price_per_guest_minor: Option<i64>,
}

impl MenuForm {
    pub const MAX_DISHES: usize = 20;

    pub fn validate(&self) -> Result<ValidMenu, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(&mut errors, text("name", &self.name, 2, 80));
        let description = keep(&mut errors, text("description", &self.description, 0, 1000));
        if self.dish_ids.is_empty() || self.dish_ids.len() > Self::MAX_DISHES {
            errors.push(FieldError::new(
                "dish_ids",
                format!("Choose between 1 and {} dishes.", Self::MAX_DISHES),
            ));
        } else if (1..self.dish_ids.len()).any(|i| self.dish_ids[..i].contains(&self.dish_ids[i])) {
            errors.push(FieldError::new(
                "dish_ids",
                "A dish appears twice in this menu.",
            ));
        }
        let price = self
            .price_per_guest_minor
            .map(|minor| keep(&mut errors, parse_price_per_guest(minor)));
        match (name, description) {
            (Some(name), Some(description)) if errors.is_empty() => Ok(ValidMenu {
                name,
                description,
                dish_ids: self.dish_ids.clone(),
                price_per_guest_minor: price.flatten(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dish_form() -> DishForm {
        DishForm {
            name: "Bacalhau à Brás".into(),
            description: "Salt cod, matchstick potatoes, egg, olives.".into(),
            course: Course::Main,
            ingredients: vec![
                "salt cod".into(),
                "potato".into(),
                "egg".into(),
                " Potato ".into(),
            ],
            organic: true,
            dietary: [DietaryFlag::GlutenFree].into(),
            allergens: [Allergen::Fish, Allergen::Eggs].into(),
            price_per_guest_minor: 1850,
            min_guests: 2,
            prep_minutes: 45,
        }
    }

    #[test]
    fn a_complete_dish_is_accepted_with_ingredients_listed_once() {
        let dish = dish_form().validate().unwrap();
        assert_eq!(dish.ingredients, ["salt cod", "potato", "egg"]);
        assert_eq!(dish.min_guests, 2);
    }

    #[test]
    fn a_diet_contradicted_by_an_allergen_is_rejected() {
        let form = DishForm {
            dietary: [DietaryFlag::Vegan].into(),
            ..dish_form()
        };
        let errors = form.validate().unwrap_err();
        assert_eq!(errors[0].field, "dietary");
        assert_eq!(errors[0].message, "A vegan dish cannot contain eggs.");
    }

    #[test]
    fn a_dish_without_ingredients_or_with_a_silly_price_names_both_fields() {
        let form = DishForm {
            ingredients: vec![" ".into()],
            price_per_guest_minor: 0,
            ..dish_form()
        };
        let fields: Vec<_> = form
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["ingredients", "price_per_guest_minor"]);
    }

    #[test]
    fn a_menu_needs_distinct_dishes_and_a_sensible_price() {
        let menu = MenuForm {
            name: "Lisbon tasting".into(),
            description: String::new(),
            dish_ids: vec![3, 1, 2],
            price_per_guest_minor: Some(4500),
        };
        assert_eq!(menu.validate().unwrap().dish_ids, [3, 1, 2]);
        let twice = MenuForm {
            dish_ids: vec![1, 2, 1],
            ..menu.clone()
        };
        assert_eq!(twice.validate().unwrap_err()[0].field, "dish_ids");
        let empty = MenuForm {
            dish_ids: vec![],
            price_per_guest_minor: Some(-5),
            ..menu
        };
        let fields: Vec<_> = empty
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["dish_ids", "price_per_guest_minor"]);
    }
}
