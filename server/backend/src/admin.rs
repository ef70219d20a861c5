//! What only admins may do: look at jobs that gave up and retry them, read the email outbox.

use chrono::Utc;
use domain::{
    account::{CurrentUser, Role},
    operations::{DeadJob, OutboxEmail},
};
use sea_orm::DatabaseConnection;

use crate::{email, jobs::JobQueue, ServiceError};

#[derive(Clone)]
pub struct Admin {
    db: DatabaseConnection,
    queue: JobQueue,
}

fn ensure_admin(user: &CurrentUser) -> Result<(), ServiceError> {
    match user.role {
        Role::Admin => Ok(()),
        _ => Err(ServiceError::Forbidden("Only admins can see this.")),
    }
}

impl Admin {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            queue: JobQueue::new(db.clone()),
            db,
        }
    }

    pub async fn dead_jobs(&self, user: &CurrentUser) -> Result<Vec<DeadJob>, ServiceError> {
        ensure_admin(user)?;
        Ok(self
            .queue
            .dead()
            .await?
            .into_iter()
            .map(|job| DeadJob {
                id: job.id,
                kind: job.kind,
                attempts: job.attempts,
                last_error: job.last_error,
                created_at: job.created_at,
                failed_at: job.finished_at.unwrap_or(job.updated_at),
            })
            .collect())
    }

    pub async fn retry_job(&self, user: &CurrentUser, job_id: i64) -> Result<(), ServiceError> {
        ensure_admin(user)?;
        self.queue.retry_dead(job_id, Utc::now()).await?;
        tracing::info!(job_id, admin = user.id, "dead job retried");
        Ok(())
    }

    /// The newest 100 emails.
    pub async fn outbox(&self, user: &CurrentUser) -> Result<Vec<OutboxEmail>, ServiceError> {
        ensure_admin(user)?;
        Ok(email::recent(&self.db, 100)
            .await?
            .into_iter()
            .map(|row| OutboxEmail {
                id: row.id,
                to: row.to_address,
                subject: row.subject,
                body: row.body,
                created_at: row.created_at,
                sent_at: row.sent_at,
                via: row.via,
            })
            .collect())
    }
}
