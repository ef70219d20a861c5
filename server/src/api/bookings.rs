//! Bookings over HTTP: request a chef, accept or decline, pay into escrow, cancel under the
//! published policy, talk in the booking's thread, review afterwards; chefs' earnings and
//! payouts. Requests that move money take an `Idempotency-Key` header: a replay gets the
//! first response (marked `Idempotent-Replayed: true`) and moves nothing.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use backend::idempotency::Replayable;
use domain::{
    booking::{BookingMessage, BookingRequestForm, BookingView, CardForm, Earnings},
    reviews::{BookingReviews, ReviewForm},
    AppError, ErrorCode, FieldError,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use web::{ApiError, ErrorBody, SignedIn};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn booking_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(AppError::not_found("Booking")))
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    Ok(backend::idempotency::validate_key(key)?.to_owned())
}

/// The outcome of a request made with an idempotency key, first or replayed: the result as
/// 200, a refusal with its code's status, and a replay marked as one.
fn replayable<T: Serialize>(answer: Replayable<T>) -> Response {
    let mut response = match answer.outcome {
        Ok(body) => Json(body).into_response(),
        Err(refusal) => ApiError(refusal).into_response(),
    };
    if answer.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

#[derive(Serialize, ToSchema)]
pub struct BookingList {
    /// Both sides: bookings you made and bookings of you as a chef, soonest event first.
    pub items: Vec<BookingView>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewMessage {
    /// Something besides spaces, at most 4,000 characters.
    #[schema(pattern = "\\S", max_length = 4000)]
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageList {
    /// Oldest first.
    pub items: Vec<BookingMessage>,
}

/// Asks one chef for an event with dishes from their menu. The quote is computed by the
/// same calculator as `POST /api/v1/quote` and kept with the booking.
#[utoipa::path(
    post, path = "/api/v1/bookings", tag = "booking", request_body = BookingRequestForm,
    responses(
        (status = 201, body = BookingView),
        (status = 400, description = "Invalid event or choice; `field` names it", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such chef", body = ErrorBody),
        (status = 409, description = "The chef is not free then", body = ErrorBody),
    )
)]
pub async fn request_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    form: JsonBody<BookingRequestForm>,
) -> Result<(StatusCode, Json<BookingView>), ApiError> {
    let Json(form) = form?;
    let view = state.services.bookings.request(&user, &form).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get, path = "/api/v1/bookings", tag = "booking",
    responses((status = 200, body = BookingList), (status = 401, body = ErrorBody))
)]
pub async fn list_bookings(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<BookingList>, ApiError> {
    let items = state.services.bookings.list(&user).await?;
    Ok(Json(BookingList { items }))
}

#[utoipa::path(
    get, path = "/api/v1/bookings/{id}", tag = "booking", params(("id" = i64, Path)),
    responses(
        (status = 200, body = BookingView),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such booking of yours", body = ErrorBody),
    )
)]
pub async fn get_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<BookingView>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.bookings.get(&user, id).await?))
}

/// The chef accepts a request (holding their calendar), or the customer a proposal. Of two
/// overlapping bookings of one chef, only one can be accepted.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/accept", tag = "booking", params(("id" = i64, Path)),
    request_body(content = Option<AcceptForm>, description = "Optional: the total the person accepting was shown"),
    responses(
        (status = 200, body = BookingView),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not possible in this state, the chef is booked then, or the total is no longer the one shown (field `total`)", body = ErrorBody),
    )
)]
pub async fn accept_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: axum::body::Bytes,
) -> Result<Json<BookingView>, ApiError> {
    let id = booking_id(path)?;
    // The body is optional: clients that send none accept what the booking costs.
    let seen = if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
        None
    } else {
        let form: AcceptForm = serde_json::from_slice(&body).map_err(|why| {
            ApiError(
                domain::FieldError::new(
                    "expected_total_minor",
                    format!("The body is not a valid accept: {why}"),
                )
                .into(),
            )
        })?;
        form.expected_total_minor
    };
    Ok(Json(state.services.bookings.accept(&user, id, seen).await?))
}

/// What an accept may carry.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AcceptForm {
    /// The total, in minor units, the person accepting was shown. When the booking now costs
    /// something else, the accept is refused with 409 and the new total.
    #[serde(default)]
    pub expected_total_minor: Option<i64>,
}

#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/decline", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn decline_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<BookingView>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.bookings.decline(&user, id).await?))
}

/// The chef confirms a paid booking (the platform does it for them 24 hours after payment).
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/confirm", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn confirm_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<BookingView>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.bookings.confirm(&user, id).await?))
}

/// The chef marks their arrival, from two hours before the start until the event ends;
/// the time is what no-show and lateness disputes are decided on. Repeating it keeps the
/// first time.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/check-in", tag = "booking", params(("id" = i64, Path)),
    responses(
        (status = 200, body = BookingView),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Only the chef checks in", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not paid, or not on the day", body = ErrorBody),
    )
)]
pub async fn check_in(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<BookingView>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.bookings.check_in(&user, id).await?))
}

/// Pays an accepted booking with a card; the money is held in escrow until 24 hours after
/// the event. Needs an `Idempotency-Key`.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/pay", tag = "booking", params(("id" = i64, Path),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[\\x21-\\x7E]+$", description = "Any unique string per payment attempt; a replay returns the first response")),
    request_body = CardForm,
    responses(
        (status = 200, body = BookingView),
        (status = 400, description = "No Idempotency-Key", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 402, description = "The card was declined; nothing was booked or charged", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not payable now, or the key was used for another request", body = ErrorBody),
    )
)]
pub async fn pay_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
    card: JsonBody<CardForm>,
) -> Result<Response, ApiError> {
    let id = booking_id(path)?;
    let key = idempotency_key(&headers)?;
    let Json(card) = card?;
    let stored = state.services.escrow.pay(&user, id, &card, &key).await?;
    Ok(replayable(stored))
}

/// Cancels; the customer gets back what the published policy says (everything when the chef
/// cancels). Needs an `Idempotency-Key`.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/cancel", tag = "booking", params(("id" = i64, Path),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[\\x21-\\x7E]+$", description = "A replay returns the first response and refunds nothing more")),
    responses((status = 200, body = BookingView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn cancel_booking(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = booking_id(path)?;
    let key = idempotency_key(&headers)?;
    let stored = state.services.escrow.cancel(&user, id, &key).await?;
    Ok(replayable(stored))
}

#[utoipa::path(
    get, path = "/api/v1/bookings/{id}/messages", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = MessageList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn list_messages(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<MessageList>, ApiError> {
    let id = booking_id(path)?;
    let items = state.services.threads.messages(&user, id).await?;
    Ok(Json(MessageList { items }))
}

/// Writes in the booking's thread; the other side is notified.
#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/messages", tag = "booking", params(("id" = i64, Path)),
    request_body = NewMessage,
    responses((status = 201, body = BookingMessage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn post_message(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    message: JsonBody<NewMessage>,
) -> Result<(StatusCode, Json<BookingMessage>), ApiError> {
    let id = booking_id(path)?;
    let Json(message) = message?;
    let sent = state
        .services
        .threads
        .post_message(&user, id, &message.body)
        .await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

/// Your review and, once both are written or 14 days have passed, the other side's.
#[utoipa::path(
    get, path = "/api/v1/bookings/{id}/reviews", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = BookingReviews), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn reviews(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<BookingReviews>, ApiError> {
    let id = booking_id(path)?;
    Ok(Json(state.services.threads.reviews(&user, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/bookings/{id}/reviews", tag = "booking", params(("id" = i64, Path)),
    request_body = ReviewForm,
    responses(
        (status = 201, body = BookingReviews),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Before the event is done, or already reviewed", body = ErrorBody),
    )
)]
pub async fn write_review(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    form: JsonBody<ReviewForm>,
) -> Result<(StatusCode, Json<BookingReviews>), ApiError> {
    let id = booking_id(path)?;
    let Json(form) = form?;
    let reviews = state.services.threads.review(&user, id, &form).await?;
    Ok((StatusCode::CREATED, Json(reviews)))
}

/// A chef's money: owed, paid out, held for coming events, and every payout.
#[utoipa::path(
    get, path = "/api/v1/me/earnings", tag = "booking",
    responses((status = 200, body = Earnings), (status = 401, body = ErrorBody), (status = 404, description = "Not a chef", body = ErrorBody))
)]
pub async fn earnings(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Earnings>, ApiError> {
    Ok(Json(state.services.escrow.earnings(&user).await?))
}

/// Pays the chef everything released to them. Needs an `Idempotency-Key`.
#[utoipa::path(
    post, path = "/api/v1/me/payouts", tag = "booking",
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[\\x21-\\x7E]+$", description = "A replay pays nothing more")),
    responses(
        (status = 200, body = Earnings),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a chef", body = ErrorBody),
        (status = 409, description = "Nothing owed yet", body = ErrorBody),
    )
)]
pub async fn payout(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    Ok(replayable(state.services.escrow.payout(&user, &key).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ClockMove {
    /// How far to move the clock forward.
    pub hours: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ClockNow {
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Test servers only (`TEST_CLOCK=1`): moves the platform's clock forward, so deadlines,
/// reminders and releases fall due. Elsewhere: 404.
#[utoipa::path(
    post, path = "/api/v1/test/clock", tag = "booking", request_body = ClockMove,
    responses((status = 200, body = ClockNow), (status = 404, body = ErrorBody))
)]
pub async fn move_clock(
    State(state): State<AppState>,
    body: JsonBody<ClockMove>,
) -> Result<Json<ClockNow>, ApiError> {
    let clock = &state.services.clock;
    if !clock.is_adjustable() {
        return Err(ApiError(AppError::not_found("Page")));
    }
    let Json(ClockMove { hours }) = body?;
    if !hours.is_finite() || !(0.0..=24.0 * 366.0).contains(&hours) {
        return Err(FieldError::new("hours", "Move the clock 0 to 8,784 hours forward.").into());
    }
    let now = clock
        .advance(chrono::Duration::milliseconds((hours * 3_600_000.0) as i64))
        .map_err(|error| ApiError(AppError::new(ErrorCode::Conflict, error.to_string())))?;
    Ok(Json(ClockNow { now }))
}
