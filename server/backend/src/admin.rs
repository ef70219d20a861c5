//! What only admins may do: look at jobs that gave up and retry them, read the email outbox,
//! and look after accounts (change a role, suspend and reinstate).

use domain::{
    account::{CurrentUser, Role},
    operations::{validate_suspension_reason, DeadJob, OutboxEmail, UserSummary},
};
use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
    ActiveModelTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::{
    bookings::account_withdrawn,
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    email,
    entities::users,
    jobs::JobQueue,
    search::outbox::{chef_changed, person_changed},
    ServiceError,
};

#[derive(Clone)]
pub struct Admin {
    db: DatabaseConnection,
    clock: Clock,
    queue: JobQueue,
    bus: NotificationBus,
}

pub(crate) fn ensure_admin(user: &CurrentUser) -> Result<(), ServiceError> {
    match user.role {
        Role::Admin => Ok(()),
        _ => Err(ServiceError::Forbidden("Only admins can see this.")),
    }
}

impl Admin {
    pub fn new(deps: &Deps) -> Self {
        Self {
            queue: JobQueue::new(deps.db.clone()),
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
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
        self.queue.retry_dead(job_id, self.clock.now()).await?;
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

    /// Accounts whose name or email contains `text` (everyone without one), newest first,
    /// at most 200.
    pub async fn users(
        &self,
        admin: &CurrentUser,
        text: &str,
    ) -> Result<Vec<UserSummary>, ServiceError> {
        ensure_admin(admin)?;
        let text = text.trim().to_lowercase();
        let mut query = users::Entity::find();
        if !text.is_empty() {
            let escaped = text
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            let contains = |column: users::Column| {
                Expr::expr(Func::lower(Expr::col(column)))
                    .like(LikeExpr::new(pattern.clone()).escape('\\'))
            };
            query = query.filter(
                Condition::any()
                    .add(contains(users::Column::Email))
                    .add(contains(users::Column::DisplayName)),
            );
        }
        Ok(query
            .order_by_desc(users::Column::Id)
            .limit(200)
            .all(&self.db)
            .await?
            .into_iter()
            .map(summary)
            .collect())
    }

    /// Changes an account's role. Admins do not demote themselves: another admin must.
    pub async fn set_role(
        &self,
        admin: &CurrentUser,
        user_id: i64,
        role: Role,
    ) -> Result<UserSummary, ServiceError> {
        ensure_admin(admin)?;
        if user_id == admin.id && role != Role::Admin {
            return Err(ServiceError::Forbidden(
                "Admins do not change their own role; ask another admin.",
            ));
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let user = account_on(&txn, user_id).await?;
        let was_chef = user.role == Role::Chef.as_str();
        let mut changed: users::ActiveModel = user.into();
        changed.role = Set(role.as_str().to_owned());
        changed.updated_at = Set(now);
        let user = changed.update(&txn).await?;
        // The profile is listed only while the account is a chef's.
        chef_changed(&txn, user_id, now).await?;
        person_changed(&txn, user_id, now).await?;
        if was_chef && role != Role::Chef {
            account_withdrawn(&txn, user_id, now).await?;
        }
        txn.commit().await?;
        tracing::info!(
            user_id,
            role = role.as_str(),
            admin = admin.id,
            "role changed"
        );
        Ok(summary(user))
    }

    /// Suspends an account: it can no longer log in, and its sessions stop working.
    pub async fn suspend(
        &self,
        admin: &CurrentUser,
        user_id: i64,
        reason: &str,
    ) -> Result<UserSummary, ServiceError> {
        ensure_admin(admin)?;
        if user_id == admin.id {
            return Err(ServiceError::Forbidden("Admins do not suspend themselves."));
        }
        let reason = validate_suspension_reason(reason)?;
        let txn = begin_write(&self.db).await?;
        let user = suspend_on(&txn, user_id, reason, self.clock.now()).await?;
        txn.commit().await?;
        // Its live streams look again, find the account suspended and end.
        self.bus.publish(user_id);
        tracing::info!(user_id, admin = admin.id, "account suspended");
        Ok(summary(user))
    }

    pub async fn reinstate(
        &self,
        admin: &CurrentUser,
        user_id: i64,
    ) -> Result<UserSummary, ServiceError> {
        ensure_admin(admin)?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let user = account_on(&txn, user_id).await?;
        let mut changed: users::ActiveModel = user.into();
        changed.suspended_at = Set(None);
        changed.suspension_reason = Set(None);
        changed.updated_at = Set(now);
        let user = changed.update(&txn).await?;
        chef_changed(&txn, user_id, now).await?;
        person_changed(&txn, user_id, now).await?;
        txn.commit().await?;
        tracing::info!(user_id, admin = admin.id, "account reinstated");
        Ok(summary(user))
    }
}

/// Suspends an account inside the caller's transaction: it is unlisted and its open
/// bookings are withdrawn with it. The caller publishes to the bus once committed, so the
/// account's live streams end.
pub(crate) async fn suspend_on(
    txn: &impl ConnectionTrait,
    user_id: i64,
    reason: String,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<users::Model, ServiceError> {
    let user = account_on(txn, user_id).await?;
    let mut changed: users::ActiveModel = user.into();
    changed.suspended_at = Set(Some(now));
    changed.suspension_reason = Set(Some(reason));
    changed.updated_at = Set(now);
    let user = changed.update(txn).await?;
    chef_changed(txn, user_id, now).await?;
    person_changed(txn, user_id, now).await?;
    account_withdrawn(txn, user_id, now).await?;
    Ok(user)
}

async fn account_on(db: &impl ConnectionTrait, user_id: i64) -> Result<users::Model, ServiceError> {
    users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Account"))
}

fn summary(user: users::Model) -> UserSummary {
    UserSummary {
        id: user.id,
        role: Role::parse(&user.role).unwrap_or(Role::Customer),
        email: user.email,
        display_name: user.display_name,
        created_at: user.created_at,
        suspended_at: user.suspended_at,
        suspension_reason: user.suspension_reason,
    }
}
