//! The search API over HTTP: chefs by distance, dishes, questions, the 400s that name the
//! bad parameter, index jobs keeping search in step with edits, and `server reindex`.

mod common;

use common::{error_of, profile_body, Db, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn json_of(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

on_every_database! {
    async fn chefs_near_a_city_come_nearest_first_each_with_a_distance(db) {
        let app = TestApp::spawn(db, true).await;
        let page = json_of(&app, "/api/v1/search/chefs?city=Lisbon&radius_km=40&per_page=100").await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() >= 5, "the demo chefs of Lisbon are found: {page}");
        assert_eq!(page["total"].as_u64().unwrap() as usize, items.len());
        let distances: Vec<f64> = items.iter().map(|hit| hit["distance_km"].as_f64().unwrap()).collect();
        assert!(distances.windows(2).all(|pair| pair[0] <= pair[1]), "{distances:?}");
        assert!(distances.iter().all(|km| *km <= 40.0));
        assert!(items.iter().all(|hit| hit["city"] == "Lisbon"));
    }

    async fn text_and_filters_narrow_the_chefs_and_dishes(db) {
        let app = TestApp::spawn(db, true).await;
        let all = json_of(&app, "/api/v1/search/chefs?city=Paris&radius_km=50&per_page=100").await;
        let cuisine = all["items"][0]["cuisines"][0].as_str().unwrap().to_owned();
        let path = format!("/api/v1/search/chefs?city=Paris&radius_km=50&per_page=100&cuisine={cuisine}");
        let narrowed = json_of(&app, &path).await;
        let items = narrowed["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() <= all["items"].as_array().unwrap().len());
        assert!(items.iter().all(|hit| hit["cuisines"].as_array().unwrap().contains(&json!(cuisine))));

        let dishes = json_of(&app, "/api/v1/search/dishes?q=nigiri&free_of=milk&per_page=50").await;
        let items = dishes["items"].as_array().unwrap();
        assert!(!items.is_empty(), "the demo sushi dishes are found");
        assert!(items[0]["name"].as_str().unwrap().to_lowercase().contains("nigiri"));
        for dish in items {
            assert!(!dish["allergens"].as_array().unwrap().contains(&json!("milk")));
            assert!(dish["distance_km"].is_null());
        }

        let questions = json_of(&app, "/api/v1/search/questions?q=sourdough").await;
        assert_eq!(questions["total"], 0, "the knowledge section holds no questions yet");
    }

    async fn a_bad_parameter_gets_a_400_naming_it(db) {
        let app = TestApp::spawn(db, false).await;
        for (query, field) in [
            ("lat=95&lng=2", "lat"),
            ("lat=48&lng=181", "lng"),
            ("lat=48", "lng"),
            ("city=Paris&radius_km=0", "radius_km"),
            ("city=Paris&radius_km=9000", "radius_km"),
            ("city=Paris&radius_km=near", "radius_km"),
            ("city=Paris&per_page=1000", "per_page"),
            ("city=Paris&page=0", "page"),
            ("city=Paris&page=two", "page"),
            ("city=Paris&sort=cheapest", "sort"),
            ("city=Atlantis", "city"),
            ("q=sushi", "city"),
        ] {
            let response = app.get(&format!("/api/v1/search/chefs?{query}")).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
            assert_eq!(error_of(response).await["field"], field, "{query}");
        }
        let response = app.get("/api/v1/search/dishes?free_of=kryptonite").await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(response).await["field"], "free_of");
    }

    async fn a_chef_who_saves_their_profile_is_found_once_the_index_job_runs(db) {
        let app = TestApp::spawn_configured(db, false, |config| config.worker_in_serve = true).await;
        let (chef, chef_id) = app.chef_with_profile("findme@example.com").await;
        let search = "/api/v1/search/chefs?lat=38.72&lng=-9.14&radius_km=10&q=portuguese";
        let found = eventually(&app, search, |page| page["items"][0]["id"] == chef_id).await;
        assert!(found, "the new chef appears in search");

        // Moving to Madrid takes the chef out of a Lisbon search and into a Madrid one.
        let mut moved = profile_body();
        moved["city"] = json!("Madrid");
        moved["lat"] = json!(40.42);
        moved["lng"] = json!(-3.70);
        let saved = chef
            .put(app.url(&format!("/api/v1/chefs/{chef_id}/profile")))
            .json(&moved)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let gone = eventually(&app, search, |page| page["total"] == 0).await;
        assert!(gone, "the chef left the Lisbon results");
        let madrid = json_of(&app, "/api/v1/search/chefs?city=Madrid&radius_km=20").await;
        assert_eq!(madrid["items"][0]["id"], chef_id, "{madrid}");
        assert_eq!(madrid["items"][0]["city"], "Madrid");
    }
}

/// Polls `path` until `done` holds or five seconds pass (the worker polls every 500 ms).
async fn eventually(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if done(&json_of(app, path).await) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn the_search_endpoints_are_in_the_openapi_document() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let spec = json_of(&app, "/api/v1/openapi.json").await;
    for path in [
        "/api/v1/search/chefs",
        "/api/v1/search/dishes",
        "/api/v1/search/questions",
    ] {
        assert!(
            spec["paths"][path]["get"].is_object(),
            "{path} is documented"
        );
    }
    let parameters = spec["paths"]["/api/v1/search/chefs"]["get"]["parameters"].to_string();
    for name in [
        "lat",
        "lng",
        "radius_km",
        "q",
        "cuisine",
        "sort",
        "page",
        "per_page",
    ] {
        assert!(
            parameters.contains(&format!("\"{name}\"")),
            "{name} is documented"
        );
    }
}

#[tokio::test]
async fn server_reindex_rebuilds_every_index_from_the_database() {
    let (_dir, url) = backend::db::scratch::sqlite_database();
    let db = backend::db::connect(&url).await.unwrap();
    backend::db::migrate(&db).await.unwrap();
    backend::seed::seed_demo_data(&db, backend::Clock::system().now())
        .await
        .unwrap();
    let search_dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("reindex")
        .env("DATABASE_URL", &url)
        .env("SEARCH_DIR", search_dir.path())
        .env_remove("MEILI_URL")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        printed.contains("chefs:") && printed.contains("dishes:"),
        "{printed}"
    );

    let mut config = server::config::Config::embedded(&url);
    config.search_dir = search_dir.path().to_owned();
    let search = config.search_engine().await.unwrap();
    let query = domain::search::ChefSearchParams {
        city: Some("Lisbon".into()),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert!(search.search_chefs(&query).await.unwrap().total > 0);
}
