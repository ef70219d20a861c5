//! Notifications: stored by the service that handles an event, in that event's transaction,
//! and read back for the feed, the unread count and replays after a reconnect. Each person
//! chooses per kind whether a notification is shown in the app, also emailed, or dropped.

mod digest;

pub use digest::{DailyDigest, DAILY_DIGEST};

use chrono::{DateTime, Utc};
use domain::notifications::{
    validate_preference, Channel, Kind, Notification, NotificationContent, Preference,
};
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::{
    bus::NotificationBus,
    clock::Clock,
    deps::Deps,
    email,
    entities::{notification_preferences, notifications, users},
    ServiceError,
};

/// Stores a notification on `db` — pass the transaction of the event it tells of — unless
/// the recipient turned this kind off, and queues its email when they asked for one.
/// Returns the notification's id if one was stored; after committing, wake the recipient
/// with [`NotificationBus::publish`].
pub async fn notify(
    db: &impl ConnectionTrait,
    recipient_id: i64,
    kind: Kind,
    content: &NotificationContent,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ServiceError> {
    let channel = channel_for(db, recipient_id, kind).await?;
    if channel == Channel::Off {
        return Ok(None);
    }
    store(db, recipient_id, kind, content, channel, None, now).await
}

/// Like [`notify`], for things that come in numbers (likes on a post, comments on it, new
/// followers): while the recipient has not read the group's last notification, it is
/// replaced by one naming the newest person and counting the others, so the bell says
/// "Ana and 3 others liked your post" once. `content` is given how many others there are.
/// The same person again (a like taken back and given again) tells nothing new.
pub async fn notify_grouped(
    db: &impl ConnectionTrait,
    recipient_id: i64,
    kind: Kind,
    group: &str,
    actor_id: i64,
    content: impl FnOnce(usize) -> NotificationContent,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ServiceError> {
    let channel = channel_for(db, recipient_id, kind).await?;
    if channel == Channel::Off {
        return Ok(None);
    }
    let unread = notifications::Entity::find()
        .filter(notifications::Column::RecipientId.eq(recipient_id))
        .filter(notifications::Column::GroupKey.eq(group))
        .filter(notifications::Column::ReadAt.is_null())
        .order_by_desc(notifications::Column::Id)
        .one(db)
        .await?;
    let mut actors: Vec<i64> = unread
        .as_ref()
        .and_then(|earlier| serde_json::from_str(&earlier.actor_ids).ok())
        .unwrap_or_default();
    if actors.contains(&actor_id) {
        return Ok(None);
    }
    actors.push(actor_id);
    if let Some(earlier) = unread {
        notifications::Entity::delete_by_id(earlier.id)
            .exec(db)
            .await?;
    }
    let content = content(actors.len() - 1);
    store(
        db,
        recipient_id,
        kind,
        &content,
        channel,
        Some((group, &actors)),
        now,
    )
    .await
}

async fn store(
    db: &impl ConnectionTrait,
    recipient_id: i64,
    kind: Kind,
    content: &NotificationContent,
    channel: Channel,
    group: Option<(&str, &[i64])>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ServiceError> {
    let payload = serde_json::to_string(content).expect("notification content serialises");
    let saved = notifications::ActiveModel {
        recipient_id: Set(recipient_id),
        kind: Set(kind.code().to_owned()),
        payload: Set(payload),
        created_at: Set(now),
        group_key: Set(group.map(|(key, _)| key.to_owned())),
        actor_ids: Set(
            serde_json::to_string(&group.map_or(&[][..], |(_, actors)| actors))
                .expect("ids serialise"),
        ),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if channel == Channel::Email {
        let mut body = content.body.clone();
        if let Some(link) = &content.link {
            body.push_str(&format!("\n\nSee it at {link}"));
        }
        email::queue(
            db,
            email::Draft {
                recipient_id,
                subject: content.title.clone(),
                body,
                idempotency_key: format!("notification:{}", saved.id),
            },
            now,
        )
        .await?;
    }
    Ok(Some(saved.id))
}

/// The channel `user_id` chose for `kind`, or the kind's default.
pub async fn channel_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: Kind,
) -> Result<Channel, ServiceError> {
    let stored = notification_preferences::Entity::find_by_id((user_id, kind.code().to_owned()))
        .one(db)
        .await?;
    Ok(effective_channel(
        kind,
        stored.map(|row| row.channel).as_deref(),
    ))
}

/// A stored choice if it is still one the kind allows, else the kind's default.
fn effective_channel(kind: Kind, stored: Option<&str>) -> Channel {
    stored
        .and_then(Channel::from_code)
        .filter(|channel| kind.channels().contains(channel))
        .unwrap_or(kind.default_channel())
}

#[derive(Clone)]
pub struct Notifications {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
}

impl Notifications {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
        }
    }

    pub fn bus(&self) -> &NotificationBus {
        &self.bus
    }

    /// The newest notification's id, or 0: where a live stream starts when the client
    /// has seen nothing yet.
    pub async fn latest_id(&self, user_id: i64) -> Result<i64, ServiceError> {
        let newest = notifications::Entity::find()
            .filter(notifications::Column::RecipientId.eq(user_id))
            .order_by_desc(notifications::Column::Id)
            .one(&self.db)
            .await?;
        Ok(newest.map_or(0, |row| row.id))
    }

    /// Every kind a person can choose for, with their choice (or the default).
    pub async fn preferences(&self, user_id: i64) -> Result<Vec<Preference>, ServiceError> {
        let chosen = notification_preferences::Entity::find()
            .filter(notification_preferences::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?;
        Ok(Kind::choosable()
            .map(|kind| {
                let stored = chosen.iter().find(|row| row.kind == kind.code());
                Preference {
                    kind: kind.code().to_owned(),
                    channel: effective_channel(kind, stored.map(|row| row.channel.as_str())),
                }
            })
            .collect())
    }

    /// Saves the choices sent, all or none: one that is not allowed refuses the lot.
    pub async fn set_preferences(
        &self,
        user_id: i64,
        choices: &[Preference],
    ) -> Result<Vec<Preference>, ServiceError> {
        let valid = choices
            .iter()
            .enumerate()
            .map(|(i, p)| {
                validate_preference(p).map_err(|message| {
                    domain::FieldError::new(format!("preferences[{i}].channel"), message)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let txn = self.db.begin().await?;
        for (kind, channel) in valid {
            notification_preferences::Entity::insert(notification_preferences::ActiveModel {
                user_id: Set(user_id),
                kind: Set(kind.code().to_owned()),
                channel: Set(channel.code().to_owned()),
            })
            .on_conflict(
                OnConflict::columns([
                    notification_preferences::Column::UserId,
                    notification_preferences::Column::Kind,
                ])
                .update_column(notification_preferences::Column::Channel)
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        self.preferences(user_id).await
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
            .col_expr(notifications::Column::ReadAt, Expr::value(self.clock.now()))
            .filter(notifications::Column::RecipientId.eq(user_id))
            .filter(notifications::Column::ReadAt.is_null());
        if let Some(id) = id {
            update = update.filter(notifications::Column::Id.eq(id));
        }
        update.exec(&self.db).await?;
        // The person's other tabs and devices update their unread count.
        self.bus.publish(user_id);
        Ok(())
    }
}

/// Every person with unread notifications from `since` on, with those notifications (newest
/// first): what the daily digest emails.
pub async fn unread_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(users::Model, Vec<Notification>)>, ServiceError> {
    let rows = notifications::Entity::find()
        .filter(notifications::Column::ReadAt.is_null())
        .filter(notifications::Column::CreatedAt.gte(since))
        .filter(notifications::Column::CreatedAt.lt(until))
        .order_by_asc(notifications::Column::RecipientId)
        .order_by_desc(notifications::Column::Id)
        .all(db)
        .await?;
    let mut by_recipient: Vec<(i64, Vec<Notification>)> = Vec::new();
    for row in rows {
        let recipient = row.recipient_id;
        let Some(notification) = notification_from_row(row) else {
            continue;
        };
        match by_recipient.last_mut() {
            Some((id, list)) if *id == recipient => list.push(notification),
            _ => by_recipient.push((recipient, vec![notification])),
        }
    }
    // The recipients in one query, not one per person.
    let mut people: std::collections::HashMap<i64, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(by_recipient.iter().map(|(id, _)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user))
        .collect();
    Ok(by_recipient
        .into_iter()
        .filter_map(|(id, unread)| Some((people.remove(&id)?, unread)))
        .collect())
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
