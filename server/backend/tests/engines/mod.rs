//! What the search engine tests share: every engine to run a test on, and sample chefs.

#![allow(dead_code)]

use backend::search::{EmbeddedSearch, MeiliSearch, SearchEngine};
use domain::{
    geo::Coordinates,
    money::{Currency, Money},
    search::{ChefDocument, ChefQuery},
};
use std::future::Future;

/// Runs `contract` on a fresh embedded engine, then on a fresh set of Meilisearch indexes
/// when a server is configured.
pub async fn on_every_engine<F, Fut>(contract: F)
where
    F: Fn(Box<dyn SearchEngine>) -> Fut,
    Fut: Future<Output = ()>,
{
    let folder = tempfile::tempdir().unwrap();
    contract(Box::new(EmbeddedSearch::open(folder.path()).unwrap())).await;
    match std::env::var("MEILI_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let key = std::env::var("MEILI_KEY").ok();
            let prefix = format!("contract_{}_", uuid::Uuid::new_v4().simple());
            let engine = MeiliSearch::connect(&url, key.as_deref(), &prefix)
                .await
                .expect("the Meilisearch at MEILI_URL answers");
            contract(Box::new(engine.clone())).await;
            engine.delete_all().await.unwrap();
        }
        _ => say_meilisearch_was_skipped(),
    }
}

/// Once per run, past the test harness's output capture, so CI logs show it.
pub fn say_meilisearch_was_skipped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "search contract: skipped on Meilisearch (MEILI_URL is not set); ran on the embedded engine"
        );
    });
}

pub fn point(lat: f64, lng: f64) -> Coordinates {
    Coordinates::parse(lat, lng).unwrap()
}

pub const LISBON: (f64, f64) = (38.7223, -9.1393);
pub const PORTO: (f64, f64) = (41.1579, -8.6291);

pub fn chef(id: i64, name: &str, at: (f64, f64)) -> ChefDocument {
    ChefDocument {
        id,
        display_name: name.to_owned(),
        headline: "Private chef".to_owned(),
        bio: String::new(),
        city: "Lisbon".to_owned(),
        lat: at.0,
        lng: at.1,
        service_radius_km: 100,
        base_rate: Money::new(4000, Currency::EUR),
        years_experience: 5,
        cuisines: vec!["Portuguese".to_owned()],
        languages: vec!["Portuguese".to_owned()],
        dietary: vec![],
        rating: None,
        review_count: 0,
        rank: 0.0,
        photo_url: None,
        works_on: (1..=7).collect(),
        busy_on: vec![],
        dishes: vec![],
    }
}

pub fn around(at: (f64, f64), radius_km: f64) -> ChefQuery {
    ChefQuery::around(point(at.0, at.1), radius_km)
}

pub fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().map(id).collect()
}

pub async fn chef_ids(search: &dyn SearchEngine, query: &ChefQuery) -> Vec<i64> {
    let page = search.search_chefs(query).await.unwrap();
    ids(&page.items, |hit| hit.id)
}
