//! Logs (tracing) and error reporting (Sentry, only when `SENTRY_DSN` is set).

use secrecy::ExposeSecret;
use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt, EnvFilter};

use crate::config::Config;

/// Keep the returned guard alive for the life of the process: dropping it flushes Sentry.
pub fn init(config: &Config) -> Option<sentry::ClientInitGuard> {
    // Before Sentry's own hook, which reports the panic and then calls this one.
    crate::panics::log_as_one_line();
    let sentry_guard = config.sentry_dsn.as_ref().map(|dsn| {
        sentry::init((
            dsn.expose_secret(),
            sentry::ClientOptions {
                release: sentry::release_name!(),
                environment: Some(config.sentry_environment.clone().into()),
                attach_stacktrace: true,
                ..Default::default()
            },
        ))
    });
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // Error events become Sentry events; with no DSN the layer does nothing.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer())
        .with(sentry::integrations::tracing::layer())
        .try_init();
    sentry_guard
}
