//! New rows for an event and its booking, priced by the domain's calculator and checked
//! against the chef's limits.

use chrono::{DateTime, Utc};
use domain::{
    catalog::ChefProfile,
    events::ValidEventRequest,
    pricing::{price_for_chef, Quote, QuoteChoice, QuoteRequest},
    FieldError,
};
use sea_orm::Set;

use crate::{
    entities::{bookings, event_requests, IdList, StoredQuote, StringList},
    ServiceError,
};

/// The domain's one pricing entry point ([`price_for_chef`]), its refusal as the service's.
pub(crate) fn price_for(
    chef: &ChefProfile,
    choice: &QuoteChoice,
) -> Result<(QuoteRequest, Quote), ServiceError> {
    price_for_chef(chef, choice).map_err(ServiceError::Invalid)
}

/// The refusal when the chef's calendar is taken at that time.
pub(crate) fn busy(chef: &ChefProfile) -> ServiceError {
    ServiceError::Conflict(FieldError::new(
        "starts_at",
        format!("{} is not free at that time.", chef.card.display_name),
    ))
}

/// The event as the customer described it; `posted` when it goes to nearby chefs for
/// proposals rather than to one chef.
pub(crate) fn new_event_request(
    customer_id: i64,
    event: &ValidEventRequest,
    posted: bool,
    now: DateTime<Utc>,
) -> event_requests::ActiveModel {
    event_requests::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(event.kind.code().to_owned()),
        starts_at: Set(event.starts_at),
        ends_at: Set(event.ends_at()),
        guests: Set(i32::from(event.guests)),
        city: Set(event.city.name.to_owned()),
        latitude: Set(event.place.lat()),
        longitude: Set(event.place.lng()),
        budget_minor: Set(event.budget_minor),
        dietary_needs: Set(event.dietary_needs.iter().map(|d| d.code()).collect()),
        allergens: Set(event
            .allergens
            .iter()
            .map(|a| a.code())
            .collect::<StringList>()),
        notes: Set(event.notes.clone()),
        posted: Set(posted),
        created_at: Set(now),
        withdrawn_at: Set(None),
        ..Default::default()
    }
}

/// A booking of `chef_id` for `event`, priced as `priced`, in the state the customer asked.
pub(crate) fn new_booking(
    event: &event_requests::Model,
    chef_id: i64,
    choice: &QuoteChoice,
    special_diet_guests: u16,
    priced: Quote,
    message: String,
    now: DateTime<Utc>,
) -> bookings::ActiveModel {
    let fee_minor = priced
        .lines
        .iter()
        .find(|line| line.label == domain::pricing::SERVICE_FEE_LABEL)
        .map_or(0, |line| line.amount_minor);
    bookings::ActiveModel {
        request_id: Set(event.id),
        customer_id: Set(event.customer_id),
        chef_id: Set(chef_id),
        state: Set(domain::booking::BookingState::Requested.code().to_owned()),
        dish_ids: Set(IdList(choice.dish_ids.clone())),
        special_diet_guests: Set(i32::from(special_diet_guests)),
        total_minor: Set(priced.total_minor),
        fee_minor: Set(fee_minor),
        currency: Set(priced.currency.code().to_owned()),
        quote: Set(StoredQuote(priced)),
        message: Set(message),
        starts_at: Set(event.starts_at),
        ends_at: Set(event.ends_at),
        state_entered_at: Set(now),
        calendar_block_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
