//! Posted requests over HTTP, with the in-process worker sending the invitations: a
//! customer posts an event, invited chefs propose, the customer compares and accepts one.

mod common;

use common::{error_of, Db, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

/// A chef with a profile near central Lisbon and one dish; returns their browser and id.
async fn chef(app: &TestApp, email: &str, price_minor: i64) -> (Client, i64) {
    let (chef, chef_id) = app.chef_with_profile(email).await;
    let dish = chef
        .post(app.url(&format!("/api/v1/chefs/{chef_id}/dishes")))
        .json(&json!({
            "name": "Arroz de pato", "course": "main", "ingredients": ["duck", "rice"],
            "dietary": ["dairy_free"], "allergens": ["celery"],
            "price_per_guest_minor": price_minor, "min_guests": 2, "prep_minutes": 60
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(dish.status(), StatusCode::CREATED);
    (chef, chef_id)
}

async fn json_of(who: &Client, url: String) -> Value {
    who.get(url).send().await.unwrap().json().await.unwrap()
}

fn event(days_ahead: i64) -> Value {
    let starts_at = backend::Clock::system().now() + chrono::Duration::days(days_ahead);
    json!({
        "kind": "birthday", "starts_at": starts_at, "duration_hours": 4,
        "guests": 12, "city": "Lisbon", "lat": 38.72, "lng": -9.14,
        "dietary_needs": ["dairy_free"], "allergens": ["celery"],
        "notes": "A surprise party: please do not call the house."
    })
}

on_every_database! {
    async fn a_customer_posts_an_event_chefs_propose_and_the_customer_accepts_one(db) {
        let app = TestApp::spawn_configured(db, false, |config| config.worker_in_serve = true).await;
        let (ana, ana_id) = chef(&app, "ana@example.com", 2400).await;
        let (bruno, bruno_id) = chef(&app, "bruno@example.com", 1900).await;
        let (customer, _) = app.sign_up("rui@example.com", false).await;

        let posted = customer.post(app.url("/api/v1/requests")).json(&event(20)).send().await.unwrap();
        assert_eq!(posted.status(), StatusCode::CREATED);
        let request: Value = posted.json().await.unwrap();
        let id = request["id"].as_i64().unwrap();
        assert_eq!(request["status"], "open");

        // The worker indexes the chefs and invites them.
        let mut invitations = Value::Null;
        for _ in 0..100 {
            invitations = json_of(&ana, app.url("/api/v1/me/invitations")).await;
            if invitations["items"].as_array().is_some_and(|items| !items.is_empty()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(invitations["items"][0]["id"], id);
        assert_eq!(invitations["items"][0]["notes"], "A surprise party: please do not call the house.");

        for (who, chef_id) in [(&ana, ana_id), (&bruno, bruno_id)] {
            let chef = json_of(who, app.url(&format!("/api/v1/chefs/{chef_id}"))).await;
            let dish_id = chef["dishes"][0]["id"].as_i64().unwrap();
            let sent = who
                .post(app.url(&format!("/api/v1/requests/{id}/proposals")))
                .json(&json!({ "dish_ids": [dish_id], "message": "Happy to cook!" }))
                .send()
                .await
                .unwrap();
            assert_eq!(sent.status(), StatusCode::OK);
            let mine: Value = sent.json().await.unwrap();
            assert_eq!(mine["proposals"][0]["state"], "proposed");
            assert_eq!(mine["proposals"][0]["allergen_warnings"][0]["dish_name"], "Arroz de pato");
        }
        let empty_menu = ana.post(app.url(&format!("/api/v1/requests/{id}/proposals"))).json(&json!({ "dish_ids": [] })).send().await.unwrap();
        assert_eq!(empty_menu.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(empty_menu).await["field"], "dish_ids");

        let compared = json_of(&customer, app.url(&format!("/api/v1/requests/{id}"))).await;
        let proposals = compared["proposals"].as_array().unwrap();
        assert_eq!(proposals.len(), 2);
        assert_eq!(proposals[0]["chef_id"], bruno_id, "the cheaper proposal first");
        let chosen = proposals[0]["id"].as_i64().unwrap();
        let accepted = customer.post(app.url(&format!("/api/v1/bookings/{chosen}/accept"))).send().await.unwrap();
        assert_eq!(accepted.status(), StatusCode::OK);

        let booked = json_of(&customer, app.url(&format!("/api/v1/requests/{id}"))).await;
        assert_eq!(booked["status"], "booked");
        assert_eq!(booked["proposals"][1]["state"], "declined");
        let late = ana.post(app.url(&format!("/api/v1/requests/{id}/proposals"))).json(&json!({ "dish_ids": [] })).send().await.unwrap();
        assert_eq!(late.status(), StatusCode::CONFLICT);
    }

    async fn requests_are_private_and_bad_events_are_refused(db) {
        let app = TestApp::spawn(db, false).await;
        let (customer, _) = app.sign_up("rui@example.com", false).await;
        let (stranger, _) = app.sign_up("nosy@example.com", false).await;
        let anonymous = app.post("/api/v1/requests", event(20)).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let too_soon = customer.post(app.url("/api/v1/requests")).json(&event(1)).send().await.unwrap();
        assert_eq!(too_soon.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(too_soon).await["field"], "starts_at");
        let request: Value = customer.post(app.url("/api/v1/requests")).json(&event(20)).send().await.unwrap().json().await.unwrap();
        let id = request["id"].as_i64().unwrap();
        let hidden = stranger.get(app.url(&format!("/api/v1/requests/{id}"))).send().await.unwrap();
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        let mine = json_of(&customer, app.url("/api/v1/requests")).await;
        assert_eq!(mine["items"][0]["id"], id);
        let withdrawn = customer.post(app.url(&format!("/api/v1/requests/{id}/withdraw"))).send().await.unwrap();
        assert_eq!(withdrawn.status(), StatusCode::OK);
        assert_eq!(withdrawn.json::<Value>().await.unwrap()["status"], "closed");
    }
}

#[tokio::test]
async fn request_endpoints_are_in_the_openapi_document() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/requests",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{id}/proposals",
        "/api/v1/requests/{id}/withdraw",
        "/api/v1/me/invitations",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}
