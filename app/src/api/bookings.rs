//! Server functions behind the booking pages: request a chef from their page, follow a
//! booking (accept, pay, cancel, talk, review) and, for chefs, earnings and payouts.

use domain::{
    booking::{BookingMessage, BookingRequestForm, BookingView, CardForm, Checkout, Earnings},
    reviews::{BookingReviews, ReviewForm},
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// Everything the booking page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingPage {
    pub booking: BookingView,
    pub messages: Vec<BookingMessage>,
    pub reviews: BookingReviews,
    /// Idempotency keys issued with the page: a retried payment or cancellation reuses them.
    pub pay_key: String,
    pub cancel_key: String,
    /// How the payment form takes a card.
    pub checkout: Checkout,
    /// The booking's dispute, if it has one, and otherwise what the viewer may open one
    /// about now.
    pub dispute: Option<domain::disputes::DisputeView>,
    pub dispute_categories: Vec<domain::disputes::DisputeCategory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarningsPage {
    pub earnings: Earnings,
    pub payout_key: String,
}

/// The outcome of a request made with an idempotency key, first or replayed, as the page
/// wants it: the result, or the refusal (a declined card) as an error.
#[cfg(feature = "ssr")]
fn replayed<T>(answer: backend::idempotency::Replayable<T>) -> Result<T, ServerError> {
    answer.outcome.map_err(ServerError::from)
}

/// Books a chef from their page: the page sends the API's typed form, its choice read and
/// priced in the browser by the calculator the server charges with.
#[server(input = Json, endpoint = "bookings/request")]
pub async fn request_booking(form: BookingRequestForm) -> Result<i64, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.bookings.request(&user, &form).await?.id)
}

#[server(endpoint = "bookings/list")]
pub async fn list_bookings() -> Result<Vec<BookingView>, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.bookings.list(&user).await?)
}

#[server(endpoint = "bookings/load")]
pub async fn load_booking(id: i64) -> Result<BookingPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    let booking = services.bookings.get(&user, id).await?;
    let dispute = services.disputes.of_booking(&user, id).await?;
    let dispute_categories = match dispute {
        Some(_) => Vec::new(),
        None => domain::disputes::openable_categories(
            booking.viewer,
            booking.state,
            booking.starts_at,
            booking.ends_at,
            services.clock.now(),
        ),
    };
    Ok(BookingPage {
        booking,
        dispute,
        dispute_categories,
        messages: services.threads.messages(&user, id).await?,
        reviews: services.threads.reviews(&user, id).await?,
        pay_key: backend::idempotency::new_key(),
        cancel_key: backend::idempotency::new_key(),
        checkout: services.escrow.payments().checkout(),
    })
}

/// Accept, decline, confirm or check in: the steps that move no money. `seen_total_minor`
/// is the total on the page where the button was pressed: an accept is refused if the
/// booking no longer costs that.
#[server(endpoint = "bookings/step")]
pub async fn take_step(
    id: i64,
    step: String,
    #[server(default)] seen_total_minor: Option<i64>,
) -> Result<BookingView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    let bookings = &services.bookings;
    Ok(match step.as_str() {
        "accept" => bookings.accept(&user, id, seen_total_minor).await?,
        "decline" => bookings.decline(&user, id).await?,
        "confirm" => bookings.confirm(&user, id).await?,
        "check_in" => bookings.check_in(&user, id).await?,
        _ => return Err(domain::AppError::not_found("Step").into()),
    })
}

#[server(input = Json, endpoint = "bookings/pay")]
pub async fn pay_booking(id: i64, card: CardForm, key: String) -> Result<BookingView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    replayed(services.escrow.pay(&user, id, &card, &key).await?)
}

#[server(endpoint = "bookings/cancel")]
pub async fn cancel_booking(id: i64, key: String) -> Result<BookingView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    replayed(services.escrow.cancel(&user, id, &key).await?)
}

#[server(endpoint = "bookings/message")]
pub async fn send_message(id: i64, body: String) -> Result<BookingMessage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.threads.post_message(&user, id, &body).await?)
}

#[server(input = Json, endpoint = "bookings/review")]
pub async fn write_review(id: i64, form: ReviewForm) -> Result<BookingReviews, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.threads.review(&user, id, &form).await?)
}

#[server(endpoint = "earnings/load")]
pub async fn load_earnings() -> Result<EarningsPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(EarningsPage {
        earnings: services.escrow.earnings(&user).await?,
        payout_key: backend::idempotency::new_key(),
    })
}

#[server(endpoint = "earnings/payout")]
pub async fn request_payout(key: String) -> Result<Earnings, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    replayed(services.escrow.payout(&user, &key).await?)
}
