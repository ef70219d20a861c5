//! Who follows, blocks and mutes whom. A block ends follows both ways and stops new ones; a
//! mute only keeps the muted person's posts out of the muter's feeds, and they are not told.

use domain::{
    account::CurrentUser,
    notifications::Kind,
    rank::Tier,
    social::{posts::Profile, Handle},
};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    ExprTrait, PaginatorTrait, QueryFilter, Set,
};

use super::{views::people, visibility::blocked_between};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{blocks, chef_ranks, follows, mutes, users},
    notifications::notify_grouped,
    throttle::{Throttle, FOLLOWS_PER_ACCOUNT},
    ServiceError,
};

#[derive(Clone)]
pub struct SocialGraph {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
    throttle: Throttle,
}

/// Followers and following of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowCounts {
    pub followers: u64,
    pub following: u64,
}

impl SocialGraph {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    /// Follows `handle`; following someone already followed changes nothing and tells nobody
    /// again. Returns whether the follow is new.
    pub async fn follow(&self, follower: &CurrentUser, handle: &str) -> Result<bool, ServiceError> {
        let followee = person_by_handle(&self.db, Some(follower), handle).await?;
        if followee.id == follower.id {
            return Err(ServiceError::Forbidden("You cannot follow yourself."));
        }
        self.throttle
            .hit(&FOLLOWS_PER_ACCOUNT, &follower.id.to_string())
            .await?;
        let follower_handle = profile_handle(follower.id, &self.db).await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let inserted = follows::Entity::insert(follows::ActiveModel {
            follower_id: Set(follower.id),
            followee_id: Set(followee.id),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([follows::Column::FollowerId, follows::Column::FolloweeId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0;
        let notified = if inserted {
            notify_grouped(
                &txn,
                followee.id,
                Kind::Followed,
                "followed",
                follower.id,
                |others| {
                    domain::notifications::followed(
                        &follower.display_name,
                        &follower_handle,
                        others,
                    )
                },
                now,
            )
            .await?
        } else {
            None
        };
        txn.commit().await?;
        if notified.is_some() {
            self.bus.publish(followee.id);
        }
        Ok(inserted)
    }

    pub async fn unfollow(&self, follower: &CurrentUser, handle: &str) -> Result<(), ServiceError> {
        let followee = person_by_handle(&self.db, Some(follower), handle).await?;
        follows::Entity::delete_many()
            .filter(follows::Column::FollowerId.eq(follower.id))
            .filter(follows::Column::FolloweeId.eq(followee.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Blocks `handle`: follows between the two end both ways, and neither sees the other.
    pub async fn block(&self, blocker: &CurrentUser, handle: &str) -> Result<(), ServiceError> {
        let blocked = person_by_handle(&self.db, Some(blocker), handle).await?;
        if blocked.id == blocker.id {
            return Err(ServiceError::Forbidden("You cannot block yourself."));
        }
        let txn = begin_write(&self.db).await?;
        blocks::Entity::insert(blocks::ActiveModel {
            blocker_id: Set(blocker.id),
            blocked_id: Set(blocked.id),
            created_at: Set(self.clock.now()),
        })
        .on_conflict(
            OnConflict::columns([blocks::Column::BlockerId, blocks::Column::BlockedId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        follows::Entity::delete_many()
            .filter(
                (follows::Column::FollowerId
                    .eq(blocker.id)
                    .and(follows::Column::FolloweeId.eq(blocked.id)))
                .or(follows::Column::FollowerId
                    .eq(blocked.id)
                    .and(follows::Column::FolloweeId.eq(blocker.id))),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(
            blocker_id = blocker.id,
            blocked_id = blocked.id,
            "person blocked"
        );
        Ok(())
    }

    /// Lifts a block. The person blocked is found by handle even though they cannot see the
    /// blocker: only the blocker may lift it.
    pub async fn unblock(&self, blocker: &CurrentUser, handle: &str) -> Result<(), ServiceError> {
        let blocked = person_by_handle(&self.db, None, handle).await?;
        blocks::Entity::delete_many()
            .filter(blocks::Column::BlockerId.eq(blocker.id))
            .filter(blocks::Column::BlockedId.eq(blocked.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn mute(&self, muter: &CurrentUser, handle: &str) -> Result<(), ServiceError> {
        let muted = person_by_handle(&self.db, Some(muter), handle).await?;
        mutes::Entity::insert(mutes::ActiveModel {
            muter_id: Set(muter.id),
            muted_id: Set(muted.id),
            created_at: Set(self.clock.now()),
        })
        .on_conflict(
            OnConflict::columns([mutes::Column::MuterId, mutes::Column::MutedId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    pub async fn unmute(&self, muter: &CurrentUser, handle: &str) -> Result<(), ServiceError> {
        let muted = person_by_handle(&self.db, None, handle).await?;
        mutes::Entity::delete_many()
            .filter(mutes::Column::MuterId.eq(muter.id))
            .filter(mutes::Column::MutedId.eq(muted.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn counts(&self, person_id: i64) -> Result<FollowCounts, ServiceError> {
        Ok(FollowCounts {
            followers: follows::Entity::find()
                .filter(follows::Column::FolloweeId.eq(person_id))
                .count(&self.db)
                .await?,
            following: follows::Entity::find()
                .filter(follows::Column::FollowerId.eq(person_id))
                .count(&self.db)
                .await?,
        })
    }

    /// A person's page as `viewer` sees it; 404 across a block or for a suspended account.
    pub async fn profile(
        &self,
        viewer: Option<&CurrentUser>,
        handle: &str,
    ) -> Result<Profile, ServiceError> {
        let person = person_by_handle(&self.db, viewer, handle).await?;
        let counts = self.counts(person.id).await?;
        let followed_by_you = match viewer {
            Some(viewer) if viewer.id != person.id => {
                self.is_following(viewer.id, person.id).await?
            }
            _ => false,
        };
        let chef_tier = chef_ranks::Entity::find_by_id(person.id)
            .one(&self.db)
            .await?
            .and_then(|rank| Tier::parse(&rank.tier));
        let bio = person.bio.clone();
        let mut people = people(&self.db, [person.id].into_iter().collect()).await?;
        Ok(Profile {
            person: people
                .remove(&person.id)
                .ok_or(ServiceError::NotFound("Person"))?,
            bio,
            followers: counts.followers,
            following: counts.following,
            followed_by_you,
            chef_tier,
        })
    }

    pub async fn is_following(
        &self,
        follower_id: i64,
        followee_id: i64,
    ) -> Result<bool, ServiceError> {
        Ok(follows::Entity::find_by_id((follower_id, followee_id))
            .one(&self.db)
            .await?
            .is_some())
    }
}

/// The account behind `handle`, or 404: also when `viewer` and it are on two sides of a block,
/// or the account is suspended.
pub async fn person_by_handle<C: ConnectionTrait>(
    db: &C,
    viewer: Option<&CurrentUser>,
    handle: &str,
) -> Result<users::Model, ServiceError> {
    let handle = Handle::parse(handle).map_err(|_| ServiceError::NotFound("Person"))?;
    let person = users::Entity::find()
        .filter(users::Column::Handle.eq(handle.as_str()))
        .filter(users::Column::SuspendedAt.is_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Person"))?;
    if let Some(viewer) = viewer {
        if blocked_between(db, viewer.id, person.id).await? {
            return Err(ServiceError::NotFound("Person"));
        }
    }
    Ok(person)
}

async fn profile_handle(user_id: i64, db: &DatabaseConnection) -> Result<String, ServiceError> {
    Ok(users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .and_then(|user| user.handle)
        .unwrap_or_default())
}
