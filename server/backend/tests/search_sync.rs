//! Search follows the database: edits enqueue index jobs in their own transactions, the
//! worker writes the documents, and a refused edit leaves no job behind. SQLite and PostgreSQL.

use backend::{
    background,
    email::Mailer,
    entities::jobs,
    search::sync::{INDEX_CHEF, INDEX_DISH},
    Search, Services,
};
use domain::{
    catalog::Course,
    chef_profile::ChefProfileForm,
    geo::Coordinates,
    paging::PageRequest,
    search::{ChefQuery, DishQuery, DishSort},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

mod common;
use common::*;

async fn jobs_of(db: &DatabaseConnection, kind: &str) -> u64 {
    jobs::Entity::find()
        .filter(jobs::Column::Kind.eq(kind))
        .count(db)
        .await
        .unwrap()
}

/// Runs every due job with the standard handlers.
async fn run_jobs(services: &Services) {
    let worker = background::worker(services.deps(), "search-test", Mailer::outbox_only());
    while worker.run_once().await.unwrap().completed > 0 {}
}

async fn chefs_near_lisbon(search: &Search) -> Vec<(i64, String)> {
    let query = ChefQuery::around(Coordinates::parse(38.72, -9.14).unwrap(), 20.0);
    let page = search.search_chefs(&query).await.unwrap();
    page.items
        .into_iter()
        .map(|hit| (hit.id, hit.headline))
        .collect()
}

async fn dish_names(search: &Search) -> Vec<String> {
    let query = DishQuery {
        text: None,
        near: None,
        diets: vec![],
        free_of: vec![],
        course: None,
        sort: DishSort::Relevance,
        page: PageRequest::default(),
    };
    let page = search.search_dishes(&query).await.unwrap();
    page.items.into_iter().map(|hit| hit.dish.name).collect()
}

on_every_database! {
    async fn a_saved_profile_is_searchable_once_its_index_job_has_run(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let chef = lisbon_chef(&services).await;
        assert_eq!(jobs_of(&db, INDEX_CHEF).await, 1, "the save enqueued one index job");
        assert!(chefs_near_lisbon(&services.search).await.is_empty(), "not before the job runs");

        run_jobs(&services).await;
        let found = chefs_near_lisbon(&services.search).await;
        assert_eq!(found, [(chef.id, "Seasonal Portuguese cooking for weddings".to_owned())]);

        let renamed = ChefProfileForm { headline: "Petiscos for long lunches".into(), ..lisbon_profile() };
        services.profiles.save(&chef, chef.id, &renamed).await.unwrap();
        run_jobs(&services).await;
        assert_eq!(chefs_near_lisbon(&services.search).await[0].1, "Petiscos for long lunches");
    }

    async fn a_refused_profile_leaves_no_index_job(db: DatabaseConnection) {
        let services = services(db.clone());
        let chef = sign_up(&services, "ana@example.com", true).await;
        let refused = ChefProfileForm { service_radius_km: 0, ..lisbon_profile() };
        assert!(services.profiles.save(&chef, chef.id, &refused).await.is_err());
        assert_eq!(jobs_of(&db, INDEX_CHEF).await, 0);
    }

    async fn dishes_enter_and_leave_the_index_with_their_edits(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let chef = lisbon_chef(&services).await;
        let soup = services.menus.create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        services.menus.create_dish(&chef, chef.id, &dish("Arroz de pato", Course::Main, 2400)).await.unwrap();
        assert_eq!(jobs_of(&db, INDEX_DISH).await, 2);
        run_jobs(&services).await;
        assert_eq!(dish_names(&services.search).await, ["Caldo verde", "Arroz de pato"]);

        services.menus.delete_dish(&chef, chef.id, soup.id).await.unwrap();
        run_jobs(&services).await;
        assert_eq!(dish_names(&services.search).await, ["Arroz de pato"]);
    }

    async fn a_chef_is_found_by_a_dish_they_add_and_lost_when_it_goes(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let chef = lisbon_chef(&services).await;
        let stew = services.menus.create_dish(&chef, chef.id, &dish("Boeuf bourguignon", Course::Main, 2900)).await.unwrap();
        run_jobs(&services).await;
        let find = |text: &str| {
            let mut query = ChefQuery::around(Coordinates::parse(38.72, -9.14).unwrap(), 20.0);
            query.text = Some(text.to_owned());
            query
        };
        let found = services.search.search_chefs(&find("bourguignon")).await.unwrap();
        assert_eq!(found.items.iter().map(|hit| hit.id).collect::<Vec<_>>(), [chef.id]);

        services.menus.delete_dish(&chef, chef.id, stew.id).await.unwrap();
        run_jobs(&services).await;
        assert!(services.search.search_chefs(&find("bourguignon")).await.unwrap().items.is_empty());
    }

    async fn a_rebuild_from_the_database_matches_what_the_jobs_wrote(db: DatabaseConnection) {
        let (services, _media) = services_with_media(db.clone());
        let chef = lisbon_chef(&services).await;
        services.menus.create_dish(&chef, chef.id, &dish("Bacalhau", Course::Main, 2600)).await.unwrap();
        let indexed = backend::search::sync::reindex(
            &db,
            services.search.as_ref(),
            &services.clock,
            backend::search::IndexName::Dishes,
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(indexed, 1);
        assert_eq!(dish_names(&services.search).await, ["Bacalhau"]);
    }

    async fn a_rebuild_drops_the_index_jobs_queued_before_it_and_keeps_later_ones(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let (services, _media) = services_with_media(db.clone());
        let services = services.with_clock(clock.clone());
        let chef = lisbon_chef(&services).await;
        services.menus.create_dish(&chef, chef.id, &dish("Bacalhau", Course::Main, 2600)).await.unwrap();
        assert_eq!(jobs_of(&db, INDEX_DISH).await, 1);
        clock.advance(chrono::Duration::minutes(10)).unwrap();
        services.menus.create_dish(&chef, chef.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();

        backend::search::sync::reindex(&db, services.search.as_ref(), &clock, backend::search::IndexName::Dishes, &|_, _| {})
            .await
            .unwrap();
        assert_eq!(jobs_of(&db, INDEX_DISH).await, 1, "only the change made while it ran stays queued");
        assert!(jobs_of(&db, INDEX_CHEF).await > 0, "other indexes keep their jobs");
        let mut names = dish_names(&services.search).await;
        names.sort();
        assert_eq!(names, ["Bacalhau", "Caldo verde"]);
    }
}
