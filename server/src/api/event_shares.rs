//! "From a real event": each side of a booking that has taken place agrees, or stops agreeing,
//! to show it on posts; the author's composer lists the events both sides agreed to show.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    Json,
};
use domain::social::posts::{EventRef, EventSharing};

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

fn booking_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(domain::AppError::not_found("Booking")))
}

/// Whether the event is shown on posts: who agreed so far.
#[utoipa::path(
    get, path = "/api/v1/bookings/{id}/share", tag = "social", params(("id" = i64, Path)),
    responses(
        (status = 200, body = EventSharing), (status = 401, body = ErrorBody),
        (status = 404, description = "Not one of your bookings", body = ErrorBody),
    )
)]
pub async fn sharing(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<EventSharing>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(
        state.services.event_shares.sharing(&viewer, id).await?,
    ))
}

/// Agrees to show the event on posts; it is shown once the other side agrees too.
#[utoipa::path(
    put, path = "/api/v1/bookings/{id}/share", tag = "social", params(("id" = i64, Path)),
    responses(
        (status = 200, body = EventSharing),
        (status = 400, description = "The event has not taken place yet", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Not one of your bookings", body = ErrorBody),
    )
)]
pub async fn agree(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<EventSharing>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.event_shares.agree(&viewer, id).await?))
}

/// Stops showing the event: posts that link it lose the "from a real event" badge.
#[utoipa::path(
    delete, path = "/api/v1/bookings/{id}/share", tag = "social", params(("id" = i64, Path)),
    responses(
        (status = 200, body = EventSharing), (status = 401, body = ErrorBody),
        (status = 404, description = "Not one of your bookings", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<EventSharing>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(
        state.services.event_shares.withdraw(&viewer, id).await?,
    ))
}

/// The reader's events both sides agreed to show, newest first, to link from a post.
#[utoipa::path(
    get, path = "/api/v1/me/shown-events", tag = "social",
    responses((status = 200, body = Vec<EventRef>), (status = 401, body = ErrorBody))
)]
pub async fn shown_events(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<EventRef>>, ApiError> {
    Ok(Json(
        state.services.event_shares.shown_events(&viewer).await?,
    ))
}
