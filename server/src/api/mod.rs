//! The versioned JSON API (`/api/v1`), described by an OpenAPI 3 document generated from
//! these handlers (`/api/v1/openapi.json`, browsable at `/api/docs`).

mod accounts;
mod chefs;
pub mod error;

use axum::{routing::get, Json, Router};
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Chef Galaxy API", version = "1", description = "Hire private chefs: the catalogue and accounts."),
    paths(
        chefs::list_chefs,
        chefs::get_chef,
        accounts::sign_up,
        accounts::log_in,
        accounts::log_out,
        accounts::me,
        accounts::become_chef,
    ),
    tags(
        (name = "chefs", description = "The public chef catalogue"),
        (name = "accounts", description = "Sign-up, log-in and the session cookie"),
    )
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/chefs", get(chefs::list_chefs))
        .route("/chefs/{id}", get(chefs::get_chef))
        .route("/auth/signup", axum::routing::post(accounts::sign_up))
        .route("/auth/login", axum::routing::post(accounts::log_in))
        .route("/auth/logout", axum::routing::post(accounts::log_out))
        .route("/me", get(accounts::me))
        .route(
            "/me/become-chef",
            axum::routing::post(accounts::become_chef),
        )
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .fallback(|| async { error::ApiError(domain::AppError::not_found("API endpoint")) })
}
