//! What a security test of the running server found, each reproduced here and now refused
//! properly: huge page numbers, malformed and oversized arguments, suspended accounts and
//! logged-out streams, repeated saves, evidence photos outside their dispute, sign-up floods,
//! and the OpenAPI document's parameter locations.

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

mod common;
use common::*;

/// Past every page we could have, and far past what an i64 offset holds.
const HUGE_PAGE: &str = "461168601842738792";
const QUICKLY: Duration = Duration::from_secs(10);

async fn admin(app: &TestApp, email: &str) -> Client {
    let (admin, _) = app.sign_up(email, false).await;
    let db = backend::db::connect(&app.database_url).await.unwrap();
    backend::accounts::grant_admin(&db, email, backend::Clock::system().now())
        .await
        .unwrap();
    admin
}

async fn suspend(app: &TestApp, admin: &Client, user_id: i64) {
    let suspended = admin
        .post(app.url(&format!("/api/v1/admin/users/{user_id}/suspend")))
        .json(&json!({"reason": "Testing what a suspension takes away"}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspended.status(), StatusCode::OK);
}

fn quick_client() -> Client {
    Client::builder().timeout(QUICKLY).build().unwrap()
}

on_every_database! {
    async fn a_page_past_the_last_possible_one_is_a_quick_400_from_the_api_the_page_and_the_server_function(db) {
        let app = TestApp::spawn(db, false).await;
        let client = quick_client();

        let api = client.get(app.url(&format!("/api/v1/chefs?page={HUGE_PAGE}"))).send().await.unwrap();
        assert_eq!(api.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(api).await["field"], "page");
        let search = client.get(app.url(&format!("/api/v1/search/chefs?city=Lisbon&page={HUGE_PAGE}"))).send().await.unwrap();
        assert_eq!(search.status(), StatusCode::BAD_REQUEST);

        let page = client.get(app.url("/chefs?page=9223372036854775807")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "the page answers, with the reason");
        assert!(page.text().await.unwrap().contains("at most 100000 pages"));

        let server_fn = client.post(app.url("/api/catalog/chefs"))
            .form(&[("page", HUGE_PAGE), ("per_page", "24")])
            .send().await.unwrap();
        assert_eq!(server_fn.status(), StatusCode::BAD_REQUEST);
        let body: Value = server_fn.json().await.unwrap();
        assert_eq!(body["error"]["field"], "page");
    }

    async fn malformed_server_function_arguments_are_a_400_naming_the_field_and_an_oversized_body_a_413(db) {
        let app = TestApp::spawn(db, false).await;
        let client = quick_client();
        let malformed = client.post(app.url("/api/catalog/chefs"))
            .form(&[("page", "first"), ("per_page", "24")])
            .send().await.unwrap();
        assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
        let missing = client.post(app.url("/api/catalog/chef")).form(&[("nothing", "here")]).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::BAD_REQUEST);

        let (chef, _) = app.sign_up("ana@example.com", true).await;
        let oversized = json!({ "form": { "headline": "x".repeat(3 * 1024 * 1024) } });
        let server_fn = chef.post(app.url("/api/kitchen/profile")).json(&oversized).send().await.unwrap();
        assert_eq!(server_fn.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let api = chef.post(app.url("/api/v1/quote")).json(&oversized).send().await.unwrap();
        assert_eq!(api.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(error_of(api).await["code"], "too_large");
    }

    async fn a_suspended_account_is_refused_on_every_authenticated_endpoint_of_the_openapi_document(db) {
        let app = TestApp::spawn(db, false).await;
        let (suspended, account) = app.sign_up("rui@example.com", false).await;
        let admin = admin(&app, "ops@example.com").await;
        suspend(&app, &admin, account["id"].as_i64().unwrap()).await;

        let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let mut checked = 0;
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                // Endpoints that need an account say so with a 401; log-in (whose 401 is a
                // wrong password) is the way in, not one of them.
                if operation["responses"].get("401").is_none() || path == "/api/v1/auth/login" {
                    continue;
                }
                let concrete = path.replace("{name}", "0123456789abcdef0123456789abcdef.jpg")
                    .split('/')
                    .map(|segment| if segment.starts_with('{') { "1" } else { segment })
                    .collect::<Vec<_>>()
                    .join("/");
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let response = suspended.request(method.clone(), app.url(&concrete))
                    .header("idempotency-key", "suspended-check")
                    .json(&json!({}))
                    .send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} authenticated operations found");

        let become_chef = suspended.post(app.url("/api/v1/me/become-chef")).send().await.unwrap();
        assert_eq!(become_chef.status(), StatusCode::FORBIDDEN);
        let page = suspended.get(app.url("/notifications")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "pages refuse too");
        let server_fn = suspended.post(app.url("/api/notifications/load")).send().await.unwrap();
        assert_eq!(server_fn.status(), StatusCode::FORBIDDEN, "server functions refuse too");
    }

    async fn a_live_stream_ends_soon_after_its_session_logs_out(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, _) = app.chef_with_profile("ana@example.com").await;
        let mut stream = EventStream::open(&chef, &app.url("/api/v1/notifications/stream"), None).await;
        stream.expect("unread", Duration::from_secs(3)).await;
        let logged_out = chef.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
        assert_eq!(logged_out.status(), StatusCode::NO_CONTENT);
        let started = Instant::now();
        assert!(stream.ended_within(Duration::from_secs(15)).await, "the stream outlived its session");
        assert!(started.elapsed() < Duration::from_secs(15));
        let again = chef.get(app.url("/api/v1/notifications/stream")).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "a reconnection is refused");
    }

    async fn a_live_stream_ends_when_its_account_is_suspended(db) {
        let app = TestApp::spawn(db, false).await;
        let (customer, account) = app.sign_up("rui@example.com", false).await;
        let mut stream = EventStream::open(&customer, &app.url("/api/v1/notifications/stream"), None).await;
        stream.expect("unread", Duration::from_secs(3)).await;
        let admin = admin(&app, "ops@example.com").await;
        suspend(&app, &admin, account["id"].as_i64().unwrap()).await;
        assert!(stream.ended_within(Duration::from_secs(15)).await);
    }

    async fn saving_and_unsaving_a_chef_five_times_tells_the_chef_once(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
        let (fan, _) = app.sign_up("rui@example.com", false).await;
        let saved = app.url(&format!("/api/v1/me/saved-chefs/{chef_id}"));
        for _ in 0..5 {
            assert_eq!(fan.put(&saved).send().await.unwrap().status(), StatusCode::NO_CONTENT);
            assert_eq!(fan.delete(&saved).send().await.unwrap().status(), StatusCode::NO_CONTENT);
        }
        fan.put(&saved).send().await.unwrap();
        let feed: Value = chef.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        let told = feed["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "chef_saved").count();
        assert_eq!(told, 1);
        let list: Value = fan.get(app.url("/api/v1/me/saved-chefs")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["chef_ids"], json!([chef_id]), "saved in the end");
    }

    async fn a_suspended_chef_disappears_from_the_catalogue_and_search(db) {
        let app = TestApp::spawn_configured(db, false, |config| config.worker_in_serve = true).await;
        let (_, chef_id) = app.chef_with_profile("ana@example.com").await;
        let admin = admin(&app, "ops@example.com").await;
        let listed = |body: Value| body["items"].as_array().unwrap().iter().any(|c| c["id"] == chef_id);
        let search_url = app.url("/api/v1/search/chefs?city=Lisbon");
        let mut found = false;
        for _ in 0..100 {
            found = listed(app.client.get(&search_url).send().await.unwrap().json().await.unwrap());
            if found { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(found, "indexed first");
        suspend(&app, &admin, chef_id).await;
        assert!(!listed(app.get("/api/v1/chefs").await.json().await.unwrap()));
        assert_eq!(app.get(&format!("/api/v1/chefs/{chef_id}")).await.status(), StatusCode::NOT_FOUND);
        let mut gone = false;
        for _ in 0..100 {
            gone = !listed(app.client.get(&search_url).send().await.unwrap().json().await.unwrap());
            if gone { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(gone, "removed from search by its index job");
    }
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited_per_hour() {
    let app = TestApp::spawn_configured(Db::Sqlite, false, |config| {
        config.signups_per_address_per_hour = 3;
    })
    .await;
    for n in 0..3 {
        app.sign_up(&format!("person{n}@example.com"), false).await;
    }
    let fourth = app
        .post("/api/v1/auth/signup", signup_body("person4@example.com"))
        .await;
    assert_eq!(fourth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(fourth.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn private_answers_are_never_stored_and_public_pages_are_revalidated() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let (customer, _) = app.sign_up("rui@example.com", false).await;
    let cache = |response: &reqwest::Response| {
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        cache(&customer.get(app.url("/api/v1/me")).send().await.unwrap()),
        "no-store"
    );
    assert_eq!(
        cache(&customer.get(app.url("/account")).send().await.unwrap()),
        "no-store"
    );
    assert_eq!(
        cache(&quick_client().get(app.url("/chefs")).send().await.unwrap()),
        "no-cache"
    );
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page_with_the_header_and_no_panic() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let (customer, _) = app.sign_up("rui@example.com", false).await;
    let response = customer
        .get(app.url("/no-such-page/anywhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Ana Lopez"),
        "the header knows who is signed in"
    );
}

#[tokio::test]
async fn query_parameters_are_documented_as_query_parameters() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut queries = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                match parameter["in"].as_str().unwrap() {
                    "path" => assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: `{name}` is declared in the path but is not in it"
                    ),
                    "query" => queries += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(queries >= 11, "{queries} query parameters");
    let chefs = &doc["paths"]["/api/v1/chefs"]["get"]["parameters"];
    assert!(chefs.as_array().unwrap().iter().all(|p| p["in"] == "query"));
}
