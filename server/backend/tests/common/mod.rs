//! What every backend test file shares: a fresh, migrated database of each kind, and the
//! macro that runs one test body on both.

#![allow(dead_code)]

use backend::{
    background,
    db::{self, scratch},
    email::Mailer,
    search::EmbeddedSearch,
    Deps, MediaStore, Search, Services,
};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, SignupForm},
    booking::BookingRequestForm,
    catalog::{Allergen, Course, DietaryFlag, DishForm},
    chef_profile::{
        Certification, ChefProfileForm, EducationEntry, EducationLevel, LanguageSkill, Proficiency,
    },
    events::EventRequestForm,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use std::{path::Path, sync::Arc};

/// A migrated database; the temporary directory (SQLite) lives as long as the test.
pub struct TestDb {
    pub db: DatabaseConnection,
    /// For opening more connections, or handing the database to another process.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let (dir, url) = scratch::sqlite_database();
    let db = db::connect(&url).await.expect("SQLite opens");
    db::migrate(&db).await.expect("migrations apply");
    TestDb {
        db,
        url,
        _dir: Some(dir),
    }
}

pub async fn postgres() -> TestDb {
    let url = scratch::postgres_database()
        .await
        .expect("the test PostgreSQL at 127.0.0.1:5432 is reachable (make test starts it)");
    let db = db::connect(&url).await.expect("PostgreSQL connects");
    db::migrate(&db).await.expect("migrations apply");
    TestDb {
        db,
        url,
        _dir: None,
    }
}

/// Services whose photo files go to a directory of their own, removed with the returned guard.
pub fn services_with_media(db: DatabaseConnection) -> (Services, tempfile::TempDir) {
    let media_dir = tempfile::tempdir().expect("a temporary media directory");
    let media = MediaStore::local(media_dir.path()).expect("the media directory opens");
    (
        Services::new(Deps::new(db, media, scratch_search())),
        media_dir,
    )
}

/// An embedded search engine in `folder`.
pub fn embedded_search(folder: &Path) -> Search {
    Arc::new(EmbeddedSearch::open(folder).expect("the search folder opens"))
}

/// Services for tests that store no photos.
pub fn services(db: DatabaseConnection) -> Services {
    let media = MediaStore::local(std::env::temp_dir().join("chef-galaxy-test-media"))
        .expect("the media directory opens");
    Services::new(Deps::new(db, media, scratch_search()))
}

/// An embedded search engine in a temporary folder of its own (kept: the engine may outlive
/// any guard a helper could return).
pub fn scratch_search() -> Search {
    let folder = tempfile::tempdir()
        .expect("a temporary search folder")
        .keep();
    embedded_search(&folder)
}

#[macro_export]
macro_rules! on_every_database {
    ($(async fn $name:ident($db:ident: DatabaseConnection) $body:block)*) => {$(
        mod $name {
            use super::*;
            async fn check($db: DatabaseConnection) $body
            #[tokio::test]
            async fn on_sqlite() { check(common::sqlite().await.db).await }
            #[tokio::test]
            async fn on_postgres() { check(common::postgres().await.db).await }
        }
    )*};
}

pub async fn sign_up(services: &Services, email: &str, as_chef: bool) -> CurrentUser {
    services
        .accounts
        .sign_up(&SignupForm {
            email: email.into(),
            password: "saffron-risotto-42".into(),
            display_name: "Ana Lopez".into(),
            as_chef,
        })
        .await
        .unwrap()
}

pub fn lisbon_profile() -> ChefProfileForm {
    ChefProfileForm {
        headline: "Seasonal Portuguese cooking for weddings".into(),
        bio: "Twelve years between Lisbon and Porto kitchens.".into(),
        years_experience: 12,
        education: vec![EducationEntry {
            level: EducationLevel::Diploma,
            institution: "Escola de Hotelaria de Lisboa".into(),
            year: 2013,
        }],
        certifications: vec![Certification {
            name: "Food handler level 2".into(),
            issuer: "ASAE".into(),
            expires_on: NaiveDate::from_ymd_opt(2028, 3, 1),
        }],
        languages: vec![
            LanguageSkill {
                language: "Portuguese".into(),
                proficiency: Proficiency::Native,
            },
            LanguageSkill {
                language: "English".into(),
                proficiency: Proficiency::C1,
            },
        ],
        cuisines: vec!["Portuguese".into(), "Mediterranean".into()],
        city: "Lisbon".into(),
        lat: 38.72,
        lng: -9.14,
        service_radius_km: 40,
        base_rate_minor: 6500,
        min_guests: 2,
        max_guests: 80,
    }
}

pub fn dish(name: &str, course: Course, price: i64) -> DishForm {
    DishForm {
        name: name.into(),
        description: "Made the morning of the event.".into(),
        course,
        ingredients: vec!["olive oil".into(), "garlic".into()],
        organic: true,
        dietary: [DietaryFlag::DairyFree].into(),
        allergens: [Allergen::Fish].into(),
        price_per_guest_minor: price,
        min_guests: 2,
        prep_minutes: 40,
    }
}

/// A dinner for 8 in Lisbon, three hours from `starts_at`, of `dish_ids` by `chef_id`.
pub fn lisbon_dinner(
    chef_id: i64,
    dish_ids: Vec<i64>,
    starts_at: DateTime<Utc>,
) -> BookingRequestForm {
    BookingRequestForm {
        chef_id,
        dish_ids,
        special_diet_guests: 0,
        event: EventRequestForm {
            kind: "dinner".into(),
            starts_at,
            duration_hours: 3.0,
            guests: 8,
            city: "Lisbon".into(),
            lat: 38.72,
            lng: -9.14,
            budget_minor: None,
            dietary_needs: vec![],
            allergens: vec![],
            notes: String::new(),
        },
        message: String::new(),
        expected_total_minor: None,
    }
}

/// A chef with a saved Lisbon profile.
pub async fn lisbon_chef(services: &Services) -> CurrentUser {
    let chef = sign_up(services, "ana@example.com", true).await;
    services
        .profiles
        .save(&chef, chef.id, &lisbon_profile())
        .await
        .unwrap();
    chef
}

/// Runs every job that has fallen due on the services' clock, as a worker would.
pub async fn run_due_jobs(services: &Services) {
    let worker = background::worker(services.deps(), "test-worker", Mailer::outbox_only());
    while worker.run_once().await.unwrap().completed > 0 {}
}

/// The number `sql` selects (its first column of its first row).
pub async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let statement = sea_orm::Statement::from_string(db.get_database_backend(), sql.to_owned());
    let row = db.query_one_raw(statement).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// A post of words only.
pub fn text_post(text: &str) -> backend::social::posts::NewPost {
    backend::social::posts::NewPost {
        text: text.into(),
        photos: Vec::new(),
        dish_id: None,
        booking_id: None,
    }
}

/// A customer called `name`, with the handle their name suggests (the first of that name).
pub async fn named_person(services: &Services, email: &str, name: &str) -> (CurrentUser, String) {
    let user = services
        .accounts
        .sign_up(&SignupForm {
            email: email.into(),
            password: "saffron-risotto-42".into(),
            display_name: name.into(),
            as_chef: false,
        })
        .await
        .unwrap();
    let handle = domain::social::Handle::suggest(name).to_string();
    (user, handle)
}

/// A person made an admin, to moderate.
pub async fn moderator(services: &Services, db: &DatabaseConnection) -> CurrentUser {
    let (user, _) = named_person(services, "mod@example.com", "Mo Derator").await;
    sea_orm::ConnectionTrait::execute_unprepared(
        db,
        &format!("UPDATE users SET role = 'admin' WHERE id = {}", user.id),
    )
    .await
    .unwrap();
    CurrentUser {
        role: domain::account::Role::Admin,
        ..user
    }
}

/// The titles of `person`'s unread notifications, newest first.
pub async fn unread_titles(services: &Services, person: &CurrentUser) -> Vec<String> {
    services
        .notifications
        .feed(person.id, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| !n.read)
        .map(|n| n.content.title)
        .collect()
}

/// Reputation given for a test's sake, as an earlier history would have.
pub async fn grant_reputation(db: &DatabaseConnection, person: &CurrentUser, points: i32) {
    backend::entities::reputation_events::Entity::insert(
        backend::entities::reputation_events::ActiveModel {
            user_id: sea_orm::Set(person.id),
            reason: sea_orm::Set("answer_accepted".into()),
            reversal: sea_orm::Set(false),
            points: sea_orm::Set(points),
            cause: sea_orm::Set(format!("earlier:{}", person.id)),
            reverses_id: sea_orm::Set(None),
            question_id: sea_orm::Set(None),
            answer_id: sea_orm::Set(None),
            at: sea_orm::Set(backend::Clock::system().now() - chrono::Duration::days(30)),
            ..Default::default()
        },
    )
    .exec_without_returning(db)
    .await
    .unwrap();
}

/// A plain JPEG photo of the given size, as a phone would send one.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    use image::{ImageEncoder, Rgb, RgbImage};
    let picture = RgbImage::from_pixel(width, height, Rgb([180, 90, 30]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .write_image(&picture, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// How many files a media directory holds (a stored photo is two: full size and thumbnail).
pub fn files_in(dir: &tempfile::TempDir) -> usize {
    std::fs::read_dir(dir.path()).unwrap().count()
}
