//! Closing and reopening questions over JSON: votes from people with the reputation for it
//! (a moderator's vote decides alone), a duplicate naming the question it repeats.

use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection},
        Path, State,
    },
    Json,
};
use domain::knowledge::{questions::CloseReason, views::QuestionPage};
use serde::Deserialize;
use utoipa::ToSchema;

use super::knowledge::id_of;
use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

type Body<T> = Result<Json<T>, JsonRejection>;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseForm {
    #[schema(inline)]
    pub reason: CloseReason,
    /// The question this one repeats: required when `reason` is `duplicate`.
    pub duplicate_of: Option<i64>,
}

/// Votes to close a question; the third vote closes it, a moderator's first. Takes 500
/// reputation.
#[utoipa::path(
    post, path = "/api/v1/questions/{id}/close", tag = "knowledge", request_body = CloseForm,
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The question, closed or with one more close vote", body = QuestionPage),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not enough reputation yet; the message says how much it takes", body = ErrorBody),
        (status = 409, description = "Already closed, or already voted", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    SignedIn(voter): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<CloseForm>,
) -> Result<Json<QuestionPage>, ApiError> {
    let id = id_of(path, "Question")?;
    let Json(form) = body?;
    let knowledge = &state.services.knowledge;
    Ok(Json(
        knowledge
            .vote_to_close(&voter, id, form.reason, form.duplicate_of)
            .await?,
    ))
}

/// Votes to reopen a closed question; as many votes as closing took.
#[utoipa::path(
    post, path = "/api/v1/questions/{id}/reopen", tag = "knowledge",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The question, reopened or with one more reopen vote", body = QuestionPage),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not enough reputation yet", body = ErrorBody),
        (status = 409, description = "Open already, or already voted", body = ErrorBody),
    )
)]
pub async fn reopen(
    State(state): State<AppState>,
    SignedIn(voter): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<QuestionPage>, ApiError> {
    let id = id_of(path, "Question")?;
    Ok(Json(
        state.services.knowledge.vote_to_reopen(&voter, id).await?,
    ))
}
