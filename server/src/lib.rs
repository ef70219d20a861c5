//! The Chef Galaxy web server: pages (Leptos SSR + hydration), the JSON API, health checks,
//! and the middleware every request passes through.

pub mod api;
mod assets;
pub mod bench;
pub mod config;
mod page_cache;
mod panics;
mod security;
pub mod telemetry;

use axum::{
    extract::{FromRef, State},
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use secrecy::ExposeSecret;
use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower_http::{
    compression::{predicate::DefaultPredicate, CompressionLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

use backend::{sessions::DatabaseSessionStore, Services};
use config::Config;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "chef_galaxy_session";

/// Shared by axum handlers and (as context) by Leptos server functions.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub config: Arc<Config>,
}

/// Leptos settings from the environment cargo-leptos sets, with defaults for running the
/// binary (or tests) directly.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = leptos::config::get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("chef-galaxy").build());
    if options.output_name.is_empty() {
        options.output_name = "chef-galaxy".into();
    }
    options.site_addr = config.site_addr;
    // A release build names its files by their hashes and says which beside the binary;
    // a debug build (tests, `cargo run`) keeps plain names.
    options.hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
        .is_some_and(|hashes| hashes.is_file());
    options
}

pub async fn connect_database(config: &Config) -> anyhow::Result<backend::DatabaseConnection> {
    let db = backend::db::connect(config.database_url.expose_secret()).await?;
    Ok(db)
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let services = state.services.clone();
    let tiles = state.config.map_tiles.clone();
    let sessions = SessionManagerLayer::new(DatabaseSessionStore::new(state.services.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(14),
        ));

    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readiness))
        .route("/api/docs", get(api_docs))
        .route("/media/{name}", get(media_file))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let services = services.clone();
                let tiles = tiles.clone();
                move || {
                    provide_context(services.clone());
                    provide_context(tiles.clone());
                    use_render_nonce();
                }
            },
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        // The not-found page renders the header too, which asks who is signed in.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || {
                provide_context(services.clone());
                provide_context(tiles.clone());
            },
            app::shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.config.clone(),
            security::reject_cross_origin_writes,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(panics::catch))
        .layer(axum::middleware::from_fn_with_state(
            page_cache::PageCache::new(state.services.catalog.clone()),
            page_cache::serve_kept_pages,
        ))
        // Only answers made per request are compressed as they go; the site's files were
        // compressed once by the build (see `assets`).
        .layer(CompressionLayer::new().compress_when(worth_compressing()))
        .merge(assets::routes(&state.leptos_options))
        .layer(axum::middleware::from_fn_with_state(
            security::content_security_policy(&state.config),
            security::headers,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(security::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Renders the page with the nonce the page cache chose, when it chose one (leptos_axum
/// provides a random one before this runs).
fn use_render_nonce() {
    let chosen = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<page_cache::RenderNonce>().cloned());
    if let Some(page_cache::RenderNonce(nonce)) = chosen {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Text worth a gzip pass: past a kilobyte (below it the saving is smaller than a packet) and
/// never a WASM bundle, which is only ever sent as the build compressed it.
fn worth_compressing() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    DefaultPredicate::new()
        .and(SizeAbove::new(1024))
        .and(NotForContentType::const_new("application/wasm"))
}

/// Ready when the database answers. Redis is reported but does not decide: without it live
/// notifications stay within each instance and nothing is lost (see backend::bus).
async fn readiness(State(state): State<AppState>) -> impl IntoResponse {
    let redis = match state.services.notifications.bus().redis_linked() {
        None => "",
        Some(true) => "; redis linked",
        Some(false) => "; redis unavailable",
    };
    if backend::db::is_reachable(&state.services.db).await {
        (StatusCode::OK, format!("ready{redis}"))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable{redis}"),
        )
    }
}

/// A stored photo. Names are random and files never change, so browsers and CDNs may keep
/// them for a year without asking again.
async fn media_file(
    State(state): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> axum::response::Response {
    match state.services.photos.file(&name).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such photo").into_response(),
        Err(error) => {
            tracing::error!(%error, name, "could not read a stored photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn api_docs() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
        Html(include_str!("api_docs.html")),
    )
}

/// Builds the services, optionally migrates, and serves until `shutdown` completes, finishing
/// requests in flight (and the job in progress, when the in-process worker runs). Returns
/// once the server has stopped.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let db = connect_database(&config).await?;
    if config.auto_migrate {
        backend::db::migrate(&db).await?;
    }
    let search = config.search_engine().await?;
    let state = AppState {
        leptos_options: leptos_options(&config),
        services: Services::new(config.deps(db.clone(), search.clone())?),
        config: Arc::new(config),
    };
    fill_new_indexes(state.services.deps());
    let (stopping, stop_requested) = tokio::sync::watch::channel(false);
    let worker = if state.config.worker_in_serve {
        let mut stop_requested = stop_requested.clone();
        Some(tokio::spawn(run_worker(
            state.config.clone(),
            &state.services,
            "serve",
            async move {
                let _ = stop_requested.wait_for(|stop| *stop).await;
            },
        )?))
    } else {
        None
    };
    let expired_sessions = tokio::spawn(delete_expired_sessions(db));
    tracing::info!(
        address = %listener.local_addr()?,
        database = state.config.database_kind(),
        redis = state.services.notifications.bus().is_redis(),
        search = state.services.search.name(),
        worker = worker.is_some(),
        "Chef Galaxy is serving"
    );
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        let _ = stopping.send(true);
    })
    .await?;
    expired_sessions.abort();
    if let Some(worker) = worker {
        let _ = worker.await;
    }
    tracing::info!("server stopped");
    Ok(())
}

/// The background worker with every job kind and the configured schedules, until `shutdown`.
pub fn run_worker(
    config: Arc<Config>,
    services: &Services,
    role: &str,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    let id = backend::background::worker_id(role);
    let db = services.db.clone();
    let worker = backend::background::worker(services.deps(), id.clone(), config.mailer()?);
    tracing::info!(
        worker = id,
        schedules = ?config.schedules.iter().map(|s| &s.name).collect::<Vec<_>>(),
        "job worker started"
    );
    Ok(backend::background::run(
        worker,
        db,
        config.schedules.clone(),
        services.clock.clone(),
        shutdown,
    ))
}

/// Fills indexes the search engine has just created (first start, a deleted search folder,
/// a new Meilisearch server) from the database, in the background: search answers from the
/// empty index until the full one is swapped in.
fn fill_new_indexes(deps: &backend::Deps) {
    let indexes = deps.search.created_empty();
    if indexes.is_empty() {
        return;
    }
    let backend::Deps {
        db, search, clock, ..
    } = deps.clone();
    tokio::spawn(async move {
        for index in indexes {
            match backend::search::sync::reindex(&db, search.as_ref(), &clock, index, &|_, _| {})
                .await
            {
                Ok(count) => {
                    tracing::info!(%index, count, "new search index filled from the database")
                }
                Err(error) => tracing::error!(%index, %error, "could not fill a new search index"),
            }
        }
    });
}

/// `server seed`: the demo chefs, dishes, past events, social network and knowledge section,
/// added to whatever is there and indexed; returns what it did, in a sentence.
pub async fn seed(config: &Config) -> anyhow::Result<String> {
    let db = connect_database(config).await?;
    backend::db::migrate(&db).await?;
    let now = config.clock().now();
    let report = backend::seed::seed_demo_data(&db, now).await?;
    let search = config.search_engine().await?;
    let deps = config.deps(db.clone(), search.clone())?;
    let history = backend::seed::seed_demo_history(&deps, now).await?;
    let social = backend::seed::seed_demo_social(&deps, now).await?;
    let knowledge = backend::seed::seed_demo_knowledge(&deps, now).await?;
    for index in backend::search::IndexName::ALL {
        reindex_with_progress(&db, search.as_ref(), &config.clock(), index).await?;
    }
    Ok(format!(
            "seeded {} chefs and {} dishes, {} photos, {} past events with {} reviews, {} foodies with {} posts, {} follows, {} likes and {} comments, {} questions with {} answers ({} accepted) and {} votes into {} (demo logins: {} or, for /admin, {}; password {})",
            report.chefs_created,
            report.dishes_created,
            history.photos_added,
            history.events_held,
            history.reviews_written,
            social.people,
            social.posts,
            social.follows,
            social.likes,
            social.comments,
            knowledge.questions,
            knowledge.answers,
            knowledge.accepted,
            knowledge.votes,
            config.database_kind(),
            backend::seed::DEMO_CUSTOMER_EMAIL,
            backend::seed::DEMO_ADMIN_EMAIL,
            backend::seed::DEMO_PASSWORD,
        ))
}

/// `server reindex`: rebuilds one index with a progress bar on the terminal.
pub async fn reindex_with_progress(
    db: &backend::DatabaseConnection,
    search: &dyn backend::SearchEngine,
    clock: &backend::Clock,
    index: backend::search::IndexName,
) -> anyhow::Result<()> {
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{prefix:>9} [{bar:30}] {pos}/{len} documents ({per_sec}, {eta} left)",
        )?
        .progress_chars("=> "),
    );
    bar.set_prefix(index.code());
    let started = std::time::Instant::now();
    let indexed = backend::search::sync::reindex(db, search, clock, index, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "{index}: {indexed} documents indexed and swapped in ({}) in {:.1} s",
        search.name(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn delete_expired_sessions(db: backend::DatabaseConnection) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = DatabaseSessionStore::new(db);
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(error) = store.delete_expired().await {
            tracing::warn!(%error, "could not delete expired sessions");
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
