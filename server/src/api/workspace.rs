//! What chefs manage, over JSON: profile, dishes, menus, photos, weekly hours and calendar.
//! Every mutating endpoint answers 401 to a logged-out caller and 403 to anyone but the chef
//! themself or an admin; reading the public profile and availability needs no account.

use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection, QueryRejection},
        Multipart, Path, Query, State,
    },
    http::StatusCode,
    Json,
};
use chrono::{DateTime, Utc};
use domain::{
    availability::{Availability, BlockForm, CalendarBlock, WorkingHours},
    catalog::{ChefProfile, Dish, DishForm, Menu, MenuForm},
    chef_profile::ChefProfileForm,
    photos::{Photo, PhotoKind},
    AppError, ErrorCode,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

type Ids<T> = Result<Path<T>, PathRejection>;
type Body<T> = Result<Json<T>, JsonRejection>;

/// Ids in the path that are not numbers name nothing that exists.
fn ids<T>(path: Ids<T>) -> Result<T, ApiError> {
    path.map(|Path(ids)| ids)
        .map_err(|_| ApiError(AppError::not_found("Resource")))
}

/// Saves the chef's profile (created on first save) and returns the public profile.
#[utoipa::path(
    put, path = "/api/v1/chefs/{id}/profile", tag = "chef workspace", request_body = ChefProfileForm,
    params(("id" = i64, Path, description = "The chef's id")),
    responses(
        (status = 200, body = ChefProfile),
        (status = 400, description = "A field is invalid; `field` names it", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn save_profile(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    body: Body<ChefProfileForm>,
) -> Result<Json<ChefProfile>, ApiError> {
    let chef_id = ids(path)?;
    let Json(form) = body?;
    state.services.profiles.save(&actor, chef_id, &form).await?;
    Ok(Json(
        state.services.catalog.workspace_profile(chef_id).await?,
    ))
}

/// Adds a dish, priced in the currency of the chef's profile.
#[utoipa::path(
    post, path = "/api/v1/chefs/{id}/dishes", tag = "chef workspace", request_body = DishForm,
    params(("id" = i64, Path, description = "The chef's id")),
    responses(
        (status = 201, body = Dish),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    )
)]
pub async fn create_dish(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    body: Body<DishForm>,
) -> Result<(StatusCode, Json<Dish>), ApiError> {
    let chef_id = ids(path)?;
    let Json(form) = body?;
    let dish = state
        .services
        .menus
        .create_dish(&actor, chef_id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(dish)))
}

#[utoipa::path(
    put, path = "/api/v1/chefs/{id}/dishes/{dish_id}", tag = "chef workspace", request_body = DishForm,
    params(("id" = i64, Path), ("dish_id" = i64, Path)),
    responses(
        (status = 200, body = Dish),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn update_dish(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
    body: Body<DishForm>,
) -> Result<Json<Dish>, ApiError> {
    let (chef_id, dish_id) = ids(path)?;
    let Json(form) = body?;
    let menus = &state.services.menus;
    Ok(Json(
        menus.update_dish(&actor, chef_id, dish_id, &form).await?,
    ))
}

/// Deletes a dish; menus that held it keep their other dishes.
#[utoipa::path(
    delete, path = "/api/v1/chefs/{id}/dishes/{dish_id}", tag = "chef workspace",
    params(("id" = i64, Path), ("dish_id" = i64, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn delete_dish(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (chef_id, dish_id) = ids(path)?;
    state
        .services
        .menus
        .delete_dish(&actor, chef_id, dish_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a menu from the chef's own dishes, in serving order.
#[utoipa::path(
    post, path = "/api/v1/chefs/{id}/menus", tag = "chef workspace", request_body = MenuForm,
    params(("id" = i64, Path)),
    responses(
        (status = 201, body = Menu),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    )
)]
pub async fn create_menu(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    body: Body<MenuForm>,
) -> Result<(StatusCode, Json<Menu>), ApiError> {
    let chef_id = ids(path)?;
    let Json(form) = body?;
    let menu = state
        .services
        .menus
        .create_menu(&actor, chef_id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(menu)))
}

#[utoipa::path(
    put, path = "/api/v1/chefs/{id}/menus/{menu_id}", tag = "chef workspace", request_body = MenuForm,
    params(("id" = i64, Path), ("menu_id" = i64, Path)),
    responses(
        (status = 200, body = Menu),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn update_menu(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
    body: Body<MenuForm>,
) -> Result<Json<Menu>, ApiError> {
    let (chef_id, menu_id) = ids(path)?;
    let Json(form) = body?;
    let menus = &state.services.menus;
    Ok(Json(
        menus.update_menu(&actor, chef_id, menu_id, &form).await?,
    ))
}

#[utoipa::path(
    delete, path = "/api/v1/chefs/{id}/menus/{menu_id}", tag = "chef workspace",
    params(("id" = i64, Path), ("menu_id" = i64, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn delete_menu(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (chef_id, menu_id) = ids(path)?;
    state
        .services
        .menus
        .delete_menu(&actor, chef_id, menu_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    /// `profile` (replaces the current one) or `gallery`. Default `gallery`.
    #[param(value_type = Option<domain::photos::PhotoKind>)]
    kind: Option<String>,
}

/// Uploads a photo as `multipart/form-data` with the file in the `photo` field. JPEG, PNG or
/// WebP, recognised by content; at most 8 MB. Stored re-encoded without metadata.
#[utoipa::path(
    post, path = "/api/v1/chefs/{id}/photos", tag = "chef workspace",
    params(("id" = i64, Path), PhotoQuery),
    request_body(content_type = "multipart/form-data", description = "The image in a field named `photo`"),
    responses(
        (status = 201, body = Photo),
        (status = 400, description = "Not an accepted image, damaged, or carrying other data", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, description = "Over 8 MB", body = ErrorBody),
    )
)]
pub async fn upload_photo(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    query: Result<Query<PhotoQuery>, QueryRejection>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Photo>), ApiError> {
    let chef_id = ids(path)?;
    let Query(query) = query?;
    let kind = match query.kind.as_deref() {
        None => PhotoKind::Gallery,
        Some(code) => PhotoKind::parse(code).ok_or_else(|| {
            ApiError(
                AppError::new(
                    ErrorCode::Validation,
                    "Choose kind=profile or kind=gallery.",
                )
                .with_field("kind"),
            )
        })?,
    };
    let bytes = photo_field(multipart).await?;
    let photo = state
        .services
        .photos
        .upload(&actor, chef_id, kind, bytes)
        .await?;
    Ok((StatusCode::CREATED, Json(photo)))
}

/// The bytes of the `photo` field; other fields are ignored.
pub(super) async fn photo_field(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<bytes::Bytes, ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError(
            AppError::new(
                ErrorCode::Validation,
                "Send the photo as multipart/form-data, in a field named `photo`.",
            )
            .with_field("photo"),
        )
    })?;
    let too_large = || {
        ApiError(
            AppError::new(
                ErrorCode::TooLarge,
                format!(
                    "The photo is over the {} MB limit.",
                    domain::photos::MAX_PHOTO_BYTES / 1_048_576
                ),
            )
            .with_field("photo"),
        )
    };
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError(
                AppError::new(ErrorCode::Validation, "The upload could not be read.")
                    .with_field("photo"),
            )
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("photo") {
            return field.bytes().await.map_err(unreadable);
        }
    }
    Err(ApiError(
        AppError::new(
            ErrorCode::Validation,
            "Attach the image in a field named `photo`.",
        )
        .with_field("photo"),
    ))
}

#[utoipa::path(
    delete, path = "/api/v1/chefs/{id}/photos/{photo_id}", tag = "chef workspace",
    params(("id" = i64, Path), ("photo_id" = i64, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn delete_photo(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (chef_id, photo_id) = ids(path)?;
    state
        .services
        .photos
        .delete(&actor, chef_id, photo_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the chef's weekly working hours (local time of their home city). An empty list
/// means "any time".
#[utoipa::path(
    put, path = "/api/v1/chefs/{id}/weekly-hours", tag = "chef workspace", request_body = Vec<WorkingHours>,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<WorkingHours>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    )
)]
pub async fn set_weekly_hours(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    body: Body<Vec<WorkingHours>>,
) -> Result<Json<Vec<WorkingHours>>, ApiError> {
    let chef_id = ids(path)?;
    let Json(hours) = body?;
    let calendar = &state.services.calendar;
    Ok(Json(
        calendar.set_weekly_hours(&actor, chef_id, &hours).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Blocks ending after this instant (RFC 3339). Default: now.
    from: Option<DateTime<Utc>>,
}

/// The chef's upcoming blocks, with their private notes: for the chef and admins.
#[utoipa::path(
    get, path = "/api/v1/chefs/{id}/calendar", tag = "chef workspace",
    params(("id" = i64, Path), CalendarQuery),
    responses(
        (status = 200, body = Vec<CalendarBlock>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    )
)]
pub async fn calendar(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    query: Result<Query<CalendarQuery>, QueryRejection>,
) -> Result<Json<Vec<CalendarBlock>>, ApiError> {
    let chef_id = ids(path)?;
    let Query(query) = query?;
    let from = query.from.unwrap_or_else(|| state.services.clock.now());
    Ok(Json(
        state
            .services
            .calendar
            .blocks(&actor, chef_id, from)
            .await?,
    ))
}

/// Blocks a time range. 409 when it overlaps another block or a booking.
#[utoipa::path(
    post, path = "/api/v1/chefs/{id}/calendar", tag = "chef workspace", request_body = BlockForm,
    params(("id" = i64, Path)),
    responses(
        (status = 201, body = CalendarBlock),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Overlaps something already on the calendar", body = ErrorBody),
    )
)]
pub async fn add_block(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<i64>,
    body: Body<BlockForm>,
) -> Result<(StatusCode, Json<CalendarBlock>), ApiError> {
    let chef_id = ids(path)?;
    let Json(form) = body?;
    let block = state
        .services
        .calendar
        .add_block(&actor, chef_id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(block)))
}

#[utoipa::path(
    delete, path = "/api/v1/chefs/{id}/calendar/{block_id}", tag = "chef workspace",
    params(("id" = i64, Path), ("block_id" = i64, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn remove_block(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Ids<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (chef_id, block_id) = ids(path)?;
    state
        .services
        .calendar
        .remove_block(&actor, chef_id, block_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// Start, RFC 3339 (e.g. 2026-12-24T18:00:00Z).
    from: DateTime<Utc>,
    /// End, RFC 3339; at most 14 days after `from`.
    to: DateTime<Utc>,
}

/// Whether the chef is free for the whole span: inside working hours, clear of blocks.
#[utoipa::path(
    get, path = "/api/v1/chefs/{id}/availability", tag = "chefs",
    params(("id" = i64, Path), AvailabilityQuery),
    responses(
        (status = 200, body = Availability),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn availability(
    State(state): State<AppState>,
    path: Ids<i64>,
    query: Result<Query<AvailabilityQuery>, QueryRejection>,
) -> Result<Json<Availability>, ApiError> {
    let chef_id = ids(path)?;
    let Query(query) = query?;
    let calendar = &state.services.calendar;
    Ok(Json(
        calendar.availability(chef_id, query.from, query.to).await?,
    ))
}
