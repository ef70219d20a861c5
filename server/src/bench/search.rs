//! `server bench search`: how fast the search engine answers the booking journey's queries.
//!
//! Generates N chefs around the cities we serve (fixed seed), indexes them into a fresh
//! embedded index in a temporary folder (and into Meilisearch when `MEILI_URL` is set, under
//! indexes of its own that are deleted afterwards), then:
//! 1. checks C random geo queries against a brute-force haversine reference, every page of
//!    each compared in membership and order;
//! 2. times a fixed mix of queries from one client: geo only, geo + text (with typos and
//!    prefixes), geo + filters, with every sort, and prints p50/p95/p99 and queries/s.

use backend::search::{Documents, EmbeddedSearch, IndexName, MeiliSearch, SearchEngine};
use chrono::{Duration, NaiveDate};
use domain::{
    catalog::DietaryFlag,
    chef_profile::CUISINES,
    geo::Coordinates,
    money::Money,
    paging::PageRequest,
    places::CITIES,
    search::{ChefDocument, ChefQuery, ChefSort},
};
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};
use std::time::Instant;

use super::percentile;
use crate::config::Config;

pub struct SearchBench {
    pub chefs: usize,
    pub queries: usize,
    pub checks: usize,
}

const LANGUAGES: [&str; 6] = [
    "English",
    "French",
    "Portuguese",
    "Spanish",
    "German",
    "Italian",
];
const SPECIALITIES: [&str; 12] = [
    "sushi",
    "tapas",
    "barbecue",
    "pastry",
    "seafood",
    "vegan",
    "wedding",
    "tasting",
    "pasta",
    "curry",
    "brunch",
    "fermentation",
];
/// Typed by the mix: whole words, typos and unfinished words.
const TYPED: [&str; 10] = [
    "sushi",
    "sushi wedding",
    "vegn",
    "tapa",
    "seafod",
    "pastr",
    "barbecue tasting",
    "curry",
    "weding",
    "brunch",
];
const INDEX_BATCH: usize = 10_000;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date")
}

fn generate(rng: &mut StdRng, count: usize) -> Vec<ChefDocument> {
    (1..=count as i64)
        .map(|id| {
            let city = CITIES[rng.gen_range(0..CITIES.len())];
            // Most chefs live in town, some in the suburbs and villages around.
            let spread = if rng.gen_bool(0.8) { 0.15 } else { 0.6 };
            let lat = (city.lat + rng.gen_range(-spread..spread)).clamp(-89.0, 89.0);
            let lng = city.lng + rng.gen_range(-spread..spread) / city.lat.to_radians().cos();
            let speciality = |rng: &mut StdRng| SPECIALITIES[rng.gen_range(0..SPECIALITIES.len())];
            let headline = format!(
                "{} and {} for {} guests",
                speciality(rng),
                speciality(rng),
                rng.gen_range(2..80)
            );
            let (cuisine_count, language_count, diet_count) = (
                rng.gen_range(1..=3),
                rng.gen_range(1..=3),
                rng.gen_range(0..=3),
            );
            let cuisines = CUISINES
                .choose_multiple(rng, cuisine_count)
                .map(|c| c.to_string())
                .collect();
            let languages = LANGUAGES
                .choose_multiple(rng, language_count)
                .map(|l| l.to_string())
                .collect();
            let dietary = DietaryFlag::ALL
                .choose_multiple(rng, diet_count)
                .copied()
                .collect();
            let mut works_on: Vec<u8> = (1..=7).filter(|_| rng.gen_bool(0.75)).collect();
            if works_on.is_empty() {
                works_on.push(6);
            }
            let busy_on = (0..rng.gen_range(0..6))
                .map(|_| first_day() + Duration::days(rng.gen_range(0..60)))
                .collect();
            ChefDocument {
                id,
                display_name: format!("Chef {id}"),
                headline,
                bio: format!(
                    "Cooking {} since {}.",
                    speciality(rng),
                    rng.gen_range(1990..2025)
                ),
                city: city.name.to_owned(),
                lat,
                lng: (lng + 540.0).rem_euclid(360.0) - 180.0,
                service_radius_km: rng.gen_range(10..=150),
                base_rate: Money::new(rng.gen_range(25..=150) * 100, city.currency),
                years_experience: rng.gen_range(0..40),
                cuisines,
                languages,
                dietary,
                rating: rng
                    .gen_bool(0.7)
                    .then(|| rng.gen_range(30..=50) as f64 / 10.0),
                review_count: rng.gen_range(1..60),
                rank: rng.gen_range(0.0..100.0),
                photo_url: None,
                works_on,
                busy_on,
                dishes: vec![],
            }
        })
        .collect()
}

fn near_a_city(rng: &mut StdRng) -> Coordinates {
    let city = CITIES[rng.gen_range(0..CITIES.len())];
    Coordinates::parse(
        city.lat + rng.gen_range(-0.1..0.1),
        city.lng + rng.gen_range(-0.1..0.1),
    )
    .expect("near a real city")
}

/// The timed mix: a third geo only, a third with text, a third with filters.
fn mix(rng: &mut StdRng, count: usize) -> Vec<ChefQuery> {
    (0..count)
        .map(|n| {
            let mut query = ChefQuery::around(near_a_city(rng), rng.gen_range(5.0..50.0));
            query.sort = ChefSort::ALL[rng.gen_range(0..ChefSort::ALL.len())];
            match n % 3 {
                0 => {}
                1 => query.text = Some(TYPED[rng.gen_range(0..TYPED.len())].to_owned()),
                _ => {
                    query.cuisine = Some(CUISINES[rng.gen_range(0..CUISINES.len())].to_lowercase());
                    if rng.gen_bool(0.5) {
                        query.language =
                            Some(LANGUAGES[rng.gen_range(0..LANGUAGES.len())].to_lowercase());
                    }
                    if rng.gen_bool(0.5) {
                        query.max_price_minor = Some(rng.gen_range(50..=150) * 100);
                    }
                    if rng.gen_bool(0.5) {
                        query.available_on =
                            Some(first_day() + Duration::days(rng.gen_range(0..60)));
                    }
                    if rng.gen_bool(0.3) {
                        query.min_rating = Some(4.0);
                    }
                }
            }
            query
        })
        .collect()
}

fn brute_force(chefs: &[ChefDocument], query: &ChefQuery) -> Vec<i64> {
    let mut found: Vec<(f64, i64)> = chefs
        .iter()
        .filter(|chef| {
            query
                .cuisine
                .as_ref()
                .is_none_or(|cuisine| chef.cuisines.iter().any(|c| c.to_lowercase() == *cuisine))
        })
        .filter(|chef| {
            query
                .max_price_minor
                .is_none_or(|max| chef.base_rate.amount_minor <= max)
        })
        .filter_map(|chef| {
            let at = Coordinates::parse(chef.lat, chef.lng).ok()?;
            let distance = query.near.center.distance_km(&at);
            (distance <= query.near.radius_km && distance <= f64::from(chef.service_radius_km))
                .then_some((distance, chef.id))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, id)| id).collect()
}

/// Memory figures of this process from /proc (Linux), in MiB: (resident now, peak).
fn memory_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<f64>()
            .ok()
            .map(|kib| kib / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn folder_mib(path: &std::path::Path) -> f64 {
    fn bytes(path: &std::path::Path) -> u64 {
        std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| match entry.metadata() {
                Ok(meta) if meta.is_dir() => bytes(&entry.path()),
                Ok(meta) => meta.len(),
                Err(_) => 0,
            })
            .sum()
    }
    bytes(path) as f64 / (1024.0 * 1024.0)
}

async fn index(engine: &dyn SearchEngine, chefs: &[ChefDocument]) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut rebuild = engine.rebuild(IndexName::Chefs).await?;
    for batch in chefs.chunks(INDEX_BATCH) {
        rebuild.add(Documents::Chefs(batch.to_vec())).await?;
    }
    rebuild.finish().await?;
    Ok(started.elapsed().as_secs_f64())
}

async fn check(
    engine: &dyn SearchEngine,
    chefs: &[ChefDocument],
    rng: &mut StdRng,
    checks: usize,
) -> anyhow::Result<usize> {
    let mut mismatches = 0;
    for _ in 0..checks {
        // Small circles keep every answer to a few pages, so each can be compared whole.
        let mut query = ChefQuery::around(near_a_city(rng), rng.gen_range(0.5..8.0));
        if rng.gen_bool(0.3) {
            query.cuisine = Some(CUISINES[rng.gen_range(0..CUISINES.len())].to_lowercase());
        }
        if rng.gen_bool(0.2) {
            query.max_price_minor = Some(rng.gen_range(25..=150) * 100);
        }
        let expected = brute_force(chefs, &query);
        let mut found = Vec::new();
        for page in 1.. {
            query.page = PageRequest::parse(Some(page), Some(100))?;
            let hits = engine.search_chefs(&query).await?;
            let done = hits.items.len() < 100;
            found.extend(hits.items.iter().map(|hit| hit.id));
            if done {
                break;
            }
        }
        if found != expected {
            mismatches += 1;
        }
    }
    Ok(mismatches)
}

async fn time(engine: &dyn SearchEngine, queries: &[ChefQuery]) -> anyhow::Result<()> {
    // Warm caches and code paths before measuring.
    for query in queries.iter().take(200) {
        engine.search_chefs(query).await?;
    }
    let mut micros = Vec::with_capacity(queries.len());
    let mut hits = 0u64;
    let started = Instant::now();
    for query in queries {
        let one = Instant::now();
        hits += engine.search_chefs(query).await?.total;
        micros.push(one.elapsed().as_micros() as u64);
    }
    let seconds = started.elapsed().as_secs_f64();
    micros.sort_unstable();
    let ms = |p: f64| percentile(&micros, p) as f64 / 1000.0;
    println!(
        "  {} queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.0} queries/s (one client); {:.0} chefs found per query on average",
        queries.len(),
        ms(50.0),
        ms(95.0),
        ms(99.0),
        ms(100.0),
        queries.len() as f64 / seconds,
        hits as f64 / queries.len() as f64,
    );
    Ok(())
}

pub async fn search(config: &Config, bench: &SearchBench) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(42);
    println!(
        "generating {} chefs around {} cities",
        bench.chefs,
        CITIES.len()
    );
    let chefs = generate(&mut rng, bench.chefs);
    let queries = mix(&mut rng, bench.queries);
    let before = memory_mib();

    let folder = tempfile::tempdir()?;
    let embedded = EmbeddedSearch::open(folder.path())?;
    let seconds = index(&embedded, &chefs).await?;
    println!("embedded engine (tantivy, {}):", folder.path().display());
    println!(
        "  indexed {} chefs in {:.1} s ({:.0} chefs/s); index on disk {:.1} MiB",
        chefs.len(),
        seconds,
        chefs.len() as f64 / seconds,
        folder_mib(folder.path())
    );
    let mismatches = check(&embedded, &chefs, &mut rng.clone(), bench.checks).await?;
    println!(
        "  brute-force haversine check: {mismatches} mismatches in {} random geo queries",
        bench.checks
    );
    time(&embedded, &queries).await?;
    if let (Some((rss_before, _)), Some((rss, peak))) = (before, memory_mib()) {
        println!(
            "  memory: resident {rss:.0} MiB ({:+.0} MiB with the chefs, the index and its readers), peak {peak:.0} MiB",
            rss - rss_before
        );
    }

    if let Some(url) = &config.meili_url {
        use secrecy::ExposeSecret;
        let key = config.meili_key.as_ref().map(|key| key.expose_secret());
        let prefix = format!("bench_{}_", uuid::Uuid::new_v4().simple());
        let meili = MeiliSearch::connect(url, key, &prefix).await?;
        let outcome = async {
            let seconds = index(&meili, &chefs).await?;
            println!("meilisearch ({url}):");
            println!(
                "  indexed {} chefs in {:.1} s ({:.0} chefs/s)",
                chefs.len(),
                seconds,
                chefs.len() as f64 / seconds
            );
            let mismatches = check(&meili, &chefs, &mut rng.clone(), bench.checks).await?;
            println!(
                "  brute-force haversine check: {mismatches} mismatches in {} random geo queries",
                bench.checks
            );
            time(&meili, &queries).await
        }
        .await;
        meili.delete_all().await?;
        outcome?;
    } else {
        println!("meilisearch: skipped (set MEILI_URL to measure it too)");
    }
    Ok(())
}
