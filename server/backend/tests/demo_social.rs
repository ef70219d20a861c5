//! `seed`'s demo social network against real databases: foodies who follow chefs, posts
//! spread over the last days with photos, likes and comments, so a newcomer's feeds are alive.

use backend::{seed, Clock};
use sea_orm::{DatabaseConnection, EntityTrait};

mod common;
use common::*;

on_every_database! {
    async fn the_demo_guest_opens_a_living_following_feed_and_seeding_again_adds_nothing(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let services = services.with_clock(Clock::adjustable());
        let now = services.clock.now();
        seed::seed_demo_data(&db, now).await.unwrap();
        let report = seed::seed_demo_social(services.deps(), now).await.unwrap();
        assert_eq!(report.people, 24);
        assert!(report.posts >= 80, "{report:?}");
        assert!(report.likes > report.posts && report.comments > 0, "{report:?}");
        assert!(count(&db, "SELECT COUNT(*) FROM post_photos").await >= 30, "chefs show their dishes");
        let newest = backend::entities::posts::Entity::find().all(&db).await.unwrap().into_iter().map(|p| p.created_at).max().unwrap();
        assert!(newest < now, "all of it in the past");

        let guest = services.accounts.log_in(seed::DEMO_CUSTOMER_EMAIL, seed::DEMO_PASSWORD, std::net::Ipv4Addr::LOCALHOST.into()).await.unwrap();
        let following = services.feeds.following(&guest, None).await.unwrap();
        assert_eq!(following.items.len(), 20, "a full first page");
        assert!(following.next_cursor.is_some());
        let for_you = services.feeds.for_you(Some(&guest), None).await.unwrap();
        assert!(for_you.items.iter().any(|item| !item.post.photos.is_empty()));
        assert!(for_you.items.iter().any(|item| item.post.like_count > 0));

        let again = seed::seed_demo_social(services.deps(), services.clock.now()).await.unwrap();
        assert_eq!(again, seed::SocialReport::default());
    }
}
