//! The logged-in person's own lists (saved chefs) and the admins' views of the machinery
//! and the people.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::{
    account::Role,
    operations::{DeadJob, OutboxEmail, UserSummary},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

fn id_in(path: Result<Path<i64>, PathRejection>, what: &'static str) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(domain::AppError::not_found(what)))
}

#[derive(Serialize, ToSchema)]
pub struct SavedChefs {
    /// Most recently saved first.
    pub chef_ids: Vec<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/me/saved-chefs", tag = "saved chefs",
    responses((status = 200, body = SavedChefs), (status = 401, body = ErrorBody))
)]
pub async fn saved_chefs(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<SavedChefs>, ApiError> {
    let chef_ids = state.services.favourites.saved_chef_ids(user.id).await?;
    Ok(Json(SavedChefs { chef_ids }))
}

/// Saves a chef to your favourites; the chef is notified the first time. Saving again is
/// harmless.
#[utoipa::path(
    put, path = "/api/v1/me/saved-chefs/{chef_id}", tag = "saved chefs",
    params(("chef_id" = i64, Path)),
    responses(
        (status = 204, description = "Saved"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Your own profile", body = ErrorBody),
        (status = 404, description = "No such chef", body = ErrorBody),
    )
)]
pub async fn save_chef(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let chef_id = id_in(path, "Chef")?;
    state.services.favourites.save(&user, chef_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/api/v1/me/saved-chefs/{chef_id}", tag = "saved chefs",
    params(("chef_id" = i64, Path)),
    responses((status = 204, description = "No longer saved"), (status = 401, body = ErrorBody))
)]
pub async fn unsave_chef(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let chef_id = id_in(path, "Chef")?;
    state.services.favourites.unsave(&user, chef_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Jobs that used all their attempts, newest first. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/jobs/dead", tag = "admin",
    responses((status = 200, body = Vec<DeadJob>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn dead_jobs(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Vec<DeadJob>>, ApiError> {
    Ok(Json(state.services.admin.dead_jobs(&user).await?))
}

/// Gives a dead job a fresh set of attempts, due now. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/jobs/{id}/retry", tag = "admin",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Queued again"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No dead job with this id", body = ErrorBody),
    )
)]
pub async fn retry_job(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let job_id = id_in(path, "Dead job")?;
    state.services.admin.retry_job(&user, job_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The newest 100 emails, sent or waiting. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/emails", tag = "admin",
    responses((status = 200, body = Vec<OutboxEmail>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn outbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Vec<OutboxEmail>>, ApiError> {
    Ok(Json(state.services.admin.outbox(&user).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Part of a name or an email.
    #[serde(default)]
    pub q: String,
}

/// Accounts whose name or email contains `q`, newest first (at most 200). Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/users", tag = "admin", params(UsersQuery),
    responses((status = 200, body = Vec<UserSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn users(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    query: Result<axum::extract::Query<UsersQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    let axum::extract::Query(query) = query?;
    Ok(Json(state.services.admin.users(&user, &query.q).await?))
}

#[derive(serde::Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

/// Changes an account's role (customer, chef, admin). Admins only, and not their own.
#[utoipa::path(
    put, path = "/api/v1/admin/users/{id}/role", tag = "admin", params(("id" = i64, Path)),
    request_body = RoleChange,
    responses(
        (status = 200, body = UserSummary), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn set_role(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<RoleChange>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<UserSummary>, ApiError> {
    let user_id = id_in(path, "Account")?;
    let Json(change) = body?;
    Ok(Json(
        state
            .services
            .admin
            .set_role(&user, user_id, change.role)
            .await?,
    ))
}

#[derive(serde::Deserialize, ToSchema)]
pub struct SuspensionForm {
    pub reason: String,
}

/// Suspends an account: it cannot log in and its open sessions stop working. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{id}/suspend", tag = "admin", params(("id" = i64, Path)),
    request_body = SuspensionForm,
    responses(
        (status = 200, body = UserSummary), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn suspend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<SuspensionForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<UserSummary>, ApiError> {
    let user_id = id_in(path, "Account")?;
    let Json(form) = body?;
    Ok(Json(
        state
            .services
            .admin
            .suspend(&user, user_id, &form.reason)
            .await?,
    ))
}

/// Lifts a suspension. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{id}/reinstate", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn reinstate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<UserSummary>, ApiError> {
    let user_id = id_in(path, "Account")?;
    Ok(Json(state.services.admin.reinstate(&user, user_id).await?))
}
