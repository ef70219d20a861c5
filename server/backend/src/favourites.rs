//! Saved chefs: a customer keeps a list of chefs they like, and the chef hears about it.

use domain::{account::CurrentUser, notifications::Kind};
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::{
    bus::NotificationBus,
    clock::Clock,
    deps::Deps,
    entities::{chef_profiles, saved_chefs},
    notifications::notify,
    ServiceError,
};

#[derive(Clone)]
pub struct Favourites {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
}

impl Favourites {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
        }
    }

    /// Saves the chef for `user`; the chef is notified the first time ever, not again after
    /// an unsave. Saving a saved chef changes nothing. Returns whether it was newly saved.
    pub async fn save(&self, user: &CurrentUser, chef_id: i64) -> Result<bool, ServiceError> {
        if user.id == chef_id {
            return Err(ServiceError::Forbidden("You cannot save your own profile."));
        }
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        if chef_profiles::Entity::find_by_id(chef_id)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(ServiceError::NotFound("Chef"));
        }
        let before = saved_chefs::Entity::find_by_id((user.id, chef_id))
            .one(&txn)
            .await?;
        let first_time = before.is_none();
        let newly_saved = before.as_ref().is_none_or(|row| row.unsaved_at.is_some());
        // An insert that loses a race to a parallel save changes nothing; neither notifies twice.
        let inserted = saved_chefs::Entity::insert(saved_chefs::ActiveModel {
            user_id: Set(user.id),
            chef_id: Set(chef_id),
            created_at: Set(now),
            unsaved_at: Set(None),
        })
        .on_conflict(
            OnConflict::columns([saved_chefs::Column::UserId, saved_chefs::Column::ChefId])
                .update_columns([
                    saved_chefs::Column::CreatedAt,
                    saved_chefs::Column::UnsavedAt,
                ])
                .action_and_where(
                    Expr::col((saved_chefs::Entity, saved_chefs::Column::UnsavedAt)).is_not_null(),
                )
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0;
        let inserted = inserted && first_time;
        let notified = if inserted {
            let content = domain::notifications::chef_saved(&user.display_name);
            notify(&txn, chef_id, Kind::ChefSaved, &content, now).await?
        } else {
            None
        };
        txn.commit().await?;
        if notified.is_some() {
            self.bus.publish(chef_id);
        }
        Ok(newly_saved)
    }

    /// Takes the chef off the list. The row stays, marked, so saving again later is quiet.
    pub async fn unsave(&self, user: &CurrentUser, chef_id: i64) -> Result<(), ServiceError> {
        saved_chefs::Entity::update_many()
            .col_expr(
                saved_chefs::Column::UnsavedAt,
                Expr::value(self.clock.now()),
            )
            .filter(saved_chefs::Column::UserId.eq(user.id))
            .filter(saved_chefs::Column::ChefId.eq(chef_id))
            .filter(saved_chefs::Column::UnsavedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// The ids of the chefs `user_id` saved, most recent first.
    pub async fn saved_chef_ids(&self, user_id: i64) -> Result<Vec<i64>, ServiceError> {
        Ok(saved_chefs::Entity::find()
            .filter(saved_chefs::Column::UserId.eq(user_id))
            .filter(saved_chefs::Column::UnsavedAt.is_null())
            .order_by_desc(saved_chefs::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| row.chef_id)
            .collect())
    }

    pub async fn is_saved(&self, user_id: i64, chef_id: i64) -> Result<bool, ServiceError> {
        Ok(saved_chefs::Entity::find_by_id((user_id, chef_id))
            .one(&self.db)
            .await?
            .is_some_and(|row| row.unsaved_at.is_none()))
    }
}
