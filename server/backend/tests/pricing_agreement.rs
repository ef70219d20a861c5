//! The price a person is shown is the price a booking is made at: for many random choices on
//! a chef's page, the domain's one pricing entry point and the booking service agree — a
//! choice it prices is booked at exactly that total, and a choice it refuses is refused by
//! the service naming the same fields. SQLite and PostgreSQL.

use backend::{ServiceError, Services};
use chrono::{Duration, DurationRound, Offset, TimeZone};
use domain::places::time_zone_of;
use domain::{
    booking::BookingRequestForm,
    catalog::{ChefProfile, Course, DishForm},
    events::EventRequestForm,
    pricing::price_for_chef,
};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sea_orm::DatabaseConnection;
use std::collections::BTreeSet;

mod common;
use common::*;

/// Lisbon chef with an ordinary starter and main, and a dish only cooked for twelve or more.
async fn chef_with_menu(services: &Services) -> ChefProfile {
    let chef = lisbon_chef(services).await;
    let suckling_pig = DishForm {
        min_guests: 12,
        ..dish("Leitão à Bairrada", Course::Main, 3400)
    };
    for form in [
        dish("Caldo verde", Course::Starter, 900),
        dish("Cataplana de marisco", Course::Main, 2800),
        suckling_pig,
    ] {
        services
            .menus
            .create_dish(&chef, chef.id, &form)
            .await
            .unwrap();
    }
    services.catalog.chef_profile(chef.id).await.unwrap()
}

fn fields(problems: &[domain::FieldError]) -> BTreeSet<String> {
    problems
        .iter()
        .map(|problem| problem.field.clone())
        .collect()
}

on_every_database! {
    async fn a_quote_the_calculator_gives_is_booked_at_that_total_and_a_refusal_is_refused_alike(db: DatabaseConnection) {
        let services = services(db);
        let chef = chef_with_menu(&services).await;
        let customer = sign_up(&services, "rui@example.com", false).await;
        let lisbon = time_zone_of("Lisbon");
        let mut dice = StdRng::seed_from_u64(16);
        let (mut booked, mut refused) = (0, 0);
        for round in 0..40 {
            let dish_ids: Vec<i64> = chef.dishes.iter().map(|d| d.id).filter(|_| dice.gen_bool(0.6)).collect();
            let starts_at = (services.clock.now() + Duration::days(dice.gen_range(3..60)) + Duration::hours(dice.gen_range(0..24)))
                .duration_trunc(Duration::minutes(15))
                .unwrap();
            let form = BookingRequestForm {
                chef_id: chef.card.id,
                dish_ids,
                special_diet_guests: dice.gen_range(0..3),
                event: EventRequestForm {
                    kind: "dinner".into(),
                    starts_at,
                    duration_hours: f64::from(dice.gen_range(2..=16)) / 2.0,
                    guests: dice.gen_range(1..=120),
                    city: "Lisbon".into(),
                    // Up to about 70 km north: inside and beyond the chef's 40 km.
                    lat: 38.72 + dice.gen_range(0.0..0.63),
                    lng: -9.14,
                    budget_minor: None,
                    dietary_needs: vec![],
                    allergens: vec![],
                    notes: String::new(),
                },
                message: String::new(),
                expected_total_minor: None,
            };
            // What the chef's page computes in the browser, in the event's own time zone.
            let offset = lisbon.offset_from_utc_datetime(&starts_at.naive_utc()).fix();
            let shown = price_for_chef(&chef, &form.quote_choice(offset));
            let answer = services
                .bookings
                .request(&customer, &BookingRequestForm { expected_total_minor: shown.as_ref().ok().map(|(_, q)| q.total_minor), ..form.clone() })
                .await;
            match (shown, answer) {
                (Ok((_, quote)), Ok(booking)) => {
                    assert_eq!(booking.quote, quote, "round {round}: booked as shown");
                    booked += 1;
                }
                (Err(problems), Err(ServiceError::Invalid(service_problems))) => {
                    assert_eq!(fields(&problems), fields(&service_problems), "round {round}: refused alike");
                    refused += 1;
                }
                (shown, answer) => panic!("round {round}: the page showed {shown:?}, the booking gave {answer:?}"),
            }
        }
        assert!(booked >= 5 && refused >= 5, "both kinds of choice were tried: {booked} booked, {refused} refused");
    }
}
