//! The calculator's examples and properties.

use super::*;
use proptest::prelude::*;

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn soup() -> QuoteDish {
    QuoteDish {
        name: "Caldo verde".into(),
        price_per_guest: eur(900),
        organic: true,
        prep_minutes: 30,
        min_guests: 2,
    }
}

fn request() -> QuoteRequest {
    QuoteRequest {
        dishes: vec![soup()],
        guests: 24,
        special_diet_guests: 0,
        // A Wednesday.
        event_date: NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
        duration_minutes: 240,
        chef: QuoteChef {
            base_rate: eur(4500),
            years_experience: 1,
            education: EducationLevel::None,
            rank: None,
            distance_km: 4.0,
        },
        tax_bp: 2300,
    }
}

fn amount(quote: &Quote, label: &str) -> i64 {
    quote
        .lines
        .iter()
        .find(|line| line.label.starts_with(label))
        .unwrap_or_else(|| panic!("no {label} line in {quote:?}"))
        .amount_minor
}

#[test]
fn a_simple_weekday_dinner_is_itemised_with_readable_formulas() {
    let quote = quote(&request()).unwrap();
    let soup = &quote.lines[0];
    assert_eq!(
        (
            soup.label.as_str(),
            soup.formula.as_str(),
            soup.amount_minor
        ),
        ("Caldo verde", "€9.00 × 24 guests", 21_600)
    );
    assert_eq!(amount(&quote, "Organic"), 1_728);
    // 4 h at the event + 2 batches × 30 min = 5 h at €45.00.
    let time = quote
        .lines
        .iter()
        .find(|l| l.label == "Chef's time")
        .unwrap();
    assert_eq!(
        time.formula,
        "4 h at the event + 1 h preparation = 5 h × €45.00/h"
    );
    assert_eq!(time.amount_minor, 22_500);
    assert_eq!(amount(&quote, "Platform service fee"), 4_583);
    assert_eq!(amount(&quote, "VAT 23%"), 11_595);
    assert_eq!(quote.total_minor, 62_006);
    assert!(quote.lines.iter().all(|l| !l.label.starts_with("Travel")));
}

#[test]
fn a_far_experienced_trained_ranked_chef_on_a_saturday_costs_more_and_says_why() {
    let mut saturday = request();
    saturday.event_date = NaiveDate::from_ymd_opt(2027, 3, 13).unwrap();
    saturday.chef.years_experience = 12;
    saturday.chef.education = EducationLevel::Diploma;
    saturday.chef.rank = Some(72.0);
    saturday.chef.distance_km = 23.42;
    let quote = quote(&saturday).unwrap();
    assert_eq!(amount(&quote, "Experience"), 6_750);
    assert_eq!(amount(&quote, "Training"), 1_125);
    assert_eq!(amount(&quote, "Rank 72"), 3_240);
    let rank = quote
        .lines
        .iter()
        .find(|l| l.label.starts_with("Rank"))
        .unwrap();
    assert_eq!(rank.formula, "14.4% of €225.00");
    let travel = quote.lines.iter().find(|l| l.label == "Travel").unwrap();
    assert_eq!(
        travel.formula,
        "2 × 13.5 km beyond the first 10 km × €0.60/km"
    );
    assert_eq!(travel.amount_minor, 1_620);
    assert!(quote
        .lines
        .iter()
        .any(|l| l.label == "Weekend (2027-03-13)"));
}

#[test]
fn christmas_is_a_holiday_even_on_a_weekday() {
    let mut christmas = request();
    christmas.event_date = NaiveDate::from_ymd_opt(2025, 12, 25).unwrap();
    let quote = quote(&christmas).unwrap();
    assert!(quote.lines.iter().any(|l| l.label.starts_with("Holiday")));
}

#[test]
fn impossible_requests_name_every_problem() {
    let mut bad = request();
    bad.dishes.clear();
    bad.guests = 0;
    bad.duration_minutes = 10;
    let fields: Vec<String> = quote(&bad)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["dish_ids", "guests", "duration_hours"]);
    let mut too_few = request();
    too_few.guests = 1;
    let problem = &quote(&too_few).unwrap_err()[0];
    assert_eq!(
        problem.message,
        "Caldo verde is made for at least 2 guests."
    );
}

fn lisbon_chef() -> ChefProfile {
    use crate::{
        catalog::{ChefCard, Course},
        chef_profile::EducationEntry,
    };
    let dish = |id, name: &str, price| Dish {
        id,
        name: name.into(),
        description: String::new(),
        course: Course::Main,
        ingredients: vec![],
        organic: false,
        dietary: Default::default(),
        allergens: Default::default(),
        price_per_guest: eur(price),
        min_guests: 2,
        prep_minutes: 20,
    };
    ChefProfile {
        card: ChefCard {
            id: 7,
            display_name: "Rita".into(),
            headline: String::new(),
            city: "Lisbon".into(),
            lat: 38.7223,
            lng: -9.1393,
            service_radius_km: 50,
            base_rate: eur(4000),
            years_experience: 4,
            cuisines: vec![],
            photo_url: None,
            rating: None,
        },
        bio: String::new(),
        education: vec![
            EducationEntry {
                level: EducationLevel::Certificate,
                institution: "A".into(),
                year: 2010,
            },
            EducationEntry {
                level: EducationLevel::Degree,
                institution: "B".into(),
                year: 2014,
            },
        ],
        certifications: vec![],
        languages: vec![],
        min_guests: 2,
        max_guests: 40,
        photo: None,
        gallery: vec![],
        dishes: vec![dish(1, "Bacalhau", 1800), dish(2, "Pastel de nata", 400)],
        menus: vec![],
        reviews: vec![],
        weekly_hours: vec![],
        busy: vec![],
        rank: None,
    }
}

fn choice() -> QuoteChoice {
    QuoteChoice {
        chef_id: 7,
        dish_ids: vec![1, 2],
        guests: 10,
        // A Saturday evening in Lisbon (UTC+0 in March).
        starts_at: DateTime::parse_from_rfc3339("2027-03-13T20:00:00+00:00").unwrap(),
        duration_hours: 3.5,
        lat: 38.80,
        lng: -9.30,
        special_diet_guests: 1,
    }
}

#[test]
fn a_choice_on_a_chefs_page_becomes_the_calculators_input() {
    let request = choice().request_for(&lisbon_chef()).unwrap();
    assert_eq!(request.dishes.len(), 2);
    assert_eq!(
        request.chef.education,
        EducationLevel::Degree,
        "the highest level counts"
    );
    assert_eq!(request.duration_minutes, 210);
    assert_eq!(request.tax_bp, 2300, "Portuguese VAT");
    assert!(
        (request.chef.distance_km - 16.4).abs() < 0.5,
        "{}",
        request.chef.distance_km
    );
    let quote = quote(&request).unwrap();
    assert!(quote
        .lines
        .iter()
        .any(|line| line.label.starts_with("Weekend")));
    assert!(quote.lines.iter().any(|line| line.label == "Travel"));
}

#[test]
fn the_event_date_is_read_in_the_events_own_offset() {
    let mut late = choice();
    late.starts_at = DateTime::parse_from_rfc3339("2027-03-12T23:30:00-05:00").unwrap();
    // 04:30 on Saturday in UTC, but Friday evening where the event is.
    let request = late.request_for(&lisbon_chef()).unwrap();
    assert_eq!(
        request.event_date,
        NaiveDate::from_ymd_opt(2027, 3, 12).unwrap()
    );
}

#[test]
fn a_dish_from_another_menu_or_a_bad_place_is_refused() {
    let mut wrong = choice();
    wrong.dish_ids = vec![1, 99];
    wrong.lat = 123.0;
    let fields: Vec<String> = wrong
        .request_for(&lisbon_chef())
        .unwrap_err()
        .into_iter()
        .map(|problem| problem.field)
        .collect();
    assert_eq!(fields, ["dish_ids", "lat"]);
}

fn any_request() -> impl Strategy<Value = QuoteRequest> {
    let dish = (0i64..20_000, any::<bool>(), 0u16..240, 1u16..20).prop_map(
        |(price, organic, prep_minutes, min_guests)| QuoteDish {
            name: "Dish".into(),
            price_per_guest: eur(price),
            organic,
            prep_minutes,
            min_guests,
        },
    );
    (
        prop::collection::vec(dish, 1..6),
        20u16..400,
        0u16..20,
        0i64..3_000,
        SHORTEST_EVENT_MINUTES..=LONGEST_EVENT_MINUTES,
        (
            0i64..30_000,
            0u8..40,
            0usize..5,
            prop::option::of(0.0f64..100.0),
            0.0f64..300.0,
        ),
        0u32..3_000,
    )
        .prop_map(|(dishes, guests, special, day, minutes, chef, tax_bp)| {
            let levels = [
                EducationLevel::None,
                EducationLevel::Certificate,
                EducationLevel::Diploma,
                EducationLevel::Degree,
                EducationLevel::Master,
            ];
            QuoteRequest {
                dishes,
                guests,
                special_diet_guests: special,
                event_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                    + chrono::Duration::days(day),
                duration_minutes: minutes,
                chef: QuoteChef {
                    base_rate: eur(chef.0),
                    years_experience: chef.1,
                    education: levels[chef.2],
                    rank: chef.3,
                    distance_km: chef.4,
                },
                tax_bp,
            }
        })
}

proptest! {
    #[test]
    fn the_total_is_the_sum_of_the_lines(request in any_request()) {
        let quote = quote(&request).unwrap();
        prop_assert_eq!(quote.total_minor, quote.lines.iter().map(|l| l.amount_minor).sum::<i64>());
    }

    #[test]
    fn no_line_and_no_total_is_ever_negative(request in any_request()) {
        let quote = quote(&request).unwrap();
        prop_assert!(quote.lines.iter().all(|line| line.amount_minor >= 0));
        prop_assert!(quote.total_minor >= 0);
    }

    #[test]
    fn more_guests_never_cost_less(request in any_request(), more in 1u16..50) {
        let mut bigger = request.clone();
        bigger.guests = (request.guests + more).min(MAX_GUESTS);
        let (small, big) = (quote(&request).unwrap(), quote(&bigger).unwrap());
        prop_assert!(big.total_minor >= small.total_minor, "{} guests: {}, {} guests: {}",
            request.guests, small.total_minor, bigger.guests, big.total_minor);
    }
}
