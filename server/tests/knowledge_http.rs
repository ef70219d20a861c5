//! The knowledge API over HTTP on SQLite and PostgreSQL: who may ask, answer, vote, accept,
//! comment and edit, and that every refusal is a 4xx naming its field or the reputation it
//! takes.

use reqwest::{multipart, StatusCode};
use serde_json::{json, Value};

mod common;
use common::*;

fn question() -> Value {
    json!({
        "title": "Why does my brioche collapse in the oven?",
        "body": "It rises well overnight in the fridge, then falls flat after ten minutes.",
        "tags": ["baking", "bread"],
    })
}

const ANSWER: &str = "Shorten the final proof: an over-proofed dough has no strength left.";

async fn ask(client: &reqwest::Client, app: &TestApp, body: Value) -> Value {
    let response = client
        .post(app.url("/api/v1/questions"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn answer(client: &reqwest::Client, app: &TestApp, question_id: &Value) -> Value {
    let response = client
        .post(app.url(&format!("/api/v1/questions/{question_id}/answers")))
        .json(&json!({ "body": ANSWER }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

on_every_database! {
    async fn visitors_read_questions_and_reputation_but_change_nothing(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, person) = app.sign_up("ana@example.com", false).await;
        let asked = ask(&asker, &app, question()).await;
        let id = &asked["id"];
        let visitor = browser();

        let page: Value = visitor.get(app.url(&format!("/api/v1/questions/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["title"], "Why does my brioche collapse in the oven?");
        assert_eq!(page["author"]["reputation"], 1);
        let list: Value = visitor.get(app.url("/api/v1/questions?order=unanswered")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"][0]["id"], *id);
        let reputation: Value = visitor.get(app.url(&format!("/api/v1/users/{}/reputation", person["id"]))).send().await.unwrap().json().await.unwrap();
        assert_eq!(reputation["total"], 1);
        let revisions: Value = visitor.get(app.url(&format!("/api/v1/questions/{id}/revisions"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(revisions.as_array().unwrap().len(), 1);

        let spec: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        for path in ["/api/v1/questions", "/api/v1/questions/similar", "/api/v1/questions/{id}", "/api/v1/questions/{id}/answers",
                     "/api/v1/questions/{id}/accept", "/api/v1/questions/{id}/comments", "/api/v1/questions/{id}/revisions",
                     "/api/v1/answers/{id}", "/api/v1/answers/{id}/comments", "/api/v1/answers/{id}/revisions",
                     "/api/v1/votes/{kind}/{id}", "/api/v1/users/{id}/reputation",
                     "/api/v1/questions/{id}/close", "/api/v1/questions/{id}/reopen", "/api/v1/questions/{id}/live"] {
            assert!(spec["paths"][path].is_object(), "{path} is documented");
        }
        // Named apart from the dispute answer and the booking acceptance.
        let schemas = &spec["components"]["schemas"];
        assert_eq!(schemas["KnowledgeAnswerForm"]["required"], json!(["body"]));
        assert_eq!(schemas["AcceptAnswerForm"]["required"], json!(["answer_id"]));
        assert!(schemas["AnswerForm"].to_string().contains("contest"), "the dispute answer keeps its name");

        for (method, path, body) in [
            ("POST", "/api/v1/questions".to_string(), question()),
            ("PATCH", format!("/api/v1/questions/{id}"), question()),
            ("DELETE", format!("/api/v1/questions/{id}"), json!({})),
            ("POST", format!("/api/v1/questions/{id}/answers"), json!({ "body": ANSWER })),
            ("POST", format!("/api/v1/questions/{id}/accept"), json!({ "answer_id": 1 })),
            ("POST", format!("/api/v1/questions/{id}/comments"), json!({ "text": "Which flour do you use?" })),
            ("PUT", format!("/api/v1/votes/question/{id}"), json!({ "value": 1 })),
            ("DELETE", format!("/api/v1/votes/question/{id}"), json!({})),
            ("POST", format!("/api/v1/questions/{id}/close"), json!({ "reason": "off_topic" })),
            ("POST", format!("/api/v1/questions/{id}/reopen"), json!({})),
        ] {
            let response = visitor.request(method.parse().unwrap(), app.url(&path)).json(&body).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        }
    }

    async fn votes_accepts_and_edits_are_for_the_people_allowed_and_reputation_follows(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, asker_person) = app.sign_up("ana@example.com", false).await;
        let (cook, cook_person) = app.sign_up("carla@example.com", false).await;
        let (other, _) = app.sign_up("dora@example.com", false).await;
        let asked = ask(&asker, &app, question()).await;
        let id = &asked["id"];
        let answered = answer(&cook, &app, id).await;
        let answer_id = &answered["id"];

        let own = cook.put(app.url(&format!("/api/v1/votes/answer/{answer_id}"))).json(&json!({ "value": 1 })).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error_of(own).await["field"], "value");
        let up: Value = other.put(app.url(&format!("/api/v1/votes/answer/{answer_id}"))).json(&json!({ "value": 1 })).send().await.unwrap().json().await.unwrap();
        assert_eq!(up["score"], 1);
        let down = other.put(app.url(&format!("/api/v1/votes/question/{id}"))).json(&json!({ "value": -1 })).send().await.unwrap();
        assert_eq!(down.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_of(down).await["message"], "Vote down needs 125 reputation; you have 1.");
        let zero = other.put(app.url(&format!("/api/v1/votes/answer/{answer_id}"))).json(&json!({ "value": 0 })).send().await.unwrap();
        assert_eq!(error_of(zero).await["field"], "value");
        let unknown = other.put(app.url(&format!("/api/v1/votes/posts/{answer_id}"))).json(&json!({ "value": 1 })).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

        let not_asker = other.post(app.url(&format!("/api/v1/questions/{id}/accept"))).json(&json!({ "answer_id": answer_id })).send().await.unwrap();
        assert_eq!(not_asker.status(), StatusCode::FORBIDDEN);
        let accepted: Value = asker.post(app.url(&format!("/api/v1/questions/{id}/accept"))).json(&json!({ "answer_id": answer_id })).send().await.unwrap().json().await.unwrap();
        assert_eq!(accepted["accepted_answer_id"], *answer_id);
        assert_eq!(accepted["answers"][0]["author"]["reputation"], 1 + 10 + 15);

        let report: Value = app.get(&format!("/api/v1/users/{}/reputation", cook_person["id"])).await.json().await.unwrap();
        assert_eq!(report["total"], 26);
        let sum: i64 = report["events"].as_array().unwrap().iter().map(|e| e["points"].as_i64().unwrap()).sum();
        assert_eq!(1 + sum, 26);
        let asker_report: Value = app.get(&format!("/api/v1/users/{}/reputation", asker_person["id"])).await.json().await.unwrap();
        assert_eq!(asker_report["total"], 3);

        let edit_others = other.patch(app.url(&format!("/api/v1/questions/{id}"))).json(&question()).send().await.unwrap();
        assert_eq!(edit_others.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_of(edit_others).await["message"], "Edit others' questions and answers needs 2000 reputation; you have 1.");
        let with_answers = asker.delete(app.url(&format!("/api/v1/questions/{id}"))).send().await.unwrap();
        assert_eq!(with_answers.status(), StatusCode::CONFLICT);
        let withdrawn: Value = other.delete(app.url(&format!("/api/v1/votes/answer/{answer_id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(withdrawn["score"], 0);
    }

    async fn bad_questions_answers_and_comments_are_refused_with_the_field_named(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let (stranger, _) = app.sign_up("dora@example.com", false).await;
        for (body, field) in [
            (json!({ "title": "Brioche?", "body": "It falls flat after ten minutes at 180.", "tags": ["baking"] }), "title"),
            (json!({ "title": "Why does my brioche collapse?", "body": "Help", "tags": ["baking"] }), "body"),
            (json!({ "title": "Why does my brioche collapse?", "body": "It falls flat after ten minutes at 180.", "tags": [] }), "tags"),
            (json!({ "title": "Why does my brioche collapse?", "body": "It falls flat after ten minutes at 180.", "tags": ["a1", "b2", "c3", "d4", "e5", "f6"] }), "tags"),
            (json!({ "title": "Why does my brioche collapse?", "body": "It falls flat after ten minutes at 180.", "tags": ["<b>"] }), "tags"),
            (json!({ "title": "Why does my brioche collapse?", "body": "It falls flat after ten minutes at 180.", "tags": ["baking"], "asked_of": 999999 }), "asked_of"),
        ] {
            let response = asker.post(app.url("/api/v1/questions")).json(&body).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(error_of(response).await["field"], field, "{body}");
        }
        let asked = ask(&asker, &app, question()).await;
        let short = asker.post(app.url(&format!("/api/v1/questions/{}/answers", asked["id"]))).json(&json!({ "body": "Less proof." })).send().await.unwrap();
        assert_eq!(error_of(short).await["field"], "body");
        let comment = stranger.post(app.url(&format!("/api/v1/questions/{}/comments", asked["id"]))).json(&json!({ "text": "Which flour do you use?" })).send().await.unwrap();
        assert_eq!(comment.status(), StatusCode::FORBIDDEN);
        assert!(error_of(comment).await["message"].as_str().unwrap().contains("needs 50 reputation"));
        let own = asker.post(app.url(&format!("/api/v1/questions/{}/comments", asked["id"]))).json(&json!({ "text": "Short" })).send().await.unwrap();
        assert_eq!(error_of(own).await["field"], "text");
        let cursor = asker.get(app.url("/api/v1/questions?cursor=oops")).send().await.unwrap();
        assert_eq!(error_of(cursor).await["field"], "cursor");
        let tag = asker.get(app.url("/api/v1/questions?tag=%3Cb%3E")).send().await.unwrap();
        assert_eq!(error_of(tag).await["field"], "tag");
        let long = asker.get(app.url(&format!("/api/v1/questions/similar?title={}", "a".repeat(151)))).send().await.unwrap();
        assert_eq!(error_of(long).await["field"], "title");
        let missing = browser().get(app.url("/api/v1/questions/424242")).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let not_an_id = browser().get(app.url("/api/v1/users/ana_lopez/reputation")).send().await.unwrap();
        assert_eq!(not_an_id.status(), StatusCode::NOT_FOUND);
    }

    async fn a_question_asked_of_a_chef_from_their_page_reaches_them(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("chef@example.com").await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let mut body = question();
        body["asked_of"] = json!(chef_id);
        let asked = ask(&asker, &app, body).await;
        assert_eq!(asked["asked_of"]["id"], chef_id);
        let feed: Value = chef.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        let titles: Vec<&str> = feed["items"].as_array().unwrap().iter().filter_map(|n| n["title"].as_str()).collect();
        assert!(titles.iter().any(|title| title.ends_with("asked you a question")), "{titles:?}");
        let answered = answer(&chef, &app, &asked["id"]).await;
        let badge = &answered["author"]["verified_chef"];
        assert_eq!(badge["chef_id"], chef_id);
        assert_eq!(badge["completed_bookings"], 0);
    }

    async fn lists_find_a_chefs_answers_and_the_questions_asked_of_them(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("chef@example.com").await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let mut directed = question();
        directed["asked_of"] = json!(chef_id);
        let asked_of_chef = ask(&asker, &app, directed).await;
        let mut other = question();
        other["title"] = json!("How long should a sourdough starter rest?");
        let answered_by_chef = ask(&asker, &app, other).await;
        answer(&chef, &app, &answered_by_chef["id"]).await;
        let ids = |list: Value| -> Vec<i64> { list["items"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect() };
        let list = |query: String| { let client = browser(); let url = app.url(&format!("/api/v1/questions?{query}")); async move { client.get(url).send().await.unwrap().json::<Value>().await.unwrap() } };
        assert_eq!(ids(list(format!("asked_of={chef_id}")).await), [asked_of_chef["id"].as_i64().unwrap()]);
        assert_eq!(ids(list(format!("answered_by={chef_id}")).await), [answered_by_chef["id"].as_i64().unwrap()]);
        assert_eq!(ids(list(format!("answered_by={chef_id}&order=unanswered")).await), Vec::<i64>::new());
    }

    async fn an_open_question_page_hears_each_change_and_an_unknown_question_has_no_stream(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let (chef, _) = app.chef_with_profile("chef@example.com").await;
        let asked = ask(&asker, &app, question()).await;
        let other = ask(&asker, &app, json!({ "title": "Which salt is best for curing salmon?", "body": "Fine or flaky, and how much per kilo of fish?", "tags": ["seafood"] })).await;
        let id = &asked["id"];
        // A visitor with no account may listen.
        let mut stream = EventStream::open(&browser(), &app.url(&format!("/api/v1/questions/{id}/live")), None).await;
        answer(&chef, &app, &other["id"]).await;
        assert!(stream.next_within(std::time::Duration::from_millis(500)).await.is_none(), "another question's answer is not news here");
        let answered = answer(&chef, &app, id).await;
        let changed = stream.expect("changed", std::time::Duration::from_secs(5)).await;
        assert_eq!(changed.data["question_id"], *id);
        let vote = asker.put(app.url(&format!("/api/v1/votes/answer/{}", answered["id"]))).json(&json!({ "value": 1 })).send().await.unwrap();
        assert_eq!(vote.status(), StatusCode::OK);
        stream.expect("changed", std::time::Duration::from_secs(5)).await;

        let unknown = browser().get(app.url("/api/v1/questions/987654/live")).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    }

    async fn closing_takes_five_hundred_reputation_and_a_duplicate_names_its_original(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let asked = ask(&asker, &app, question()).await;
        let id = &asked["id"];
        let newcomer = asker.post(app.url(&format!("/api/v1/questions/{id}/close"))).json(&json!({ "reason": "off_topic" })).send().await.unwrap();
        assert_eq!(newcomer.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_of(newcomer).await["message"], "Vote to close or reopen needs 500 reputation; you have 1.");
        let unknown_reason = asker.post(app.url(&format!("/api/v1/questions/{id}/close"))).json(&json!({ "reason": "boring" })).send().await.unwrap();
        assert!(unknown_reason.status().is_client_error());
        let open = asker.post(app.url(&format!("/api/v1/questions/{id}/reopen"))).send().await.unwrap();
        assert_eq!(open.status(), StatusCode::FORBIDDEN, "the privilege is checked before the state");
    }

    async fn a_question_with_photos_is_sent_as_multipart_and_a_bad_photo_keeps_nothing(db) {
        let app = TestApp::spawn(db, false).await;
        let (asker, _) = app.sign_up("ana@example.com", false).await;
        let photo = |bytes: Vec<u8>| multipart::Part::bytes(bytes).file_name("sponge.jpg").mime_str("image/jpeg").unwrap();
        let words = || multipart::Form::new()
            .text("title", "Why did my sponge sink in the middle?")
            .text("body", "It rose well for twenty minutes at 170 °C, then fell as it cooled.")
            .text("tags", "baking, cakes");

        let sent = asker.post(app.url("/api/v1/questions"))
            .multipart(words().part("photo", photo(jpeg(400, 300))).text("alt", "The sunken middle"))
            .send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::CREATED);
        let asked: Value = sent.json().await.unwrap();
        assert_eq!(asked["tags"], json!(["baking", "cakes"]), "tags typed with commas");
        assert_eq!(asked["photos"][0]["alt"], "The sunken middle");
        let served = browser().get(app.url(asked["photos"][0]["thumbnail_url"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(served.status(), StatusCode::OK);

        let refused = asker.post(app.url("/api/v1/questions"))
            .multipart(words().part("photo", photo(b"GIF89a not really".to_vec())))
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        let refusal: Value = refused.json().await.unwrap();
        assert_eq!(refusal["error"]["field"], "photos");
        let list: Value = browser().get(app.url("/api/v1/questions")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "the refused question was not kept");

        let alt_first = asker.post(app.url("/api/v1/questions"))
            .multipart(words().text("alt", "Nothing before me"))
            .send().await.unwrap();
        assert_eq!(alt_first.status(), StatusCode::BAD_REQUEST);
    }
}
