//! The admins' people list over HTTP: finding accounts, changing a role, and suspending an
//! account, which ends its sessions and refuses its log-ins until it is reinstated.

mod common;

use common::{Db, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

on_every_database! {
    async fn an_admin_changes_roles_and_a_suspended_account_is_locked_out_until_reinstated(db) {
        let app = TestApp::spawn(db, false).await;
        let (rui, rui_account) = app.sign_up("rui@example.com", false).await;
        let rui_id = rui_account["id"].as_i64().unwrap();
        let (admin, admin_account) = app.sign_up("ops@example.com", false).await;
        let admin_id = admin_account["id"].as_i64().unwrap();
        let not_yet = admin.get(app.url("/api/v1/admin/users")).send().await.unwrap();
        assert_eq!(not_yet.status(), StatusCode::FORBIDDEN, "admins only");
        let db = backend::db::connect(&app.database_url).await.unwrap();
        backend::accounts::grant_admin(&db, "ops@example.com", backend::Clock::system().now()).await.unwrap();

        let found: Value = admin.get(app.url("/api/v1/admin/users?q=RUI@")).send().await.unwrap().json().await.unwrap();
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0]["id"].as_i64(), found[0]["role"].as_str()), (Some(rui_id), Some("customer")));

        let promoted: Value = admin.put(app.url(&format!("/api/v1/admin/users/{rui_id}/role")))
            .json(&json!({"role": "chef"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(promoted["role"], "chef");
        assert_eq!(rui.get(app.url("/api/v1/me")).send().await.unwrap().json::<Value>().await.unwrap()["role"], "chef");
        let self_demotion = admin.put(app.url(&format!("/api/v1/admin/users/{admin_id}/role")))
            .json(&json!({"role": "customer"})).send().await.unwrap();
        assert_eq!(self_demotion.status(), StatusCode::FORBIDDEN);

        let reasonless = admin.post(app.url(&format!("/api/v1/admin/users/{rui_id}/suspend")))
            .json(&json!({"reason": ""})).send().await.unwrap();
        assert_eq!(reasonless.status(), StatusCode::BAD_REQUEST);
        let suspended: Value = admin.post(app.url(&format!("/api/v1/admin/users/{rui_id}/suspend")))
            .json(&json!({"reason": "Chargeback fraud on three bookings"})).send().await.unwrap().json().await.unwrap();
        assert!(suspended["suspended_at"].is_string());
        let locked_out = rui.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(locked_out.status(), StatusCode::FORBIDDEN, "the open session stops working");
        let login = app.post("/api/v1/auth/login", json!({"email": "rui@example.com", "password": "saffron-risotto-42"})).await;
        assert_eq!(login.status(), StatusCode::FORBIDDEN);

        let reinstated: Value = admin.post(app.url(&format!("/api/v1/admin/users/{rui_id}/reinstate")))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(reinstated["suspended_at"], Value::Null);
        assert_eq!(rui.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);

        let page = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"data-testid="people""#) && page.contains("rui@example.com"));
        assert!(page.contains(r#"data-testid="no-disputes""#));
    }
}

#[tokio::test]
async fn the_people_endpoints_are_in_the_openapi_document() {
    let app = TestApp::spawn(Db::Sqlite, false).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/admin/users",
        "/api/v1/admin/users/{id}/role",
        "/api/v1/admin/users/{id}/suspend",
        "/api/v1/admin/users/{id}/reinstate",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}
