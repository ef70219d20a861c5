//! Photos on questions against real databases (SQLite and PostgreSQL): they show in the
//! asker's order with their descriptions, a refused question stores no file, and a deleted
//! question's photos are served to nobody.

use backend::{
    entities::{question_photos, questions},
    knowledge::NewQuestion,
    media::PhotoUpload,
    ServiceError,
};
use bytes::Bytes;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

mod common;
use common::*;

fn sponge_question(photos: Vec<PhotoUpload>) -> NewQuestion {
    NewQuestion {
        title: "Why did my sponge sink in the middle?".into(),
        body: "It rose well for twenty minutes at 170 °C, then the middle fell as it cooled."
            .into(),
        tags: vec!["baking".into()],
        photos,
        ..NewQuestion::default()
    }
}

fn photo(width: u32, alt: &str) -> PhotoUpload {
    PhotoUpload {
        bytes: Bytes::from(jpeg(width, 300)),
        alt: alt.into(),
    }
}

on_every_database! {
    async fn a_question_shows_its_photos_in_the_askers_order_while_it_is_live(db: DatabaseConnection) {
        let (services, media) = services_with_media(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;

        let asked = services
            .knowledge
            .ask(&asker, sponge_question(vec![photo(400, " The sunken middle "), photo(600, "")]))
            .await
            .unwrap();
        let alts: Vec<&str> = asked.photos.iter().map(|photo| photo.alt.as_str()).collect();
        assert_eq!(alts, ["The sunken middle", ""]);
        assert_eq!(asked.photos[1].width, 600, "the second photo stays second");
        assert_eq!(files_in(&media), 4, "two photos, each with its thumbnail");
        let reread = services.knowledge.page(None, asked.id).await.unwrap();
        assert_eq!(reread.photos, asked.photos, "anyone reading the question sees them");

        let name = asked.photos[0].url.trim_start_matches("/media/").to_owned();
        assert!(services.photos.file(&name).await.unwrap().is_some(), "a live question's photo is served");
        services.knowledge.delete_question(&asker, asked.id).await.unwrap();
        assert!(services.photos.file(&name).await.unwrap().is_none(), "a deleted question's photo is not");
    }

    async fn a_refused_question_stores_no_photo(db: DatabaseConnection) {
        let (services, media) = services_with_media(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let refused_for = |error: ServiceError| match error {
            ServiceError::Invalid(problems) => problems[0].field.clone(),
            other => panic!("expected a refusal naming a field, got {other:?}"),
        };

        let five = sponge_question((0..5).map(|_| photo(300, "")).collect());
        let error = services.knowledge.ask(&asker, five).await.unwrap_err();
        assert_eq!(refused_for(error), "photos");

        let one_broken = sponge_question(vec![
            photo(300, "The crumb"),
            PhotoUpload { bytes: Bytes::from_static(b"<svg onload=alert(1)>"), alt: String::new() },
        ]);
        let error = services.knowledge.ask(&asker, one_broken).await.unwrap_err();
        assert_eq!(refused_for(error), "photos");

        let too_short = NewQuestion { title: "Sponge?".into(), ..sponge_question(vec![photo(300, "")]) };
        let error = services.knowledge.ask(&asker, too_short).await.unwrap_err();
        assert_eq!(refused_for(error), "title");

        let long_description = sponge_question(vec![photo(300, &"x".repeat(301))]);
        let error = services.knowledge.ask(&asker, long_description).await.unwrap_err();
        assert_eq!(refused_for(error), "alt");

        assert_eq!(questions::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(question_photos::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(files_in(&media), 0, "the good photo's files were removed again");
    }
}
