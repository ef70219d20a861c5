//! "From a real event" on SQLite and PostgreSQL: a dinner that took place can be linked from a
//! post once its customer and its chef both agree; either may take it back, and the badge
//! leaves every post at once.

use backend::{Clock, ServiceError, Services};
use chrono::Duration;
use domain::{
    account::CurrentUser,
    booking::{BookingState, CardForm},
    catalog::Course,
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

/// A dinner booked, paid and held: its chef, its customer and its id.
async fn held_dinner(services: &Services) -> (CurrentUser, CurrentUser, i64) {
    let chef = lisbon_chef(services).await;
    let dish = services
        .menus
        .create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900))
        .await
        .unwrap();
    let customer = sign_up(services, "rui@example.com", false).await;
    let starts_at = services.clock.now() + Duration::days(20);
    let booking = services
        .bookings
        .request(&customer, &lisbon_dinner(chef.id, vec![dish.id], starts_at))
        .await
        .unwrap();
    services
        .bookings
        .accept(&chef, booking.id, None)
        .await
        .unwrap();
    let card = CardForm {
        number: "4242 4242 4242 4242".into(),
        exp_month: 12,
        exp_year: 2099,
        cvc: "123".into(),
    };
    services
        .escrow
        .pay(&customer, booking.id, &card, "pay-1")
        .await
        .unwrap()
        .outcome
        .unwrap();
    services
        .clock
        .advance(Duration::days(21) + Duration::hours(1))
        .unwrap();
    run_due_jobs(services).await;
    let state = services
        .bookings
        .get(&customer, booking.id)
        .await
        .unwrap()
        .state;
    assert_eq!(state, BookingState::Completed);
    (chef, customer, booking.id)
}

fn refused_field(error: ServiceError) -> String {
    match error {
        ServiceError::Invalid(problems) => problems[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn post_from(booking_id: i64) -> backend::social::posts::NewPost {
    backend::social::posts::NewPost {
        booking_id: Some(booking_id),
        ..text_post("Our anniversary dinner #petiscos")
    }
}

on_every_database! {
    async fn an_event_is_shown_on_posts_only_while_both_sides_agree(db: DatabaseConnection) {
        let services = services(db.clone()).with_clock(Clock::adjustable());
        let (chef, customer, booking_id) = held_dinner(&services).await;

        let refused = services.posts.create(&customer, post_from(booking_id)).await.unwrap_err();
        assert_eq!(refused_field(refused), "booking_id", "nobody agreed yet");
        let half = services.event_shares.agree(&customer, booking_id).await.unwrap();
        assert!(half.you_agreed && !half.other_agreed && !half.shown());
        assert!(services.event_shares.shown_events(&customer).await.unwrap().is_empty());

        let both = services.event_shares.agree(&chef, booking_id).await.unwrap();
        assert!(both.shown());
        let again = services.event_shares.agree(&chef, booking_id).await.unwrap();
        assert_eq!(again, both, "agreeing twice is agreeing once");
        let offered = services.event_shares.shown_events(&customer).await.unwrap();
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].booking_id, booking_id);
        let post = services.posts.create(&customer, post_from(booking_id)).await.unwrap();
        assert_eq!(post.from_event.as_ref().map(|event| event.booking_id), Some(booking_id));

        let withdrawn = services.event_shares.withdraw(&chef, booking_id).await.unwrap();
        assert!(!withdrawn.you_agreed && withdrawn.other_agreed);
        let post = services.posts.get(None, post.id).await.unwrap();
        assert_eq!(post.from_event, None, "the badge leaves the post at once");
    }

    async fn only_the_two_sides_of_an_event_that_took_place_can_agree_to_show_it(db: DatabaseConnection) {
        let services = services(db.clone()).with_clock(Clock::adjustable());
        let chef = lisbon_chef(&services).await;
        let dish = services.menus.create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        let customer = sign_up(&services, "rui@example.com", false).await;
        let starts_at = services.clock.now() + Duration::days(20);
        let coming = services.bookings.request(&customer, &lisbon_dinner(chef.id, vec![dish.id], starts_at)).await.unwrap();
        let early = services.event_shares.agree(&customer, coming.id).await.unwrap_err();
        assert_eq!(refused_field(early), "booking_id", "not before it took place");

        let stranger = sign_up(&services, "eve@example.com", false).await;
        for attempt in [
            services.event_shares.agree(&stranger, coming.id).await,
            services.event_shares.sharing(&stranger, coming.id).await,
            services.event_shares.withdraw(&stranger, coming.id).await,
        ] {
            assert!(matches!(attempt, Err(ServiceError::NotFound(_))), "{attempt:?}");
        }
    }
}
