//! Bookings over HTTP, on a server whose clock the test moves (`TEST_CLOCK`): request,
//! accept, pay with sandbox cards under an Idempotency-Key, the worker taking the booking
//! through the event and its complaint window, the chef's earnings and payout.

mod common;

use common::{error_of, Db, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

struct Parties {
    chef: Client,
    chef_id: i64,
    customer: Client,
    dish_id: i64,
}

async fn parties(app: &TestApp) -> Parties {
    let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
    let dish: Value = chef
        .post(app.url(&format!("/api/v1/chefs/{chef_id}/dishes")))
        .json(&json!({
            "name": "Bacalhau à Brás", "course": "main", "ingredients": ["salt cod", "potato", "egg"],
            "dietary": ["gluten_free"], "allergens": ["fish", "eggs"],
            "price_per_guest_minor": 2200, "min_guests": 2, "prep_minutes": 45
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (customer, _) = app.sign_up("rui@example.com", false).await;
    Parties {
        chef,
        chef_id,
        customer,
        dish_id: dish["id"].as_i64().unwrap(),
    }
}

fn booking_body(parties: &Parties, days_ahead: i64) -> Value {
    let starts_at = backend::Clock::system().now() + chrono::Duration::days(days_ahead);
    json!({
        "chef_id": parties.chef_id,
        "dish_ids": [parties.dish_id],
        "event": {
            "kind": "wedding", "starts_at": starts_at, "duration_hours": 5,
            "guests": 12, "city": "Lisbon", "lat": 38.71, "lng": -9.13,
            "allergens": ["eggs"]
        },
        "message": "Our garden seats twelve."
    })
}

fn card(number: &str) -> Value {
    json!({ "number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123" })
}

async fn pay(
    app: &TestApp,
    customer: &Client,
    id: i64,
    number: &str,
    key: &str,
) -> reqwest::Response {
    customer
        .post(app.url(&format!("/api/v1/bookings/{id}/pay")))
        .header("Idempotency-Key", key)
        .json(&card(number))
        .send()
        .await
        .unwrap()
}

async fn state_of(app: &TestApp, who: &Client, id: i64) -> String {
    let view: Value = who
        .get(app.url(&format!("/api/v1/bookings/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    view["state"].as_str().unwrap().to_owned()
}

/// Waits for the in-process worker to bring the booking to `state`.
async fn until_state(app: &TestApp, who: &Client, id: i64, state: &str) {
    for _ in 0..100 {
        if state_of(app, who, id).await == state {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "booking {id} never became {state}: it is {}",
        state_of(app, who, id).await
    );
}

on_every_database! {
    async fn a_booking_is_requested_accepted_paid_released_and_paid_out(db) {
        let app = TestApp::spawn_configured(db, false, |config| {
            config.worker_in_serve = true;
            config.test_clock = true;
        })
        .await;
        let p = parties(&app).await;
        let created = p.customer.post(app.url("/api/v1/bookings")).json(&booking_body(&p, 20)).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let booking: Value = created.json().await.unwrap();
        let id = booking["id"].as_i64().unwrap();
        let total = booking["quote"]["total_minor"].as_i64().unwrap();
        assert_eq!(booking["state"], "requested");
        assert_eq!(booking["allergen_warnings"][0]["dish_name"], "Bacalhau à Brás", "a guest avoids eggs");

        let accepted = p.chef.post(app.url(&format!("/api/v1/bookings/{id}/accept"))).send().await.unwrap();
        assert_eq!(accepted.status(), StatusCode::OK);

        let keyless = p.customer.post(app.url(&format!("/api/v1/bookings/{id}/pay"))).json(&card("4242424242424242")).send().await.unwrap();
        assert_eq!(keyless.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(keyless).await["field"], "Idempotency-Key");
        let declined = pay(&app, &p.customer, id, "4000 0000 0000 0002", "attempt-1").await;
        assert_eq!(declined.status(), StatusCode::PAYMENT_REQUIRED);
        assert_eq!(error_of(declined).await["code"], "payment_failed");
        assert_eq!(state_of(&app, &p.customer, id).await, "accepted", "nothing booked");

        let paid = pay(&app, &p.customer, id, "4242 4242 4242 4242", "attempt-2").await;
        assert_eq!(paid.status(), StatusCode::OK);
        let paid: Value = paid.json().await.unwrap();
        assert_eq!(paid["money"]["in_escrow_minor"], total);
        let replay = pay(&app, &p.customer, id, "4242 4242 4242 4242", "attempt-2").await;
        assert_eq!(replay.status(), StatusCode::OK);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        assert_eq!(replay.json::<Value>().await.unwrap(), paid);

        let moved = app.post("/api/v1/test/clock", json!({"hours": 21.0 * 24.0 + 30.0})).await;
        assert_eq!(moved.status(), StatusCode::OK);
        until_state(&app, &p.chef, id, "released").await;

        let earnings: Value = p.chef.get(app.url("/api/v1/me/earnings")).send().await.unwrap().json().await.unwrap();
        let owed = earnings["owed_minor"].as_i64().unwrap();
        assert!(owed > 0 && owed < total, "the chef is owed the total less the platform's fee");
        let payout = p.chef.post(app.url("/api/v1/me/payouts")).header("Idempotency-Key", "payout-1").send().await.unwrap();
        assert_eq!(payout.status(), StatusCode::OK);
        let after: Value = payout.json().await.unwrap();
        assert_eq!((after["owed_minor"].as_i64(), after["paid_out_minor"].as_i64()), (Some(0), Some(owed)));
        assert_eq!(after["payouts"].as_array().unwrap().len(), 1);

        let review = json!({"food": 5, "communication": 5, "punctuality": 4, "value": 5, "text": "Everyone asked for seconds."});
        let written = p.customer.post(app.url(&format!("/api/v1/bookings/{id}/reviews"))).json(&review).send().await.unwrap();
        assert_eq!(written.status(), StatusCode::CREATED);
        let chefs_view: Value = p.chef.get(app.url(&format!("/api/v1/bookings/{id}/reviews"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(chefs_view["theirs_hidden"], true);
    }

    async fn strangers_see_no_booking_and_a_real_clock_cannot_be_moved(db) {
        let app = TestApp::spawn(db, false).await;
        let p = parties(&app).await;
        let booking: Value = p.customer.post(app.url("/api/v1/bookings")).json(&booking_body(&p, 20)).send().await.unwrap().json().await.unwrap();
        let id = booking["id"].as_i64().unwrap();
        let (stranger, _) = app.sign_up("eve@example.com", false).await;
        let peek = stranger.get(app.url(&format!("/api/v1/bookings/{id}"))).send().await.unwrap();
        assert_eq!(peek.status(), StatusCode::NOT_FOUND);
        let self_accept = p.customer.post(app.url(&format!("/api/v1/bookings/{id}/accept"))).send().await.unwrap();
        assert_eq!(self_accept.status(), StatusCode::CONFLICT, "only the chef accepts a request");
        let clock = app.post("/api/v1/test/clock", json!({"hours": 24})).await;
        assert_eq!(clock.status(), StatusCode::NOT_FOUND);
        let logged_out = app.post("/api/v1/bookings", booking_body(&p, 20)).await;
        assert_eq!(logged_out.status(), StatusCode::UNAUTHORIZED);
        let mut bad = booking_body(&p, 1);
        bad["event"]["guests"] = json!(0);
        let refused = p.customer.post(app.url("/api/v1/bookings")).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(refused).await["field"], "starts_at", "the first problem: too soon");
    }
}

#[tokio::test]
async fn booking_endpoints_are_in_the_openapi_document() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/bookings",
        "/api/v1/bookings/{id}",
        "/api/v1/bookings/{id}/accept",
        "/api/v1/bookings/{id}/check-in",
        "/api/v1/bookings/{id}/pay",
        "/api/v1/bookings/{id}/cancel",
        "/api/v1/bookings/{id}/messages",
        "/api/v1/bookings/{id}/reviews",
        "/api/v1/me/earnings",
        "/api/v1/me/payouts",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let pay = &doc["paths"]["/api/v1/bookings/{id}/pay"]["post"];
    assert!(pay["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Idempotency-Key"));
    assert!(pay["responses"]["402"].is_object());
}
