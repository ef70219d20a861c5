//! `server bench jobs`: how fast the job queue drains, and how late jobs start.
//!
//! Two phases on the configured database (PostgreSQL is the one that matters):
//! 1. *Backlog*: N no-op jobs, all due now, drained by K workers — jobs/s claimed and completed.
//! 2. *Steady*: jobs due at an even rate over ten seconds (half the backlog throughput), so the
//!    delay from `run_at` to start measures scheduling latency rather than queueing.
//!
//! The jobs use a kind of their own and are deleted afterwards; other workers on the same
//! database would try them and fail, so run it against a database no worker uses.

use super::percentile;
use async_trait::async_trait;
use backend::{
    entities::jobs,
    jobs::Job,
    worker::{JobHandler, Worker},
    DatabaseConnection,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use std::{
    sync::{Arc, Mutex},
    time::Instant,
};

pub struct JobsBench {
    pub jobs: usize,
    pub workers: usize,
    pub batch: u64,
    /// Jobs a worker runs at once; None: the worker's own default for the database.
    pub concurrency: Option<usize>,
}

pub struct PhaseReport {
    pub jobs: usize,
    pub seconds: f64,
    pub delays_ms: Vec<i64>,
}

impl PhaseReport {
    pub fn per_second(&self) -> f64 {
        self.jobs as f64 / self.seconds
    }

    pub fn delay_percentile(&self, p: f64) -> i64 {
        percentile(&self.delays_ms, p)
    }
}

/// Records how late each job started.
struct Stopwatch {
    delays_ms: Mutex<Vec<i64>>,
    started_jobs: tokio::sync::watch::Sender<usize>,
}

#[async_trait]
impl JobHandler for Stopwatch {
    async fn run(&self, job: &Job, _txn: &DatabaseTransaction) -> Result<(), String> {
        let late = (backend::Clock::system().now() - job.run_at)
            .num_milliseconds()
            .max(0);
        let mut delays_ms = self.delays_ms.lock().expect("not poisoned");
        delays_ms.push(late);
        self.started_jobs.send_replace(delays_ms.len());
        Ok(())
    }
}

pub async fn jobs(db: &DatabaseConnection, bench: &JobsBench) -> anyhow::Result<()> {
    let kind = format!("bench.{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    println!(
        "job queue benchmark on {:?}: {} jobs, {} workers, batches of {}, {} jobs at once per worker",
        db.get_database_backend(),
        bench.jobs,
        bench.workers,
        bench.batch,
        bench
            .concurrency
            .unwrap_or(Worker::new(db.clone(), "probe").concurrency),
    );

    let start = backend::Clock::system().now();
    let enqueue_started = Instant::now();
    insert_jobs(db, &kind, bench.jobs, |_| start).await?;
    let enqueue_seconds = enqueue_started.elapsed().as_secs_f64();
    println!(
        "enqueue:  {} jobs in {:.2} s ({:.0} jobs/s, batched inserts)",
        bench.jobs,
        enqueue_seconds,
        bench.jobs as f64 / enqueue_seconds
    );
    let backlog = drain(db, &kind, bench, bench.jobs).await?;
    println!(
        "backlog:  {} jobs claimed and completed in {:.2} s = {:.0} jobs/s; delay from run_at to start p50 {} ms, p99 {} ms (queueing behind the backlog)",
        backlog.jobs,
        backlog.seconds,
        backlog.per_second(),
        backlog.delay_percentile(50.0),
        backlog.delay_percentile(99.0),
    );

    let rate = (backlog.per_second() / 2.0).max(1.0);
    let steady_jobs = ((rate * 10.0) as usize).clamp(1, bench.jobs);
    let first_due = backend::Clock::system().now() + Duration::seconds(1);
    let spacing_us = 1_000_000.0 / rate;
    insert_jobs(db, &kind, steady_jobs, |i| {
        first_due + Duration::microseconds((i as f64 * spacing_us) as i64)
    })
    .await?;
    let steady = drain(db, &kind, bench, steady_jobs).await?;
    println!(
        "steady:   {} jobs due at {:.0}/s; delay from run_at to start p50 {} ms, p99 {} ms, max {} ms (idle workers sleep until the next is due, at most {} ms)",
        steady.jobs,
        rate,
        steady.delay_percentile(50.0),
        steady.delay_percentile(99.0),
        steady.delay_percentile(100.0),
        Worker::new(db.clone(), "probe").idle_wait.as_millis(),
    );

    let removed = jobs::Entity::delete_many()
        .filter(jobs::Column::Kind.eq(&kind))
        .exec(db)
        .await?;
    println!("cleaned up {} benchmark jobs", removed.rows_affected);
    Ok(())
}

async fn insert_jobs(
    db: &DatabaseConnection,
    kind: &str,
    count: usize,
    run_at: impl Fn(usize) -> DateTime<Utc>,
) -> anyhow::Result<()> {
    let now = backend::Clock::system().now();
    let mut next = 0;
    while next < count {
        let chunk = (next..count.min(next + 1000)).map(|i| jobs::ActiveModel {
            kind: Set(kind.to_owned()),
            payload: Set("{}".to_owned()),
            state: Set("queued".to_owned()),
            run_at: Set(run_at(i)),
            attempts: Set(0),
            max_attempts: Set(3),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        jobs::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
        next += 1000;
    }
    Ok(())
}

/// Runs K workers, each as `server worker` runs it (claiming, resting until the next job is
/// due), until `expected` jobs have started; each finishes its pass before it stops.
async fn drain(
    db: &DatabaseConnection,
    kind: &str,
    bench: &JobsBench,
    expected: usize,
) -> anyhow::Result<PhaseReport> {
    let (started_jobs, _) = tokio::sync::watch::channel(0);
    let stopwatch = Arc::new(Stopwatch {
        delays_ms: Mutex::new(Vec::with_capacity(expected)),
        started_jobs,
    });
    let started = Instant::now();
    let mut workers = Vec::new();
    for i in 0..bench.workers {
        let mut worker = Worker::new(db.clone(), format!("bench-{i}"))
            .handle(kind, SharedStopwatch(stopwatch.clone()));
        worker.batch = bench.batch;
        if let Some(concurrency) = bench.concurrency {
            worker.concurrency = concurrency;
        }
        let mut all_started = stopwatch.started_jobs.subscribe();
        workers.push(tokio::spawn(worker.run(async move {
            let _ = all_started.wait_for(|n| *n >= expected).await;
        })));
    }
    for worker in workers {
        worker.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut delays_ms = std::mem::take(&mut *stopwatch.delays_ms.lock().expect("not poisoned"));
    delays_ms.sort_unstable();
    Ok(PhaseReport {
        jobs: delays_ms.len(),
        seconds,
        delays_ms,
    })
}

struct SharedStopwatch(Arc<Stopwatch>);

#[async_trait]
impl JobHandler for SharedStopwatch {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        self.0.run(job, txn).await
    }
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_pick_the_nearest_rank() {
        let delays: Vec<i64> = (1..=100).collect();
        assert_eq!(percentile(&delays, 50.0), 50);
        assert_eq!(percentile(&delays, 99.0), 99);
        assert_eq!(percentile(&delays, 100.0), 100);
        assert_eq!(percentile::<i64>(&[], 99.0), 0);
    }
}
