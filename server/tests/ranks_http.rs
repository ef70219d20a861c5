//! The chef rank over HTTP and on pages rendered by the server: the API's rank is the
//! domain's function of the chef's inputs, the chef's page shows the chef their breakdown
//! (and others only the badge), and `/rank` prints the published weights and tiers.

mod common;

use common::{Db, TestApp};
use domain::rank::{rank, TIERS, WEIGHTS};
use reqwest::StatusCode;
use serde_json::Value;

on_every_database! {
    async fn a_chefs_rank_is_published_and_the_chef_alone_sees_the_breakdown(db) {
        let app = TestApp::spawn(db, false).await;
        let (chef, chef_id) = app.chef_with_profile("ana@example.com").await;

        let response = app.get(&format!("/api/v1/chefs/{chef_id}/rank")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let published: Value = response.json().await.unwrap();
        let db = backend::db::connect(&app.database_url).await.unwrap();
        let inputs = backend::ranks::inputs_for(&db, chef_id, backend::Clock::system().now()).await.unwrap();
        let expected = rank(&inputs);
        assert_eq!(published["score"].as_f64(), Some(expected.score));
        assert_eq!(published["tier"], expected.tier.code());
        let components = published["components"].as_array().unwrap();
        assert_eq!(components.len(), WEIGHTS.len());
        for (component, expected) in components.iter().zip(&expected.components) {
            assert_eq!(component["name"], expected.name);
            assert_eq!(component["points"].as_f64(), Some(expected.points));
            assert!(!component["input_summary"].as_str().unwrap().is_empty());
        }

        let own_page = chef.get(app.url(&format!("/chefs/{chef_id}"))).send().await.unwrap().text().await.unwrap();
        assert!(own_page.contains(r#"data-testid="rank-breakdown""#));
        for component in &expected.components {
            let points = format!("{:.1} / {:.0}", component.points, component.max_points);
            assert!(own_page.contains(&points), "{} shows {points}", component.name);
        }
        let public_page = app.get(&format!("/chefs/{chef_id}")).await.text().await.unwrap();
        assert!(public_page.contains(&format!("Rank {:.1} of 100", expected.score)));
        assert!(!public_page.contains(r#"data-testid="rank-breakdown""#), "only the chef sees the breakdown");

        let missing = app.get("/api/v1/chefs/999999/rank").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_rank_page_prints_the_published_weights_and_tiers() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let page = app.get("/rank").await.text().await.unwrap();
    for (component, weight) in WEIGHTS {
        assert!(
            page.contains(component.label()),
            "{component:?} is explained"
        );
        assert!(
            page.contains(&format!("{weight:.0} points")),
            "{component:?} weighs {weight}"
        );
    }
    for (tier, from) in TIERS {
        assert!(page.contains(tier.label()));
        assert!(page.contains(&format!("{from:.0}")));
    }
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/chefs/{id}/rank"]["get"].is_object());
}
