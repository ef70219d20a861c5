//! Posts against real databases: what a post keeps, who may change it, and that a refused or
//! failed post leaves nothing behind. Every test runs on SQLite and on PostgreSQL.

use backend::{
    social::posts::{NewPost, PhotoUpload},
    ServiceError, Services,
};
use bytes::Bytes;
use chrono::Duration;
use domain::account::CurrentUser;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};

mod common;
use common::*;

async fn person(services: &Services, email: &str) -> CurrentUser {
    sign_up(services, email, false).await
}

on_every_database! {
    async fn a_new_account_gets_a_handle_from_its_name_and_a_second_one_a_numbered_handle(db: DatabaseConnection) {
        let services = services(db.clone());
        let first = person(&services, "ana@example.com").await;
        let second = person(&services, "ana.other@example.com").await;
        let handles: Vec<Option<String>> = backend::entities::users::Entity::find()
            .order_by_asc(backend::entities::users::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|user| user.handle)
            .collect();
        assert_eq!(handles[0].as_deref(), Some("ana_lopez"), "{first:?}");
        assert_eq!(handles[1], Some(format!("ana_lopez_{}", second.id)));
    }

    async fn a_post_keeps_its_photos_tags_and_safe_html(db: DatabaseConnection) {
        let (services, media) = services_with_media(db.clone());
        let ana = person(&services, "ana@example.com").await;
        let post = services
            .posts
            .create(&ana, NewPost {
                text: "Tonkotsu at home **at last** #Ramen <script>alert(1)</script>".into(),
                photos: vec![PhotoUpload { bytes: Bytes::from(jpeg(320, 240)), alt: " A bowl of ramen ".into() }],
                dish_id: None,
                booking_id: None,
            })
            .await
            .unwrap();
        assert_eq!(post.tags, ["ramen"]);
        assert_eq!(post.author.handle, "ana_lopez");
        assert!(post.html.contains("<strong>at last</strong>"));
        assert!(post.html.contains(r#"href="/t/ramen""#));
        assert!(!post.html.contains("<script"));
        assert_eq!(post.photos.len(), 1);
        assert_eq!(post.photos[0].alt, "A bowl of ramen");
        assert_eq!(files_in(&media), 2, "the photo and its thumbnail");
        let name = post.photos[0].url.trim_start_matches("/media/");
        assert!(services.photos.file(name).await.unwrap().is_some(), "a live post's photo is served");

        services.posts.delete(&ana, post.id).await.unwrap();
        assert!(matches!(services.posts.get(None, post.id).await, Err(ServiceError::NotFound(_))));
        assert!(services.photos.file(name).await.unwrap().is_none(), "a deleted post's photo is not");
    }

    async fn a_refused_post_stores_nothing(db: DatabaseConnection) {
        let (services, media) = services_with_media(db.clone());
        let ana = person(&services, "ana@example.com").await;
        let seven = NewPost {
            photos: (0..7).map(|_| PhotoUpload { bytes: Bytes::from(jpeg(320, 240)), alt: String::new() }).collect(),
            ..text_post("Seven plates")
        };
        let refused = services.posts.create(&ana, seven).await.unwrap_err();
        assert!(matches!(&refused, ServiceError::Invalid(problems) if problems[0].field == "photos"), "{refused:?}");
        let broken = NewPost {
            photos: vec![
                PhotoUpload { bytes: Bytes::from(jpeg(320, 240)), alt: String::new() },
                PhotoUpload { bytes: Bytes::from_static(b"not a picture"), alt: String::new() },
            ],
            ..text_post("One good photo, one broken")
        };
        let refused = services.posts.create(&ana, broken).await.unwrap_err();
        assert!(matches!(&refused, ServiceError::Invalid(problems) if problems[0].field == "photos"), "{refused:?}");
        let blank = services.posts.create(&ana, text_post("   ")).await.unwrap_err();
        assert!(matches!(&blank, ServiceError::Invalid(problems) if problems[0].field == "text"));
        let someone_elses_dish = NewPost { dish_id: Some(999), ..text_post("My dish") };
        let refused = services.posts.create(&ana, someone_elses_dish).await.unwrap_err();
        assert!(matches!(&refused, ServiceError::Invalid(problems) if problems[0].field == "dish_id"));

        assert_eq!(backend::entities::posts::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(files_in(&media), 0, "the good photo's files were removed again");
    }

    async fn only_the_author_edits_within_a_day_and_the_old_words_are_kept(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db.clone()).with_clock(clock.clone());
        let ana = person(&services, "ana@example.com").await;
        let bruno = person(&services, "bruno@example.com").await;
        let post = services.posts.create(&ana, text_post("Pastéis de nata #baking")).await.unwrap();

        let not_hers = services.posts.edit(&bruno, post.id, "Mine now").await.unwrap_err();
        assert!(matches!(not_hers, ServiceError::Forbidden(_)));
        let edited = services.posts.edit(&ana, post.id, "Pastéis de nata, second batch #pastry").await.unwrap();
        assert_eq!(edited.tags, ["pastry"]);
        assert!(edited.edited_at.is_some());
        let history = services.posts.edit_history(None, post.id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].1, "Pastéis de nata #baking");

        clock.advance(Duration::hours(25)).unwrap();
        let late = services.posts.edit(&ana, post.id, "Too late").await.unwrap_err();
        assert!(matches!(&late, ServiceError::Invalid(problems) if problems[0].field == "text"), "{late:?}");
        assert!(matches!(services.posts.delete(&bruno, post.id).await, Err(ServiceError::Forbidden(_))));
    }

    async fn a_blocked_person_gets_not_found_for_the_authors_post(db: DatabaseConnection) {
        let services = services(db.clone());
        let ana = person(&services, "ana@example.com").await;
        let bruno = person(&services, "bruno@example.com").await;
        let post = services.posts.create(&ana, text_post("Sunday roast")).await.unwrap();
        assert!(services.posts.get(Some(&bruno), post.id).await.is_ok());
        db.execute_unprepared(&format!(
            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ({}, {}, CURRENT_TIMESTAMP)",
            ana.id, bruno.id
        ))
        .await
        .unwrap();
        assert!(matches!(services.posts.get(Some(&bruno), post.id).await, Err(ServiceError::NotFound(_))));
        assert!(services.posts.get(None, post.id).await.is_ok(), "visitors still see public posts");
    }
}
