//! Posted requests' rows: the invitation job's payload, the request row locked before any of
//! its bookings, its status from its proposals, and declining the proposals not chosen.
//!
//! Lock order, on PostgreSQL: the request row, then a booking row. Proposing and accepting
//! both take them in that order, so they queue rather than deadlock.

use chrono::{DateTime, Utc};
use domain::booking::{request_status, BookingEvent, BookingState, Party, RequestStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use super::{locking::locked, steps::take_step};
use crate::{
    entities::{bookings, event_requests},
    ServiceError,
};

/// Job kind: invite chefs to propose for a posted request.
pub const INVITE_CHEFS: &str = "request.invite";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Invite {
    pub(crate) request_id: i64,
}

/// The request row, locked for this transaction (PostgreSQL).
pub(crate) async fn lock_request(
    txn: &impl ConnectionTrait,
    id: i64,
) -> Result<event_requests::Model, ServiceError> {
    let mut query = event_requests::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("Request"))
}

/// The posted request behind booking `booking_id`, locked, when the booking answers one.
pub(crate) async fn lock_posted_request_of(
    txn: &impl ConnectionTrait,
    booking_id: i64,
) -> Result<Option<event_requests::Model>, ServiceError> {
    let Some(booking) = bookings::Entity::find_by_id(booking_id).one(txn).await? else {
        return Ok(None);
    };
    let request = lock_request(txn, booking.request_id).await?;
    Ok(request.posted.then_some(request))
}

/// Declines every live proposal for `request` except `kept`, as the customer's doing, and
/// returns the chefs told.
pub(crate) async fn decline_rivals(
    txn: &impl ConnectionTrait,
    request: &event_requests::Model,
    kept: impl Into<Option<i64>>,
    customer_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, ServiceError> {
    let kept = kept.into();
    let live = bookings::Entity::find()
        .filter(bookings::Column::RequestId.eq(request.id))
        .filter(bookings::Column::State.is_in([
            BookingState::Requested.code(),
            BookingState::Proposed.code(),
        ]))
        .all(txn)
        .await?;
    let mut told = Vec::new();
    for rival in live.into_iter().filter(|b| Some(b.id) != kept) {
        let Some(rival) = locked(txn, rival.id).await? else {
            continue;
        };
        take_step(
            txn,
            &rival,
            BookingEvent::Decline,
            Party::Customer,
            Some(customer_id),
            now,
        )
        .await?;
        told.push(rival.chef_id);
    }
    Ok(told)
}

/// Where the request stands, from its proposals' states.
pub(crate) fn status_of(
    request: &event_requests::Model,
    proposals: &[bookings::Model],
    now: DateTime<Utc>,
) -> RequestStatus {
    let states: Vec<BookingState> = proposals
        .iter()
        .filter_map(|b| BookingState::parse(&b.state))
        .collect();
    let booked = states
        .iter()
        .any(|s| s.holds_calendar() || *s == BookingState::Released);
    let live = states
        .iter()
        .filter(|s| **s == BookingState::Proposed)
        .count();
    request_status(
        booked,
        request.withdrawn_at.is_some(),
        live,
        request.starts_at,
        now,
    )
}
