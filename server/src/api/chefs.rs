use axum::extract::{Path, Query, State};
use axum::Json;
use domain::{
    catalog::{ChefCard, ChefProfile},
    paging::{Page, PageRequest},
    rank::Rank,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use web::{ApiError, ErrorBody};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChefQuery {
    /// Keeps chefs whose name, headline or city contains this text (any case).
    q: Option<String>,
    /// Page number, from 1. Default 1.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<i64>,
    /// Items per page, 1 to 100. Default 20.
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<i64>,
}

/// Chefs, page by page, in a stable order.
#[utoipa::path(
    get, path = "/api/v1/chefs", tag = "chefs", params(ChefQuery),
    responses(
        (status = 200, body = Page<ChefCard>),
        (status = 400, description = "Invalid paging; `field` names the parameter", body = ErrorBody),
    )
)]
pub async fn list_chefs(
    State(state): State<AppState>,
    query: Result<Query<ChefQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<ChefCard>>, ApiError> {
    let Query(query) = query?;
    let request = PageRequest::parse(query.page, query.per_page)?;
    let catalog = &state.services.catalog;
    Ok(Json(catalog.chefs(request, query.q.as_deref()).await?))
}

/// One chef's public profile with their dishes.
#[utoipa::path(
    get, path = "/api/v1/chefs/{id}", tag = "chefs",
    params(("id" = i64, Path, description = "The chef's id")),
    responses(
        (status = 200, body = ChefProfile),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn get_chef(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ChefProfile>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError(domain::AppError::not_found("Chef")))?;
    Ok(Json(state.services.catalog.chef_profile(id).await?))
}

/// A chef's rank: the score from 0 to 100, its tier, and every component with the inputs
/// it was computed from and the points it gave (the weights are published at `/rank`).
#[utoipa::path(
    get, path = "/api/v1/chefs/{id}/rank", tag = "chefs",
    params(("id" = i64, Path, description = "The chef's id")),
    responses(
        (status = 200, body = Rank),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn get_rank(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Rank>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError(domain::AppError::not_found("Chef")))?;
    Ok(Json(state.services.ranks.of(id).await?))
}
