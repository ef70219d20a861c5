//! Reports, the moderation queue and appeals over HTTP on SQLite and PostgreSQL: who may call
//! each endpoint, bad input named by field, and a report followed through to an answered appeal.

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::*;

async fn post_by(author: &reqwest::Client, app: &TestApp, text: &str) -> i64 {
    let post: Value = author
        .post(app.url("/api/v1/posts"))
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    post["id"].as_i64().unwrap()
}

async fn admin(app: &TestApp) -> reqwest::Client {
    let (admin, _) = app.sign_up("ops@example.com", false).await;
    let db = backend::db::connect(&app.database_url).await.unwrap();
    backend::accounts::grant_admin(&db, "ops@example.com", backend::Clock::system().now())
        .await
        .unwrap();
    admin
}

on_every_database! {
    async fn visitors_and_people_who_are_not_admins_cannot_moderate(db) {
        let app = TestApp::spawn(db, false).await;
        let (author, _) = app.sign_up("ana@example.com", false).await;
        let id = post_by(&author, &app, "Paella").await;
        let visitor = browser();
        let decision = json!({ "target": "post", "target_id": id, "action": "hide", "reason": "Not about food at all." });
        let calls = [
            ("POST", "/api/v1/reports".to_string(), json!({ "target": "post", "target_id": id, "reason": "spam" })),
            ("GET", "/api/v1/me/moderation".to_string(), json!({})),
            ("GET", "/api/v1/moderation/1".to_string(), json!({})),
            ("POST", "/api/v1/moderation/1/appeal".to_string(), json!({ "text": "Please look again at this." })),
            ("GET", "/api/v1/admin/reports".to_string(), json!({})),
            ("POST", "/api/v1/admin/moderation/decisions".to_string(), decision.clone()),
            ("GET", "/api/v1/admin/appeals".to_string(), json!({})),
            ("POST", "/api/v1/admin/appeals/1".to_string(), json!({ "reverse": true, "response": "You were right, sorry." })),
        ];
        for (method, path, body) in &calls {
            let request = visitor.request(method.parse().unwrap(), app.url(path));
            let request = if *method == "GET" { request } else { request.json(body) };
            assert_eq!(request.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        }
        for (method, path, body) in calls.iter().filter(|(_, path, _)| path.contains("/admin/")) {
            let request = author.request(method.parse().unwrap(), app.url(path));
            let request = if *method == "GET" { request } else { request.json(body) };
            assert_eq!(request.send().await.unwrap().status(), StatusCode::FORBIDDEN, "{method} {path}");
        }
    }

    async fn a_report_reaches_the_queue_the_hidden_post_is_gone_and_an_appeal_brings_it_back(db) {
        let app = TestApp::spawn(db, false).await;
        let (author, _) = app.sign_up("ana@example.com", false).await;
        let (reader, _) = app.sign_up("bruno@example.com", false).await;
        let moderator = admin(&app).await;
        let id = post_by(&author, &app, "Miracle pills, cheap").await;

        let vague = reader.post(app.url("/api/v1/reports"))
            .json(&json!({ "target": "post", "target_id": id, "reason": "other" })).send().await.unwrap();
        assert_eq!(vague.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(vague).await["field"], "details");
        let filed = reader.post(app.url("/api/v1/reports"))
            .json(&json!({ "target": "post", "target_id": id, "reason": "spam" })).send().await.unwrap();
        assert_eq!(filed.status(), StatusCode::CREATED);
        let twice = reader.post(app.url("/api/v1/reports"))
            .json(&json!({ "target": "post", "target_id": id, "reason": "spam" })).send().await.unwrap();
        assert_eq!(twice.status(), StatusCode::CONFLICT);
        let missing = reader.post(app.url("/api/v1/reports"))
            .json(&json!({ "target": "post", "target_id": 999_999, "reason": "spam" })).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);

        let queue: Value = moderator.get(app.url("/api/v1/admin/reports")).send().await.unwrap().json().await.unwrap();
        assert_eq!(queue[0]["target_id"], id);
        assert_eq!(queue[0]["reasons"][0]["reason"], "spam");

        let curt = moderator.post(app.url("/api/v1/admin/moderation/decisions"))
            .json(&json!({ "target": "post", "target_id": id, "action": "hide", "reason": "no" })).send().await.unwrap();
        assert_eq!(error_of(curt).await["field"], "reason");
        let hidden = moderator.post(app.url("/api/v1/admin/moderation/decisions"))
            .json(&json!({ "target": "post", "target_id": id, "action": "hide", "reason": "Advertising pills is not food talk." }))
            .send().await.unwrap();
        assert_eq!(hidden.status(), StatusCode::CREATED);
        let hidden: Value = hidden.json().await.unwrap();
        let decision = hidden["id"].as_i64().unwrap();
        assert_eq!(reader.get(app.url(&format!("/api/v1/posts/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        let feed: Value = reader.get(app.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["items"], json!([]));

        assert_eq!(reader.get(app.url(&format!("/api/v1/moderation/{decision}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND, "only the author and admins see a decision");
        let mine: Value = author.get(app.url("/api/v1/me/moderation")).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine[0]["reason"], "Advertising pills is not food talk.");
        assert_eq!(mine[0]["can_appeal"], true);
        let appealed = author.post(app.url(&format!("/api/v1/moderation/{decision}/appeal")))
            .json(&json!({ "text": "They are vitamins for cooks, not a scam." })).send().await.unwrap();
        assert_eq!(appealed.status(), StatusCode::OK);
        let appeals: Value = moderator.get(app.url("/api/v1/admin/appeals")).send().await.unwrap().json().await.unwrap();
        assert_eq!(appeals[0]["id"], decision);
        let answered: Value = moderator.post(app.url(&format!("/api/v1/admin/appeals/{decision}")))
            .json(&json!({ "reverse": true, "response": "On a second look it is fine." })).send().await.unwrap().json().await.unwrap();
        assert_eq!(answered["appeal"]["status"], "reversed");
        assert_eq!(reader.get(app.url(&format!("/api/v1/posts/{id}"))).send().await.unwrap().status(), StatusCode::OK);
    }
}
