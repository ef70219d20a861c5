//! Disputes over HTTP: either side opens one on a booking, the other answers by the
//! deadline, the rule table rules (or an admin does), and either side may appeal once.

use axum::{
    extract::{
        rejection::{PathRejection, QueryRejection},
        Multipart, Path, Query, State,
    },
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::{
    disputes::{AdminRulingForm, AnswerForm, DisputeView, OpenDisputeForm},
    AppError,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::workspace::photo_field;
use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn id_of(path: Result<Path<i64>, PathRejection>, what: &'static str) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(AppError::not_found(what)))
}

/// Opens a dispute on a booking: the customer about the chef (no-show, lateness, menu,
/// quality, hygiene, overcharge) or the chef about the customer (late cancellation, nobody
/// there, more guests). The other side is notified and answers within 48 hours; the
/// booking's money stays held meanwhile.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/disputes", tag = "disputes", params(("id" = i64, Path)),
    request_body = OpenDisputeForm,
    responses(
        (status = 201, body = DisputeView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Outside the window, the wrong side for the category, or already disputed", body = ErrorBody),
    )
)]
pub async fn open_dispute(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<OpenDisputeForm>,
) -> Result<(StatusCode, Json<DisputeView>), ApiError> {
    let booking_id = id_of(path, "Booking")?;
    let Json(form) = form?;
    let view = state
        .services
        .disputes
        .open(&user, booking_id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The booking's dispute, for either side or an admin.
#[utoipa::path(
    get, path = "/api/v1/bookings/{id}/dispute", tag = "disputes", params(("id" = i64, Path)),
    responses(
        (status = 200, body = DisputeView),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such booking of yours, or no dispute on it", body = ErrorBody),
    )
)]
pub async fn booking_dispute(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<DisputeView>, ApiError> {
    let booking_id = id_of(path, "Booking")?;
    state
        .services
        .disputes
        .of_booking(&user, booking_id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError(AppError::not_found("Dispute")))
}

#[utoipa::path(
    get, path = "/api/v1/disputes/{id}", tag = "disputes", params(("id" = i64, Path)),
    responses((status = 200, body = DisputeView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn get_dispute(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = id_of(path, "Dispute")?;
    Ok(Json(state.services.disputes.view(&user, id).await?))
}

/// The other side answers before the deadline: `{"answer": "accept"}`,
/// `{"answer": "counter_offer", "refund_percent": 30}` or
/// `{"answer": "contest", "statement": "…", "message_ids": [..]}`. Accepting or contesting
/// lets the rule table rule at once.
#[utoipa::path(
    post, path = "/api/v1/disputes/{id}/answer", tag = "disputes", params(("id" = i64, Path)),
    request_body = AnswerForm,
    responses(
        (status = 200, body = DisputeView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, description = "The side who opened it", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already answered or past the deadline", body = ErrorBody),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<AnswerForm>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = id_of(path, "Dispute")?;
    let Json(form) = form?;
    Ok(Json(
        state.services.disputes.answer(&user, id, &form).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OfferDecision {
    /// True to take the counter-offer; false to refuse it and let the facts decide.
    pub take: bool,
}

/// The side who opened the dispute takes or refuses a counter-offer.
#[utoipa::path(
    post, path = "/api/v1/disputes/{id}/offer", tag = "disputes", params(("id" = i64, Path)),
    request_body = OfferDecision,
    responses(
        (status = 200, body = DisputeView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
    )
)]
pub async fn decide_offer(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<OfferDecision>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = id_of(path, "Dispute")?;
    let Json(form) = form?;
    Ok(Json(
        state
            .services
            .disputes
            .decide_offer(&user, id, form.take)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceQuery {
    /// What the photo shows.
    #[serde(default)]
    pub caption: String,
}

/// Adds a photo as evidence, as `multipart/form-data` with the image in a field named
/// `photo`, while the dispute is undecided.
#[utoipa::path(
    post, path = "/api/v1/disputes/{id}/evidence", tag = "disputes",
    params(("id" = i64, Path), EvidenceQuery),
    request_body(content_type = "multipart/form-data", description = "The image in a field named `photo`"),
    responses(
        (status = 201, body = DisputeView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 413, body = ErrorBody),
    )
)]
pub async fn add_evidence(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    query: Result<Query<EvidenceQuery>, QueryRejection>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<DisputeView>), ApiError> {
    let id = id_of(path, "Dispute")?;
    let Query(query) = query?;
    let bytes = photo_field(multipart).await?;
    let view = state
        .services
        .disputes
        .add_photo(&user, id, &query.caption, bytes)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// An evidence photo, as listed in the dispute's `photo_urls`: only for the dispute's sides
/// and admins (404 for anyone else), never cached by shared caches.
#[utoipa::path(
    get, path = "/api/v1/disputes/{id}/evidence/{name}", tag = "disputes",
    params(("id" = i64, Path), ("name" = String, Path, description = "The file name from `photo_urls`")),
    responses(
        (status = 200, content_type = "image/jpeg", description = "The photo"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    )
)]
pub async fn evidence_photo(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<(i64, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((id, name)) = path.map_err(|_| ApiError(AppError::not_found("Photo")))?;
    let bytes = state
        .services
        .disputes
        .evidence_file(&user, id, &name)
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct AppealForm {
    /// At least 10 characters besides spaces at either end.
    #[schema(pattern = "\\S[\\s\\S]{8,}\\S", max_length = 4000)]
    pub reason: String,
}

/// Appeals a ruling, once, within 72 hours of it; an admin decides for good.
#[utoipa::path(
    post, path = "/api/v1/disputes/{id}/appeal", tag = "disputes", params(("id" = i64, Path)),
    request_body = AppealForm,
    responses(
        (status = 200, body = DisputeView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not ruled, already appealed, or too late", body = ErrorBody),
    )
)]
pub async fn appeal(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<AppealForm>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = id_of(path, "Dispute")?;
    let Json(form) = form?;
    Ok(Json(
        state
            .services
            .disputes
            .appeal(&user, id, &form.reason)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Every dispute, newest first, instead of those waiting for an admin.
    #[serde(default)]
    pub all: bool,
}

/// Disputes waiting for an admin (no rule decided, or appealed), oldest first, each with
/// its evidence, audit trail and the table's recommended ruling. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/disputes", tag = "admin", params(QueueQuery),
    responses((status = 200, body = Vec<DisputeView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Json<Vec<DisputeView>>, ApiError> {
    let Query(query) = query?;
    Ok(Json(state.services.disputes.queue(&user, query.all).await?))
}

/// An admin rules on a dispute in the queue: the refund, whom it penalises, and why. On an
/// appeal the difference from the first ruling is settled. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/disputes/{id}/ruling", tag = "admin", params(("id" = i64, Path)),
    request_body = AdminRulingForm,
    responses(
        (status = 200, body = DisputeView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not waiting for an admin", body = ErrorBody),
    )
)]
pub async fn rule(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<AdminRulingForm>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = id_of(path, "Dispute")?;
    let Json(form) = form?;
    Ok(Json(state.services.disputes.rule(&user, id, &form).await?))
}
