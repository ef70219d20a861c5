//! Blocks: neither side sees the other's posts, comments or profile, and neither can follow or
//! mention the other. A blocked person gets "not found", as if the other had no account.
//! Deleted and hidden posts are not found by anyone.

use domain::account::CurrentUser;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter};

use crate::{
    entities::{blocks, mutes, posts},
    ServiceError,
};

/// Whether either of the two blocked the other.
pub async fn blocked_between<C: ConnectionTrait>(
    db: &C,
    a: i64,
    b: i64,
) -> Result<bool, ServiceError> {
    if a == b {
        return Ok(false);
    }
    let pairs = blocks::Entity::find()
        .filter(
            (blocks::Column::BlockerId
                .eq(a)
                .and(blocks::Column::BlockedId.eq(b)))
            .or(blocks::Column::BlockerId
                .eq(b)
                .and(blocks::Column::BlockedId.eq(a))),
        )
        .count(db)
        .await?;
    Ok(pairs > 0)
}

/// Not found for a viewer on either side of a block with `author_id`; visitors see everything
/// public.
pub async fn ensure_visible<C: ConnectionTrait>(
    db: &C,
    viewer: Option<&CurrentUser>,
    author_id: i64,
) -> Result<(), ServiceError> {
    match viewer {
        Some(viewer) if blocked_between(db, viewer.id, author_id).await? => {
            Err(ServiceError::NotFound("Post"))
        }
        _ => Ok(()),
    }
}

/// Everyone on the other side of a block from `viewer`, to leave out of their lists.
pub async fn hidden_people<C: ConnectionTrait>(
    db: &C,
    viewer: i64,
) -> Result<Vec<i64>, ServiceError> {
    let rows = blocks::Entity::find()
        .filter(
            blocks::Column::BlockerId
                .eq(viewer)
                .or(blocks::Column::BlockedId.eq(viewer)),
        )
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            if row.blocker_id == viewer {
                row.blocked_id
            } else {
                row.blocker_id
            }
        })
        .collect())
}

/// Posts that are neither deleted nor hidden: the only ones any list, page or search shows.
pub fn live_posts() -> sea_orm::Select<posts::Entity> {
    posts::Entity::find()
        .filter(posts::Column::DeletedAt.is_null())
        .filter(posts::Column::HiddenAt.is_null())
}

/// A post that is neither deleted nor hidden, or 404.
pub async fn live_post<C: ConnectionTrait>(
    db: &C,
    post_id: i64,
) -> Result<posts::Model, ServiceError> {
    live_posts()
        .filter(posts::Column::Id.eq(post_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Post"))
}

/// People whose posts `reader` does not see in feeds: both sides of their blocks, and their
/// mutes.
pub async fn unseen_authors<C: ConnectionTrait>(
    db: &C,
    reader: i64,
) -> Result<Vec<i64>, ServiceError> {
    let mut unseen = hidden_people(db, reader).await?;
    unseen.extend(
        mutes::Entity::find()
            .filter(mutes::Column::MuterId.eq(reader))
            .all(db)
            .await?
            .into_iter()
            .map(|mute| mute.muted_id),
    );
    Ok(unseen)
}
