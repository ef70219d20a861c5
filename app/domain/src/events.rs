//! What a customer asks for: an event (kind, when, how long, how many, where, budget, and the
//! guests' diets and allergies), checked field by field; and the warnings a menu earns when
//! its dishes meet the guests' allergies.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    catalog::{Allergen, DietaryFlag, Dish},
    geo::Coordinates,
    places::{city_named, City},
    FieldError,
};

/// The most guests one event may have.
pub const MAX_GUESTS: u16 = 500;
/// The shortest and longest event a chef may be booked for.
pub const SHORTEST_EVENT_MINUTES: u32 = 30;
pub const LONGEST_EVENT_MINUTES: u32 = 16 * 60;
/// A request must leave the chef time to shop and plan.
pub const SHORTEST_NOTICE: Duration = Duration::hours(48);
/// Chefs do not plan further ahead than this.
pub const LONGEST_NOTICE: Duration = Duration::days(730);
/// The pin must stay near the chosen city.
pub const PIN_WITHIN_KM: f64 = 100.0;
pub const MAX_NOTES_CHARS: usize = 2_000;

vocabulary! {
    /// What the event is for.
    EventKind {
        Birthday => "birthday", "Birthday";
        Wedding => "wedding", "Wedding";
        Corporate => "corporate", "Corporate event";
        Dinner => "dinner", "Dinner party";
        Other => "other", "Something else";
    }
}

/// An event as the customer's form sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRequestForm {
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub duration_hours: f64,
    pub guests: i64,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    /// The most the customer means to spend, in minor units of the city's currency.
    #[serde(default)]
    pub budget_minor: Option<i64>,
    #[serde(default)]
    pub dietary_needs: Vec<DietaryFlag>,
    #[serde(default)]
    pub allergens: Vec<Allergen>,
    #[serde(default)]
    pub notes: String,
}

/// An event request every rule has accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEventRequest {
    pub kind: EventKind,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub guests: u16,
    pub city: &'static City,
    pub place: Coordinates,
    pub budget_minor: Option<i64>,
    pub dietary_needs: Vec<DietaryFlag>,
    pub allergens: Vec<Allergen>,
    pub notes: String,
}

impl ValidEventRequest {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.duration_minutes))
    }
}

/// Hours as people type them (3, 4.5), as whole minutes in quarter hours.
pub fn parse_duration_hours(hours: f64) -> Result<u32, FieldError> {
    let minutes = hours * 60.0;
    let quarters = (minutes / 15.0).round();
    let allowed = f64::from(SHORTEST_EVENT_MINUTES)..=f64::from(LONGEST_EVENT_MINUTES);
    if !hours.is_finite() || !allowed.contains(&minutes) || (quarters * 15.0 - minutes).abs() > 1e-6
    {
        return Err(FieldError::new(
            "duration_hours",
            "Events last from half an hour to 16 hours, in quarter hours (e.g. 4.5).",
        ));
    }
    Ok(quarters as u32 * 15)
}

impl EventRequestForm {
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidEventRequest, Vec<FieldError>> {
        let mut problems = Vec::new();
        fn noted<T>(problems: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
            result.map_err(|problem| problems.push(problem)).ok()
        }
        let kind = noted(
            &mut problems,
            EventKind::parse(&self.kind).ok_or_else(|| {
                FieldError::new(
                    "kind",
                    "Choose birthday, wedding, corporate, dinner or other.",
                )
            }),
        );
        let starts_at = noted(
            &mut problems,
            if self.starts_at < now + SHORTEST_NOTICE {
                Err(FieldError::new(
                    "starts_at",
                    "Book at least 48 hours ahead.",
                ))
            } else if self.starts_at > now + LONGEST_NOTICE {
                Err(FieldError::new(
                    "starts_at",
                    "Book at most two years ahead.",
                ))
            } else {
                Ok(self.starts_at)
            },
        );
        let duration_minutes = noted(&mut problems, parse_duration_hours(self.duration_hours));
        let guests = noted(
            &mut problems,
            u16::try_from(self.guests)
                .ok()
                .filter(|guests| (1..=MAX_GUESTS).contains(guests))
                .ok_or_else(|| {
                    FieldError::new("guests", format!("From 1 to {MAX_GUESTS} guests."))
                }),
        );
        let city = noted(
            &mut problems,
            city_named(&self.city)
                .ok_or_else(|| FieldError::new("city", "Choose one of the cities we serve.")),
        );
        let place = noted(
            &mut problems,
            Coordinates::parse(self.lat, self.lng).and_then(|place| {
                let Some(city) = city_named(&self.city) else {
                    return Ok(place);
                };
                let centre = Coordinates::parse(city.lat, city.lng)?;
                if centre.distance_km(&place) > PIN_WITHIN_KM {
                    return Err(FieldError::new(
                        "lat",
                        format!(
                            "The pin is more than {PIN_WITHIN_KM} km from {}.",
                            city.name
                        ),
                    ));
                }
                Ok(place)
            }),
        );
        let budget_minor = noted(
            &mut problems,
            match self.budget_minor {
                Some(budget) if budget < 0 => Err(FieldError::new(
                    "budget_minor",
                    "A budget cannot be negative.",
                )),
                budget => Ok(budget),
            },
        );
        let notes = noted(
            &mut problems,
            if self.notes.chars().count() > MAX_NOTES_CHARS {
                Err(FieldError::new(
                    "notes",
                    format!("Keep notes under {MAX_NOTES_CHARS} characters."),
                ))
            } else {
                Ok(self.notes.trim().to_owned())
            },
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut dietary_needs = self.dietary_needs.clone();
        dietary_needs.sort();
        dietary_needs.dedup();
        let mut allergens = self.allergens.clone();
        allergens.sort();
        allergens.dedup();
        Ok(ValidEventRequest {
            kind: kind.expect("checked"),
            starts_at: starts_at.expect("checked"),
            duration_minutes: duration_minutes.expect("checked"),
            guests: guests.expect("checked"),
            city: city.expect("checked"),
            place: place.expect("checked"),
            budget_minor: budget_minor.expect("checked"),
            dietary_needs,
            allergens,
            notes: notes.expect("checked"),
        })
    }
}

/// What the customer declared about the guests' diets and allergies: carried from the
/// request to the booking, its notifications, the chef's page and a dispute's facts, so the
/// chef who cooks never misses it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestNeeds {
    pub allergens: Vec<Allergen>,
    pub dietary_needs: Vec<DietaryFlag>,
    /// Guests whose diet or allergy needs a plate made apart.
    pub special_diet_guests: i64,
}

impl GuestNeeds {
    /// Needs read back from stored codes; a code no longer in the vocabulary is dropped.
    pub fn from_codes(
        allergens: &[String],
        dietary_needs: &[String],
        special_diet_guests: i64,
    ) -> Self {
        GuestNeeds {
            allergens: allergens
                .iter()
                .filter_map(|c| Allergen::parse(c))
                .collect(),
            dietary_needs: dietary_needs
                .iter()
                .filter_map(|c| DietaryFlag::parse(c))
                .collect(),
            special_diet_guests,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.allergens.is_empty() && self.dietary_needs.is_empty() && self.special_diet_guests == 0
    }

    /// "Allergies: Peanuts, Milk." — empty when none were declared.
    pub fn allergies_line(&self) -> String {
        list_line("Allergies", self.allergens.iter().map(|a| a.label()))
    }

    /// "Diets: Vegetarian, Halal." — empty when none were declared.
    pub fn diets_line(&self) -> String {
        list_line("Diets", self.dietary_needs.iter().map(|d| d.label()))
    }

    /// "2 guests need a plate made apart." — empty when none do.
    pub fn plates_line(&self) -> String {
        match self.special_diet_guests {
            n if n <= 0 => String::new(),
            1 => "1 guest needs a plate made apart.".to_owned(),
            n => format!("{n} guests need a plate made apart."),
        }
    }

    /// Every declared need in one sentence for notifications and emails, allergies first;
    /// `None` when the guests declared nothing.
    pub fn summary(&self) -> Option<String> {
        let plates = self.plates_line();
        let parts: Vec<String> = [self.allergies_line(), self.diets_line(), plates]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

fn list_line<'a>(heading: &str, labels: impl Iterator<Item = &'a str>) -> String {
    let labels: Vec<&str> = labels.collect();
    if labels.is_empty() {
        String::new()
    } else {
        format!("{heading}: {}.", labels.join(", "))
    }
}

/// A dish that contains something a guest must not eat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergenWarning {
    pub dish_id: i64,
    pub dish_name: String,
    pub allergens: Vec<Allergen>,
    pub message: String,
}

/// Warnings for every chosen dish that contains an allergen the guests declared, in the
/// dishes' order.
pub fn allergen_warnings(dishes: &[Dish], declared: &[Allergen]) -> Vec<AllergenWarning> {
    dishes
        .iter()
        .filter_map(|dish| {
            let found: Vec<Allergen> = declared
                .iter()
                .copied()
                .filter(|allergen| dish.allergens.contains(allergen))
                .collect();
            (!found.is_empty()).then(|| AllergenWarning {
                dish_id: dish.id,
                dish_name: dish.name.clone(),
                message: format!(
                    "{} contains {}, which a guest must avoid.",
                    dish.name,
                    found
                        .iter()
                        .map(|a| a.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                allergens: found,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        catalog::Course,
        money::{Currency, Money},
    };
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 10, 9, 0, 0).unwrap()
    }

    fn wedding() -> EventRequestForm {
        EventRequestForm {
            kind: "wedding".into(),
            starts_at: Utc.with_ymd_and_hms(2027, 6, 12, 17, 0, 0).unwrap(),
            duration_hours: 6.5,
            guests: 80,
            city: "Lisbon".into(),
            lat: 38.70,
            lng: -9.20,
            budget_minor: Some(800_000),
            dietary_needs: vec![DietaryFlag::Vegetarian, DietaryFlag::Vegetarian],
            allergens: vec![Allergen::Peanuts],
            notes: "  Garden party.  ".into(),
        }
    }

    #[test]
    fn a_wedding_request_is_accepted_and_tidied() {
        let valid = wedding().validate(now()).unwrap();
        assert_eq!(valid.kind, EventKind::Wedding);
        assert_eq!(valid.duration_minutes, 390);
        assert_eq!(
            valid.ends_at(),
            Utc.with_ymd_and_hms(2027, 6, 12, 23, 30, 0).unwrap()
        );
        assert_eq!(valid.dietary_needs, [DietaryFlag::Vegetarian]);
        assert_eq!(valid.notes, "Garden party.");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = EventRequestForm {
            kind: "rave".into(),
            starts_at: now() + Duration::hours(3),
            duration_hours: 4.1,
            guests: 0,
            city: "Lisbon".into(),
            lat: 41.15, // Porto, 275 km away
            lng: -8.61,
            budget_minor: Some(-1),
            ..wedding()
        };
        let fields: Vec<String> = bad
            .validate(now())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "kind",
                "starts_at",
                "duration_hours",
                "guests",
                "lat",
                "budget_minor"
            ]
        );
    }

    #[test]
    fn durations_are_read_in_quarter_hours() {
        assert_eq!(parse_duration_hours(4.75), Ok(285));
        assert!(parse_duration_hours(0.25).is_err());
        assert!(parse_duration_hours(17.0).is_err());
        assert!(parse_duration_hours(f64::NAN).is_err());
    }

    #[test]
    fn declared_needs_read_as_one_sentence_with_allergies_first() {
        let needs = GuestNeeds::from_codes(
            &["peanuts".into(), "milk".into(), "retired_code".into()],
            &["vegetarian".into()],
            2,
        );
        assert_eq!(needs.allergens, [Allergen::Peanuts, Allergen::Milk]);
        assert_eq!(
            needs.summary().unwrap(),
            "Allergies: Peanuts, Milk. Diets: Vegetarian. 2 guests need a plate made apart."
        );
        assert!(!needs.is_empty());
    }

    #[test]
    fn no_declared_needs_say_nothing() {
        let none = GuestNeeds::default();
        assert!(none.is_empty());
        assert_eq!(none.summary(), None);
        assert_eq!(none.allergies_line(), "");
    }

    #[test]
    fn a_dish_with_a_declared_allergen_is_warned_about() {
        let dish = |id, name: &str, allergens: &[Allergen]| Dish {
            id,
            name: name.into(),
            description: String::new(),
            course: Course::Main,
            ingredients: vec![],
            organic: false,
            dietary: Default::default(),
            allergens: allergens.iter().copied().collect(),
            price_per_guest: Money::new(1000, Currency::EUR),
            min_guests: 1,
            prep_minutes: 10,
        };
        let dishes = [
            dish(1, "Satay", &[Allergen::Peanuts, Allergen::Soybeans]),
            dish(2, "Salad", &[]),
            dish(
                3,
                "Pesto pasta",
                &[
                    Allergen::TreeNuts,
                    Allergen::Milk,
                    Allergen::CerealsWithGluten,
                ],
            ),
        ];
        let warnings = allergen_warnings(&dishes, &[Allergen::Peanuts, Allergen::Milk]);
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            warnings[0].message,
            "Satay contains peanuts, which a guest must avoid."
        );
        assert_eq!(warnings[1].allergens, [Allergen::Milk]);
    }
}
