//! The durable job queue (issue 4 groundwork: storage and the claiming protocol; the worker
//! loop, handlers and cron schedules build on it).
//!
//! A job is a row: enqueued in the caller's transaction, so it exists exactly when the change
//! that caused it does. A worker claims due jobs by setting itself as the lease owner until a
//! deadline; PostgreSQL workers skip rows another worker has locked (`FOR UPDATE SKIP LOCKED`),
//! SQLite runs one writer at a time, so its claiming `UPDATE … RETURNING` is atomic as is. A job
//! whose lease ran out (its worker died) is claimable again. Completing or failing a job
//! checks the lease owner, so a worker that lost its lease cannot finish the job a second time.
//!
//! Every call takes `now`: the clock belongs to the caller, and tests move it.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

use crate::{entities::jobs, ServiceError};

pub use crate::entities::jobs::Model as Job;

/// Work to do later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
    pub max_attempts: i32,
    /// Jobs with the same key are enqueued once: the second enqueue is a no-op.
    pub idempotency_key: Option<String>,
}

impl NewJob {
    pub fn now(kind: &str, payload: serde_json::Value, now: DateTime<Utc>) -> Self {
        Self {
            kind: kind.to_owned(),
            payload,
            run_at: now,
            max_attempts: 5,
            idempotency_key: None,
        }
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// Adds a job, on `db` — pass the transaction of the change that causes it. Returns false
/// when a job with the same idempotency key already exists.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let inserted = jobs::Entity::insert(jobs::ActiveModel {
        kind: Set(job.kind),
        payload: Set(job.payload.to_string()),
        state: Set(State::Queued.code().to_owned()),
        run_at: Set(job.run_at),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts.max(1)),
        idempotency_key: Set(job.idempotency_key),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    // A duplicate key is not an error (and must not abort the caller's transaction).
    .on_conflict(
        OnConflict::column(jobs::Column::IdempotencyKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Queued,
    Running,
    Done,
    Dead,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Running => "running",
            State::Done => "done",
            State::Dead => "dead",
        }
    }
}

/// Retry delay after the `attempt`-th failure: 10 s doubling to at most an hour, with
/// "equal jitter" (between half and all of it) so failed jobs do not retry in lockstep.
pub fn backoff(attempt: i32, rng: &mut impl Rng) -> Duration {
    let exponent = attempt.clamp(1, 20) as u32 - 1;
    let ceiling = (10_i64 << exponent.min(12)).min(3600);
    Duration::seconds(ceiling / 2 + rng.gen_range(0..=ceiling / 2))
}

#[derive(Clone)]
pub struct JobQueue {
    db: DatabaseConnection,
}

impl JobQueue {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn enqueue(&self, job: NewJob, now: DateTime<Utc>) -> Result<bool, ServiceError> {
        enqueue(&self.db, job, now).await
    }

    /// Claims up to `limit` due jobs for `worker` until `now + lease`: first jobs whose worker
    /// stopped renewing its lease, then queued ones, oldest due first.
    pub async fn claim(
        &self,
        worker: &str,
        limit: u64,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<Vec<Job>, ServiceError> {
        let backend = self.db.get_database_backend();
        let skip_locked = if backend == DbBackend::Postgres {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        // Each half reads its own partial index in order and stops after `limit` rows; one
        // condition with OR would have to sort every due job first.
        let sql = format!(
            "UPDATE jobs SET state = 'running', lease_owner = $1, lease_expires_at = $2, \
             attempts = attempts + 1, updated_at = $3 \
             WHERE id IN (SELECT id FROM ( \
               SELECT id FROM (SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < $3 \
                 ORDER BY lease_expires_at, id LIMIT $4 {skip_locked}) AS abandoned \
               UNION ALL \
               SELECT id FROM (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3 \
                 ORDER BY run_at, id LIMIT $4 {skip_locked}) AS due \
             ) AS claimable LIMIT $4) \
             RETURNING *"
        );
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    worker.into(),
                    (now + lease).into(),
                    now.into(),
                    (limit as i64).into(),
                ],
            ))
            .await?;
        let mut claimed = rows
            .iter()
            .map(|row| Job::from_query_result(row, ""))
            .collect::<Result<Vec<_>, _>>()?;
        claimed.sort_by_key(|job| (job.run_at, job.id));
        Ok(claimed)
    }

    /// When the next queued job falls due (it may already have), or None when none is queued:
    /// an idle worker sleeps until then rather than a fixed while.
    pub async fn next_due(&self) -> Result<Option<DateTime<Utc>>, ServiceError> {
        Ok(jobs::Entity::find()
            .select_only()
            .column(jobs::Column::RunAt)
            // Written out, not bound: SQLite uses the partial index of queued jobs only for a
            // condition it can see matches.
            .filter(Expr::cust("state = 'queued'"))
            .order_by_asc(jobs::Column::RunAt)
            .into_tuple::<DateTime<Utc>>()
            .one(&self.db)
            .await?)
    }

    /// Extends the lease of a job `worker` still holds; false when it lost it.
    pub async fn heartbeat(
        &self,
        job_id: i64,
        worker: &str,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<bool, ServiceError> {
        let updated = jobs::Entity::update_many()
            .col_expr(jobs::Column::LeaseExpiresAt, (now + lease).into())
            .col_expr(jobs::Column::UpdatedAt, now.into())
            .filter(jobs::Column::Id.eq(job_id))
            .filter(jobs::Column::State.eq(State::Running.code()))
            .filter(jobs::Column::LeaseOwner.eq(worker))
            .exec(&self.db)
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Marks the job done, on `db` — pass the transaction that holds the job's effect, so the
    /// effect and the completion commit together. False (and the caller rolls back) when
    /// `worker` no longer holds the lease: another worker owns the job now.
    pub async fn complete(
        db: &impl ConnectionTrait,
        job_id: i64,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, ServiceError> {
        let updated = jobs::Entity::update_many()
            .col_expr(jobs::Column::State, State::Done.code().into())
            .col_expr(jobs::Column::FinishedAt, now.into())
            .col_expr(jobs::Column::UpdatedAt, now.into())
            .filter(jobs::Column::Id.eq(job_id))
            .filter(jobs::Column::State.eq(State::Running.code()))
            .filter(jobs::Column::LeaseOwner.eq(worker))
            .exec(db)
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Records a failure: the job is retried after [`backoff`], or kept as dead once it has
    /// used all its attempts.
    pub async fn fail(
        &self,
        job_id: i64,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<State, ServiceError> {
        let Some(job) = jobs::Entity::find_by_id(job_id)
            .filter(jobs::Column::LeaseOwner.eq(worker))
            .filter(jobs::Column::State.eq(State::Running.code()))
            .one(&self.db)
            .await?
        else {
            return Err(ServiceError::NotFound("Running job"));
        };
        let state = if job.attempts >= job.max_attempts {
            State::Dead
        } else {
            State::Queued
        };
        let retry_at = now + backoff(job.attempts, &mut rand::thread_rng());
        let mut row: jobs::ActiveModel = job.into();
        row.state = Set(state.code().to_owned());
        row.last_error = Set(Some(error.chars().take(2000).collect()));
        row.lease_owner = Set(None);
        row.lease_expires_at = Set(None);
        row.updated_at = Set(now);
        if state == State::Queued {
            row.run_at = Set(retry_at);
        } else {
            row.finished_at = Set(Some(now));
        }
        row.update(&self.db).await?;
        Ok(state)
    }

    /// Jobs that used up their attempts, newest first: for the admins' list.
    pub async fn dead(&self) -> Result<Vec<Job>, ServiceError> {
        Ok(jobs::Entity::find()
            .filter(jobs::Column::State.eq(State::Dead.code()))
            .order_by_desc(jobs::Column::UpdatedAt)
            .all(&self.db)
            .await?)
    }

    /// Gives a dead job a fresh set of attempts, due now.
    pub async fn retry_dead(&self, job_id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
        let updated = jobs::Entity::update_many()
            .col_expr(jobs::Column::State, State::Queued.code().into())
            .col_expr(jobs::Column::Attempts, 0.into())
            .col_expr(jobs::Column::RunAt, now.into())
            .col_expr(
                jobs::Column::FinishedAt,
                Option::<DateTime<Utc>>::None.into(),
            )
            .col_expr(jobs::Column::UpdatedAt, now.into())
            .filter(jobs::Column::Id.eq(job_id))
            .filter(jobs::Column::State.eq(State::Dead.code()))
            .exec(&self.db)
            .await?;
        if updated.rows_affected == 0 {
            return Err(ServiceError::NotFound("Dead job"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn retries_wait_longer_each_time_within_their_jitter_and_never_over_an_hour() {
        let mut rng = StdRng::seed_from_u64(7);
        for attempt in 1..=30 {
            let ceiling = (10_i64 << (attempt - 1).min(12)).min(3600);
            let wait = backoff(attempt, &mut rng).num_seconds();
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "attempt {attempt}: {wait}s"
            );
        }
        assert!(backoff(20, &mut rng) <= Duration::hours(1));
    }
}
