//! Server functions behind the chef's kitchen page. Each acts on the logged-in chef's own
//! things (admins edit others' through the JSON API); the backend checks who may do what.

use chrono::NaiveDate;
use domain::{
    availability::{CalendarBlock, WorkingHours},
    catalog::{ChefProfile, Dish, DishForm, Menu, MenuForm},
    chef_profile::ChefProfileForm,
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// What the kitchen page edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kitchen {
    pub chef_id: i64,
    pub display_name: String,
    /// None until the chef first saves their profile.
    pub profile: Option<ChefProfile>,
    /// Upcoming blocks with their private notes.
    pub blocks: Vec<CalendarBlock>,
}

#[server(endpoint = "kitchen/load")]
pub async fn load_kitchen() -> Result<Kitchen, ServerError> {
    use domain::account::Role;
    let (services, user) = super::context::signed_in().await?;
    if user.role == Role::Customer {
        return Err(domain::AppError::new(
            domain::ErrorCode::Forbidden,
            "Become a chef first; then you can set up your kitchen.",
        )
        .into());
    }
    let profile = match services.catalog.workspace_profile(user.id).await {
        Ok(profile) => Some(profile),
        Err(backend::ServiceError::NotFound(_)) => None,
        Err(error) => return Err(error.into()),
    };
    let blocks = match profile {
        Some(_) => {
            services
                .calendar
                .blocks(&user, user.id, services.clock.now())
                .await?
        }
        None => Vec::new(),
    };
    Ok(Kitchen {
        chef_id: user.id,
        display_name: user.display_name,
        profile,
        blocks,
    })
}

#[server(input = Json, endpoint = "kitchen/profile")]
pub async fn save_chef_profile(form: ChefProfileForm) -> Result<ChefProfile, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    services.profiles.save(&user, user.id, &form).await?;
    Ok(services.catalog.workspace_profile(user.id).await?)
}

/// Creates a dish, or replaces dish `dish_id`.
#[server(input = Json, endpoint = "kitchen/dish")]
pub async fn save_dish(dish_id: Option<i64>, form: DishForm) -> Result<Dish, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(match dish_id {
        Some(dish_id) => {
            services
                .menus
                .update_dish(&user, user.id, dish_id, &form)
                .await?
        }
        None => services.menus.create_dish(&user, user.id, &form).await?,
    })
}

#[server(endpoint = "kitchen/dish_delete")]
pub async fn delete_dish(dish_id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.menus.delete_dish(&user, user.id, dish_id).await?)
}

#[server(input = Json, endpoint = "kitchen/menu")]
pub async fn save_menu(form: MenuForm) -> Result<Menu, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.menus.create_menu(&user, user.id, &form).await?)
}

#[server(endpoint = "kitchen/menu_delete")]
pub async fn delete_menu(menu_id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.menus.delete_menu(&user, user.id, menu_id).await?)
}

#[server(endpoint = "kitchen/photo_delete")]
pub async fn delete_photo(photo_id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.photos.delete(&user, user.id, photo_id).await?)
}

#[server(input = Json, endpoint = "kitchen/hours")]
pub async fn save_weekly_hours(hours: Vec<WorkingHours>) -> Result<Vec<WorkingHours>, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services
        .calendar
        .set_weekly_hours(&user, user.id, &hours)
        .await?)
}

/// Blocks whole days in the chef's own time zone.
#[server(input = Json, endpoint = "kitchen/block")]
pub async fn block_days(
    first_day: NaiveDate,
    last_day: NaiveDate,
    reason: String,
) -> Result<CalendarBlock, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services
        .calendar
        .block_days(&user, user.id, first_day, last_day, &reason)
        .await?)
}

#[server(endpoint = "kitchen/block_remove")]
pub async fn remove_block(block_id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services
        .calendar
        .remove_block(&user, user.id, block_id)
        .await?)
}
