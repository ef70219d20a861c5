//! What chefs manage in-app (profile, dishes and menus, photos, calendar) against real
//! databases: every test runs on SQLite and on the PostgreSQL at 127.0.0.1:5432.

use backend::{seed, ServiceError, Services};
use bytes::Bytes;
use chrono::{DateTime, Duration, DurationRound, NaiveDate, TimeZone, Utc};
use domain::{
    account::{CurrentUser, Role},
    availability::{BlockForm, WorkingHours},
    catalog::{Course, MenuForm},
    chef_profile::{ChefProfileForm, LanguageSkill, Proficiency},
    money::Currency,
    paging::PageRequest,
    photos::PhotoKind,
};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};

mod common;
use common::*;

async fn admin(services: &Services, db: &DatabaseConnection) -> CurrentUser {
    let user = sign_up(services, "admin@example.com", false).await;
    db.execute_unprepared(&format!(
        "UPDATE users SET role = 'admin' WHERE id = {}",
        user.id
    ))
    .await
    .unwrap();
    CurrentUser {
        role: Role::Admin,
        ..user
    }
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    // December 2027: far enough ahead that no block lies in the past.
    Utc.with_ymd_and_hms(2027, 12, day, hour, 0, 0).unwrap()
}

fn block(from: DateTime<Utc>, to: DateTime<Utc>) -> BlockForm {
    BlockForm {
        starts_at: from,
        ends_at: to,
        reason: "Family wedding".into(),
    }
}

on_every_database! {
    async fn a_chef_saves_a_profile_and_the_public_page_shows_every_field(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.card.headline, "Seasonal Portuguese cooking for weddings");
        assert_eq!(profile.card.city, "Lisbon");
        assert_eq!(profile.card.base_rate.currency, Currency::EUR);
        assert_eq!(profile.card.cuisines, ["Portuguese", "Mediterranean"]);
        assert_eq!(profile.education[0].institution, "Escola de Hotelaria de Lisboa");
        assert_eq!(profile.certifications[0].name, "Food handler level 2");
        assert_eq!(profile.languages[1].proficiency, Proficiency::C1);
        assert_eq!((profile.min_guests, profile.max_guests), (2, 80));

        let moved = ChefProfileForm { city: "London".into(), lat: 51.5, lng: -0.1, ..lisbon_profile() };
        services.profiles.save(&chef, chef.id, &moved).await.unwrap();
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.card.base_rate.currency, Currency::GBP, "the rate follows the home city");
    }

    async fn a_bad_profile_is_refused_and_the_saved_one_is_kept(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let bad = ChefProfileForm { headline: "Chef".into(), max_guests: 0, ..lisbon_profile() };
        let Err(ServiceError::Invalid(errors)) = services.profiles.save(&chef, chef.id, &bad).await else {
            panic!("a bad profile must be refused");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["headline", "max_guests"]);
        let kept = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(kept.card.headline, "Seasonal Portuguese cooking for weddings");
    }

    async fn only_the_chef_or_an_admin_changes_a_chefs_things(db: DatabaseConnection) {
        let services = services(db.clone());
        let chef = lisbon_chef(&services).await;
        let rival = sign_up(&services, "rival@example.com", true).await;
        let customer = sign_up(&services, "guest@example.com", false).await;
        let forbidden = |result: Result<_, ServiceError>| matches!(result, Err(ServiceError::Forbidden(_)));
        for intruder in [&rival, &customer] {
            assert!(forbidden(services.profiles.save(intruder, chef.id, &lisbon_profile()).await.map(|_| ())));
            assert!(forbidden(services.menus.create_dish(intruder, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.map(|_| ())));
            assert!(forbidden(services.calendar.add_block(intruder, chef.id, &block(at(1, 10), at(1, 12))).await.map(|_| ())));
            assert!(forbidden(services.photos.upload(intruder, chef.id, PhotoKind::Gallery, Bytes::from(jpeg(300, 300))).await.map(|_| ())));
        }
        assert!(forbidden(services.profiles.save(&customer, customer.id, &lisbon_profile()).await), "a customer has no chef profile to edit");

        let admin = admin(&services, &db).await;
        let edited = ChefProfileForm { headline: "Edited by the Chef Galaxy team".into(), ..lisbon_profile() };
        services.profiles.save(&admin, chef.id, &edited).await.unwrap();
        assert_eq!(services.catalog.chef_profile(chef.id).await.unwrap().card.headline, "Edited by the Chef Galaxy team");
    }

    async fn dishes_and_menus_are_created_edited_ordered_and_deleted(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let soup = services.menus.create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        let cod = services.menus.create_dish(&chef, chef.id, &dish("Bacalhau à Brás", Course::Main, 2200)).await.unwrap();
        let tart = services.menus.create_dish(&chef, chef.id, &dish("Pastel de nata", Course::Dessert, 600)).await.unwrap();
        assert_eq!(cod.price_per_guest.currency, Currency::EUR);
        assert_eq!((cod.min_guests, cod.prep_minutes), (2, 40));

        let renamed = services.menus.update_dish(&chef, chef.id, cod.id, &dish("Bacalhau com natas", Course::Main, 2400)).await.unwrap();
        assert_eq!(renamed.name, "Bacalhau com natas");

        let form = MenuForm {
            name: "Lisbon evening".into(),
            description: "Three courses".into(),
            dish_ids: vec![tart.id, soup.id, cod.id],
            price_per_guest_minor: Some(3200),
        };
        let menu = services.menus.create_menu(&chef, chef.id, &form).await.unwrap();
        let order: Vec<_> = menu.dishes.iter().map(|d| d.id).collect();
        assert_eq!(order, [tart.id, soup.id, cod.id], "dishes keep the chef's order");
        assert_eq!(menu.price_per_guest.unwrap().amount_minor, 3200);

        let reordered = MenuForm { dish_ids: vec![soup.id, cod.id, tart.id], ..form };
        let menu = services.menus.update_menu(&chef, chef.id, menu.id, &reordered).await.unwrap();
        assert_eq!(menu.dishes[0].id, soup.id);

        services.menus.delete_dish(&chef, chef.id, tart.id).await.unwrap();
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.dishes.len(), 2);
        assert_eq!(profile.menus[0].dishes.len(), 2, "a deleted dish leaves its menus");
        let by_course: Vec<_> = profile.dishes_by_course().into_iter().map(|(course, _)| course).collect();
        assert_eq!(by_course, [Course::Starter, Course::Main]);

        services.menus.delete_menu(&chef, chef.id, menu.id).await.unwrap();
        assert!(services.catalog.chef_profile(chef.id).await.unwrap().menus.is_empty());
    }

    async fn the_public_page_and_list_show_each_change_at_once_though_they_are_kept_in_memory(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let first_page = || services.catalog.chefs(PageRequest::parse(Some(1), Some(20)).unwrap(), None);
        let page = || services.catalog.chef_profile(chef.id);
        assert!(page().await.unwrap().menus.is_empty());
        assert_eq!(first_page().await.unwrap().items[0].city, "Lisbon");

        let soup = services.menus.create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        assert_eq!(page().await.unwrap().dishes.len(), 1, "a new dish");
        let form = MenuForm { name: "Lisbon evening".into(), description: String::new(), dish_ids: vec![soup.id], price_per_guest_minor: None };
        let menu = services.menus.create_menu(&chef, chef.id, &form).await.unwrap();
        assert_eq!(page().await.unwrap().menus.len(), 1, "a new menu");
        services.menus.update_menu(&chef, chef.id, menu.id, &MenuForm { name: "Porto night".into(), ..form }).await.unwrap();
        assert_eq!(page().await.unwrap().menus[0].name, "Porto night", "a renamed menu");

        // A chef's page shows the next 120 days.
        let soon = backend::Clock::system().now().duration_trunc(Duration::hours(1)).unwrap() + Duration::days(10);
        services.calendar.add_block(&chef, chef.id, &block(soon, soon + Duration::hours(6))).await.unwrap();
        assert_eq!(page().await.unwrap().busy.len(), 1, "a blocked evening");

        let moved = ChefProfileForm { city: "London".into(), lat: 51.5, lng: -0.1, ..lisbon_profile() };
        services.profiles.save(&chef, chef.id, &moved).await.unwrap();
        assert_eq!(first_page().await.unwrap().items[0].city, "London", "the list too");
        assert_eq!(page().await.unwrap().card.city, "London");
    }

    async fn a_menu_cannot_use_another_chefs_dish_and_dish_ids_of_others_are_not_found(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let other = sign_up(&services, "rui@example.com", true).await;
        services.profiles.save(&other, other.id, &lisbon_profile()).await.unwrap();
        let theirs = services.menus.create_dish(&other, other.id, &dish("Arroz de pato", Course::Main, 2000)).await.unwrap();
        let form = MenuForm { name: "Borrowed".into(), description: String::new(), dish_ids: vec![theirs.id], price_per_guest_minor: None };
        let Err(ServiceError::Invalid(errors)) = services.menus.create_menu(&chef, chef.id, &form).await else {
            panic!("another chef's dish must be refused");
        };
        assert_eq!(errors[0].field, "dish_ids");
        let update = services.menus.update_dish(&chef, chef.id, theirs.id, &dish("Mine now", Course::Main, 100)).await;
        assert!(matches!(update, Err(ServiceError::NotFound("Dish"))));
    }

    async fn a_dish_before_any_profile_is_refused_with_a_reason(db: DatabaseConnection) {
        let services = services(db);
        let chef = sign_up(&services, "new@example.com", true).await;
        let Err(ServiceError::Invalid(errors)) = services.menus.create_dish(&chef, chef.id, &dish("Soup", Course::Starter, 900)).await else {
            panic!("a dish needs the profile's currency");
        };
        assert_eq!(errors[0].field, "profile");
    }

    async fn a_photo_is_stored_as_two_clean_jpegs_and_a_new_profile_photo_replaces_the_old(db: DatabaseConnection) {
        let (services, media) = services_with_media(db);
        let chef = lisbon_chef(&services).await;
        let first = services.photos.upload(&chef, chef.id, PhotoKind::Profile, Bytes::from(jpeg(900, 600))).await.unwrap();
        assert_eq!((first.width, first.height), (900, 600));
        assert_eq!(files_in(&media), 2, "the photo and its thumbnail");
        let name = first.url.rsplit('/').next().unwrap();
        let stored = services.photos.file(name).await.unwrap().expect("the file is served");
        assert_eq!(image::guess_format(&stored).unwrap(), image::ImageFormat::Jpeg);

        let second = services.photos.upload(&chef, chef.id, PhotoKind::Profile, Bytes::from(jpeg(400, 400))).await.unwrap();
        assert_eq!(files_in(&media), 2, "the old profile photo's files are gone");
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.photo.unwrap().id, second.id);
        assert_eq!(profile.card.photo_url.as_deref(), Some(second.thumbnail_url.as_str()));

        services.photos.upload(&chef, chef.id, PhotoKind::Gallery, Bytes::from(jpeg(800, 800))).await.unwrap();
        let gallery = services.catalog.chef_profile(chef.id).await.unwrap().gallery;
        assert_eq!(gallery.len(), 1);
        services.photos.delete(&chef, chef.id, gallery[0].id).await.unwrap();
        assert_eq!(files_in(&media), 2);
    }

    async fn a_polyglot_or_oversized_upload_is_refused_and_nothing_is_stored(db: DatabaseConnection) {
        let (services, media) = services_with_media(db.clone());
        let chef = lisbon_chef(&services).await;
        let mut polyglot = jpeg(300, 300);
        polyglot.extend_from_slice(b"PK\x03\x04<script>alert(document.cookie)</script>");
        let oversized = vec![0xFF; domain::photos::MAX_PHOTO_BYTES + 1];
        for upload in [polyglot, oversized, b"GIF89a not a photo".to_vec()] {
            let refused = services.photos.upload(&chef, chef.id, PhotoKind::Gallery, Bytes::from(upload)).await;
            let Err(ServiceError::Invalid(errors)) = refused else { panic!("must be refused: {refused:?}") };
            assert_eq!(errors[0].field, "photo");
        }
        assert_eq!(files_in(&media), 0, "no file was written");
        assert_eq!(backend::entities::photos::Entity::find().count(&db).await.unwrap(), 0, "no row was written");
    }

    async fn overlapping_blocks_are_refused_and_touching_ones_allowed(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        services.calendar.add_block(&chef, chef.id, &block(at(10, 10), at(10, 18))).await.unwrap();
        let overlap = services.calendar.add_block(&chef, chef.id, &block(at(10, 17), at(10, 20))).await;
        let Err(ServiceError::Conflict(clash)) = overlap else { panic!("an overlap must conflict: {overlap:?}") };
        assert!(clash.message.starts_with("This overlaps another block from Fri 10 Dec 2027 10:00"), "{}", clash.message);
        services.calendar.add_block(&chef, chef.id, &block(at(10, 18), at(10, 20))).await.expect("touching is fine");
        let rival = sign_up(&services, "rival@example.com", true).await;
        services.profiles.save(&rival, rival.id, &lisbon_profile()).await.unwrap();
        services.calendar.add_block(&rival, rival.id, &block(at(10, 10), at(10, 18))).await.expect("another chef's calendar is separate");
    }

    async fn two_concurrent_overlapping_blocks_cannot_both_be_created(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        for round in 0..5u32 {
            let day = 12 + round;
            let first = block(at(day, 9), at(day, 15));
            let second = block(at(day, 12), at(day, 20));
            let (a, b) = tokio::join!(
                services.calendar.add_block(&chef, chef.id, &first),
                services.calendar.add_block(&chef, chef.id, &second),
            );
            let created = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
            assert_eq!(created, 1, "round {round}: {a:?} / {b:?}");
            let loser = if a.is_ok() { b } else { a };
            assert!(matches!(loser, Err(ServiceError::Conflict(_))), "round {round}: {loser:?}");
        }
        let blocks = services.calendar.blocks(&chef, chef.id, at(1, 0)).await.unwrap();
        assert_eq!(blocks.len(), 5);
        assert!(blocks.windows(2).all(|w| w[0].ends_at <= w[1].starts_at));
    }

    async fn a_chef_is_free_inside_working_hours_and_outside_blocks(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        // Lisbon is on UTC in December; Fridays 17:00–23:00.
        let hours = vec![WorkingHours { weekday: 5, starts: "17:00".into(), ends: "23:00".into() }];
        services.calendar.set_weekly_hours(&chef, chef.id, &hours).await.unwrap();
        let calendar = &services.calendar;
        assert!(calendar.availability(chef.id, at(10, 18), at(10, 22)).await.unwrap().free);
        let too_early = calendar.availability(chef.id, at(10, 15), at(10, 19)).await.unwrap();
        assert!(!too_early.free && !too_early.within_working_hours);

        let wedding = calendar.block_days(&chef, chef.id, NaiveDate::from_ymd_opt(2027, 12, 10).unwrap(), NaiveDate::from_ymd_opt(2027, 12, 10).unwrap(), "Sister's wedding").await.unwrap();
        assert_eq!((wedding.starts_at, wedding.ends_at), (at(10, 0), at(11, 0)));
        let blocked = calendar.availability(chef.id, at(10, 18), at(10, 22)).await.unwrap();
        assert!(!blocked.free && blocked.clashes_with_calendar && blocked.within_working_hours);

        calendar.remove_block(&chef, chef.id, wedding.id).await.unwrap();
        assert!(calendar.availability(chef.id, at(10, 18), at(10, 22)).await.unwrap().free);
        assert!(calendar.availability(chef.id, at(10, 22), at(10, 18)).await.is_err(), "backwards is a bad question");
    }

    async fn working_hours_are_local_to_the_chefs_city(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let paris = ChefProfileForm { city: "Paris".into(), lat: 48.85, lng: 2.35, ..lisbon_profile() };
        services.profiles.save(&chef, chef.id, &paris).await.unwrap();
        let hours = vec![WorkingHours { weekday: 5, starts: "18:00".into(), ends: "23:00".into() }];
        services.calendar.set_weekly_hours(&chef, chef.id, &hours).await.unwrap();
        // 18:00 in Paris in December is 17:00 UTC.
        assert!(services.calendar.availability(chef.id, at(10, 17), at(10, 21)).await.unwrap().free);
        assert!(!services.calendar.availability(chef.id, at(10, 16), at(10, 18)).await.unwrap().free);
        let overlapping = vec![
            WorkingHours { weekday: 1, starts: "10:00".into(), ends: "14:00".into() },
            WorkingHours { weekday: 1, starts: "13:00".into(), ends: "15:00".into() },
        ];
        assert!(matches!(services.calendar.set_weekly_hours(&chef, chef.id, &overlapping).await, Err(ServiceError::Invalid(_))));
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.weekly_hours, hours, "a refused week leaves the saved one");
    }

    async fn demo_chefs_come_with_education_languages_menus_and_a_calendar(db: DatabaseConnection) {
        seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        let services = services(db);
        let chef = services.catalog.chefs(PageRequest::first(1), None).await.unwrap().items.remove(0);
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert!(!profile.education.is_empty());
        assert!(!profile.certifications.is_empty());
        assert!(profile.languages.iter().any(|l| l.proficiency == Proficiency::Native));
        assert!(!profile.menus.is_empty() && !profile.menus[0].dishes.is_empty());
        assert!(!profile.weekly_hours.is_empty());
        assert!(profile.min_guests <= profile.max_guests);
        let in_a_year = services.calendar.availability(chef.id, backend::Clock::system().now() + Duration::days(30), backend::Clock::system().now() + Duration::days(37)).await.unwrap();
        assert!(!in_a_year.free, "a week in the demo holiday window or outside hours");
    }

    async fn profiles_from_before_structured_fields_keep_what_chefs_wrote(db: DatabaseConnection) {
        // Back to the first schema, as a database from before this feature would be.
        let after_the_first = (Migrator::migrations().len() - 1) as u32;
        Migrator::down(&db, Some(after_the_first)).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at) \
             VALUES ('old@example.com', 'Old Chef', 'chef', 'x', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        ).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO chef_profiles (user_id, headline, bio, years_experience, education, languages, cuisines, city, \
             latitude, longitude, service_radius_km, base_rate_minor, currency, created_at, updated_at) \
             SELECT id, 'Old headline here', 'Cooks.', 5, 'Diploma, Le Cordon Bleu', '[\"French\",\"English\"]', '[\"French\"]', \
             'Paris', 48.85, 2.35, 20, 5000, 'EUR', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM users",
        ).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let services = services(db);
        let chef = services.catalog.chefs(PageRequest::first(1), None).await.unwrap().items.remove(0);
        let profile = services.catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.languages[0], LanguageSkill { language: "French".into(), proficiency: Proficiency::Native });
        assert_eq!(profile.languages[1].proficiency, Proficiency::B2);
        assert!(profile.bio.ends_with("Education: Diploma, Le Cordon Bleu"), "{}", profile.bio);
        assert_eq!((profile.min_guests, profile.max_guests), (1, 50));
    }
}
