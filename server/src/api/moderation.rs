//! Reports, the moderation queue and decisions, and the author's appeal.

use axum::{
    extract::{rejection::JsonRejection, rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::social::moderation::{
    AppealAnswer, AppealForm, Decision, DecisionForm, QueueItem, Report, ReportForm,
};

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

fn decision_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(domain::AppError::not_found("Decision")))
}

/// Reports a post, comment or person to the moderators, once per person and thing.
#[utoipa::path(
    post, path = "/api/v1/reports", tag = "moderation", request_body = ReportForm,
    responses(
        (status = 201, body = Report), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "Nothing the reporter can see", body = ErrorBody),
        (status = 409, description = "Already reported by this person", body = ErrorBody),
        (status = 429, description = "Too many reports this hour", body = ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    SignedIn(reporter): SignedIn,
    body: Result<Json<ReportForm>, JsonRejection>,
) -> Result<(StatusCode, Json<Report>), ApiError> {
    let Json(form) = body?;
    let report = state.services.moderation.report(&reporter, &form).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// The moderators' decisions about what the logged-in person wrote, newest first.
#[utoipa::path(
    get, path = "/api/v1/me/moderation", tag = "moderation",
    responses((status = 200, body = [Decision]), (status = 401, body = ErrorBody))
)]
pub async fn my_decisions(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<Decision>>, ApiError> {
    Ok(Json(state.services.moderation.mine(&viewer).await?))
}

/// One decision: for the person it is about, and admins.
#[utoipa::path(
    get, path = "/api/v1/moderation/{id}", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 200, body = Decision), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn decision(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<Decision>, ApiError> {
    let id = decision_id(path)?;
    Ok(Json(state.services.moderation.decision(&viewer, id).await?))
}

/// Appeals a decision about one's own post, comment or account: once, within 30 days.
#[utoipa::path(
    post, path = "/api/v1/moderation/{id}/appeal", tag = "moderation", params(("id" = i64, Path)),
    request_body = AppealForm,
    responses(
        (status = 200, body = Decision), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn appeal(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<AppealForm>, JsonRejection>,
) -> Result<Json<Decision>, ApiError> {
    let id = decision_id(path)?;
    let Json(form) = body?;
    Ok(Json(
        state
            .services
            .moderation
            .appeal(&author, id, &form.text)
            .await?,
    ))
}

/// The moderation queue: open reports grouped by what they are about, the longest waiting
/// first. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/reports", tag = "moderation",
    responses((status = 200, body = [QueueItem]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(admin): SignedIn,
) -> Result<Json<Vec<QueueItem>>, ApiError> {
    Ok(Json(state.services.moderation.queue(&admin).await?))
}

/// Decides about a post, comment or person (hide, remove, warn, suspend or dismiss), closing
/// its open reports; the author is told the reason. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/moderation/decisions", tag = "moderation", request_body = DecisionForm,
    responses(
        (status = 201, body = Decision), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already hidden, removed or suspended", body = ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    SignedIn(admin): SignedIn,
    body: Result<Json<DecisionForm>, JsonRejection>,
) -> Result<(StatusCode, Json<Decision>), ApiError> {
    let Json(form) = body?;
    let decision = state.services.moderation.decide(&admin, &form).await?;
    Ok((StatusCode::CREATED, Json(decision)))
}

/// Appeals waiting for an answer, the oldest first. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/appeals", tag = "moderation",
    responses((status = 200, body = [Decision]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn appeals(
    State(state): State<AppState>,
    SignedIn(admin): SignedIn,
) -> Result<Json<Vec<Decision>>, ApiError> {
    Ok(Json(state.services.moderation.appeals(&admin).await?))
}

/// Answers an appeal: `reverse` undoes what the decision did. Admins only.
#[utoipa::path(
    post, path = "/api/v1/admin/appeals/{id}", tag = "moderation", params(("id" = i64, Path)),
    request_body = AppealAnswer,
    responses(
        (status = 200, body = Decision), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "No open appeal", body = ErrorBody),
    )
)]
pub async fn answer_appeal(
    State(state): State<AppState>,
    SignedIn(admin): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<AppealAnswer>, JsonRejection>,
) -> Result<Json<Decision>, ApiError> {
    let id = decision_id(path)?;
    let Json(answer) = body?;
    Ok(Json(
        state
            .services
            .moderation
            .answer_appeal(&admin, id, &answer)
            .await?,
    ))
}
