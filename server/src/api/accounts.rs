//! Accounts over JSON. The session lives in an HttpOnly cookie, exactly as for the pages.

use axum::{
    extract::{rejection::JsonRejection, ConnectInfo, State},
    http::StatusCode,
    Json,
};
use domain::account::{CurrentUser, SignupForm};
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;
use utoipa::ToSchema;

use crate::AppState;
use web::{end_session, start_session, ApiError, ErrorBody, SignedIn};

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(
        pattern = "^[A-Za-z0-9_%+-]{1,20}(\\.[A-Za-z0-9_%+-]{1,20}){0,2}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$",
        max_length = 254
    )]
    email: String,
    #[schema(min_length = 1, max_length = 1024)]
    password: String,
}

/// Creates a customer account and logs it in.
#[utoipa::path(
    post, path = "/api/v1/auth/signup", tag = "accounts", request_body = SignupForm,
    responses(
        (status = 201, description = "Created and logged in; sets the session cookie", body = CurrentUser),
        (status = 400, description = "A field is invalid; `field` names it", body = ErrorBody),
        (status = 409, description = "The email already has an account", body = ErrorBody),
        (status = 429, description = "Too many new accounts from this address; try again later", body = ErrorBody),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    session: Session,
    body: Result<Json<SignupForm>, JsonRejection>,
) -> Result<(StatusCode, Json<CurrentUser>), ApiError> {
    let Json(form) = body?;
    let user = state
        .services
        .accounts
        .sign_up_from(client.ip(), &form)
        .await?;
    start_session(&session, &user).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Logs in. Wrong email and wrong password get the same answer.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; sets the session cookie", body = CurrentUser),
        (status = 401, body = ErrorBody),
        (status = 429, description = "Too many attempts from this address, or too many wrong passwords for this email", body = ErrorBody),
    )
)]
pub async fn log_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    session: Session,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<CurrentUser>, ApiError> {
    let Json(login) = body?;
    let user = state
        .services
        .accounts
        .log_in(&login.email, &login.password, client.ip())
        .await?;
    start_session(&session, &user).await?;
    Ok(Json(user))
}

/// Ends the session.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Logged out"))
)]
pub async fn log_out(
    State(state): State<AppState>,
    session: Session,
) -> Result<StatusCode, ApiError> {
    end_session(&session, &state.services).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Turns the logged-in customer into a chef (chefs and admins keep their role).
#[utoipa::path(
    post, path = "/api/v1/me/become-chef", tag = "accounts",
    responses(
        (status = 200, body = CurrentUser),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn become_chef(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<CurrentUser>, ApiError> {
    Ok(Json(state.services.accounts.become_chef(user.id).await?))
}

/// The logged-in account.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, body = CurrentUser),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn me(SignedIn(user): SignedIn) -> Result<Json<CurrentUser>, ApiError> {
    Ok(Json(user))
}
