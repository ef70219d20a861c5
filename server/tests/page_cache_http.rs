//! Catalogue pages served to anonymous visitors from memory (server/src/page_cache.rs): the
//! same page for everyone, a nonce of its own for each answer, and never a stale or someone
//! else's page.

use reqwest::{header, StatusCode};
use serde_json::json;
use std::io::Read;

mod common;
use common::*;

/// The page's CSP nonce, as its `<meta>` policy names it.
fn nonce_of(html: &str) -> String {
    let start = html.find("'nonce-").expect("the page names its nonce") + "'nonce-".len();
    let length = html[start..].find('\'').expect("the nonce ends");
    html[start..start + length].to_owned()
}

/// The page with its nonce blanked, to compare pages that differ only there.
fn without_nonce(html: &str) -> String {
    html.replace(&nonce_of(html), "NONCE")
}

async fn page(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header(header::ACCEPT_ENCODING, accept_encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response
}

async fn html(app: &TestApp, path: &str) -> String {
    page(app, path, "identity").await.text().await.unwrap()
}

on_every_database! {
    async fn anonymous_visitors_get_the_same_chef_page_each_with_a_nonce_of_its_own(db) {
        let app = TestApp::spawn(db, true).await;
        let chef = app.first_chef().await;
        let path = format!("/chefs/{}", chef["id"]);
        let first = html(&app, &path).await;
        let second = html(&app, &path).await;

        let nonce = nonce_of(&first);
        assert_eq!(nonce.len(), 22, "128 random bits");
        assert_ne!(nonce, nonce_of(&second), "every answer has a nonce of its own");
        assert!(first.matches(&nonce).count() >= 3, "the policy and the page's inline scripts carry it");
        assert!(!second.contains(&nonce), "no trace of another answer's nonce");
        assert_eq!(without_nonce(&first), without_nonce(&second));

        let gzipped = page(&app, &path, "gzip, deflate, br").await;
        assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzipped.headers()[header::VARY], "accept-encoding");
        assert_eq!(gzipped.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(gzipped.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&gzipped.bytes().await.unwrap()[..])
            .read_to_string(&mut unzipped)
            .expect("a whole gzip stream");
        assert_eq!(without_nonce(&unzipped), without_nonce(&first));
    }

    async fn a_chefs_change_shows_to_the_next_anonymous_visitor(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("rui@example.com").await;
        let path = format!("/chefs/{chef_id}");
        assert!(html(&app, &path).await.contains("Seasonal Portuguese cooking for weddings"));
        assert!(html(&app, "/chefs").await.contains("Seasonal Portuguese cooking for weddings"));

        let mut profile = profile_body();
        profile["headline"] = json!("Coastal fish suppers for twelve");
        let saved = chef
            .put(app.url(&format!("/api/v1/chefs/{chef_id}/profile")))
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);

        for shown in [html(&app, &path).await, html(&app, "/chefs").await] {
            assert!(shown.contains("Coastal fish suppers for twelve"));
            assert!(!shown.contains("Seasonal Portuguese cooking for weddings"));
        }
    }

    async fn a_signed_in_visitor_gets_their_own_page_not_the_kept_one(db) {
        let app = TestApp::spawn(db, true).await;
        let chef = app.first_chef().await;
        let path = format!("/chefs/{}", chef["id"]);
        for _ in 0..2 {
            assert!(html(&app, &path).await.contains("href=\"/login\""));
        }
        let (customer, _) = app.sign_up("ana@example.com", false).await;
        let own = customer.get(app.url(&path)).send().await.unwrap();
        assert_eq!(own.headers()[header::CACHE_CONTROL], "no-store");
        let own = own.text().await.unwrap();
        assert!(own.contains("Ana Lopez"), "the header names who is signed in");
        assert!(!own.contains("href=\"/login\""));
    }

    async fn a_missing_chef_is_still_a_404_however_often_it_is_asked_for(db) {
        let app = TestApp::spawn(db, false).await;
        for _ in 0..2 {
            let response = reqwest::Client::new()
                .get(app.url("/chefs/424242"))
                .header(header::ACCEPT_ENCODING, "gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
        }
    }
}
