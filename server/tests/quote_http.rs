//! `POST /api/v1/quote`: the itemised quote, the same as the domain computes from the chef's
//! public profile, and a 400 naming whatever is wrong.

mod common;

use common::{error_of, Db, TestApp};
use domain::{
    catalog::ChefProfile,
    pricing::{price_for_chef, Quote, QuoteChoice},
};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn demo_chef(app: &TestApp) -> ChefProfile {
    let id = app.first_chef().await["id"].as_i64().unwrap();
    app.get(&format!("/api/v1/chefs/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// 24 guests (or as near as the chef cooks for), north of the chef's home at 90 % of how
/// far they travel: a choice that fits the chef, so it is priced.
fn choice(chef: &ChefProfile) -> Value {
    let reach_degrees = f64::from(chef.card.service_radius_km) * 0.9 / 111.2;
    json!({
        "chef_id": chef.card.id,
        "dish_ids": [chef.dishes[0].id, chef.dishes[1].id],
        "guests": guests(chef),
        "starts_at": "2027-06-12T19:00:00+01:00",
        "duration_hours": 4.5,
        "lat": chef.card.lat + reach_degrees,
        "lng": chef.card.lng,
    })
}

fn guests(chef: &ChefProfile) -> u16 {
    24u16.clamp(chef.min_guests, chef.max_guests)
}

#[tokio::test]
async fn a_quote_is_itemised_sums_to_its_total_and_matches_the_shared_calculator() {
    let app = TestApp::spawn(Db::Sqlite, true).await;
    let chef = demo_chef(&app).await;
    let body = choice(&chef);
    let response = app.post("/api/v1/quote", body.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let served: Quote = response.json().await.unwrap();
    assert_eq!(
        served.total_minor,
        served.lines.iter().map(|l| l.amount_minor).sum::<i64>()
    );
    assert_eq!(served.currency, chef.card.base_rate.currency);
    assert_eq!(served.lines[0].label, chef.dishes[0].name);
    assert!(served.lines[0]
        .formula
        .ends_with(&format!("× {} guests", guests(&chef))));
    assert_eq!(
        served.lines.iter().any(|l| l.label == "Travel"),
        f64::from(chef.card.service_radius_km) * 0.9 > domain::pricing::FREE_TRAVEL_KM,
        "travel is charged beyond the free distance"
    );
    assert!(
        served.lines.iter().any(|l| l.label.starts_with("Weekend")),
        "a Saturday"
    );

    // What the browser computes from the public profile is what the server quotes.
    let choice: QuoteChoice = serde_json::from_value(body).unwrap();
    let (_, local) = price_for_chef(&chef, &choice).unwrap();
    assert_eq!(local, served);
}

#[tokio::test]
async fn a_bad_choice_gets_a_400_naming_the_field_and_an_unknown_chef_a_404() {
    let app = TestApp::spawn(Db::Sqlite, true).await;
    let chef = demo_chef(&app).await;
    for (change, field) in [
        (json!({"guests": 0}), "guests"),
        (json!({"guests": 100000}), "guests"),
        // More than this chef cooks for, or further than they travel: refused before booking.
        (json!({"guests": chef.max_guests + 1}), "guests"),
        (json!({"lat": chef.card.lat + 2.0}), "lat"),
        (json!({"duration_hours": 40}), "duration_hours"),
        (json!({"dish_ids": []}), "dish_ids"),
        (json!({"dish_ids": [987654]}), "dish_ids"),
        (json!({"lat": 95.0}), "lat"),
    ] {
        let mut body = choice(&chef);
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = app.post("/api/v1/quote", body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{change}");
        assert_eq!(error_of(response).await["field"], field, "{change}");
    }
    let mut nobody = choice(&chef);
    nobody["chef_id"] = json!(424242);
    assert_eq!(
        app.post("/api/v1/quote", nobody).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_cancellation_policy_page_publishes_the_tiers_the_code_applies() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let response = app.get("/cancellation-policy").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    for (when, refund) in domain::booking::CANCELLATION_POLICY {
        assert!(
            page.contains(when) && page.contains(refund),
            "{when}: {refund}"
        );
    }
    assert_eq!(
        domain::booking::refund_share_bp(domain::booking::Party::Customer, 20),
        5_000
    );
    assert!(page.contains("50% refunded"));
}
