//! The real server on a free port, spoken to over HTTP like a browser or an API client would.
//! Every test runs against SQLite and against the PostgreSQL at 127.0.0.1:5432.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

mod common;
use common::*;

on_every_database! {
    async fn liveness_and_readiness_answer(db) {
        let app = TestApp::spawn(db, false).await;
        assert_eq!(app.get("/healthz").await.text().await.unwrap(), "ok");
        assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    }

    async fn a_chef_page_is_rendered_on_the_server_with_the_hydration_script(db) {
        let app = TestApp::spawn(db, true).await;
        let chef = app.first_chef().await;
        let response = app.get(&format!("/chefs/{}", chef["id"])).await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        let name = chef["display_name"].as_str().unwrap().replace('\'', "&#39;");
        assert!(html.contains(&name), "the chef's name is in the HTML");
        assert!(html.contains("data-testid=\"dish\""), "dishes are in the HTML");
        assert!(html.contains("/pkg/chef-galaxy.js") && html.contains("hydrate()"), "the hydration script is there");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(headers.contains_key("x-request-id"));
    }

    async fn a_missing_chef_is_a_404_page_and_a_404_error(db) {
        let app = TestApp::spawn(db, false).await;
        assert_eq!(app.get("/chefs/424242").await.status(), StatusCode::NOT_FOUND);
        let response = app.get("/api/v1/chefs/424242").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_of(response).await["code"], "not_found");
    }

    async fn the_chef_list_pages_through_every_chef(db) {
        let app = TestApp::spawn(db, true).await;
        let page: Value = app.get("/api/v1/chefs?page=2&per_page=5").await.json().await.unwrap();
        assert!(page["total"].as_u64().unwrap() >= 200);
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        for field in ["id", "display_name", "headline", "city", "lat", "lng", "service_radius_km", "base_rate"] {
            assert!(!items[0][field].is_null(), "items carry {field}");
        }
        assert!(items[0]["base_rate"]["amount_minor"].is_i64());
        let chef: Value = app.get(&format!("/api/v1/chefs/{}", items[0]["id"])).await.json().await.unwrap();
        assert_eq!(chef["display_name"], items[0]["display_name"]);
        assert!(chef["dishes"].as_array().unwrap().len() >= 4);

        let lisbon: Value = app.get("/api/v1/chefs?q=Lisbon&per_page=100").await.json().await.unwrap();
        assert_eq!(lisbon["total"], 16);
        assert!(lisbon["items"].as_array().unwrap().iter().all(|c| c["city"] == "Lisbon"));
        let page = app.get("/chefs?q=lisbon").await.text().await.unwrap();
        assert!(page.contains("16 chefs matching “lisbon”"));
    }

    async fn invalid_paging_is_a_400_naming_the_parameter(db) {
        let app = TestApp::spawn(db, false).await;
        for (query, field) in [("per_page=0", "per_page"), ("per_page=101", "per_page"), ("page=0", "page"), ("page=abc", "page")] {
            let response = app.get(&format!("/api/v1/chefs?{query}")).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
            let error = error_of(response).await;
            assert_eq!(error["code"], "validation");
            assert_eq!(error["field"], field, "{query}");
        }
    }

    async fn a_new_account_signs_up_sees_itself_and_logs_out(db) {
        let app = TestApp::spawn(db, false).await;
        let response = app.post("/api/v1/auth/signup", signup_body("ana@example.com")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

        let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["email"], "ana@example.com");
        assert_eq!(me["role"], "customer");

        assert_eq!(app.post("/api/v1/auth/logout", json!({})).await.status(), StatusCode::NO_CONTENT);
        let response = app.get("/api/v1/me").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(response).await["code"], "unauthorized");

        let response = app.post("/api/v1/auth/login", json!({"email": "ANA@example.com", "password": "saffron-risotto-42"})).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
        let account_page = app.get("/account").await.text().await.unwrap();
        assert!(account_page.contains("Hello, Ana Lopez"));
    }

    async fn only_a_logged_in_customer_can_become_a_chef(db) {
        let app = TestApp::spawn(db, false).await;
        let anonymous = app.post("/api/v1/me/become-chef", json!({})).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        app.post("/api/v1/auth/signup", signup_body("ana@example.com")).await;
        let chef: Value = app.post("/api/v1/me/become-chef", json!({})).await.json().await.unwrap();
        assert_eq!(chef["role"], "chef");
        let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["role"], "chef");
    }

    async fn bad_sign_ups_are_refused_with_the_field_named(db) {
        let app = TestApp::spawn(db, false).await;
        let cases = [
            (json!({"email": "ana-at-example", "password": "saffron-risotto-42", "display_name": "Ana"}), StatusCode::BAD_REQUEST, "email"),
            (json!({"email": "ana@example.com", "password": "short1", "display_name": "Ana"}), StatusCode::BAD_REQUEST, "password"),
            (json!({"email": "ana@example.com", "password": "saffron-risotto-42", "display_name": " "}), StatusCode::BAD_REQUEST, "display_name"),
        ];
        for (body, status, field) in cases {
            let response = app.post("/api/v1/auth/signup", body).await;
            assert_eq!(response.status(), status);
            assert_eq!(error_of(response).await["field"], field);
        }
        assert_eq!(app.post("/api/v1/auth/signup", signup_body("ana@example.com")).await.status(), StatusCode::CREATED);
        let duplicate = app.post("/api/v1/auth/signup", signup_body("ana@example.com")).await;
        assert_eq!(duplicate.status(), StatusCode::CONFLICT);
        assert_eq!(error_of(duplicate).await["field"], "email");

        let malformed = app.client.post(app.url("/api/v1/auth/signup"))
            .header(header::CONTENT_TYPE, "application/json").body("{not json").send().await.unwrap();
        assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(malformed).await["code"], "validation");
    }

    async fn wrong_credentials_reveal_nothing_and_guessing_is_throttled(db) {
        let app = TestApp::spawn(db, false).await;
        app.post("/api/v1/auth/signup", signup_body("ana@example.com")).await;
        let wrong_password = error_of(app.post("/api/v1/auth/login", json!({"email": "ana@example.com", "password": "nope-nope-1"})).await).await;
        let unknown_email = error_of(app.post("/api/v1/auth/login", json!({"email": "bob@example.com", "password": "nope-nope-1"})).await).await;
        assert_eq!(wrong_password, unknown_email);
        assert_eq!(wrong_password["code"], "unauthorized");
        // Four more guesses are judged; the quota refills slowly (one try per 12 s), so a
        // steady stream of guesses hits 429 however slow this machine is.
        let mut statuses = vec![];
        let response = loop {
            let response = app.post("/api/v1/auth/login", json!({"email": "ana@example.com", "password": "nope-nope-1"})).await;
            statuses.push(response.status());
            if response.status() == StatusCode::TOO_MANY_REQUESTS || statuses.len() == 30 {
                break response;
            }
        };
        assert!(statuses[..4].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "throttled too early: {statuses:?}");
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
        assert!(response.headers().contains_key(header::RETRY_AFTER));
    }

    async fn a_write_from_another_site_is_refused(db) {
        let app = TestApp::spawn(db, false).await;
        let response = app.client.post(app.url("/api/v1/auth/signup"))
            .header(header::ORIGIN, "https://evil.example")
            .json(&signup_body("ana@example.com")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_of(response).await["code"], "forbidden");
        let same_site = app.client.post(app.url("/api/v1/auth/signup"))
            .header(header::ORIGIN, app.base.clone())
            .json(&signup_body("ana@example.com")).send().await.unwrap();
        assert_eq!(same_site.status(), StatusCode::CREATED);
    }

    async fn the_openapi_document_describes_every_endpoint(db) {
        let app = TestApp::spawn(db, false).await;
        let spec: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
        for path in ["/api/v1/chefs", "/api/v1/chefs/{id}", "/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me", "/api/v1/me/become-chef",
                     "/api/v1/chefs/{id}/profile", "/api/v1/chefs/{id}/dishes", "/api/v1/chefs/{id}/dishes/{dish_id}", "/api/v1/chefs/{id}/menus",
                     "/api/v1/chefs/{id}/menus/{menu_id}", "/api/v1/chefs/{id}/photos", "/api/v1/chefs/{id}/photos/{photo_id}", "/api/v1/chefs/{id}/weekly-hours",
                     "/api/v1/chefs/{id}/calendar", "/api/v1/chefs/{id}/calendar/{block_id}", "/api/v1/chefs/{id}/availability",
                     "/api/v1/notifications", "/api/v1/notifications/{id}/read", "/api/v1/notifications/read-all"] {
            assert!(spec["paths"][path].is_object(), "{path} is documented");
        }
        let docs = app.get("/api/docs").await.text().await.unwrap();
        assert!(docs.contains("/api/v1/openapi.json"));
    }

    async fn the_two_appeal_bodies_are_documented_apart(db) {
        let app = TestApp::spawn(db, false).await;
        let spec: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let required_of = |path: &str| {
            let reference = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str().unwrap_or_else(|| panic!("{path} names its body"));
            let name = reference.rsplit('/').next().unwrap();
            spec["components"]["schemas"][name]["required"].clone()
        };
        assert_eq!(required_of("/api/v1/disputes/{id}/appeal"), json!(["reason"]));
        assert_eq!(required_of("/api/v1/moderation/{id}/appeal"), json!(["text"]));
    }
}
