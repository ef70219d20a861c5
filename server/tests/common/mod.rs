//! What the HTTP test files share: the real server on a free port and browsers to talk to it.

#![allow(dead_code)]

use backend::db::scratch;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use server::config::Config;
use tokio::sync::oneshot;

pub struct TestApp {
    pub base: String,
    pub database_url: String,
    pub client: reqwest::Client,
    _stop: oneshot::Sender<()>,
    _dir: Option<tempfile::TempDir>,
    _search_dir: Option<tempfile::TempDir>,
    pub media: tempfile::TempDir,
}

pub enum Db {
    Sqlite,
    Postgres,
}

impl TestApp {
    pub async fn spawn(db: Db, with_demo_data: bool) -> Self {
        Self::spawn_configured(db, with_demo_data, |_| {}).await
    }

    /// Like `spawn`, with the test configuration changed by `configure` first.
    pub async fn spawn_configured(
        db: Db,
        with_demo_data: bool,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
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
        let mut config = test_config(&database_url);
        let search_dir = tempfile::tempdir().unwrap();
        config.search_dir = search_dir.path().to_owned();
        if with_demo_data {
            let db = backend::db::connect(&database_url).await.unwrap();
            backend::db::migrate(&db).await.unwrap();
            backend::seed::seed_demo_data(&db, backend::Clock::system().now())
                .await
                .unwrap();
            let search = config.search_engine().await.unwrap();
            for index in backend::search::IndexName::ALL {
                backend::search::sync::reindex(
                    &db,
                    search.as_ref(),
                    &backend::Clock::system(),
                    index,
                    &|_, _| {},
                )
                .await
                .unwrap();
            }
        }
        configure(&mut config);
        let mut app = Self::start(config).await;
        app._dir = dir;
        app._search_dir = Some(search_dir);
        app
    }

    /// A server with exactly this configuration (its address is chosen here).
    pub async fn start(config: Config) -> Self {
        let media = tempfile::tempdir().unwrap();
        let database_url = config.database_url.expose_secret().to_owned();
        // Each server searches its own index unless the test chose a folder.
        let search_dir = if config.search_dir == Config::embedded("").search_dir {
            media.path().join("search")
        } else {
            config.search_dir.clone()
        };
        let config = Config {
            media_dir: media.path().to_owned(),
            search_dir,
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
            database_url,
            client,
            _stop: stop,
            _dir: None,
            _search_dir: None,
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
        // Test files sign many people up from 127.0.0.1; the limit has its own test.
        signups_per_address_per_hour: 10_000,
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

/// A chef profile that passes every rule.
pub fn profile_body() -> Value {
    json!({
        "headline": "Seasonal Portuguese cooking for weddings",
        "bio": "Twelve years between Lisbon and Porto kitchens.",
        "years_experience": 12,
        "education": [{"level": "diploma", "institution": "Escola de Hotelaria de Lisboa", "year": 2013}],
        "certifications": [{"name": "Food handler level 2", "issuer": "ASAE", "expires_on": "2028-03-01"}],
        "languages": [{"language": "Portuguese", "proficiency": "native"}, {"language": "English", "proficiency": "C1"}],
        "cuisines": ["Portuguese"],
        "city": "Lisbon", "lat": 38.72, "lng": -9.14,
        "service_radius_km": 40, "base_rate_minor": 6500, "min_guests": 2, "max_guests": 80
    })
}

/// One Server-Sent Event as a browser's EventSource would see it.
#[derive(Debug)]
pub struct SseEvent {
    pub event: String,
    pub id: Option<String>,
    pub data: Value,
}

/// A live `text/event-stream` response, read event by event.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    pub async fn open(client: &reqwest::Client, url: &str, last_event_id: Option<&str>) -> Self {
        let mut request = client.get(url);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "stream at {url}");
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// Whether the server ends the stream within `within`, whatever it sends before.
    pub async fn ended_within(&mut self, within: std::time::Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return false,
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Ok(Ok(Some(_))) => continue,
            }
        }
    }

    /// The next event with data (keep-alive comments skipped), or None if none comes
    /// `within` the time given.
    pub async fn next_within(&mut self, within: std::time::Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_event(&block) {
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .expect("the stream stays readable")?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// The next event, which must be of kind `event` and come within `within`.
    pub async fn expect(&mut self, event: &str, within: std::time::Duration) -> SseEvent {
        let next = self
            .next_within(within)
            .await
            .unwrap_or_else(|| panic!("no {event} event within {within:?}"));
        assert_eq!(next.event, event, "{next:?}");
        next
    }
}

fn parse_event(block: &str) -> Option<SseEvent> {
    let (mut event, mut id, mut data) = ("message".to_owned(), None, Vec::new());
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event = value.to_owned(),
            "id" => id = Some(value.to_owned()),
            "data" => data.push(value),
            _ => {}
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(SseEvent {
        event,
        id,
        data: serde_json::from_str(&data.join("\n")).unwrap(),
    })
}

impl TestApp {
    /// A chef with a saved profile, in their own browser; returns it and the chef's id.
    pub async fn chef_with_profile(&self, email: &str) -> (reqwest::Client, i64) {
        let (chef, user) = self.sign_up(email, true).await;
        let chef_id = user["id"].as_i64().unwrap();
        let saved = chef
            .put(self.url(&format!("/api/v1/chefs/{chef_id}/profile")))
            .json(&profile_body())
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        (chef, chef_id)
    }

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

/// A plain JPEG photo of the given size, as a phone would send one.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    use image::{ImageEncoder, Rgb, RgbImage};
    let picture = RgbImage::from_pixel(width, height, Rgb([180, 90, 30]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .write_image(&picture, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}
