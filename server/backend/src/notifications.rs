//! Notifications: stored by the service that handles an event, in that event's transaction,
//! and read back for the feed, the unread count and replays after a reconnect.

use chrono::{DateTime, Utc};
use domain::notifications::{Notification, NotificationContent};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::{entities::notifications, ServiceError};

/// Stores a notification on `db` — pass the transaction of the event it tells of.
pub async fn notify(
    db: &impl ConnectionTrait,
    recipient_id: i64,
    kind: &str,
    content: &NotificationContent,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let payload = serde_json::to_string(content).expect("notification content serialises");
    let saved = notifications::ActiveModel {
        recipient_id: Set(recipient_id),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(saved.id)
}

#[derive(Clone)]
pub struct Notifications {
    db: DatabaseConnection,
}

impl Notifications {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// The newest notifications first, at most `limit`.
    pub async fn feed(&self, user_id: i64, limit: u64) -> Result<Vec<Notification>, ServiceError> {
        let rows = notifications::Entity::find()
            .filter(notifications::Column::RecipientId.eq(user_id))
            .order_by_desc(notifications::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(notification_from_row).collect())
    }

    /// Notifications after `after_id`, oldest first: what a reconnecting client missed.
    pub async fn after(
        &self,
        user_id: i64,
        after_id: i64,
    ) -> Result<Vec<Notification>, ServiceError> {
        let rows = notifications::Entity::find()
            .filter(notifications::Column::RecipientId.eq(user_id))
            .filter(notifications::Column::Id.gt(after_id))
            .order_by_asc(notifications::Column::Id)
            .limit(500)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(notification_from_row).collect())
    }

    pub async fn unread_count(&self, user_id: i64) -> Result<u64, ServiceError> {
        Ok(notifications::Entity::find()
            .filter(notifications::Column::RecipientId.eq(user_id))
            .filter(notifications::Column::ReadAt.is_null())
            .count(&self.db)
            .await?)
    }

    /// Marks one of the user's notifications read; someone else's is "not found".
    pub async fn mark_read(&self, user_id: i64, id: i64) -> Result<(), ServiceError> {
        let found = notifications::Entity::find_by_id(id)
            .filter(notifications::Column::RecipientId.eq(user_id))
            .count(&self.db)
            .await?;
        if found == 0 {
            return Err(ServiceError::NotFound("Notification"));
        }
        self.mark(user_id, Some(id)).await
    }

    pub async fn mark_all_read(&self, user_id: i64) -> Result<(), ServiceError> {
        self.mark(user_id, None).await
    }

    async fn mark(&self, user_id: i64, id: Option<i64>) -> Result<(), ServiceError> {
        let mut update = notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notifications::Column::RecipientId.eq(user_id))
            .filter(notifications::Column::ReadAt.is_null());
        if let Some(id) = id {
            update = update.filter(notifications::Column::Id.eq(id));
        }
        update.exec(&self.db).await?;
        Ok(())
    }
}

fn notification_from_row(row: notifications::Model) -> Option<Notification> {
    let content = serde_json::from_str(&row.payload)
        .map_err(|error| tracing::error!(%error, id = row.id, "unreadable notification"))
        .ok()?;
    Some(Notification {
        id: row.id,
        kind: row.kind,
        content,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    })
}
