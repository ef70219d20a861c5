//! The backend services against real databases: every test runs once on SQLite and once on
//! the PostgreSQL server at 127.0.0.1:5432, each on a database of its own.

use backend::{seed, ServiceError};

use domain::{account::SignupForm, paging::PageRequest};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::net::{IpAddr, Ipv4Addr};

mod common;
use common::*;

fn signup(email: &str) -> SignupForm {
    SignupForm {
        email: email.into(),
        password: "saffron-risotto-42".into(),
        display_name: "Ana Lopez".into(),
        as_chef: false,
    }
}

const CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));

async fn table_exists(db: &DatabaseConnection, table: &str) -> bool {
    db.execute_unprepared(&format!("SELECT 1 FROM {table} WHERE 1 = 0"))
        .await
        .is_ok()
}

on_every_database! {
    async fn migrations_run_down_and_up_again(db: DatabaseConnection) {
        assert!(table_exists(&db, "dishes").await);
        Migrator::down(&db, None).await.expect("every migration reverts");
        for table in ["users", "sessions", "chef_profiles", "dishes"] {
            assert!(!table_exists(&db, table).await, "{table} should be gone");
        }
        Migrator::up(&db, None).await.expect("every migration applies again");
        assert!(table_exists(&db, "chef_profiles").await);
    }

    async fn a_new_account_can_log_in_with_its_password(db: DatabaseConnection) {
        let services = services(db);
        let created = services.accounts.sign_up(&signup("Ana@Example.com")).await.unwrap();
        assert_eq!(created.email, "ana@example.com");
        let logged_in = services
            .accounts
            .log_in("ana@example.com", "saffron-risotto-42", CLIENT)
            .await
            .unwrap();
        assert_eq!(logged_in, created);
        assert_eq!(services.accounts.find(created.id).await.unwrap(), Some(created));
    }

    async fn a_customer_becomes_a_chef_and_stays_one(db: DatabaseConnection) {
        let services = services(db);
        let customer = services.accounts.sign_up(&signup("ana@example.com")).await.unwrap();
        assert_eq!(customer.role, domain::account::Role::Customer);
        let chef = services.accounts.become_chef(customer.id).await.unwrap();
        assert_eq!(chef.role, domain::account::Role::Chef);
        assert_eq!(services.accounts.become_chef(customer.id).await.unwrap(), chef);
        assert_eq!(services.accounts.find(customer.id).await.unwrap(), Some(chef));
        assert!(matches!(services.accounts.become_chef(-5).await, Err(ServiceError::NotFound(_))));
    }

    async fn an_email_cannot_sign_up_twice_whatever_its_case(db: DatabaseConnection) {
        let services = services(db);
        services.accounts.sign_up(&signup("ana@example.com")).await.unwrap();
        let again = services.accounts.sign_up(&signup("ANA@example.com")).await;
        assert!(matches!(again, Err(ServiceError::EmailTaken)), "{again:?}");
    }

    async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(db: DatabaseConnection) {
        let services = services(db);
        services.accounts.sign_up(&signup("ana@example.com")).await.unwrap();
        let wrong_password = services.accounts.log_in("ana@example.com", "not-her-password-1", CLIENT).await;
        let unknown_email = services.accounts.log_in("bob@example.com", "saffron-risotto-42", CLIENT).await;
        assert!(matches!(wrong_password, Err(ServiceError::WrongCredentials)));
        assert!(matches!(unknown_email, Err(ServiceError::WrongCredentials)));
    }

    async fn guessing_from_one_address_is_held_up_there_and_not_elsewhere(db: DatabaseConnection) {
        let services = services(db);
        services.accounts.sign_up(&signup("ana@example.com")).await.unwrap();
        let guesses = |from: IpAddr| {
            let services = services.clone();
            async move { services.accounts.log_in("ana@example.com", "guess-number-1", from).await }
        };
        for _ in 0..5 {
            assert!(matches!(guesses(CLIENT).await, Err(ServiceError::WrongCredentials)));
        }
        assert!(matches!(guesses(CLIENT).await, Err(ServiceError::RateLimited(_))));
        let elsewhere = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        assert!(
            services.accounts.log_in("ana@example.com", "saffron-risotto-42", elsewhere).await.is_ok(),
            "one address cannot lock Ana out"
        );
    }

    async fn guessing_one_email_from_many_addresses_is_throttled_for_that_email(db: DatabaseConnection) {
        let services = services(db);
        services.accounts.sign_up(&signup("ana@example.com")).await.unwrap();
        let mut outcomes = Vec::new();
        for n in 0..60u8 {
            let from = IpAddr::V4(Ipv4Addr::new(203, 0, 113, n));
            outcomes.push(services.accounts.log_in("ana@example.com", "guess-number-1", from).await);
        }
        let judged = outcomes.iter().filter(|o| matches!(o, Err(ServiceError::WrongCredentials))).count();
        assert_eq!(judged, 50, "fifty guesses judged, then the email is held");
        assert!(matches!(outcomes.last(), Some(Err(ServiceError::RateLimited(_)))));
    }

    async fn spraying_many_emails_from_one_address_is_throttled(db: DatabaseConnection) {
        let services = services(db);
        let mut refused = None;
        for n in 0..150 {
            let attempt = services.accounts.log_in(&format!("person{n}@example.com"), "guess-number-1", CLIENT).await;
            if matches!(attempt, Err(ServiceError::RateLimited(_))) {
                refused = Some(n);
                break;
            }
        }
        assert_eq!(refused, Some(100), "a hundred tries from one address, then a wait");
    }

    async fn seeding_twice_adds_the_demo_data_once(db: DatabaseConnection) {
        let first = seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        assert!(first.chefs_created >= 200);
        let second = seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        assert_eq!(second, seed::SeedReport { chefs_created: 0, dishes_created: 0 });

        let ranked = count(&db, "SELECT COUNT(*) FROM chef_ranks WHERE score > 0").await;
        assert_eq!(ranked as usize, first.chefs_created, "every demo chef is ranked");
        let catalog = services(db).catalog;
        let page = catalog.chefs(PageRequest::first(100), None).await.unwrap();
        assert_eq!(page.total as usize, first.chefs_created);
        let cities: std::collections::HashSet<_> = catalog
            .chefs(PageRequest::parse(Some(1), Some(100)).unwrap(), None).await.unwrap().items
            .into_iter()
            .chain(catalog.chefs(PageRequest::parse(Some(2), Some(100)).unwrap(), None).await.unwrap().items)
            .chain(catalog.chefs(PageRequest::parse(Some(3), Some(100)).unwrap(), None).await.unwrap().items)
            .map(|chef| chef.city)
            .collect();
        assert!(cities.len() >= 10, "only {} cities", cities.len());
    }

    async fn chef_pages_neither_skip_nor_repeat_a_chef(db: DatabaseConnection) {
        seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        let catalog = services(db).catalog;
        let mut seen = Vec::new();
        for page in 1..=3 {
            let request = PageRequest::parse(Some(page), Some(7)).unwrap();
            seen.extend(catalog.chefs(request, None).await.unwrap().items.into_iter().map(|c| c.id));
        }
        let mut unique = seen.clone();
        unique.dedup();
        assert_eq!(seen.len(), 21);
        assert_eq!(unique, seen);
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
    }

    async fn chefs_are_found_by_city_cuisine_or_name_ignoring_case(db: DatabaseConnection) {
        seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        let catalog = services(db).catalog;
        let all = PageRequest::first(100);
        let lisbon = catalog.chefs(all, Some("  lisBON ")).await.unwrap();
        assert_eq!(lisbon.total as usize, seed::CHEFS_PER_CITY);
        assert!(lisbon.items.iter().all(|chef| chef.city == "Lisbon"));
        let japanese = catalog.chefs(all, Some("japanese")).await.unwrap();
        assert!(japanese.total > 0);
        assert!(japanese.items.iter().all(|chef| chef.cuisines == ["Japanese"]));
        let wildcard = catalog.chefs(all, Some("%")).await.unwrap();
        assert_eq!(wildcard.total, 0, "a typed % is a character, not a wildcard");
    }

    async fn a_chef_profile_comes_with_its_dishes(db: DatabaseConnection) {
        seed::seed_demo_data(&db, backend::Clock::system().now()).await.unwrap();
        let catalog = services(db).catalog;
        let chef = catalog.chefs(PageRequest::first(1), None).await.unwrap().items.remove(0);
        let profile = catalog.chef_profile(chef.id).await.unwrap();
        assert_eq!(profile.card, chef);
        assert!(profile.dishes.len() >= 4);
        assert!(profile.dishes.iter().all(|d| d.price_per_guest.amount_minor > 0));
        assert!(matches!(catalog.chef_profile(-1).await, Err(ServiceError::NotFound("Chef"))));
    }

    async fn sessions_survive_a_reload_and_expire(db: DatabaseConnection) {
        use backend::sessions::DatabaseSessionStore;
        use tower_sessions::{session::Record, session_store::ExpiredDeletion, SessionStore};
        let store = DatabaseSessionStore::new(db);
        let expires = tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::hours(1);
        let mut record = Record {
            id: Default::default(),
            data: [("user_id".to_owned(), serde_json::json!(42))].into(),
            expiry_date: expires,
        };
        store.create(&mut record).await.unwrap();
        let loaded = store.load(&record.id).await.unwrap().expect("the session is stored");
        assert_eq!(loaded.data, record.data);

        record.expiry_date = tower_sessions::cookie::time::OffsetDateTime::now_utc()
            - tower_sessions::cookie::time::Duration::seconds(1);
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none(), "an expired session is not loaded");
        store.delete_expired().await.unwrap();
        store.delete(&record.id).await.unwrap();
    }
}
