//! `server bench feed`: the read path of the feeds at scale, to hold the fan-out-on-read design
//! (see `backend::social::feeds`) against its goals: first page p99 ≤ 25 ms and next page p99
//! ≤ 15 ms on PostgreSQL with 10,000 people and 1,000,000 posts.
//!
//! It writes people (who follow each other along a power law: a few are followed by
//! thousands, most by a handful), their posts over the last 60 days with power-law like
//! counts, then times Following and For-you first and next pages for readers drawn at random,
//! posts written through the real service, and the process's memory. Everything it writes is
//! named `bench-{run}`; run it against a database of its own.

use super::percentile;
use backend::{
    entities::{follows, post_tags, posts, users},
    social::posts::NewPost,
    DatabaseConnection, Services,
};
use chrono::Duration;
use domain::account::{CurrentUser, Role};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};
use std::{collections::HashSet, time::Instant};

pub struct FeedBench {
    pub users: usize,
    pub posts: usize,
    /// How many readers to time each page kind for.
    pub reads: usize,
}

const TAGS: [&str; 12] = [
    "ramen",
    "paella",
    "sourdough",
    "pasta",
    "sushi",
    "curry",
    "tacos",
    "brunch",
    "vegan",
    "baking",
    "bbq",
    "dessert",
];

pub async fn feed(
    services: &Services,
    db: &DatabaseConnection,
    bench: &FeedBench,
) -> anyhow::Result<()> {
    let run = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    let mut rng = StdRng::seed_from_u64(19);
    println!(
        "feed benchmark on {:?}: {} people, {} posts, {} timed reads of each page",
        db.get_database_backend(),
        bench.users,
        bench.posts,
        bench.reads
    );

    let started = Instant::now();
    let people = write_people(db, &run, bench.users).await?;
    let follow_count = write_follows(db, &people, &mut rng).await?;
    println!(
        "wrote {} people and {} follows in {:.1} s",
        people.len(),
        follow_count,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    write_posts(db, &people, bench.posts, &mut rng).await?;
    println!(
        "wrote {} posts in {:.1} s",
        bench.posts,
        started.elapsed().as_secs_f64()
    );

    // A live database keeps its planner statistics and visibility map current (autovacuum on
    // PostgreSQL); a bulk load just before the reads has to ask for them, or plans are made
    // for empty tables and no index-only scan can skip the table.
    let refresh = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(refresh).await?;
    let memory_before_reads = resident_kb();
    let readers: Vec<CurrentUser> = (0..bench.reads)
        .map(|_| reader(&people, rng.gen_range(0..people.len())))
        .collect();
    // The floor on this machine in this run: one post read by its key, through the same pool.
    let baseline = {
        let newest = posts::Entity::find()
            .order_by_desc(posts::Column::Id)
            .one(db)
            .await?
            .map_or(1, |post| post.id);
        let mut times = Vec::with_capacity(bench.reads);
        for _ in 0..bench.reads {
            let id = rng.gen_range((newest - bench.posts as i64).max(1)..=newest);
            let clock = Instant::now();
            posts::Entity::find_by_id(id).one(db).await?;
            times.push(clock.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let p50 = percentile(&times, 50.0);
        println!(
            "baseline: one post by key p50 {p50:.3} ms, p99 {:.3} ms; ratios below are to its p50",
            percentile(&times, 99.0)
        );
        p50
    };
    for (name, for_you) in [("Following", false), ("For you", true)] {
        let mut first = Vec::with_capacity(readers.len());
        let mut next = Vec::with_capacity(readers.len());
        for reader in &readers {
            let clock = Instant::now();
            let page = if for_you {
                services.feeds.for_you(Some(reader), None).await?
            } else {
                services.feeds.following(reader, None).await?
            };
            first.push(clock.elapsed().as_secs_f64() * 1000.0);
            if let Some(cursor) = page.next_cursor {
                let clock = Instant::now();
                if for_you {
                    services.feeds.for_you(Some(reader), Some(&cursor)).await?;
                } else {
                    services.feeds.following(reader, Some(&cursor)).await?;
                }
                next.push(clock.elapsed().as_secs_f64() * 1000.0);
            }
        }
        for (page, mut times) in [("first page", first), ("next page", next)] {
            times.sort_by(f64::total_cmp);
            let [p50, p95, p99] = [50.0, 95.0, 99.0].map(|p| percentile(&times, p));
            println!(
                "{name:>9} {page:<10} p50 {p50:6.2} ms ({:.0}×)  p95 {p95:6.2} ms ({:.0}×)  \
                 p99 {p99:6.2} ms ({:.0}×)  ({} reads)",
                p50 / baseline,
                p95 / baseline,
                p99 / baseline,
                times.len()
            );
        }
    }

    // Writing through the service: with fan-out on read a post is one insert (plus its tags),
    // whatever the author's follower count.
    let authors: Vec<CurrentUser> = (0..200).map(|n| reader(&people, n % 20)).collect();
    let clock = Instant::now();
    for (n, author) in authors.iter().enumerate() {
        services
            .posts
            .create(
                author,
                NewPost {
                    text: format!("Bench post {n} #{}", TAGS[n % TAGS.len()]),
                    photos: Vec::new(),
                    dish_id: None,
                    booking_id: None,
                },
            )
            .await?;
    }
    let seconds = clock.elapsed().as_secs_f64();
    println!(
        "posts written through the service by the 20 most-followed people: {:.0} posts/s \
         ({:.0}× the baseline read per post)",
        authors.len() as f64 / seconds,
        seconds * 1000.0 / authors.len() as f64 / baseline
    );
    let memory_after = resident_kb();
    println!(
        "memory: {} (resident {:.2}× what it was before the reads)",
        memory(),
        memory_after as f64 / memory_before_reads.max(1) as f64
    );
    Ok(())
}

/// The benchmark's people, most followed first (index 0 is the most popular).
pub(super) struct Person {
    pub(super) id: i64,
    name: String,
}

fn reader(people: &[Person], n: usize) -> CurrentUser {
    CurrentUser {
        id: people[n].id,
        email: String::new(),
        display_name: people[n].name.clone(),
        role: Role::Customer,
    }
}

pub(super) async fn write_people(
    db: &DatabaseConnection,
    run: &str,
    count: usize,
) -> anyhow::Result<Vec<Person>> {
    let now = backend::Clock::system().now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        users::Entity::insert_many(chunk.iter().map(|n| users::ActiveModel {
            email: Set(format!("bench-{run}-{n}@bench.invalid")),
            display_name: Set(format!("Bench cook {n}")),
            role: Set("customer".into()),
            // Nobody logs in as these: a hash no password matches.
            password_hash: Set("!".into()),
            created_at: Set(now),
            updated_at: Set(now),
            suspended_at: Set(None),
            suspension_reason: Set(None),
            handle: Set(Some(format!("b{run}_{n}"))),
            bio: Set(String::new()),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(users::Entity::find()
        .filter(users::Column::Email.like(format!("bench-{run}-%")))
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|user| Person {
            id: user.id,
            name: user.display_name,
        })
        .collect())
}

/// Each person follows 5 to 200 others (log-uniform), chosen along a Zipf-like law: person k
/// is picked in proportion to 1/(k+1), so a few gather most followers.
async fn write_follows(
    db: &DatabaseConnection,
    people: &[Person],
    rng: &mut StdRng,
) -> anyhow::Result<usize> {
    let now = backend::Clock::system().now();
    let zipf = Zipf::new(people.len());
    let mut rows = Vec::new();
    let mut total = 0;
    for (n, follower) in people.iter().enumerate() {
        let wanted = (5.0 * 40f64.powf(rng.gen::<f64>())) as usize;
        let mut chosen = HashSet::new();
        while chosen.len() < wanted.min(people.len() - 1) {
            let k = zipf.pick(rng);
            if k != n {
                chosen.insert(k);
            }
        }
        for k in chosen {
            rows.push(follows::ActiveModel {
                follower_id: Set(follower.id),
                followee_id: Set(people[k].id),
                created_at: Set(now),
            });
        }
        if rows.len() >= 2000 {
            total += rows.len();
            follows::Entity::insert_many(std::mem::take(&mut rows))
                .exec_without_returning(db)
                .await?;
        }
    }
    total += rows.len();
    if !rows.is_empty() {
        follows::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(total)
}

/// Posts over the last 60 days; the popular post more (authors drawn along the same law),
/// likes along a power law.
async fn write_posts(
    db: &DatabaseConnection,
    people: &[Person],
    count: usize,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let now = backend::Clock::system().now();
    let zipf = Zipf::new(people.len());
    let mut written = 0;
    while written < count {
        let batch = (count - written).min(1000);
        let mut rows = Vec::with_capacity(batch);
        let mut tags = Vec::with_capacity(batch);
        for _ in 0..batch {
            let author = &people[if rng.gen_bool(0.5) {
                zipf.pick(rng)
            } else {
                rng.gen_range(0..people.len())
            }];
            let created_at = now - Duration::seconds(rng.gen_range(0..60 * 86_400));
            let likes = (rng.gen::<f64>().powi(4) * 500.0) as i32;
            let tag = TAGS[rng.gen_range(0..TAGS.len())];
            let text = format!("What I cooked today #{tag}");
            rows.push(posts::ActiveModel {
                author_id: Set(author.id),
                body_html: Set(format!("<p>{text}</p>")),
                text: Set(text),
                dish_id: Set(None),
                booking_id: Set(None),
                like_count: Set(likes),
                comment_count: Set(likes / 5),
                created_at: Set(created_at),
                edited_at: Set(None),
                deleted_at: Set(None),
                hidden_at: Set(None),
                hidden_reason: Set(None),
                ..Default::default()
            });
            tags.push((tag, created_at));
        }
        let last_id = posts::Entity::insert_many(rows)
            .exec(db)
            .await?
            .last_insert_id
            .ok_or_else(|| anyhow::anyhow!("the database gave no id for the inserted posts"))?;
        // One statement's rows get consecutive ids: nothing else writes posts meanwhile.
        let first_id = last_id - batch as i64 + 1;
        post_tags::Entity::insert_many(tags.into_iter().enumerate().map(
            |(n, (tag, created_at))| post_tags::ActiveModel {
                post_id: Set(first_id + n as i64),
                tag: Set(tag.to_owned()),
                created_at: Set(created_at),
            },
        ))
        .exec_without_returning(db)
        .await?;
        written += batch;
    }
    Ok(())
}

/// Picks index k of n with probability proportional to 1/(k+1).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / k as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, rng: &mut StdRng) -> usize {
        let target = rng.gen::<f64>() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|&sum| sum < target)
            .min(self.cumulative.len() - 1)
    }
}

/// Resident memory of this process in kB, from /proc (0 where there is no /proc).
pub(super) fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resident and peak memory of this process, from /proc.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .map(|line| line[name.len()..].trim().to_owned())
            .unwrap_or_else(|| "unknown".into())
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}
