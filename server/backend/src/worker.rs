//! Runs queued jobs: claims a batch, runs each job's handler, keeps the lease alive while it
//! runs, and records the outcome. A handler does its work in the transaction the worker
//! hands it, and the worker completes the job in that same transaction, after checking it
//! still holds the lease: the job's effect and its completion commit together, once. Work
//! that must not hold a transaction (calling a payment provider) goes in the handler's
//! `before`, which runs first and is safe to repeat.

use async_trait::async_trait;
use chrono::Duration;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
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
    pub idle_wait: std::time::Duration,
}

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
        Self {
            id: id.into(),
            queue: JobQueue::new(db.clone()),
            db,
            clock: Clock::system(),
            handlers: Arc::new(HashMap::new()),
            lease: Duration::seconds(20),
            batch: 16,
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

    /// Claims one batch of due jobs and runs them one after another.
    pub async fn run_once(&self) -> Result<Pass, ServiceError> {
        let jobs = self
            .queue
            .claim(&self.id, self.batch, self.lease, self.clock.now())
            .await?;
        let mut pass = Pass::default();
        for job in jobs {
            match self.run_job(&job).await? {
                Outcome::Completed => pass.completed += 1,
                Outcome::Failed => pass.failed += 1,
                Outcome::Lost => pass.lost += 1,
            }
        }
        Ok(pass)
    }

    /// Works until `shutdown` resolves, resting when the queue is empty. A job in progress
    /// is finished before it returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let rest = match self.run_once().await {
                Ok(pass) if pass.completed + pass.failed + pass.lost > 0 => false,
                Ok(_) => true,
                Err(error) => {
                    tracing::error!(%error, worker = self.id, "job queue unavailable");
                    true
                }
            };
            if rest {
                tokio::select! {
                    _ = &mut shutdown => return,
                    _ = tokio::time::sleep(self.idle_wait) => {}
                }
            } else if futures_now_or_never(&mut shutdown) {
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

/// Whether a pinned future is already done, without waiting for it.
fn futures_now_or_never(future: &mut std::pin::Pin<&mut impl Future<Output = ()>>) -> bool {
    let waker = std::task::Waker::noop();
    let mut context = std::task::Context::from_waker(waker);
    future.as_mut().poll(&mut context).is_ready()
}
