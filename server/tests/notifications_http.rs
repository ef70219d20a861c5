//! Notifications over HTTP on SQLite and PostgreSQL: the welcome written with the account,
//! the unread count, marking read, and nobody else's notifications.

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::*;

async fn feed(browser: &reqwest::Client, app: &TestApp) -> Value {
    browser
        .get(app.url("/api/v1/notifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

on_every_database! {
    async fn a_new_account_is_welcomed_and_reads_its_notifications(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, _) = app.sign_up("rita@example.com", true).await;
        let first = feed(&chef, &app).await;
        assert_eq!(first["unread"], 1);
        assert_eq!(first["items"][0]["kind"], "welcome");
        assert_eq!(first["items"][0]["link"], "/kitchen", "a chef is sent to the kitchen");
        assert_eq!(first["items"][0]["read"], false);

        let id = first["items"][0]["id"].clone();
        let (stranger, _) = app.sign_up("bob@example.com", false).await;
        let theirs = stranger.post(app.url(&format!("/api/v1/notifications/{id}/read"))).json(&json!({})).send().await.unwrap();
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "another person's notification is not found");
        assert_eq!(feed(&chef, &app).await["unread"], 1);

        let mine = chef.post(app.url(&format!("/api/v1/notifications/{id}/read"))).json(&json!({})).send().await.unwrap();
        assert_eq!(mine.status(), StatusCode::NO_CONTENT);
        let after = feed(&chef, &app).await;
        assert_eq!(after["unread"], 0);
        assert_eq!(after["items"][0]["read"], true);

        let all = stranger.post(app.url("/api/v1/notifications/read-all")).json(&json!({})).send().await.unwrap();
        assert_eq!(all.status(), StatusCode::NO_CONTENT);
        assert_eq!(feed(&stranger, &app).await["unread"], 0);
        assert_eq!(app.get("/api/v1/notifications").await.status(), StatusCode::UNAUTHORIZED);
    }
}
