//! Disputes through the API, on a server whose clock the test moves and whose in-process
//! worker runs the deadlines: a chef who never came refunds everything, a customer who does
//! not answer a chef's claim loses it, and a quality claim the facts cannot settle goes to
//! an admin, whose ruling may be appealed once.

mod common;

use common::{error_of, Db, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

struct Booked {
    app: TestApp,
    chef: Client,
    chef_id: i64,
    customer: Client,
    id: i64,
    paid: i64,
}

/// A paid booking for an event starting `hours_ahead` from the test clock's now.
async fn paid_booking(db: Db, hours_ahead: i64) -> Booked {
    let app = TestApp::spawn_configured(db, false, |config| {
        config.worker_in_serve = true;
        config.test_clock = true;
    })
    .await;
    let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
    let dish: Value = chef
        .post(app.url(&format!("/api/v1/chefs/{chef_id}/dishes")))
        .json(&json!({
            "name": "Arroz de pato", "course": "main", "ingredients": ["duck", "rice", "chouriço"],
            "dietary": [], "allergens": [], "price_per_guest_minor": 2500, "min_guests": 2, "prep_minutes": 90
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (customer, _) = app.sign_up("rui@example.com", false).await;
    let starts_at = backend::Clock::system().now() + chrono::Duration::hours(hours_ahead);
    let booking: Value = customer
        .post(app.url("/api/v1/bookings"))
        .json(&json!({
            "chef_id": chef_id, "dish_ids": [dish["id"]],
            "event": {"kind": "birthday", "starts_at": starts_at, "duration_hours": 4,
                      "guests": 10, "city": "Lisbon", "lat": 38.71, "lng": -9.13,
                      "allergens": ["peanuts"], "dietary_needs": ["vegetarian"]},
            "special_diet_guests": 1
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = booking["id"].as_i64().expect("booked");
    let accepted = chef
        .post(app.url(&format!("/api/v1/bookings/{id}/accept")))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    let paid: Value = customer
        .post(app.url(&format!("/api/v1/bookings/{id}/pay")))
        .header("Idempotency-Key", "pay-1")
        .json(
            &json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paid = paid["money"]["paid_minor"].as_i64().expect("paid");
    Booked {
        app,
        chef,
        chef_id,
        customer,
        id,
        paid,
    }
}

impl Booked {
    async fn move_clock(&self, hours: f64) {
        let moved = self
            .app
            .post("/api/v1/test/clock", json!({ "hours": hours }))
            .await;
        assert_eq!(moved.status(), StatusCode::OK);
    }

    async fn open(&self, who: &Client, body: Value) -> reqwest::Response {
        who.post(
            self.app
                .url(&format!("/api/v1/bookings/{}/disputes", self.id)),
        )
        .json(&body)
        .send()
        .await
        .unwrap()
    }

    async fn dispute(&self, who: &Client) -> Value {
        who.get(
            self.app
                .url(&format!("/api/v1/bookings/{}/dispute", self.id)),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
    }

    async fn booking(&self, who: &Client) -> Value {
        who.get(self.app.url(&format!("/api/v1/bookings/{}", self.id)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Waits for the in-process worker to bring the dispute to `status`.
    async fn until_status(&self, status: &str) -> Value {
        for _ in 0..150 {
            let dispute = self.dispute(&self.customer).await;
            if dispute["status"] == status {
                return dispute;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "the dispute never became {status}: {}",
            self.dispute(&self.customer).await
        );
    }

    async fn notification_titles(&self, who: &Client) -> Vec<String> {
        let feed: Value = who
            .get(self.app.url("/api/v1/notifications"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    async fn admin(&self) -> Client {
        let (admin, _) = self.app.sign_up("ops@example.com", false).await;
        let db = backend::db::connect(&self.app.database_url).await.unwrap();
        backend::accounts::grant_admin(&db, "ops@example.com", backend::Clock::system().now())
            .await
            .unwrap();
        admin
    }
}

on_every_database! {
    async fn a_chef_who_never_checked_in_refunds_the_customer_in_full(db) {
        let b = paid_booking(db, 72).await;
        let early = b.open(&b.customer, json!({"category": "chef_no_show", "description": "Nobody came to cook."})).await;
        assert_eq!(early.status(), StatusCode::CONFLICT, "not before the event starts");

        b.move_clock(72.0 + 2.0).await;
        let wrong_side = b.open(&b.chef, json!({"category": "chef_no_show", "description": "Nobody came to cook."})).await;
        assert_eq!(wrong_side.status(), StatusCode::CONFLICT, "a no-show of the chef is the customer's to raise");
        let vague = b.open(&b.customer, json!({"category": "chef_no_show", "description": "bad"})).await;
        assert_eq!(vague.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(vague).await["field"], "description");

        let opened = b.open(&b.customer, json!({"category": "chef_no_show", "description": "We waited two hours; nobody came to cook."})).await;
        assert_eq!(opened.status(), StatusCode::CREATED);
        let opened: Value = opened.json().await.unwrap();
        assert_eq!(opened["status"], "awaiting_answer");
        assert_eq!(opened["claimed_refund_bp"], 10_000);
        assert_eq!(opened["guest_needs"]["allergens"], json!(["peanuts"]), "the declared allergy is a fact of the case");
        assert_eq!(opened["guest_needs"]["dietary_needs"], json!(["vegetarian"]));
        assert_eq!(opened["guest_needs"]["special_diet_guests"], 1);
        let twice = b.open(&b.customer, json!({"category": "chef_late", "description": "And they were late too."})).await;
        assert_eq!(twice.status(), StatusCode::CONFLICT, "one dispute per booking");
        let cancel = b.customer.post(b.app.url(&format!("/api/v1/bookings/{}/cancel", b.id)))
            .header("Idempotency-Key", "cancel-1").send().await.unwrap();
        assert_eq!(cancel.status(), StatusCode::CONFLICT, "a disputed booking is settled by its ruling");
        assert!(b.notification_titles(&b.chef).await.iter().any(|t| t.contains("Dispute on booking")), "the chef is told");

        let contested = b.chef.post(b.app.url(&format!("/api/v1/disputes/{}/answer", opened["id"])))
            .json(&json!({"answer": "contest", "statement": "I was stuck in traffic but I did come."}))
            .send().await.unwrap();
        assert_eq!(contested.status(), StatusCode::OK);
        let ruled: Value = contested.json().await.unwrap();
        assert_eq!(ruled["status"], "ruled");
        assert_eq!(ruled["ruling"]["rule"], "chef-never-checked-in");
        assert_eq!(ruled["ruling"]["refund_minor"], b.paid);
        assert_eq!(ruled["ruling"]["penalised"], "chef");

        let booking = b.booking(&b.customer).await;
        assert_eq!(booking["state"], "released");
        assert_eq!(booking["money"]["refunded_minor"], b.paid);
        assert_eq!(booking["money"]["in_escrow_minor"], 0);
        assert_eq!(booking["money"]["released_to_chef_minor"], 0);
        let trail: Vec<&str> = ruled["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(trail, ["opened", "contested", "ruled"]);
        assert!(b.notification_titles(&b.customer).await.iter().any(|t| t.contains("ruled")));
    }

    async fn a_customer_silent_past_the_deadline_loses_the_chefs_claim_and_the_chef_is_paid(db) {
        let b = paid_booking(db, 72).await;
        b.move_clock(72.0 + 1.0).await;
        let checked_in = b.chef.post(b.app.url(&format!("/api/v1/bookings/{}/check-in", b.id))).send().await.unwrap();
        assert_eq!(checked_in.status(), StatusCode::OK);
        let opened = b.open(&b.chef, json!({"category": "customer_no_show", "description": "Nobody opened the door; I waited an hour."})).await;
        assert_eq!(opened.status(), StatusCode::CREATED);
        let opened: Value = opened.json().await.unwrap();
        assert_eq!(opened["claimed_refund_bp"], 0, "a chef's claim keeps the payment");
        let customers_view = b.dispute(&b.customer).await;
        assert_eq!(customers_view["may_answer"], true);

        // Past the event, its complaint window and the answer deadline: the release waits
        // for the dispute, and silence decides it.
        b.move_clock(49.0).await;
        let ruled = b.until_status("ruled").await;
        assert_eq!(ruled["ruling"]["rule"], "silence-loses");
        assert_eq!(ruled["ruling"]["refund_minor"], 0);
        assert_eq!(ruled["ruling"]["penalised"], "customer");
        let booking = b.booking(&b.chef).await;
        assert_eq!(booking["state"], "released");
        assert_eq!(booking["money"]["refunded_minor"], 0);
        let released = booking["money"]["released_to_chef_minor"].as_i64().unwrap();
        assert!(released > 0 && released < b.paid, "the chef gets the payment less the fee");

        let too_soon = b.chef.post(b.app.url("/api/v1/me/payouts")).header("Idempotency-Key", "payout-1").send().await.unwrap();
        assert_eq!(too_soon.status(), StatusCode::CONFLICT, "the payout waits for the appeal window");
        b.move_clock(73.0).await;
        let payout = b.chef.post(b.app.url("/api/v1/me/payouts")).header("Idempotency-Key", "payout-2").send().await.unwrap();
        assert_eq!(payout.status(), StatusCode::OK);
        let earnings: Value = payout.json().await.unwrap();
        assert_eq!(earnings["paid_out_minor"].as_i64(), Some(released));
        let late_appeal = b.customer.post(b.app.url(&format!("/api/v1/disputes/{}/appeal", opened["id"])))
            .json(&json!({"reason": "I was there, the bell was broken."})).send().await.unwrap();
        assert_eq!(late_appeal.status(), StatusCode::CONFLICT, "too late to appeal");
    }

    async fn a_contested_quality_claim_goes_to_an_admin_whose_ruling_may_be_appealed_once(db) {
        let b = paid_booking(db, 72).await;
        b.move_clock(72.0 + 5.0).await;
        let opened: Value = b.open(&b.customer, json!({"category": "quality", "refund_percent": 50, "description": "The duck was dry and the rice burnt."}))
            .await.json().await.unwrap();
        let dispute_id = opened["id"].as_i64().unwrap();
        let answer = |body: Value| {
            b.chef.post(b.app.url(&format!("/api/v1/disputes/{dispute_id}/answer"))).json(&body).send()
        };
        let greedy = answer(json!({"answer": "counter_offer", "refund_percent": 60})).await.unwrap();
        assert_eq!(greedy.status(), StatusCode::BAD_REQUEST, "an offer gives less than the claim");
        let contested: Value = answer(json!({"answer": "contest", "statement": "Everything was cooked as on the menu."}))
            .await.unwrap().json().await.unwrap();
        assert_eq!(contested["status"], "with_admin");
        assert_eq!(contested["recommended"], Value::Null, "the sides do not see the recommendation");
        assert_eq!(b.booking(&b.customer).await["money"]["in_escrow_minor"], b.paid, "still held");

        let not_admin = b.customer.get(b.app.url("/api/v1/admin/disputes")).send().await.unwrap();
        assert_eq!(not_admin.status(), StatusCode::FORBIDDEN);
        let admin = b.admin().await;
        let queue: Value = admin.get(b.app.url("/api/v1/admin/disputes")).send().await.unwrap().json().await.unwrap();
        let queued = &queue.as_array().unwrap()[0];
        assert_eq!(queued["id"], dispute_id);
        assert_eq!(queued["recommended"]["rule"], "admin");
        assert_eq!(queued["events"].as_array().unwrap().len(), 3, "opened, contested, sent to the admin");

        let ruling_url = b.app.url(&format!("/api/v1/admin/disputes/{dispute_id}/ruling"));
        let too_much = admin.post(&ruling_url).json(&json!({"refund_minor": b.paid + 1, "reason": "Refund more than paid."})).send().await.unwrap();
        assert_eq!(too_much.status(), StatusCode::BAD_REQUEST);
        let quarter = b.paid / 4;
        let ruled: Value = admin.post(&ruling_url)
            .json(&json!({"refund_minor": quarter, "penalised": "chef", "reason": "Photos show the rice was burnt."}))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(ruled["status"], "ruled");
        let booking = b.booking(&b.customer).await;
        assert_eq!(booking["money"]["refunded_minor"], quarter);
        assert_eq!(booking["state"], "released");

        let appealed = b.chef.post(b.app.url(&format!("/api/v1/disputes/{dispute_id}/appeal")))
            .json(&json!({"reason": "The photos are of another dinner."})).send().await.unwrap();
        assert_eq!(appealed.status(), StatusCode::OK);
        let again = b.customer.post(b.app.url(&format!("/api/v1/disputes/{dispute_id}/appeal")))
            .json(&json!({"reason": "I want more back than a quarter."})).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT, "one appeal");
        let decided: Value = admin.post(&ruling_url)
            .json(&json!({"refund_minor": b.paid / 2, "penalised": "chef", "reason": "On appeal: half, as first claimed."}))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(decided["status"], "closed");
        let booking = b.booking(&b.customer).await;
        assert_eq!(booking["money"]["refunded_minor"], b.paid / 2, "the difference came from the chef's share");
        // The worker recomputes the rank after the ruling.
        let mut reliability = String::new();
        for _ in 0..100 {
            let rank: Value = b.app.get(&format!("/api/v1/chefs/{}/rank", b.chef_id)).await.json().await.unwrap();
            reliability = rank["components"].as_array().unwrap().iter()
                .find(|c| c["component"] == "reliability")
                .map(|c| c["input_summary"].as_str().unwrap().to_owned())
                .unwrap_or_default();
            if reliability.contains("1 dispute lost") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(reliability.contains("1 dispute lost"), "the lost dispute is a reliability input: {reliability}");
    }
}

#[tokio::test]
async fn dispute_endpoints_are_in_the_openapi_document_and_the_rules_are_published() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/bookings/{id}/disputes",
        "/api/v1/bookings/{id}/dispute",
        "/api/v1/disputes/{id}",
        "/api/v1/disputes/{id}/answer",
        "/api/v1/disputes/{id}/offer",
        "/api/v1/disputes/{id}/evidence",
        "/api/v1/disputes/{id}/appeal",
        "/api/v1/admin/disputes",
        "/api/v1/admin/disputes/{id}/ruling",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let page = app.get("/disputes").await.text().await.unwrap();
    for rule in domain::disputes::RULES {
        assert!(page.contains(rule.name), "{} is published", rule.name);
    }
}
