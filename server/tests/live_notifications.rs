//! Live notifications over HTTP: the SSE stream, replay after a reconnect, preferences, the
//! email outbox, and — on PostgreSQL with Redis — delivery across two server instances and
//! through a Redis outage.

use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

mod common;
use common::*;

const SOON: Duration = Duration::from_secs(3);
const QUIET: Duration = Duration::from_millis(400);

async fn save_chef(app: &TestApp, customer: &reqwest::Client, chef_id: i64) -> StatusCode {
    customer
        .put(app.url(&format!("/api/v1/me/saved-chefs/{chef_id}")))
        .send()
        .await
        .unwrap()
        .status()
}

async fn new_customer(app: &TestApp, email: &str) -> reqwest::Client {
    app.sign_up(email, false).await.0
}

fn stream_url(app: &TestApp) -> String {
    app.url("/api/v1/notifications/stream")
}

on_every_database! {
    async fn a_chef_hears_live_that_someone_saved_their_profile(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
        let mut stream = EventStream::open(&chef, &stream_url(&app), None).await;
        let first = stream.expect("unread", SOON).await;
        assert_eq!(first.data, json!({ "unread": 1 }), "the welcome is unread");

        let customer = new_customer(&app, "bo@example.com").await;
        assert_eq!(save_chef(&app, &customer, chef_id).await, StatusCode::NO_CONTENT);
        let live = stream.expect("notification", SOON).await;
        assert_eq!(live.data["notification"]["kind"], "chef_saved");
        assert_eq!(live.data["notification"]["title"], "Ana Lopez saved your profile");
        assert_eq!(live.data["unread"], 2);
        assert_eq!(
            live.id.as_deref(),
            Some(live.data["notification"]["id"].to_string().as_str())
        );

        // Saving again is harmless and tells the chef nothing new.
        assert_eq!(save_chef(&app, &customer, chef_id).await, StatusCode::NO_CONTENT);
        assert!(stream.next_within(QUIET).await.is_none());
        let saved: Value = customer.get(app.url("/api/v1/me/saved-chefs")).send().await.unwrap().json().await.unwrap();
        assert_eq!(saved["chef_ids"], json!([chef_id]));
    }

    async fn a_stream_that_reconnects_gets_what_it_missed_in_order_and_once(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
        let mut stream = EventStream::open(&chef, &stream_url(&app), None).await;
        stream.expect("unread", SOON).await;
        save_chef(&app, &new_customer(&app, "c1@example.com").await, chef_id).await;
        let seen = stream.expect("notification", SOON).await.id.unwrap();
        drop(stream);

        for email in ["c2@example.com", "c3@example.com"] {
            save_chef(&app, &new_customer(&app, email).await, chef_id).await;
        }
        let mut resumed = EventStream::open(&chef, &stream_url(&app), Some(&seen)).await;
        resumed.expect("unread", SOON).await;
        let second = resumed.expect("notification", SOON).await;
        let third = resumed.expect("notification", SOON).await;
        let id = |event: &SseEvent| event.id.as_deref().unwrap().parse::<i64>().unwrap();
        assert!(id(&second) > seen.parse().unwrap() && id(&third) > id(&second));
        assert_eq!(third.data["unread"], 4);
        assert!(resumed.next_within(QUIET).await.is_none(), "nothing twice");
    }

    async fn reading_in_another_tab_updates_the_unread_count_live(db) {
        let app = TestApp::spawn(db, false).await;
        let (browser, _) = app.sign_up("ana@example.com", false).await;
        let mut stream = EventStream::open(&browser, &stream_url(&app), None).await;
        assert_eq!(stream.expect("unread", SOON).await.data["unread"], 1);
        let read = browser.post(app.url("/api/v1/notifications/read-all")).send().await.unwrap();
        assert_eq!(read.status(), StatusCode::NO_CONTENT);
        assert_eq!(stream.expect("unread", SOON).await.data["unread"], 0);
    }

    async fn the_stream_is_only_for_people_who_are_logged_in(db) {
        let app = TestApp::spawn(db, false).await;
        let response = app.get("/api/v1/notifications/stream").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn preferences_turn_a_kind_off_or_add_email_and_bad_choices_are_refused(db) {
        let app = TestApp::spawn_configured(db, false, |config| config.worker_in_serve = true).await;
        let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;
        let preferences = app.url("/api/v1/notifications/preferences");
        let defaults: Value = chef.get(&preferences).send().await.unwrap().json().await.unwrap();
        assert_eq!(defaults["preferences"], json!([
            {"kind": "chef_saved", "channel": "in_app"},
            {"kind": "daily_digest", "channel": "email"},
            {"kind": "booking_update", "channel": "email"},
            {"kind": "booking_message", "channel": "in_app"},
            {"kind": "booking_reminder", "channel": "email"},
            {"kind": "invitation", "channel": "email"},
            {"kind": "followed", "channel": "in_app"},
            {"kind": "post_liked", "channel": "in_app"},
            {"kind": "post_commented", "channel": "in_app"},
            {"kind": "mentioned", "channel": "in_app"},
            {"kind": "moderation", "channel": "email"},
            {"kind": "question_answered", "channel": "in_app"},
            {"kind": "asked_of_you", "channel": "email"},
            {"kind": "knowledge_activity", "channel": "in_app"},
        ]));

        let refused = chef.put(&preferences)
            .json(&json!({"preferences": [
                {"kind": "chef_saved", "channel": "off"},
                {"kind": "daily_digest", "channel": "in_app"},
            ]}))
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(refused).await["field"], "preferences[1].channel");
        let unchanged: Value = chef.get(&preferences).send().await.unwrap().json().await.unwrap();
        assert_eq!(unchanged, defaults, "all or nothing");

        let set = |channel: &str| json!({"preferences": [{"kind": "chef_saved", "channel": channel}]});
        chef.put(&preferences).json(&set("off")).send().await.unwrap();
        save_chef(&app, &new_customer(&app, "c1@example.com").await, chef_id).await;
        let feed: Value = chef.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["items"].as_array().unwrap().len(), 1, "only the welcome: saves are off");

        chef.put(&preferences).json(&set("email")).send().await.unwrap();
        save_chef(&app, &new_customer(&app, "c2@example.com").await, chef_id).await;
        let feed: Value = chef.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["items"][0]["kind"], "chef_saved", "email also shows in the app");

        // The outbox is for admins; the in-process worker sends the email into it.
        let outbox = app.url("/api/v1/admin/emails");
        assert_eq!(chef.get(&outbox).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let (admin, _) = app.sign_up("ops@example.com", false).await;
        let db = backend::db::connect(&app.database_url).await.unwrap();
        backend::accounts::grant_admin(&db, "ops@example.com", backend::Clock::system().now()).await.unwrap();
        let started = Instant::now();
        let email = loop {
            let emails: Value = admin.get(&outbox).send().await.unwrap().json().await.unwrap();
            let sent = emails.as_array().unwrap().iter()
                .find(|e| e["to"] == "ana@example.com" && e["via"] == "outbox")
                .cloned();
            if let Some(email) = sent {
                break email;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "no email sent: {emails}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(email["subject"], "Ana Lopez saved your profile");
        assert!(email["body"].as_str().unwrap().contains("/kitchen"));
        let dead: Value = admin.get(app.url("/api/v1/admin/jobs/dead")).send().await.unwrap().json().await.unwrap();
        assert_eq!(dead, json!([]));
    }
}

/// Two servers sharing one PostgreSQL database and one Redis.
async fn two_instances(redis_url: &str) -> (TestApp, TestApp) {
    let database_url = backend::db::scratch::postgres_database()
        .await
        .expect("test PostgreSQL is up");
    let config = || server::config::Config {
        redis_url: Some(SecretString::from(redis_url.to_owned())),
        ..test_config(&database_url)
    };
    let a = TestApp::start(config()).await;
    let b = TestApp::start(config()).await;
    (a, b)
}

async fn until_redis_is_linked(app: &TestApp) {
    let started = Instant::now();
    loop {
        let ready = app.get("/readyz").await.text().await.unwrap();
        if ready.contains("redis linked") {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{ready}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

#[tokio::test]
async fn a_notification_created_through_one_instance_reaches_a_stream_on_another_within_a_second() {
    let (a, b) = two_instances(&redis_url()).await;
    until_redis_is_linked(&a).await;
    until_redis_is_linked(&b).await;
    let (chef, chef_id) = a.chef_with_profile("ana@example.com").await;
    // The session lives in the shared database, so the chef is logged in on B as well.
    let mut on_b = EventStream::open(&chef, &stream_url(&b), None).await;
    on_b.expect("unread", SOON).await;
    let customer = new_customer(&a, "bo@example.com").await;

    let saved_at = Instant::now();
    assert_eq!(
        save_chef(&a, &customer, chef_id).await,
        StatusCode::NO_CONTENT
    );
    let live = on_b.expect("notification", Duration::from_secs(1)).await;
    let latency = saved_at.elapsed();
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    assert_eq!(live.data["notification"]["kind"], "chef_saved");
}

#[tokio::test]
async fn with_redis_unreachable_notifications_are_stored_and_replayed_on_reconnect() {
    // Nothing listens on port 1: both instances run without their Redis link.
    let (a, b) = two_instances("redis://127.0.0.1:1").await;
    assert!(a
        .get("/readyz")
        .await
        .text()
        .await
        .unwrap()
        .contains("redis unavailable"));
    let (chef, chef_id) = a.chef_with_profile("ana@example.com").await;
    let mut on_b = EventStream::open(&chef, &stream_url(&b), None).await;
    on_b.expect("unread", SOON).await;
    let feed: Value = chef
        .get(b.url("/api/v1/notifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let welcome_id = feed["items"][0]["id"].to_string();

    let customer = new_customer(&a, "bo@example.com").await;
    assert_eq!(
        save_chef(&a, &customer, chef_id).await,
        StatusCode::NO_CONTENT
    );
    // The browser drops and reconnects (as EventSource does), naming the last id it had.
    drop(on_b);
    let mut resumed = EventStream::open(&chef, &stream_url(&b), Some(&welcome_id)).await;
    resumed.expect("unread", SOON).await;
    let replayed = resumed.expect("notification", SOON).await;
    assert_eq!(replayed.data["notification"]["kind"], "chef_saved");
    assert!(resumed.next_within(QUIET).await.is_none());
}
