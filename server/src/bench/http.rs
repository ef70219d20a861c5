//! `server bench http`: what a request costs the server, page by page and endpoint by
//! endpoint, as a ratio to `/healthz` (the framework's own floor) measured in the same run.
//!
//! The real server (`serve`, every layer, no in-process worker) answers on a loopback port
//! over the configured database, seeded with the demo data if it has none. A client on its
//! own thread keeps a few requests in flight for each address in turn, for a fixed time.
//! CPU time comes from /proc (the whole process minus the client's thread): the steadiest
//! figure on a shared machine, where requests/s swing with the neighbours.

use crate::config::Config;
use anyhow::Context;
use futures_util::{stream, StreamExt};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub struct HttpBench {
    /// How long each address is measured for.
    pub seconds: f64,
    /// Requests kept in flight at once.
    pub concurrency: usize,
}

/// One address to measure, with what a browser or API client would send.
struct Target {
    label: String,
    method: Method,
    url: String,
    body: Option<Value>,
    accept_encoding: &'static str,
}

impl Target {
    fn get(base: &str, path: impl Into<String>) -> Self {
        let path = path.into();
        Self {
            url: format!("{base}{path}"),
            label: path,
            method: Method::GET,
            body: None,
            accept_encoding: "gzip, deflate, br",
        }
    }
}

/// What one address cost.
struct Measured {
    requests: u64,
    per_second: f64,
    cpu_ms_per_request: f64,
}

pub async fn http(mut config: Config, bench: &HttpBench) -> anyhow::Result<()> {
    // Background jobs would bill their CPU to whichever address is being measured.
    config.worker_in_serve = false;
    let db = crate::connect_database(&config).await?;
    backend::db::migrate(&db).await?;
    if !has_demo_chefs(&db).await? {
        println!("{}", crate::seed(&config).await?);
    }
    let database = config.database_kind();
    let site = std::path::PathBuf::from(crate::leptos_options(&config).site_root.as_ref());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(crate::serve(config, listener, async {
        let _ = stopped.await;
    }));

    let targets = {
        let client = reqwest::Client::new();
        wait_until_ready(&client, &base).await?;
        targets(&client, &base, &site).await?
    };
    println!(
        "http benchmark on {database}: {} addresses, {:.1} s each, {} in flight",
        targets.len(),
        bench.seconds,
        bench.concurrency
    );
    let seconds = bench.seconds;
    let concurrency = bench.concurrency.max(1);
    // The client runs on a thread of its own, so its CPU can be told apart from the server's.
    let results = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let client = reqwest::Client::builder()
                .no_gzip()
                .no_brotli()
                .no_deflate()
                .build()?;
            let mut results = Vec::new();
            for target in targets {
                let measured = measure(&client, &target, seconds, concurrency).await?;
                results.push((target.label, measured));
            }
            anyhow::Ok(results)
        })
    })
    .await??;

    let floor = results
        .first()
        .map(|(_, healthz)| healthz.cpu_ms_per_request)
        .unwrap_or(f64::NAN);
    println!(
        "{:<44} {:>9} {:>10} {:>12} {:>9}",
        "address", "requests", "req/s", "CPU ms/req", "× healthz"
    );
    for (label, measured) in &results {
        println!(
            "{label:<44} {:>9} {:>10.0} {:>12.3} {:>8.1}×",
            measured.requests,
            measured.per_second,
            measured.cpu_ms_per_request,
            measured.cpu_ms_per_request / floor
        );
    }
    let _ = stop.send(());
    serving.await??;
    Ok(())
}

async fn has_demo_chefs(db: &backend::DatabaseConnection) -> anyhow::Result<bool> {
    use backend::entities::users;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let chefs = users::Entity::find()
        .filter(users::Column::Role.eq(domain::account::Role::Chef.as_str()))
        .count(db)
        .await?;
    Ok(chefs > 0)
}

async fn wait_until_ready(client: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    for _ in 0..200 {
        let ready = client.get(format!("{base}/readyz")).send().await;
        if ready.is_ok_and(|response| response.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the server did not become ready")
}

/// The addresses the issue names, with a real chef and a quote that chef can cook, and the
/// bundle sent as the build compressed it.
async fn targets(
    client: &reqwest::Client,
    base: &str,
    site: &std::path::Path,
) -> anyhow::Result<Vec<Target>> {
    let read = |path: String| async move {
        let response = client.get(format!("{base}{path}")).send().await?;
        anyhow::Ok(response.error_for_status()?.json::<Value>().await?)
    };
    let chefs = read("/api/v1/chefs?per_page=1".into()).await?;
    let chef_id = chefs["items"][0]["id"]
        .as_i64()
        .context("the chef list has no chef")?;
    let chef = read(format!("/api/v1/chefs/{chef_id}")).await?;
    let city = chef["city"].as_str().unwrap_or("London").to_owned();
    let guests = 24u64.clamp(
        chef["min_guests"].as_u64().unwrap_or(1),
        chef["max_guests"].as_u64().unwrap_or(24),
    );
    let quote = json!({
        "chef_id": chef_id,
        "dish_ids": [chef["dishes"][0]["id"], chef["dishes"][1]["id"]],
        "guests": guests,
        "starts_at": "2027-06-12T19:00:00+01:00",
        "duration_hours": 4.5,
        "lat": chef["lat"],
        "lng": chef["lng"],
    });
    let mut targets = vec![
        Target::get(base, "/healthz"),
        Target::get(base, "/"),
        Target::get(base, "/chefs?page=1"),
        Target::get(base, format!("/chefs/{chef_id}")),
        Target::get(base, format!("/search?city={city}")),
        Target::get(base, "/api/v1/chefs?per_page=20"),
        Target::get(base, format!("/api/v1/search/chefs?city={city}")),
        Target {
            label: "POST /api/v1/quote".into(),
            method: Method::POST,
            url: format!("{base}/api/v1/quote"),
            body: Some(quote),
            accept_encoding: "gzip, deflate, br",
        },
    ];
    if let Some(bundle) = bundle_address(client, base).await? {
        targets.push(Target {
            label: "WASM bundle, the build's brotli copy".into(),
            accept_encoding: "br",
            ..Target::get(base, &bundle)
        });
        targets.push(Target {
            label: "WASM bundle, gzipped per request".into(),
            accept_encoding: "gzip",
            ..Target::get(&compressing_per_request(site).await?, &bundle)
        });
    }
    Ok(targets)
}

/// How the bundle went out before the build compressed it: the site's files behind the same
/// on-the-fly gzip as pages, on a port of its own. The baseline for serving the build's copy.
async fn compressing_per_request(site: &std::path::Path) -> anyhow::Result<String> {
    let files = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(site))
        .layer(tower_http::compression::CompressionLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, files).await });
    Ok(base)
}

/// The WASM bundle's address as the home page links it.
async fn bundle_address(client: &reqwest::Client, base: &str) -> anyhow::Result<Option<String>> {
    let home = client.get(format!("{base}/")).send().await?.text().await?;
    Ok(home
        .split(['"', '\''])
        .find(|part| part.starts_with("/pkg/") && part.ends_with(".wasm"))
        .map(str::to_owned))
}

async fn measure(
    client: &reqwest::Client,
    target: &Target,
    seconds: f64,
    concurrency: usize,
) -> anyhow::Result<Measured> {
    let send = || async {
        let mut request = client
            .request(target.method.clone(), &target.url)
            .header(header::ACCEPT_ENCODING, target.accept_encoding);
        if let Some(body) = &target.body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        anyhow::ensure!(
            status == StatusCode::OK,
            "{} answered {status}: {}",
            target.label,
            String::from_utf8_lossy(&body)
        );
        anyhow::Ok(())
    };
    // Warm caches and connections first.
    for _ in 0..20 {
        send().await?;
    }
    let process = cpu_ticks("/proc/self/stat")?;
    let client_thread = cpu_ticks("/proc/thread-self/stat")?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let mut requests = 0u64;
    while Instant::now() < deadline {
        let mut batch = stream::iter(0..concurrency * 8)
            .map(|_| send())
            .buffer_unordered(concurrency);
        while let Some(sent) = batch.next().await {
            sent?;
            requests += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let server_ticks = (cpu_ticks("/proc/self/stat")? - process)
        - (cpu_ticks("/proc/thread-self/stat")? - client_thread);
    Ok(Measured {
        requests,
        per_second: requests as f64 / elapsed,
        cpu_ms_per_request: server_ticks as f64 * TICK_MS / requests as f64,
    })
}

/// Linux reports CPU time in USER_HZ ticks, 100 a second on every architecture it exposes.
const TICK_MS: f64 = 10.0;

/// User plus system CPU ticks from a /proc `stat` file (a process's or a thread's).
fn cpu_ticks(path: &str) -> anyhow::Result<i64> {
    let stat = std::fs::read_to_string(path)?;
    // The command name in parentheses may hold spaces; the fields after it are plain.
    let after_name = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .context("an unexpected /proc stat line")?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are the 14th and 15th fields; the 3rd (state) is the first after the name.
    let field = |n: usize| -> anyhow::Result<i64> {
        Ok(fields
            .get(n - 3)
            .context("a short /proc stat line")?
            .parse()?)
    };
    Ok(field(14)? + field(15)?)
}

#[cfg(test)]
mod tests {
    use super::cpu_ticks;

    #[test]
    fn this_process_has_spent_some_cpu_and_its_threads_no_more_than_it() {
        let spin = std::time::Instant::now();
        while spin.elapsed().as_millis() < 30 {
            std::hint::black_box(0);
        }
        let process = cpu_ticks("/proc/self/stat").unwrap();
        let thread = cpu_ticks("/proc/thread-self/stat").unwrap();
        assert!(process >= 1);
        assert!(thread <= process);
    }
}
