//! Server functions behind the booking pages: request a chef from their page, follow a
//! booking (accept, pay, cancel, talk, review) and, for chefs, earnings and payouts.

use domain::{
    booking::{BookingMessage, BookingView, CardForm, Checkout, Earnings},
    reviews::{BookingReviews, ReviewForm},
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// What the "Request booking" form on a chef's page sends: the quote builder's inputs as
/// typed, with the event's date and time as the people there read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingInput {
    pub chef_id: i64,
    pub dish_ids: Vec<i64>,
    pub special_diet_guests: String,
    pub guests: String,
    pub kind: String,
    pub date: String,
    pub time: String,
    pub hours: String,
    pub city: String,
    pub allergens: Vec<domain::catalog::Allergen>,
    pub message: String,
    /// The total the page showed: the booking is refused if the price changed since.
    pub expected_total_minor: Option<i64>,
}

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

/// A response stored under an idempotency key, as the page wants it: the booking, or the
/// refusal (a declined card) as an error.
#[cfg(feature = "ssr")]
fn replayed<T: serde::de::DeserializeOwned>(
    stored: backend::idempotency::StoredResponse,
) -> Result<T, ServerError> {
    use domain::AppError;
    if stored.status == 200 {
        return serde_json::from_value(stored.body).map_err(|_| AppError::internal().into());
    }
    let error: AppError = serde_json::from_value(stored.body["error"].clone())
        .unwrap_or_else(|_| AppError::internal());
    Err(error.into())
}

/// An event as a page's form types it, with the date and time as the people there read
/// them and the place at the city's centre; the rest left for the caller to fill in.
#[cfg(feature = "ssr")]
pub(crate) fn typed_event(
    kind: String,
    date: &str,
    time: &str,
    hours: &str,
    guests: &str,
    city: &str,
) -> Result<domain::events::EventRequestForm, ServerError> {
    use domain::FieldError;
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| FieldError::new("starts_at", "Choose the day of the event."));
    let time = chrono::NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| FieldError::new("starts_at", "Choose the time the event starts."));
    let starts_at = backend::places::event_start(city, date?, time?)?;
    let place = domain::places::city_named(city);
    Ok(domain::events::EventRequestForm {
        kind,
        starts_at,
        duration_hours: hours.trim().parse().unwrap_or(f64::NAN),
        guests: guests.trim().parse().unwrap_or(0),
        city: city.to_owned(),
        lat: place.map_or(f64::NAN, |city| city.lat),
        lng: place.map_or(f64::NAN, |city| city.lng),
        budget_minor: None,
        dietary_needs: vec![],
        allergens: vec![],
        notes: String::new(),
    })
}

#[server(input = Json, endpoint = "bookings/request")]
pub async fn request_booking(input: BookingInput) -> Result<i64, ServerError> {
    use domain::{booking::BookingRequestForm, events::EventRequestForm};
    let (services, user) = super::context::signed_in().await?;
    let event = typed_event(
        input.kind,
        &input.date,
        &input.time,
        &input.hours,
        &input.guests,
        &input.city,
    )?;
    let form = BookingRequestForm {
        chef_id: input.chef_id,
        dish_ids: input.dish_ids,
        special_diet_guests: input.special_diet_guests.trim().parse().unwrap_or(-1),
        event: EventRequestForm {
            allergens: input.allergens,
            ..event
        },
        message: input.message,
        expected_total_minor: input.expected_total_minor,
    };
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

/// Accept, decline, confirm or check in: the steps that move no money.
#[server(endpoint = "bookings/step")]
pub async fn take_step(id: i64, step: String) -> Result<BookingView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    let bookings = &services.bookings;
    Ok(match step.as_str() {
        "accept" => bookings.accept(&user, id).await?,
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
