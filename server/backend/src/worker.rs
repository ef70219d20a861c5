//! Runs queued jobs: claims a batch, runs each job's handler, keeps the lease alive while it
//! runs, and records the outcome. A handler does its work in the transaction the worker
//! hands it, and the worker completes the job in that same transaction, after checking it
//! still holds the lease: the job's effect and its completion commit together, once. Work
//! that must not hold a transaction (calling a payment provider) goes in the handler's
//! `before`, which runs first and is safe to repeat.
//!
//! The jobs of a batch run side by side, each in its own transaction, so on PostgreSQL their
//! commits overlap and one flush of the log carries several. An idle worker sleeps until the next
//! queued job is due, at most `idle_wait`, so a job scheduled for a moment starts at that moment.

use async_trait::async_trait;
use chrono::Duration;
use futures::{stream, FutureExt, StreamExt};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend};
use std::{collections::HashMap, future::Future, sync::Arc};

use crate::{
    clock::Clock,
    db::begin_write,
    jobs::{Job, JobQueue},
    ServiceError,
};

/// The code that runs jobs of one kind.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// Work before the job's transaction begins, holding none: calls to another service
    /// (a card network) that must not keep every writer waiting. It opens its own short
    /// transactions and must be safe to repeat, since the job may run again after it.
    async fn before(&self, _job: &Job) -> Result<(), String> {
        Ok(())
    }

    /// Does the job's work on `txn`. An error is recorded and the job retried later.
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String>;
}

#[derive(Clone)]
pub struct Worker {
    id: String,
    db: DatabaseConnection,
    queue: JobQueue,
    clock: Clock,
    handlers: Arc<HashMap<String, Arc<dyn JobHandler>>>,
    /// How long a claim lasts without a heartbeat: a job whose worker died is picked up
    /// again this long after its last sign of life.
    pub lease: Duration,
    pub batch: u64,
    /// How many jobs of a batch run at once. SQLite has one writer, so one there.
    pub concurrency: usize,
    /// The longest an idle worker sleeps before it looks again: how late a job enqueued while it
    /// sleeps can start, and how soon an abandoned lease is noticed after it runs out.
    pub idle_wait: std::time::Duration,
}

/// The shortest rest: when a due job is being claimed by another worker, look again soon
/// rather than spin.
const MIN_REST: std::time::Duration = std::time::Duration::from_millis(5);

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub completed: usize,
    pub failed: usize,
    /// Jobs this worker lost to another (its lease ran out while it worked).
    pub lost: usize,
}

impl Worker {
    pub fn new(db: DatabaseConnection, id: impl Into<String>) -> Self {
        let concurrency = match db.get_database_backend() {
            DbBackend::Sqlite => 1,
            _ => 4,
        };
        Self {
            id: id.into(),
            queue: JobQueue::new(db.clone()),
            db,
            clock: Clock::system(),
            handlers: Arc::new(HashMap::new()),
            lease: Duration::seconds(20),
            batch: 16,
            concurrency,
            idle_wait: std::time::Duration::from_millis(500),
        }
    }

    /// Runs jobs when `clock` says they are due (an adjustable clock in tests).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn handle(mut self, kind: &str, handler: impl JobHandler + 'static) -> Self {
        Arc::make_mut(&mut self.handlers).insert(kind.to_owned(), Arc::new(handler));
        self
    }

    /// Claims one batch of due jobs and runs them, `concurrency` at a time.
    pub async fn run_once(&self) -> Result<Pass, ServiceError> {
        let jobs = self
            .queue
            .claim(&self.id, self.batch, self.lease, self.clock.now())
            .await?;
        // Every job runs to its end even when another's bookkeeping fails; the first error is
        // reported after.
        // The futures are made first (they start when polled): a closure in the stream would
        // make the worker's future too general for the compiler to prove it `Send`.
        let runs: Vec<_> = jobs.iter().map(|job| self.run_job(job)).collect();
        let outcomes: Vec<_> = stream::iter(runs)
            .buffer_unordered(self.concurrency.max(1))
            .collect()
            .await;
        let mut pass = Pass::default();
        for outcome in outcomes {
            match outcome? {
                Outcome::Completed => pass.completed += 1,
                Outcome::Failed => pass.failed += 1,
                Outcome::Lost => pass.lost += 1,
            }
        }
        Ok(pass)
    }

    /// How long to sleep after a pass found nothing due: until the next queued job is due,
    /// between [`MIN_REST`] and `idle_wait`.
    pub async fn rest(&self) -> std::time::Duration {
        match self.queue.next_due().await {
            Ok(Some(due)) => (due - self.clock.now())
                .to_std()
                .unwrap_or_default()
                .clamp(MIN_REST, self.idle_wait.max(MIN_REST)),
            Ok(None) => self.idle_wait,
            Err(error) => {
                tracing::warn!(%error, worker = self.id, "could not read when the next job is due");
                self.idle_wait
            }
        }
    }

    /// Works until `shutdown` resolves, resting when the queue is empty. A job in progress
    /// is finished before it returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let rest = match self.run_once().await {
                Ok(pass) if pass.completed + pass.failed + pass.lost > 0 => None,
                Ok(_) => Some(self.rest().await),
                Err(error) => {
                    tracing::error!(%error, worker = self.id, "job queue unavailable");
                    Some(self.idle_wait)
                }
            };
            if let Some(rest) = rest {
                tokio::select! {
                    _ = &mut shutdown => return,
                    _ = tokio::time::sleep(rest) => {}
                }
            } else if shutdown.as_mut().now_or_never().is_some() {
                return;
            }
        }
    }

    async fn run_job(&self, job: &Job) -> Result<Outcome, ServiceError> {
        let Some(handler) = self.handlers.get(&job.kind).cloned() else {
            let error = format!("no handler for jobs of kind {:?}", job.kind);
            self.queue
                .fail(job.id, &self.id, &error, self.clock.now())
                .await?;
            return Ok(Outcome::Failed);
        };
        // Heartbeats keep the lease while the handler runs, at a third of its length.
        let heartbeat = {
            let (queue, id, lease, job_id, clock) = (
                self.queue.clone(),
                self.id.clone(),
                self.lease,
                job.id,
                self.clock.clone(),
            );
            tokio::spawn(async move {
                let every = (lease / 3)
                    .to_std()
                    .unwrap_or(std::time::Duration::from_secs(5));
                loop {
                    tokio::time::sleep(every).await;
                    match queue.heartbeat(job_id, &id, lease, clock.now()).await {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(error) => tracing::warn!(%error, job_id, "heartbeat failed"),
                    }
                }
            })
        };
        let outcome = self.run_in_transaction(handler.as_ref(), job).await;
        heartbeat.abort();
        match outcome {
            Ok(true) => Ok(Outcome::Completed),
            Ok(false) => {
                tracing::warn!(
                    job_id = job.id,
                    worker = self.id,
                    "lease lost; another worker has the job"
                );
                Ok(Outcome::Lost)
            }
            Err(error) => {
                tracing::warn!(job_id = job.id, kind = job.kind, error, "job failed");
                self.queue
                    .fail(job.id, &self.id, &error, self.clock.now())
                    .await?;
                Ok(Outcome::Failed)
            }
        }
    }

    /// Ok(true): done and committed. Ok(false): the lease was lost, nothing committed.
    async fn run_in_transaction(
        &self,
        handler: &dyn JobHandler,
        job: &Job,
    ) -> Result<bool, String> {
        handler.before(job).await?;
        // Handlers write: on SQLite, take the write lock at once rather than fail upgrading.
        let txn = begin_write(&self.db).await.map_err(|e| e.to_string())?;
        handler.run(job, &txn).await?;
        let still_ours = JobQueue::complete(&txn, job.id, &self.id, self.clock.now())
            .await
            .map_err(|e| e.to_string())?;
        if still_ours {
            txn.commit().await.map_err(|e| e.to_string())?;
        } else {
            txn.rollback().await.map_err(|e| e.to_string())?;
        }
        Ok(still_ours)
    }
}

enum Outcome {
    Completed,
    Failed,
    Lost,
}
