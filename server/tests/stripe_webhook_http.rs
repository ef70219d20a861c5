//! Stripe's webhook over HTTP: events signed as Stripe signs them are recorded once each;
//! anything unsigned, wrongly signed or stale is refused before its body is read.

mod common;

use common::{error_of, Db, TestApp};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "whsec_chef_galaxy_tests";
const WEBHOOK: &str = "/api/v1/payments/stripe/webhook";

/// `Stripe-Signature` for `body` signed at `at` (unix seconds) under `secret`.
fn signature(body: &str, at: i64, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{at}.{body}").as_bytes());
    format!("t={at},v1={}", hex::encode(mac.finalize().into_bytes()))
}

fn event(id: &str, kind: &str, object_id: &str) -> String {
    json!({
        "id": id, "type": kind,
        "data": { "object": { "id": object_id, "amount": 62006, "currency": "eur", "metadata": { "booking_id": "42" } } }
    })
    .to_string()
}

async fn deliver(app: &TestApp, body: &str, signature: &str) -> reqwest::Response {
    app.client
        .post(app.url(WEBHOOK))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn recorded(app: &TestApp) -> i64 {
    let db = backend::db::connect(&app.database_url).await.unwrap();
    use sea_orm::{EntityTrait, PaginatorTrait};
    backend::entities::payment_events::Entity::find()
        .count(&db)
        .await
        .unwrap() as i64
}

on_every_database! {
    async fn a_signed_event_is_recorded_once_however_often_it_arrives(db) {
        let app = TestApp::spawn_configured(db, false, |config| {
            config.stripe_webhook_secret = Some(SECRET.to_owned().into());
        })
        .await;
        let body = event("evt_1", "payment_intent.succeeded", "pi_unknown");
        let now = backend::Clock::system().now().timestamp();
        let first = deliver(&app, &body, &signature(&body, now, SECRET)).await;
        assert_eq!(first.status(), StatusCode::OK);
        let receipt: Value = first.json().await.unwrap();
        assert_eq!(receipt["first_time"], true);
        assert_eq!(receipt["in_ledger"], false, "no booking was paid with pi_unknown");
        let retry = deliver(&app, &body, &signature(&body, now + 60, SECRET)).await;
        assert_eq!(retry.status(), StatusCode::OK);
        assert_eq!(retry.json::<Value>().await.unwrap()["first_time"], false);
        assert_eq!(recorded(&app).await, 1);
    }

    async fn unsigned_forged_or_stale_events_are_refused(db) {
        let app = TestApp::spawn_configured(db, false, |config| {
            config.stripe_webhook_secret = Some(SECRET.to_owned().into());
        })
        .await;
        let body = event("evt_2", "charge.refunded", "ch_1");
        let now = backend::Clock::system().now().timestamp();
        let forged = event("evt_2", "charge.refunded", "ch_forged");
        for (why, body, header) in [
            ("unsigned", body.clone(), String::new()),
            ("another secret", body.clone(), signature(&body, now, "whsec_someone_else")),
            ("body changed after signing", forged, signature(&body, now, SECRET)),
            ("an hour old", body.clone(), signature(&body, now - 3600, SECRET)),
        ] {
            let refused = deliver(&app, &body, &header).await;
            assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{why}");
            assert_eq!(error_of(refused).await["field"], "Stripe-Signature", "{why}");
        }
        assert_eq!(recorded(&app).await, 0);
    }
}

#[tokio::test]
async fn without_a_webhook_secret_the_endpoint_does_not_exist() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let body = event("evt_3", "payment_intent.succeeded", "pi_1");
    let response = deliver(
        &app,
        &body,
        &signature(&body, backend::Clock::system().now().timestamp(), SECRET),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
