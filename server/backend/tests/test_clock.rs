//! One clock for the whole platform: moving the services' clock moves availability, the busy
//! times visitors see, what the calendar still accepts and search's "free on" together, as
//! it moves deadlines. SQLite and PostgreSQL.

mod common;

use backend::{search::IndexName, Clock, Services};
use chrono::{Duration, NaiveDate};
use domain::{geo::Coordinates, search::ChefQuery};
use sea_orm::DatabaseConnection;

use common::*;

/// The chefs near Lisbon that search says are free on `day`.
async fn free_near_lisbon_on(services: &Services, day: NaiveDate) -> Vec<i64> {
    let mut query = ChefQuery::around(Coordinates::parse(38.72, -9.14).unwrap(), 30.0);
    query.available_on = Some(day);
    let page = services.search.search_chefs(&query).await.unwrap();
    page.items.into_iter().map(|hit| hit.id).collect()
}

/// Rebuilds the chefs' index as of the services' clock, as the nightly re-rank would.
async fn reindex_chefs(services: &Services) {
    backend::search::sync::reindex(
        &services.db,
        services.search.as_ref(),
        &services.clock,
        IndexName::Chefs,
        &|_, _| {},
    )
    .await
    .unwrap();
}

on_every_database! {
    async fn availability_busy_times_and_free_on_search_move_with_the_platform_clock(db: DatabaseConnection) {
        let clock = Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        let chef = lisbon_chef(&services).await;
        let dinner_starts = clock.now() + Duration::days(3);
        let dinner = (dinner_starts, dinner_starts + Duration::hours(4));
        let before = services.calendar.availability(chef.id, dinner.0, dinner.1).await.unwrap();
        assert!(before.free && !before.has_begun, "{before:?}");

        // A sabbatical beyond search's one-year horizon and the 120 days visitors are shown.
        let sabbatical = (clock.now() + Duration::days(400)).date_naive();
        services.calendar.block_days(&chef, chef.id, sabbatical, sabbatical, "Sabbatical").await.unwrap();
        run_due_jobs(&services).await;
        assert!(services.calendar.busy(chef.id).await.unwrap().is_empty(), "too far ahead to show");
        assert!(free_near_lisbon_on(&services, sabbatical).await.contains(&chef.id), "beyond search's horizon");

        clock.advance(Duration::days(300)).unwrap();
        let after = services.calendar.availability(chef.id, dinner.0, dinner.1).await.unwrap();
        assert!(!after.free && after.has_begun, "the dinner's time has passed: {after:?}");
        let busy = services.calendar.busy(chef.id).await.unwrap();
        assert_eq!(busy.len(), 1, "the sabbatical is now within the shown window");
        assert_eq!(services.catalog.chef_profile(chef.id).await.unwrap().busy, busy);
        reindex_chefs(&services).await;
        assert!(!free_near_lisbon_on(&services, sabbatical).await.contains(&chef.id), "search knows it now");
        let too_late = services.calendar.block_days(&chef, chef.id, dinner.0.date_naive(), dinner.0.date_naive(), "Dentist").await;
        assert!(too_late.is_err(), "a day the clock has passed cannot be blocked");

        clock.advance(Duration::days(110)).unwrap();
        assert!(services.calendar.busy(chef.id).await.unwrap().is_empty(), "the sabbatical is over");
    }
}
