//! The chef workspace over HTTP: who may change what, uploads that must be refused, and
//! calendar blocks racing each other. Every test runs on SQLite and on PostgreSQL.

use reqwest::{header, multipart, Client, Method, StatusCode};
use serde_json::{json, Value};

mod common;
use common::*;

fn dish_body(name: &str) -> Value {
    json!({
        "name": name, "course": "main", "ingredients": ["salt cod", "potato", "egg"],
        "dietary": ["gluten_free"], "allergens": ["fish", "eggs"],
        "price_per_guest_minor": 2200, "min_guests": 2, "prep_minutes": 45
    })
}

fn block_body(day: u32, from: u32, to: u32) -> Value {
    json!({
        "starts_at": format!("2027-12-{day:02}T{from:02}:00:00Z"),
        "ends_at": format!("2027-12-{day:02}T{to:02}:00:00Z"),
        "reason": "Family wedding"
    })
}

async fn send(
    browser: &Client,
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = browser.request(method, app.url(path));
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.unwrap()
}

async fn upload(
    browser: &Client,
    app: &TestApp,
    chef_id: &Value,
    kind: &str,
    bytes: Vec<u8>,
    file_name: &str,
) -> reqwest::Response {
    let part = multipart::Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str("image/jpeg")
        .unwrap();
    browser
        .post(app.url(&format!("/api/v1/chefs/{chef_id}/photos?kind={kind}")))
        .multipart(multipart::Form::new().part("photo", part))
        .send()
        .await
        .unwrap()
}

/// A chef with a saved profile, one dish, one menu, one photo and one calendar block.
struct Kitchen {
    chef: Client,
    chef_id: Value,
    dish_id: Value,
    menu_id: Value,
    photo_id: Value,
    block_id: Value,
}

async fn kitchen(app: &TestApp) -> Kitchen {
    let (chef, user) = app.sign_up("ana@example.com", true).await;
    let chef_id = user["id"].clone();
    assert_eq!(user["role"], "chef");
    let saved = send(
        &chef,
        app,
        Method::PUT,
        &format!("/api/v1/chefs/{chef_id}/profile"),
        Some(profile_body()),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let dish: Value = send(
        &chef,
        app,
        Method::POST,
        &format!("/api/v1/chefs/{chef_id}/dishes"),
        Some(dish_body("Bacalhau à Brás")),
    )
    .await
    .json()
    .await
    .unwrap();
    let menu_body =
        json!({"name": "Lisbon evening", "dish_ids": [dish["id"]], "price_per_guest_minor": 3000});
    let menu: Value = send(
        &chef,
        app,
        Method::POST,
        &format!("/api/v1/chefs/{chef_id}/menus"),
        Some(menu_body),
    )
    .await
    .json()
    .await
    .unwrap();
    let photo: Value = upload(
        &chef,
        app,
        &chef_id,
        "gallery",
        jpeg(640, 480),
        "dinner.jpg",
    )
    .await
    .json()
    .await
    .unwrap();
    let block: Value = send(
        &chef,
        app,
        Method::POST,
        &format!("/api/v1/chefs/{chef_id}/calendar"),
        Some(block_body(24, 0, 23)),
    )
    .await
    .json()
    .await
    .unwrap();
    Kitchen {
        chef,
        chef_id,
        dish_id: dish["id"].clone(),
        menu_id: menu["id"].clone(),
        photo_id: photo["id"].clone(),
        block_id: block["id"].clone(),
    }
}

/// Every mutating endpoint of the workspace, aimed at `kitchen`'s things.
fn mutations(k: &Kitchen) -> Vec<(Method, String, Option<Value>)> {
    let chef = &k.chef_id;
    vec![
        (
            Method::PUT,
            format!("/api/v1/chefs/{chef}/profile"),
            Some(profile_body()),
        ),
        (
            Method::POST,
            format!("/api/v1/chefs/{chef}/dishes"),
            Some(dish_body("Intruder's dish")),
        ),
        (
            Method::PUT,
            format!("/api/v1/chefs/{chef}/dishes/{}", k.dish_id),
            Some(dish_body("Renamed")),
        ),
        (
            Method::DELETE,
            format!("/api/v1/chefs/{chef}/dishes/{}", k.dish_id),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/chefs/{chef}/menus"),
            Some(json!({"name": "Stolen", "dish_ids": [k.dish_id]})),
        ),
        (
            Method::PUT,
            format!("/api/v1/chefs/{chef}/menus/{}", k.menu_id),
            Some(json!({"name": "Stolen", "dish_ids": [k.dish_id]})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/chefs/{chef}/menus/{}", k.menu_id),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/chefs/{chef}/photos/{}", k.photo_id),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/chefs/{chef}/weekly-hours"),
            Some(json!([{"weekday": 1, "starts": "09:00", "ends": "17:00"}])),
        ),
        (
            Method::POST,
            format!("/api/v1/chefs/{chef}/calendar"),
            Some(block_body(26, 10, 12)),
        ),
        (
            Method::DELETE,
            format!("/api/v1/chefs/{chef}/calendar/{}", k.block_id),
            None,
        ),
    ]
}

on_every_database! {
    async fn every_mutating_endpoint_refuses_strangers_and_anonymous_callers(db) {
        let app = TestApp::spawn(db, false).await;
        let kitchen = kitchen(&app).await;
        let before: Value = app.get(&format!("/api/v1/chefs/{}", kitchen.chef_id)).await.json().await.unwrap();
        let (rival, _) = app.sign_up("rival@example.com", true).await;
        let (customer, _) = app.sign_up("guest@example.com", false).await;
        let anonymous = browser();
        for (method, path, body) in mutations(&kitchen) {
            for (who, browser, expected) in [("a rival chef", &rival, StatusCode::FORBIDDEN), ("a customer", &customer, StatusCode::FORBIDDEN), ("a stranger", &anonymous, StatusCode::UNAUTHORIZED)] {
                let response = send(browser, &app, method.clone(), &path, body.clone()).await;
                assert_eq!(response.status(), expected, "{who}: {method} {path}");
            }
        }
        for (who, browser, expected) in [("a rival chef", &rival, StatusCode::FORBIDDEN), ("a stranger", &anonymous, StatusCode::UNAUTHORIZED)] {
            let response = upload(browser, &app, &kitchen.chef_id, "profile", jpeg(300, 300), "me.jpg").await;
            assert_eq!(response.status(), expected, "{who}: photo upload");
            let calendar = app.client.get(app.url(&format!("/api/v1/chefs/{}/calendar", kitchen.chef_id))).send().await.unwrap();
            assert_eq!(calendar.status(), StatusCode::UNAUTHORIZED, "private notes need an account");
            let _ = browser;
        }
        let after: Value = app.get(&format!("/api/v1/chefs/{}", kitchen.chef_id)).await.json().await.unwrap();
        assert_eq!(before, after, "nothing changed");
        let own = send(&kitchen.chef, &app, Method::DELETE, &format!("/api/v1/chefs/{}/dishes/{}", kitchen.chef_id, kitchen.dish_id), None).await;
        assert_eq!(own.status(), StatusCode::NO_CONTENT, "the chef can");
    }

    async fn the_public_profile_shows_everything_and_photos_are_served_for_caching(db) {
        let app = TestApp::spawn(db, false).await;
        let kitchen = kitchen(&app).await;
        let profile: Value = app.get(&format!("/api/v1/chefs/{}", kitchen.chef_id)).await.json().await.unwrap();
        assert_eq!(profile["education"][0]["level"], "diploma");
        assert_eq!(profile["languages"][1]["proficiency"], "C1");
        assert_eq!(profile["certifications"][0]["expires_on"], "2028-03-01");
        assert_eq!(profile["menus"][0]["dishes"][0]["name"], "Bacalhau à Brás");
        assert_eq!(profile["dishes"][0]["allergens"], json!(["eggs", "fish"]));
        let photo_url = profile["gallery"][0]["url"].as_str().unwrap().to_owned();
        let photo = app.get(&photo_url).await;
        assert_eq!(photo.status(), StatusCode::OK);
        assert_eq!(photo.headers()[header::CONTENT_TYPE], "image/jpeg");
        assert!(photo.headers()[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
        assert_eq!(app.get("/media/..%2F..%2Fetc%2Fpasswd").await.status(), StatusCode::NOT_FOUND);

        let page = app.get(&format!("/chefs/{}", kitchen.chef_id)).await.text().await.unwrap();
        // Looked for as markup, not in the data the page carries for hydration.
        for shown in ["Escola de Hotelaria de Lisboa", "Food handler level 2", "Lisbon evening", "Bacalhau à Brás"] {
            assert!(page.contains(&format!(">{shown}<")), "the page shows {shown}");
        }
        assert!(page.contains(&format!("src=\"{}\"", profile["gallery"][0]["thumbnail_url"].as_str().unwrap())), "the page shows the photo");
        assert!(page.contains("data-testid=\"service-area-map\""), "the page shows the service area");
        let free: Value = app.get(&format!("/api/v1/chefs/{}/availability?from=2027-12-24T10:00:00Z&to=2027-12-24T12:00:00Z", kitchen.chef_id)).await.json().await.unwrap();
        assert_eq!(free, json!({"free": false, "within_working_hours": true, "clashes_with_calendar": true, "has_begun": false}));
    }

    async fn polyglot_and_oversized_uploads_are_refused_and_nothing_is_stored(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, user) = app.sign_up("ana@example.com", true).await;
        let chef_id = user["id"].clone();
        send(&chef, &app, Method::PUT, &format!("/api/v1/chefs/{chef_id}/profile"), Some(profile_body())).await;

        let mut polyglot = jpeg(300, 300);
        polyglot.extend_from_slice(b"PK\x03\x04<script>alert(document.cookie)</script>");
        let response = upload(&chef, &app, &chef_id, "gallery", polyglot, "holiday.jpg").await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let error = error_of(response).await;
        assert_eq!(error["field"], "photo");

        let html = upload(&chef, &app, &chef_id, "profile", b"<html><script>alert(1)</script></html>".to_vec(), "me.jpg").await;
        assert_eq!(html.status(), StatusCode::BAD_REQUEST);

        let oversized = vec![0xFF; domain::photos::MAX_PHOTO_BYTES + 200 * 1024];
        let response = upload(&chef, &app, &chef_id, "gallery", oversized, "huge.jpg").await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(error_of(response).await["code"], "too_large");

        assert_eq!(std::fs::read_dir(app.media.path()).unwrap().count(), 0, "no file was stored");
        let profile: Value = app.get(&format!("/api/v1/chefs/{chef_id}")).await.json().await.unwrap();
        assert_eq!(profile["gallery"], json!([]));
        assert!(profile["photo"].is_null());
    }

    async fn two_overlapping_blocks_sent_at_once_cannot_both_be_created(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, user) = app.sign_up("ana@example.com", true).await;
        let chef_id = user["id"].clone();
        send(&chef, &app, Method::PUT, &format!("/api/v1/chefs/{chef_id}/profile"), Some(profile_body())).await;
        let path = format!("/api/v1/chefs/{chef_id}/calendar");
        for day in 1..=4 {
            let (a, b) = tokio::join!(
                send(&chef, &app, Method::POST, &path, Some(block_body(day, 9, 15))),
                send(&chef, &app, Method::POST, &path, Some(block_body(day, 12, 20))),
            );
            let mut statuses = [a.status(), b.status()];
            statuses.sort();
            assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "day {day}");
        }
        let blocks: Vec<Value> = chef.get(app.url(&format!("{path}?from=2027-12-01T00:00:00Z"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(blocks.len(), 4);
    }

    async fn bad_workspace_input_is_a_400_naming_the_field(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, user) = app.sign_up("ana@example.com", true).await;
        let chef_id = user["id"].clone();
        let mut far_pin = profile_body();
        far_pin["lat"] = json!(41.15);
        let response = send(&chef, &app, Method::PUT, &format!("/api/v1/chefs/{chef_id}/profile"), Some(far_pin)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(response).await["field"], "lat");
        send(&chef, &app, Method::PUT, &format!("/api/v1/chefs/{chef_id}/profile"), Some(profile_body())).await;
        let mut vegan_fish = dish_body("Vegan cod");
        vegan_fish["dietary"] = json!(["vegan"]);
        let response = send(&chef, &app, Method::POST, &format!("/api/v1/chefs/{chef_id}/dishes"), Some(vegan_fish)).await;
        assert_eq!(error_of(response).await["field"], "dietary");
        let backwards = json!({"starts_at": "2027-12-02T10:00:00Z", "ends_at": "2027-12-01T10:00:00Z"});
        let response = send(&chef, &app, Method::POST, &format!("/api/v1/chefs/{chef_id}/calendar"), Some(backwards)).await;
        assert_eq!(error_of(response).await["field"], "ends_at");
        let response = app.get(&format!("/api/v1/chefs/{chef_id}/availability?from=tomorrow&to=2027-12-01T10:00:00Z")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
