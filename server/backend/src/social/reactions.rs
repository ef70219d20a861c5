//! Likes and saves of posts. A like's count is kept on the post in the same transaction as the
//! like itself, so the count a feed shows is always the number of likes.

use domain::{account::CurrentUser, notifications::Kind};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::{
    counts::{bump, take_back},
    visibility::{ensure_visible, live_post},
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{post_likes, posts, saved_posts},
    notifications::notify_grouped,
    throttle::{Throttle, LIKES_PER_ACCOUNT},
    ServiceError,
};

#[derive(Clone)]
pub struct Reactions {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
    throttle: Throttle,
}

impl Reactions {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    /// Likes a post; liking it again changes nothing. Returns the post's like count.
    pub async fn like(&self, reader: &CurrentUser, post_id: i64) -> Result<u32, ServiceError> {
        self.throttle
            .hit(&LIKES_PER_ACCOUNT, &reader.id.to_string())
            .await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let post = live_post(&txn, post_id).await?;
        ensure_visible(&txn, Some(reader), post.author_id).await?;
        let inserted = post_likes::Entity::insert(post_likes::ActiveModel {
            post_id: Set(post_id),
            user_id: Set(reader.id),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([post_likes::Column::PostId, post_likes::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0;
        let mut notified = None;
        if inserted {
            bump::<posts::Entity, _>(
                &txn,
                posts::Column::LikeCount,
                posts::Column::Id,
                post_id,
                1,
            )
            .await?;
            if post.author_id != reader.id {
                notified = notify_grouped(
                    &txn,
                    post.author_id,
                    Kind::PostLiked,
                    &format!("post_liked:{post_id}"),
                    reader.id,
                    |others| {
                        domain::notifications::post_liked(&reader.display_name, post_id, others)
                    },
                    now,
                )
                .await?;
            }
        }
        let count = live_post(&txn, post_id).await?.like_count;
        txn.commit().await?;
        if notified.is_some() {
            self.bus.publish(post.author_id);
        }
        Ok(u32::try_from(count).unwrap_or(0))
    }

    /// Takes a like back; a post not liked is left as it is. Returns the post's like count.
    pub async fn unlike(&self, reader: &CurrentUser, post_id: i64) -> Result<u32, ServiceError> {
        let txn = begin_write(&self.db).await?;
        let post = live_post(&txn, post_id).await?;
        ensure_visible(&txn, Some(reader), post.author_id).await?;
        take_back::<post_likes::Entity, posts::Entity, _>(
            &txn,
            Condition::all()
                .add(post_likes::Column::PostId.eq(post_id))
                .add(post_likes::Column::UserId.eq(reader.id)),
            posts::Column::LikeCount,
            posts::Column::Id,
            post_id,
        )
        .await?;
        let count = live_post(&txn, post_id).await?.like_count;
        txn.commit().await?;
        Ok(u32::try_from(count).unwrap_or(0))
    }

    /// Keeps a post in the reader's saved list (nobody is told).
    pub async fn save(&self, reader: &CurrentUser, post_id: i64) -> Result<(), ServiceError> {
        let post = live_post(&self.db, post_id).await?;
        ensure_visible(&self.db, Some(reader), post.author_id).await?;
        saved_posts::Entity::insert(saved_posts::ActiveModel {
            user_id: Set(reader.id),
            post_id: Set(post_id),
            created_at: Set(self.clock.now()),
        })
        .on_conflict(
            OnConflict::columns([saved_posts::Column::UserId, saved_posts::Column::PostId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    pub async fn unsave(&self, reader: &CurrentUser, post_id: i64) -> Result<(), ServiceError> {
        saved_posts::Entity::delete_many()
            .filter(saved_posts::Column::UserId.eq(reader.id))
            .filter(saved_posts::Column::PostId.eq(post_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
