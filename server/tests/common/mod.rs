//! What the HTTP test files share: the real server on a free port and browsers to talk to it.

#![allow(dead_code)]

use backend::db::scratch;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::config::Config;
use tokio::sync::oneshot;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    _stop: oneshot::Sender<()>,
    _dir: Option<tempfile::TempDir>,
    pub media: tempfile::TempDir,
}

pub enum Db {
    Sqlite,
    Postgres,
}

impl TestApp {
    pub async fn spawn(db: Db, with_demo_data: bool) -> Self {
        let (dir, database_url) = match db {
            Db::Sqlite => {
                let (dir, url) = scratch::sqlite_database();
                (Some(dir), url)
            }
            Db::Postgres => (
                None,
                scratch::postgres_database()
                    .await
                    .expect("test PostgreSQL is up"),
            ),
        };
        if with_demo_data {
            let db = backend::db::connect(&database_url).await.unwrap();
            backend::db::migrate(&db).await.unwrap();
            backend::seed::seed_demo_data(&db).await.unwrap();
        }
        let mut app = Self::start(test_config(&database_url)).await;
        app._dir = dir;
        app
    }

    /// A server with exactly this configuration (its address is chosen here).
    pub async fn start(config: Config) -> Self {
        let media = tempfile::tempdir().unwrap();
        let config = Config {
            media_dir: media.path().to_owned(),
            ..config
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server::serve(config, listener, async {
            let _ = stopped.await;
        }));
        let client = browser();
        for _ in 0..100 {
            if client
                .get(format!("{base}/readyz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Self {
            base,
            client,
            _stop: stop,
            _dir: None,
            media,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn first_chef(&self) -> Value {
        let page: Value = self
            .get("/api/v1/chefs?per_page=1")
            .await
            .json()
            .await
            .unwrap();
        page["items"][0].clone()
    }
}

/// Embedded defaults, quiet, and no background worker or schedules: tests that want those
/// turn them on.
pub fn test_config(database_url: &str) -> Config {
    Config {
        sentry_environment: "test".into(),
        log_filter: "warn".into(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        worker_in_serve: false,
        schedules: Vec::new(),
        ..Config::embedded(database_url)
    }
}

pub async fn error_of(response: reqwest::Response) -> Value {
    let body: Value = response.json().await.unwrap();
    body["error"].clone()
}

#[macro_export]
macro_rules! on_every_database {
    ($(async fn $name:ident($db:ident) $body:block)*) => {$(
        mod $name {
            use super::*;
            async fn check($db: Db) $body
            #[tokio::test]
            async fn on_sqlite() { check(Db::Sqlite).await }
            #[tokio::test]
            async fn on_postgres() { check(Db::Postgres).await }
        }
    )*};
}

pub fn signup_body(email: &str) -> Value {
    json!({ "email": email, "password": "saffron-risotto-42", "display_name": "Ana Lopez" })
}

/// A client with its own cookie jar: one person's browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

impl TestApp {
    /// A new browser signed up as `email` (a chef when `as_chef`), and the account.
    pub async fn sign_up(&self, email: &str, as_chef: bool) -> (reqwest::Client, Value) {
        let browser = browser();
        let mut body = signup_body(email);
        body["as_chef"] = json!(as_chef);
        let response = browser
            .post(self.url("/api/v1/auth/signup"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "sign-up of {email}");
        let user = response.json().await.unwrap();
        (browser, user)
    }
}
