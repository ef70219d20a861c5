//! What the platform knows about a disputed booking, gathered for the rule table: the
//! money, the check-in mark, the agreed quote, the thread and the customer's review.

use chrono::Duration;
use domain::{
    disputes::{DisputeCategory, DisputeFacts},
    ledger::Account,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::super::store::ledger::booking_ledger;
use crate::{
    entities::{bookings, disputes, event_requests, messages, reviews},
    ServiceError,
};

/// The chef's messages in this long before the start show they were coming.
const WROTE_BEFORE_EVENT: Duration = Duration::hours(24);

pub(super) async fn facts_of(
    db: &impl ConnectionTrait,
    dispute: &disputes::Model,
    booking: &bookings::Model,
) -> Result<DisputeFacts, ServiceError> {
    let category = DisputeCategory::parse(&dispute.category).ok_or_else(|| {
        ServiceError::Database(sea_orm::DbErr::Custom(format!(
            "dispute {} has an unknown category {:?}",
            dispute.id, dispute.category
        )))
    })?;
    let ledger = booking_ledger(db, booking.id).await?;
    let agreed_guests = event_requests::Entity::find_by_id(booking.request_id)
        .one(db)
        .await?
        .map_or(0, |request| request.guests.max(0) as u32);
    let chef_wrote_before_event = messages::Entity::find()
        .filter(messages::Column::BookingId.eq(booking.id))
        .filter(messages::Column::SenderId.eq(booking.chef_id))
        .filter(messages::Column::CreatedAt.gte(booking.starts_at - WROTE_BEFORE_EVENT))
        .filter(messages::Column::CreatedAt.lte(booking.starts_at))
        .count(db)
        .await?
        > 0;
    let customer_food_rating = reviews::Entity::find()
        .filter(reviews::Column::BookingId.eq(booking.id))
        .filter(reviews::Column::AuthorId.eq(booking.customer_id))
        .one(db)
        .await?
        .map(|review| review.food.clamp(0, 5) as u8);
    Ok(DisputeFacts {
        category,
        paid_minor: ledger.paid_minor(),
        held_minor: ledger.balance(Account::Escrow),
        claimed_refund_bp: dispute.claimed_refund_bp.clamp(0, 10_000) as u32,
        starts_at: booking.starts_at,
        chef_checked_in_at: booking.chef_checked_in_at,
        answer: dispute.answer.0,
        agreed_dishes: booking.dish_ids.0.len() as u32,
        dishes_reported_missing: dispute.dishes_missing.unwrap_or(0).max(0) as u32,
        quoted_total_minor: booking.quote.0.total_minor,
        agreed_guests,
        guests_reported: dispute.guests_counted.map(|count| count.max(0) as u32),
        chef_wrote_before_event,
        customer_food_rating,
    })
}
