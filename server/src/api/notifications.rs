//! The logged-in person's notifications: the feed with its unread count, and marking read.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::notifications::Notification;
use serde::Serialize;
use tower_sessions::Session;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use crate::AppState;
use app::api::accounts::logged_in_user_id;

#[derive(Serialize, ToSchema)]
pub struct Feed {
    pub unread: u64,
    /// Newest first, at most 50.
    pub items: Vec<Notification>,
}

#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = Feed), (status = 401, body = ErrorBody))
)]
pub async fn feed(State(state): State<AppState>, session: Session) -> Result<Json<Feed>, ApiError> {
    let user_id = logged_in_user_id(&session).await?;
    let notifications = &state.services.notifications;
    Ok(Json(Feed {
        unread: notifications.unread_count(user_id).await?,
        items: notifications.feed(user_id, 50).await?,
    }))
}

#[utoipa::path(
    post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Marked read"),
        (status = 401, body = ErrorBody), (status = 404, description = "Not one of yours", body = ErrorBody),
    )
)]
pub async fn mark_read(
    State(state): State<AppState>,
    session: Session,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let user_id = logged_in_user_id(&session).await?;
    let Path(id) = path.map_err(|_| ApiError(domain::AppError::not_found("Notification")))?;
    state.services.notifications.mark_read(user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/notifications/read-all", tag = "notifications",
    responses((status = 204, description = "All marked read"), (status = 401, body = ErrorBody))
)]
pub async fn mark_all_read(
    State(state): State<AppState>,
    session: Session,
) -> Result<StatusCode, ApiError> {
    let user_id = logged_in_user_id(&session).await?;
    state.services.notifications.mark_all_read(user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
