//! `seed`'s demo past against real databases: photos on every demo chef, and past dinners
//! booked, paid, released and reviewed through the services, so the ratings on cards, the
//! reviews on chef pages and the chefs' earnings agree.

use backend::{seed, Clock};
use domain::{account::Role, paging::PageRequest};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

on_every_database! {
    async fn the_demo_has_photos_and_a_past_of_paid_dinners_reviewed_by_both_sides(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let services = services.with_clock(Clock::adjustable());
        let now = services.clock.now();
        let seeded = seed::seed_demo_data(&db, now).await.unwrap();

        // One city's past: the whole demo's takes minutes in a debug build.
        let in_lisbon = |city: &str| city == "Lisbon";
        let report = seed::seed_demo_history_in(services.deps(), now, in_lisbon).await.unwrap();
        assert!(seeded.chefs_created > seed::CHEFS_PER_CITY);
        assert_eq!(report.photos_added, 4 * seed::CHEFS_PER_CITY, "a portrait and three plated dishes each");
        assert!(report.events_held >= seed::CHEFS_PER_CITY / 2, "{report:?}");
        assert_eq!(report.reviews_written, 2 * report.events_held);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM bookings WHERE state <> 'released'").await, 0, "every past dinner is paid out to its chef");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM bookings WHERE ends_at > CURRENT_TIMESTAMP").await, 0, "all of it in the past");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'dead'").await, 0);

        // Cards carry the stars of the reviews the chef page lists, and the reviews name
        // what was cooked.
        let cards = services.catalog.chefs(PageRequest::parse(Some(1), Some(100)).unwrap(), Some("Lisbon")).await.unwrap().items;
        assert_eq!(cards.len(), seed::CHEFS_PER_CITY);
        let reviewed: Vec<_> = cards.iter().filter(|card| card.rating.is_some()).collect();
        assert!(!reviewed.is_empty() && reviewed.len() < cards.len(), "some chefs are reviewed, some are new");
        for card in reviewed.iter().take(5) {
            let profile = services.catalog.chef_profile(card.id).await.unwrap();
            let rating = card.rating.unwrap();
            assert_eq!(profile.reviews.len(), rating.count as usize);
            assert!(profile.reviews.iter().all(|review| profile.dishes.iter().any(|dish| review.text.contains(&dish.name))));
            assert!(profile.reviews.iter().all(|review| review.author_id != card.id), "the customers' reviews, not the chef's");
            let photo = profile.photo.expect("a portrait");
            assert_eq!(profile.gallery.len(), 3);
            let file = photo.thumbnail_url.rsplit('/').next().unwrap().to_owned();
            assert!(services.photos.file(&file).await.unwrap().is_some(), "the portrait's file is stored");

            let chef = domain::account::CurrentUser { id: card.id, email: String::new(), display_name: card.display_name.clone(), role: Role::Chef };
            let earnings = services.escrow.earnings(&chef).await.unwrap();
            assert!(earnings.owed_minor + earnings.paid_out_minor > 0, "{} earned from their dinners", card.display_name);
            assert_eq!(earnings.in_escrow_minor, 0);
        }

        // Seeding again adds nothing.
        let again = seed::seed_demo_history_in(services.deps(), services.clock.now(), in_lisbon).await.unwrap();
        assert_eq!(again, seed::HistoryReport::default());
    }
}
