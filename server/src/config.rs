//! Every setting the server reads, typed, from the environment (and a `.env` file if present).
//! Each variable is listed with its default in the README. Secrets are wrapped so that they
//! never reach a log line.

use secrecy::{ExposeSecret, SecretString};
use std::{net::SocketAddr, str::FromStr};

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default: a file under ./data) or `postgres://…`.
    pub database_url: SecretString,
    /// `LEPTOS_SITE_ADDR`: where `serve` listens. Default 127.0.0.1:3000.
    pub site_addr: SocketAddr,
    /// `SENTRY_DSN`: errors and panics go to Sentry when set.
    pub sentry_dsn: Option<SecretString>,
    /// `SENTRY_ENVIRONMENT`: the environment name Sentry files events under. Default "development".
    pub sentry_environment: String,
    /// `RUST_LOG`: log filter in tracing-subscriber's syntax. Default "info".
    pub log_filter: String,
    /// `COOKIE_SECURE`: send the session cookie over HTTPS only. Turn on behind TLS. Default false.
    pub secure_cookies: bool,
    /// `PUBLIC_ORIGIN`: the site's origin as browsers see it (https://chefgalaxy.example) when
    /// a proxy rewrites Host; state-changing requests from any other origin are refused.
    pub public_origin: Option<String>,
    /// `AUTO_MIGRATE`: bring the schema up to date when `serve` starts. Default true.
    pub auto_migrate: bool,
    /// `MEDIA_DIR`: where uploaded photos are kept on disk. Default `./data/media`.
    pub media_dir: std::path::PathBuf,
    /// `MEDIA_S3_BUCKET`: keep photos in this S3-compatible bucket instead; credentials,
    /// region and endpoint come from the standard `AWS_*` variables.
    pub media_s3_bucket: Option<String>,
    /// `REDIS_URL`: live notifications fan out through Redis pub/sub, so every instance's
    /// browsers hear of events handled by any instance. Without it, within this process.
    pub redis_url: Option<SecretString>,
    /// `WORKER_IN_SERVE`: `serve` also runs a job worker, so one process is enough. Turn off
    /// when `server worker` processes run separately. Default true.
    pub worker_in_serve: bool,
    /// `SMTP_URL`: send emails through this server (`smtps://user:pass@host:465`). Without it
    /// emails stay in the outbox, listed on the admin page.
    pub smtp_url: Option<SecretString>,
    /// `EMAIL_FROM`: the sender of every email. Default "Chef Galaxy <hello@chefgalaxy.localhost>".
    pub email_from: String,
    /// `SCHEDULE_<NAME>` for each known schedule (e.g. `SCHEDULE_DAILY_DIGEST="0 0 7 * * *"`,
    /// cron with seconds, UTC), or `off`. Unset ones keep their default.
    pub schedules: Vec<backend::scheduler::Schedule>,
    /// `SEARCH_DIR`: where the embedded search engine keeps its indexes. Default `./data/search`.
    pub search_dir: std::path::PathBuf,
    /// `MEILI_URL`: search with this Meilisearch server instead of the embedded engine.
    pub meili_url: Option<String>,
    /// `MEILI_KEY`: the Meilisearch API key, when the server wants one.
    pub meili_key: Option<SecretString>,
    /// `MEILI_INDEX_PREFIX`: put before each index's name, so several deployments (or test
    /// runs) can share one Meilisearch server. Default empty.
    pub meili_index_prefix: String,
    /// `TEST_CLOCK`: a clock that `POST /api/v1/test/clock` moves forward, for end-to-end
    /// tests of deadlines (one `serve` process with its in-process worker). Never in
    /// production. Default false.
    pub test_clock: bool,
    /// `STRIPE_SECRET_KEY`: take payments through Stripe (PaymentIntents) instead of the
    /// sandbox; the card's number field then carries a Stripe PaymentMethod id (`pm_…`).
    pub stripe_secret_key: Option<SecretString>,
    /// `STRIPE_PUBLISHABLE_KEY`: the browser's key (`pk_…`) for Stripe's card form; needed
    /// with `STRIPE_SECRET_KEY`.
    pub stripe_publishable_key: Option<String>,
    /// `STRIPE_API_BASE`: another server speaking Stripe's API (end-to-end tests run a
    /// stand-in). Default `https://api.stripe.com`.
    pub stripe_api_base: Option<String>,
    /// `STRIPE_WEBHOOK_SECRET`: the signing secret (`whsec_…`) of the webhook endpoint
    /// `POST /api/v1/payments/stripe/webhook`; without it the endpoint is a 404.
    pub stripe_webhook_secret: Option<SecretString>,
    /// `SIGNUPS_PER_ADDRESS_PER_HOUR`: new accounts one address may create in an hour.
    /// Default 10; test suites that sign many people up from one address raise it.
    pub signups_per_address_per_hour: u32,
    /// `MAP_TILE_URL` (with `{z}`, `{x}`, `{y}`) and `MAP_TILE_ATTRIBUTION`: the street maps'
    /// tiles and the credit their provider asks for. Default OpenStreetMap's.
    pub map_tiles: app::MapTiles,
}

#[derive(Debug, thiserror::Error)]
#[error("{variable} is invalid: {reason}")]
pub struct ConfigError {
    variable: String,
    reason: String,
}

impl Config {
    pub fn media_store(&self) -> Result<backend::MediaStore, backend::ServiceError> {
        match &self.media_s3_bucket {
            Some(bucket) => backend::MediaStore::s3(bucket),
            None => backend::MediaStore::local(&self.media_dir),
        }
    }

    pub fn notification_bus(&self) -> Result<backend::NotificationBus, backend::ServiceError> {
        match &self.redis_url {
            Some(url) => backend::NotificationBus::redis(url.expose_secret()),
            None => Ok(backend::NotificationBus::in_process()),
        }
    }

    pub fn mailer(&self) -> Result<backend::email::Mailer, backend::ServiceError> {
        match &self.smtp_url {
            Some(url) => backend::email::Mailer::smtp(url.expose_secret(), &self.email_from),
            None => Ok(backend::email::Mailer::outbox_only()),
        }
    }

    /// The configured search engine: Meilisearch when `MEILI_URL` is set (its indexes are
    /// configured before this returns), else the embedded engine.
    pub async fn search_engine(&self) -> Result<backend::Search, backend::ServiceError> {
        use backend::search::{EmbeddedSearch, MeiliSearch};
        Ok(match &self.meili_url {
            Some(url) => {
                let key = self.meili_key.as_ref().map(|key| key.expose_secret());
                std::sync::Arc::new(MeiliSearch::connect(url, key, &self.meili_index_prefix).await?)
            }
            None => std::sync::Arc::new(EmbeddedSearch::open(&self.search_dir)?),
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let config = Self {
            database_url: SecretString::from(
                var("DATABASE_URL").unwrap_or_else(|| backend::db::DEFAULT_DATABASE_URL.to_owned()),
            ),
            site_addr: parse("LEPTOS_SITE_ADDR", "127.0.0.1:3000")?,
            sentry_dsn: var("SENTRY_DSN").map(SecretString::from),
            sentry_environment: var("SENTRY_ENVIRONMENT")
                .unwrap_or_else(|| "development".to_owned()),
            log_filter: var("RUST_LOG").unwrap_or_else(|| "info".to_owned()),
            // A site served over HTTPS sends its cookie over HTTPS only, unless told otherwise.
            secure_cookies: parse_bool(
                "COOKIE_SECURE",
                var("PUBLIC_ORIGIN").is_some_and(|origin| origin.starts_with("https://")),
            )?,
            public_origin: var("PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_owned()),
            auto_migrate: parse_bool("AUTO_MIGRATE", true)?,
            media_dir: var("MEDIA_DIR")
                .unwrap_or_else(|| "data/media".to_owned())
                .into(),
            media_s3_bucket: var("MEDIA_S3_BUCKET"),
            redis_url: var("REDIS_URL").map(SecretString::from),
            worker_in_serve: parse_bool("WORKER_IN_SERVE", true)?,
            test_clock: parse_bool("TEST_CLOCK", false)?,
            stripe_secret_key: var("STRIPE_SECRET_KEY").map(SecretString::from),
            stripe_webhook_secret: var("STRIPE_WEBHOOK_SECRET").map(SecretString::from),
            stripe_publishable_key: var("STRIPE_PUBLISHABLE_KEY"),
            stripe_api_base: var("STRIPE_API_BASE"),
            smtp_url: var("SMTP_URL").map(SecretString::from),
            email_from: var("EMAIL_FROM")
                .unwrap_or_else(|| backend::email::DEFAULT_FROM.to_owned()),
            schedules: schedules_from_env()?,
            search_dir: var("SEARCH_DIR")
                .unwrap_or_else(|| "data/search".to_owned())
                .into(),
            meili_url: var("MEILI_URL"),
            meili_key: var("MEILI_KEY").map(SecretString::from),
            meili_index_prefix: var("MEILI_INDEX_PREFIX").unwrap_or_default(),
            signups_per_address_per_hour: parse("SIGNUPS_PER_ADDRESS_PER_HOUR", "10")?,
            map_tiles: map_tiles(var("MAP_TILE_URL"), var("MAP_TILE_ATTRIBUTION"))?,
        };
        // Stripe without its card form would take no payment in the browser.
        if config.stripe_secret_key.is_some() && config.stripe_publishable_key.is_none() {
            return Err(ConfigError {
                variable: "STRIPE_PUBLISHABLE_KEY".into(),
                reason: "needed with STRIPE_SECRET_KEY, for the card form in the browser".into(),
            });
        }
        Ok(config)
    }

    /// The defaults a test or embedded caller starts from: SQLite at `database_url`, no
    /// external services, nothing read from the environment.
    pub fn embedded(database_url: &str) -> Self {
        Self {
            database_url: SecretString::from(database_url.to_owned()),
            site_addr: "127.0.0.1:3000".parse().expect("a socket address"),
            sentry_dsn: None,
            sentry_environment: "development".into(),
            log_filter: "info".into(),
            secure_cookies: false,
            public_origin: None,
            auto_migrate: true,
            media_dir: "data/media".into(),
            media_s3_bucket: None,
            redis_url: None,
            worker_in_serve: true,
            smtp_url: None,
            email_from: backend::email::DEFAULT_FROM.to_owned(),
            schedules: backend::background::KNOWN_SCHEDULES
                .iter()
                .map(|known| {
                    backend::scheduler::Schedule::parse(
                        known.name,
                        known.default_expression,
                        known.kind,
                    )
                    .expect("default schedules parse")
                })
                .collect(),
            search_dir: "data/search".into(),
            meili_url: None,
            meili_key: None,
            meili_index_prefix: String::new(),
            test_clock: false,
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_publishable_key: None,
            stripe_api_base: None,
            signups_per_address_per_hour: backend::throttle::SIGNUPS_PER_ADDRESS.limit,
            map_tiles: app::MapTiles::default(),
        }
    }

    /// Where the browser may load images from besides this site: any https:// address, and
    /// the tile server when it speaks plain http (a local stand-in, say).
    pub fn extra_image_origin(&self) -> Option<String> {
        let rest = self.map_tiles.url.strip_prefix("http://")?;
        let host = rest.split('/').next()?;
        Some(format!("http://{host}"))
    }

    /// The payment provider: Stripe when `STRIPE_SECRET_KEY` is set, else the sandbox.
    pub fn payments(&self) -> std::sync::Arc<dyn backend::payments::PaymentProvider> {
        match &self.stripe_secret_key {
            Some(key) => {
                let mut stripe = backend::payments::StripeProvider::new(key.expose_secret())
                    .with_publishable_key(self.stripe_publishable_key.clone().unwrap_or_default());
                if let Some(base) = &self.stripe_api_base {
                    stripe = stripe.with_api_base(base);
                }
                std::sync::Arc::new(stripe)
            }
            None => std::sync::Arc::new(backend::payments::SandboxProvider::new()),
        }
    }

    /// The platform's clock: real time, unless `TEST_CLOCK` asks for one tests can move.
    /// Everything services are built from, as configured.
    pub fn deps(
        &self,
        db: backend::DatabaseConnection,
        search: backend::Search,
    ) -> Result<backend::Deps, backend::ServiceError> {
        let deps =
            backend::Deps::new(db, self.media_store()?, search).with_bus(self.notification_bus()?);
        let throttle = deps.throttle.clone().with_limit(
            &backend::throttle::SIGNUPS_PER_ADDRESS,
            self.signups_per_address_per_hour,
        );
        Ok(deps
            .with_throttle(throttle)
            .with_clock(self.clock())
            .with_payments(self.payments()))
    }

    pub fn clock(&self) -> backend::Clock {
        if self.test_clock {
            backend::Clock::adjustable()
        } else {
            backend::Clock::system()
        }
    }

    /// For logs: which kind of database, never its credentials.
    pub fn database_kind(&self) -> &'static str {
        let url = self.database_url.expose_secret();
        if url.starts_with("postgres") {
            "postgres"
        } else if url.starts_with("sqlite") {
            "sqlite"
        } else {
            "unknown"
        }
    }
}

fn schedules_from_env() -> Result<Vec<backend::scheduler::Schedule>, ConfigError> {
    let mut schedules = Vec::new();
    for known in backend::background::KNOWN_SCHEDULES {
        let variable = format!("SCHEDULE_{}", known.name.to_ascii_uppercase());
        let expression = var(&variable).unwrap_or_else(|| known.default_expression.to_owned());
        if expression.trim().eq_ignore_ascii_case("off") {
            continue;
        }
        let schedule = backend::scheduler::Schedule::parse(known.name, &expression, known.kind)
            .map_err(|reason| ConfigError { variable, reason })?;
        schedules.push(schedule);
    }
    Ok(schedules)
}

/// The tile source: an `http(s)://` address template naming `{z}`, `{x}` and `{y}`.
fn map_tiles(
    url: Option<String>,
    attribution: Option<String>,
) -> Result<app::MapTiles, ConfigError> {
    let mut tiles = app::MapTiles::default();
    if let Some(url) = url {
        let refused = |reason: &str| ConfigError {
            variable: "MAP_TILE_URL".to_owned(),
            reason: reason.to_owned(),
        };
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(refused("use an http:// or https:// address"));
        }
        if !["{z}", "{x}", "{y}"].iter().all(|part| url.contains(part)) {
            return Err(refused("name the tile with {z}, {x} and {y}"));
        }
        tiles.url = url;
        // Another provider's credit replaces OpenStreetMap's only when given.
        tiles.attribution = String::new();
    }
    if let Some(attribution) = attribution {
        tiles.attribution = attribution;
    }
    Ok(tiles)
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse<T: FromStr>(name: &'static str, default: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    let raw = var(name).unwrap_or_else(|| default.to_owned());
    raw.parse().map_err(|e: T::Err| ConfigError {
        variable: name.to_owned(),
        reason: e.to_string(),
    })
}

fn parse_bool(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError {
            variable: name.to_owned(),
            reason: format!("{other:?} is not a boolean (use true or false)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_the_config_never_shows_the_database_password() {
        let config = Config {
            sentry_dsn: Some(SecretString::from(
                "https://key@sentry.example/1".to_owned(),
            )),
            redis_url: Some(SecretString::from(
                "redis://:swordfish@cache:6379".to_owned(),
            )),
            ..Config::embedded("postgres://app:hunter2@db/chef")
        };
        let printed = format!("{config:?}");
        for secret in ["hunter2", "key@", "swordfish"] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
        assert_eq!(config.database_kind(), "postgres");
    }

    #[test]
    fn a_tile_address_must_name_the_tile_and_a_plain_http_one_is_allowed_its_images() {
        assert!(map_tiles(Some("https://tiles.example/{z}/{x}.png".into()), None).is_err());
        assert!(map_tiles(Some("ftp://tiles.example/{z}/{x}/{y}.png".into()), None).is_err());
        let local = Config {
            map_tiles: map_tiles(
                Some("http://127.0.0.1:3199/{z}/{x}/{y}.png".into()),
                Some("Test tiles".into()),
            )
            .unwrap(),
            ..Config::embedded("sqlite::memory:")
        };
        assert_eq!(local.map_tiles.attribution, "Test tiles");
        assert_eq!(
            local.extra_image_origin().as_deref(),
            Some("http://127.0.0.1:3199")
        );
        assert_eq!(
            Config::embedded("sqlite::memory:").extra_image_origin(),
            None
        );
    }
}
