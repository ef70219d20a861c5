//! The social API over HTTP on SQLite and PostgreSQL: who may do what to a post, a comment,
//! a feed and a person, and that bad input is refused with the field named.

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::*;

/// Everyone the tests sign up is called "Ana Lopez": the first gets `ana_lopez`, later ones
/// the same with their id.
fn handle_of(user: &Value, first: bool) -> String {
    if first {
        "ana_lopez".into()
    } else {
        format!("ana_lopez_{}", user["id"])
    }
}

async fn write(browser: &reqwest::Client, app: &TestApp, text: &str) -> reqwest::Response {
    browser
        .post(app.url("/api/v1/posts"))
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap()
}

on_every_database! {
    async fn visitors_read_posts_and_the_for_you_feed_but_change_nothing(db) {
        let app = TestApp::spawn(db, false).await;
        let (author, _) = app.sign_up("ana@example.com", false).await;
        let post: Value = write(&author, &app, "Paella Sunday #paella").await.json().await.unwrap();
        let id = post["id"].as_i64().unwrap();
        assert_eq!(post["tags"], json!(["paella"]));

        let visitor = browser();
        let read = visitor.get(app.url(&format!("/api/v1/posts/{id}"))).send().await.unwrap();
        assert_eq!(read.status(), StatusCode::OK);
        let feed: Value = visitor.get(app.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["items"][0]["post"]["id"], id);
        assert_eq!(feed["items"][0]["why"]["terms"].as_array().unwrap().len(), 5);

        for (method, path, body) in [
            ("POST", "/api/v1/posts".to_string(), json!({ "text": "hello" })),
            ("PATCH", format!("/api/v1/posts/{id}"), json!({ "text": "mine now" })),
            ("DELETE", format!("/api/v1/posts/{id}"), json!({})),
            ("POST", format!("/api/v1/posts/{id}/like"), json!({})),
            ("POST", format!("/api/v1/posts/{id}/comments"), json!({ "text": "hi" })),
            ("PUT", "/api/v1/users/ana_lopez/follow".to_string(), json!({})),
            ("PUT", "/api/v1/users/ana_lopez/block".to_string(), json!({})),
            ("GET", "/api/v1/me/feed-settings".to_string(), json!({})),
            ("GET", "/api/v1/feed?kind=following".to_string(), json!({})),
        ] {
            let request = visitor.request(method.parse().unwrap(), app.url(&path));
            let request = if method == "GET" { request } else { request.json(&body) };
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        }
    }

    async fn only_the_author_edits_or_deletes_and_a_deleted_post_is_gone(db) {
        let app = TestApp::spawn(db, false).await;
        let (author, _) = app.sign_up("ana@example.com", false).await;
        let (other, _) = app.sign_up("bruno@example.com", false).await;
        let post: Value = write(&author, &app, "Bread").await.json().await.unwrap();
        let url = app.url(&format!("/api/v1/posts/{}", post["id"]));

        let edit = other.patch(&url).json(&json!({ "text": "Not yours" })).send().await.unwrap();
        assert_eq!(edit.status(), StatusCode::FORBIDDEN);
        let delete = other.delete(&url).send().await.unwrap();
        assert_eq!(delete.status(), StatusCode::FORBIDDEN);
        let edited: Value = author.patch(&url).json(&json!({ "text": "Bread, better" })).send().await.unwrap().json().await.unwrap();
        assert_eq!(edited["text"], "Bread, better");
        assert!(edited["edited_at"].is_string());

        assert_eq!(author.delete(&url).send().await.unwrap().status(), StatusCode::NO_CONTENT);
        assert_eq!(other.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        let feed: Value = other.get(app.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["items"], json!([]));
    }

    async fn bad_input_is_refused_with_the_field_named(db) {
        let app = TestApp::spawn(db, false).await;
        let (author, _) = app.sign_up("ana@example.com", false).await;
        let blank = write(&author, &app, "   ").await;
        assert_eq!(blank.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(blank).await["field"], "text");
        let post: Value = write(&author, &app, "Soup").await.json().await.unwrap();
        let comment = author
            .post(app.url(&format!("/api/v1/posts/{}/comments", post["id"])))
            .json(&json!({ "text": "" }))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(comment).await["field"], "text");
        let weights = author
            .put(app.url("/api/v1/me/feed-settings"))
            .json(&json!({ "weights": { "recency": 1, "popularity": 9, "following": 1, "nearby": 1, "cuisines": 1 }, "city": null }))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(weights).await["field"], "popularity");
        let city = author
            .put(app.url("/api/v1/me/feed-settings"))
            .json(&json!({ "weights": { "recency": 1, "popularity": 1, "following": 1, "nearby": 1, "cuisines": 1 }, "city": "Atlantis" }))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(city).await["field"], "city");
        let cursor = author.get(app.url("/api/v1/feed?kind=following&cursor=oops")).send().await.unwrap();
        assert_eq!(error_of(cursor).await["field"], "cursor");
        let empty_cursor = author.get(app.url("/api/v1/feed?kind=following&cursor=")).send().await.unwrap();
        assert_eq!(empty_cursor.status(), 200, "an empty cursor asks for the first page");
        let kind = author.get(app.url("/api/v1/feed?kind=everything")).send().await.unwrap();
        assert_eq!(error_of(kind).await["field"], "kind");
    }

    async fn a_blocked_person_cannot_see_the_profile_or_posts_of_who_blocked_them(db) {
        let app = TestApp::spawn(db, false).await;
        let (ana, ana_user) = app.sign_up("ana@example.com", false).await;
        let (bruno, bruno_user) = app.sign_up("bruno@example.com", false).await;
        let ana_handle = handle_of(&ana_user, true);
        let bruno_handle = handle_of(&bruno_user, false);
        let post: Value = write(&ana, &app, "Private supper club").await.json().await.unwrap();

        let follow = bruno.put(app.url(&format!("/api/v1/users/{ana_handle}/follow"))).send().await.unwrap();
        assert_eq!(follow.status(), StatusCode::NO_CONTENT);
        let profile: Value = bruno.get(app.url(&format!("/api/v1/users/{ana_handle}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(profile["followers"], 1);
        assert_eq!(profile["followed_by_you"], true);

        let blocked = ana.put(app.url(&format!("/api/v1/users/{bruno_handle}/block"))).send().await.unwrap();
        assert_eq!(blocked.status(), StatusCode::NO_CONTENT);
        let profile = bruno.get(app.url(&format!("/api/v1/users/{ana_handle}"))).send().await.unwrap();
        assert_eq!(profile.status(), StatusCode::NOT_FOUND);
        let read = bruno.get(app.url(&format!("/api/v1/posts/{}", post["id"]))).send().await.unwrap();
        assert_eq!(read.status(), StatusCode::NOT_FOUND);
        let visitor = browser().get(app.url(&format!("/api/v1/users/{ana_handle}"))).send().await.unwrap();
        assert_eq!(visitor.status(), StatusCode::OK, "everyone else still sees her");
    }

    async fn search_nearby_and_event_sharing_answer_visitors_people_and_strangers_as_they_may(db) {
        let app = TestApp::spawn(db, false).await;
        let visitor = browser();
        let bad_tag = visitor.get(app.url("/api/v1/search/posts?tag=%3Cb%3E")).send().await.unwrap();
        assert_eq!(error_of(bad_tag).await["field"], "tag");
        for open in ["/api/v1/search/posts?q=paella", "/api/v1/search/people?q=ana", "/api/v1/feed?kind=nearby"] {
            let answer = visitor.get(app.url(open)).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::OK, "{open}");
        }
        let share = visitor.put(app.url("/api/v1/bookings/1/share")).send().await.unwrap();
        assert_eq!(share.status(), StatusCode::UNAUTHORIZED);
        let shown = visitor.get(app.url("/api/v1/me/shown-events")).send().await.unwrap();
        assert_eq!(shown.status(), StatusCode::UNAUTHORIZED);

        let (person, _) = app.sign_up("ana@example.com", false).await;
        let shown: Value = person.get(app.url("/api/v1/me/shown-events")).send().await.unwrap().json().await.unwrap();
        assert_eq!(shown, json!([]));
        for method in [reqwest::Method::GET, reqwest::Method::PUT, reqwest::Method::DELETE] {
            let stranger = person.request(method.clone(), app.url("/api/v1/bookings/999999/share")).send().await.unwrap();
            assert_eq!(stranger.status(), StatusCode::NOT_FOUND, "{method}");
        }
    }
}
