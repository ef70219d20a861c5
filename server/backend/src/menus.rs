//! Chefs' dishes and menus. Every change names the chef it belongs to, is allowed only to
//! that chef or an admin, and touches only rows of that chef: a dish id from another chef
//! is "not found", never edited.

use chrono::{DateTime, Utc};
use domain::{
    account::CurrentUser,
    catalog::{Dish, DishForm, Menu, MenuForm, ValidDish},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::{
    authz::ensure_may_edit_chef,
    catalog::{dish_from_row, menus_of},
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{chef_profiles, dishes, menu_dishes, menus, StringList},
    search::outbox::{chef_changed, dish_changed},
    ServiceError,
};

#[derive(Clone)]
pub struct Menus {
    db: DatabaseConnection,
    clock: Clock,
}

impl Menus {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
        }
    }

    pub async fn create_dish(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        form: &DishForm,
    ) -> Result<Dish, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let dish = form.validate().map_err(ServiceError::Invalid)?;
        let currency = chef_currency(&self.db, chef_id).await?;
        let now = self.clock.now();
        let mut row = dishes::ActiveModel {
            chef_id: Set(chef_id),
            currency: Set(currency),
            created_at: Set(now),
            ..Default::default()
        };
        fill_dish(&mut row, dish, self.clock.now());
        let txn = begin_write(&self.db).await?;
        let saved = row.insert(&txn).await?;
        dish_changed(&txn, saved.id, chef_id, now).await?;
        txn.commit().await?;
        tracing::info!(chef_id, dish_id = saved.id, "dish created");
        dish_from_row(saved).ok_or(ServiceError::NotFound("Dish"))
    }

    pub async fn update_dish(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        dish_id: i64,
        form: &DishForm,
    ) -> Result<Dish, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let dish = form.validate().map_err(ServiceError::Invalid)?;
        let txn = begin_write(&self.db).await?;
        let mut row: dishes::ActiveModel = own_dish(&txn, chef_id, dish_id).await?.into();
        fill_dish(&mut row, dish, self.clock.now());
        let saved = row.update(&txn).await?;
        dish_changed(&txn, dish_id, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        dish_from_row(saved).ok_or(ServiceError::NotFound("Dish"))
    }

    /// Removes the dish, and with it its place in any menu.
    pub async fn delete_dish(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        dish_id: i64,
    ) -> Result<(), ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let txn = begin_write(&self.db).await?;
        own_dish(&txn, chef_id, dish_id).await?;
        menu_dishes::Entity::delete_many()
            .filter(menu_dishes::Column::DishId.eq(dish_id))
            .exec(&txn)
            .await?;
        dishes::Entity::delete_by_id(dish_id).exec(&txn).await?;
        dish_changed(&txn, dish_id, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn create_menu(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        form: &MenuForm,
    ) -> Result<Menu, ServiceError> {
        self.write_menu(actor, chef_id, None, form).await
    }

    pub async fn update_menu(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        menu_id: i64,
        form: &MenuForm,
    ) -> Result<Menu, ServiceError> {
        self.write_menu(actor, chef_id, Some(menu_id), form).await
    }

    pub async fn delete_menu(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        menu_id: i64,
    ) -> Result<(), ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let txn = begin_write(&self.db).await?;
        own_menu(&txn, chef_id, menu_id).await?;
        menu_dishes::Entity::delete_many()
            .filter(menu_dishes::Column::MenuId.eq(menu_id))
            .exec(&txn)
            .await?;
        menus::Entity::delete_by_id(menu_id).exec(&txn).await?;
        // The chef's page lists their menus.
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The menu row and its ordered dish list change together or not at all.
    async fn write_menu(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        menu_id: Option<i64>,
        form: &MenuForm,
    ) -> Result<Menu, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let menu = form.validate().map_err(ServiceError::Invalid)?;
        let txn = begin_write(&self.db).await?;
        chef_currency(&txn, chef_id).await?;
        let owned = dishes::Entity::find()
            .filter(dishes::Column::ChefId.eq(chef_id))
            .filter(dishes::Column::Id.is_in(menu.dish_ids.clone()))
            .all(&txn)
            .await?;
        if owned.len() != menu.dish_ids.len() {
            return Err(FieldError::new("dish_ids", "Choose dishes from your own list.").into());
        }
        let now = self.clock.now();
        let mut row = match menu_id {
            Some(menu_id) => own_menu(&txn, chef_id, menu_id).await?.into(),
            None => menus::ActiveModel {
                chef_id: Set(chef_id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.name = Set(menu.name);
        row.description = Set(menu.description);
        row.price_per_guest_minor = Set(menu.price_per_guest_minor);
        row.updated_at = Set(now);
        let saved = match menu_id {
            Some(_) => row.update(&txn).await?,
            None => row.insert(&txn).await?,
        };
        menu_dishes::Entity::delete_many()
            .filter(menu_dishes::Column::MenuId.eq(saved.id))
            .exec(&txn)
            .await?;
        menu_dishes::Entity::insert_many(menu.dish_ids.iter().enumerate().map(
            |(position, dish_id)| menu_dishes::ActiveModel {
                menu_id: Set(saved.id),
                dish_id: Set(*dish_id),
                position: Set(position as i32),
            },
        ))
        .exec(&txn)
        .await?;
        chef_changed(&txn, chef_id, now).await?;
        txn.commit().await?;
        tracing::info!(chef_id, menu_id = saved.id, "menu saved");
        menus_of(&self.db, chef_id)
            .await?
            .into_iter()
            .find(|m| m.id == saved.id)
            .ok_or(ServiceError::NotFound("Menu"))
    }

    /// The chef's dishes in the order they were added.
    pub async fn dishes(&self, chef_id: i64) -> Result<Vec<Dish>, ServiceError> {
        Ok(dishes::Entity::find()
            .filter(dishes::Column::ChefId.eq(chef_id))
            .order_by_asc(dishes::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(dish_from_row)
            .collect())
    }
}

fn fill_dish(row: &mut dishes::ActiveModel, dish: ValidDish, now: DateTime<Utc>) {
    row.name = Set(dish.name);
    row.description = Set(dish.description);
    row.course = Set(dish.course.code().to_owned());
    row.ingredients = Set(StringList(dish.ingredients));
    row.organic = Set(dish.organic);
    row.dietary = Set(dish.dietary.iter().map(|d| d.code()).collect());
    row.allergens = Set(dish.allergens.iter().map(|a| a.code()).collect());
    row.price_per_guest_minor = Set(dish.price_per_guest_minor);
    row.min_guests = Set(i32::from(dish.min_guests));
    row.prep_minutes = Set(i32::from(dish.prep_minutes));
    row.updated_at = Set(now);
}

/// Dishes are priced in the currency of the chef's profile, so the profile comes first.
async fn chef_currency(db: &impl ConnectionTrait, chef_id: i64) -> Result<String, ServiceError> {
    chef_profiles::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .map(|profile| profile.currency)
        .ok_or_else(|| {
            FieldError::new(
                "profile",
                "Save your profile first: dishes are priced in its currency.",
            )
            .into()
        })
}

async fn own_dish(
    db: &impl ConnectionTrait,
    chef_id: i64,
    dish_id: i64,
) -> Result<dishes::Model, ServiceError> {
    dishes::Entity::find_by_id(dish_id)
        .filter(dishes::Column::ChefId.eq(chef_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Dish"))
}

async fn own_menu(
    db: &impl ConnectionTrait,
    chef_id: i64,
    menu_id: i64,
) -> Result<menus::Model, ServiceError> {
    menus::Entity::find_by_id(menu_id)
        .filter(menus::Column::ChefId.eq(chef_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Menu"))
}
