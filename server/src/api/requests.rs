//! Posted requests over HTTP: a customer posts an event, invited chefs propose (and edit
//! their proposals), the customer compares them and accepts one with
//! `POST /api/v1/bookings/{id}/accept`, which declines the rest.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::{
    booking::{PostedRequestView, ProposalForm},
    events::EventRequestForm,
    AppError,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn request_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(AppError::not_found("Request")))
}

#[derive(Serialize, ToSchema)]
pub struct RequestList {
    pub items: Vec<PostedRequestView>,
}

/// Posts an event for nearby chefs: those who reach it, are free then and cook for that
/// many guests and their diets are invited (up to 12), and the first four proposals are
/// compared.
#[utoipa::path(
    post, path = "/api/v1/requests", tag = "booking", request_body = EventRequestForm,
    responses(
        (status = 201, body = PostedRequestView),
        (status = 400, description = "Invalid event; `field` names it", body = ErrorBody),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn post_request(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    form: JsonBody<EventRequestForm>,
) -> Result<(StatusCode, Json<PostedRequestView>), ApiError> {
    let Json(form) = form?;
    let view = state
        .services
        .posted_requests
        .post_request(&user, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The requests you posted, newest first.
#[utoipa::path(
    get, path = "/api/v1/requests", tag = "booking",
    responses((status = 200, body = RequestList), (status = 401, body = ErrorBody))
)]
pub async fn list_requests(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<RequestList>, ApiError> {
    let items = state
        .services
        .posted_requests
        .posted_requests(&user)
        .await?;
    Ok(Json(RequestList { items }))
}

/// The events you were invited to propose for, soonest first, each with your proposal.
#[utoipa::path(
    get, path = "/api/v1/me/invitations", tag = "booking",
    responses((status = 200, body = RequestList), (status = 401, body = ErrorBody))
)]
pub async fn invitations(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<RequestList>, ApiError> {
    let items = state.services.posted_requests.invitations(&user).await?;
    Ok(Json(RequestList { items }))
}

/// A posted request: its customer sees every proposal side by side, an invited chef sees
/// their own.
#[utoipa::path(
    get, path = "/api/v1/requests/{id}", tag = "booking", params(("id" = i64, Path)),
    responses(
        (status = 200, body = PostedRequestView),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such request of yours or for you", body = ErrorBody),
    )
)]
pub async fn get_request(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<PostedRequestView>, ApiError> {
    let id = request_id(path)?;
    Ok(Json(
        state
            .services
            .posted_requests
            .posted_request(&user, id)
            .await?,
    ))
}

/// An invited chef proposes a menu from their dishes, priced by the event cost calculator;
/// sending again edits the proposal (and restarts its 72-hour expiry) until the customer
/// accepts one.
#[utoipa::path(
    post, path = "/api/v1/requests/{id}/proposals", tag = "booking", params(("id" = i64, Path)),
    request_body = ProposalForm,
    responses(
        (status = 200, description = "The request with your proposal", body = PostedRequestView),
        (status = 400, description = "Invalid menu; `field` names it", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such request for you", body = ErrorBody),
        (status = 409, description = "Four proposals are in, the request is booked or closed, or you are busy then", body = ErrorBody),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<ProposalForm>,
) -> Result<Json<PostedRequestView>, ApiError> {
    let id = request_id(path)?;
    let Json(form) = form?;
    Ok(Json(
        state
            .services
            .posted_requests
            .propose(&user, id, &form)
            .await?,
    ))
}

/// The customer withdraws a request not yet booked; live proposals are declined.
#[utoipa::path(
    post, path = "/api/v1/requests/{id}/withdraw", tag = "booking", params(("id" = i64, Path)),
    responses(
        (status = 200, body = PostedRequestView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already booked", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<PostedRequestView>, ApiError> {
    let id = request_id(path)?;
    Ok(Json(
        state
            .services
            .posted_requests
            .withdraw_request(&user, id)
            .await?,
    ))
}
