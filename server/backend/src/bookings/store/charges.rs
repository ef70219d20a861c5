//! Charges reserved before the card network is called. Paying runs in three steps so that no
//! write transaction waits on a payment provider: a short transaction reserves the charge
//! (and schedules its reconciliation), the provider is called holding no transaction with a
//! key of the reservation's own, and a second short transaction confirms what it answered.
//! While a charge is reserved the booking takes no other step, and no second charge.

use chrono::{DateTime, Duration, Utc};
use domain::{
    booking::CardForm,
    money::{Currency, Money},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use super::ledger::currency_of;
use crate::{
    entities::{bookings, charge_reservations},
    jobs::{enqueue, NewJob},
    payments::{CardDetails, ChargeRequest},
    ServiceError,
};

/// Job kind: finish a charge whose request never confirmed it (the server stopped, or the
/// provider did not answer in time).
pub const RECONCILE_CHARGE: &str = "payment.reconcile_charge";

/// How long a reservation may stay open before the reconcile job asks the provider itself:
/// longer than any request waits on the provider.
pub const RECONCILE_AFTER: Duration = Duration::minutes(5);

pub(crate) const RESERVED: &str = "reserved";
const CHARGED: &str = "charged";
const FAILED: &str = "failed";

/// The payload of a [`RECONCILE_CHARGE`] job.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reconcile {
    pub reservation_id: i64,
}

/// Whether a charge of `booking_id` is reserved and not yet confirmed or refused.
pub(crate) async fn charge_in_flight(
    db: &impl ConnectionTrait,
    booking_id: i64,
) -> Result<bool, ServiceError> {
    Ok(charge_reservations::Entity::find()
        .filter(charge_reservations::Column::BookingId.eq(booking_id))
        .filter(charge_reservations::Column::State.eq(RESERVED))
        .count(db)
        .await?
        > 0)
}

pub(crate) fn in_flight_refusal() -> ServiceError {
    ServiceError::Conflict(FieldError::new(
        "state",
        "A payment for this booking is being confirmed with the card network. Look again in a minute.",
    ))
}

/// Reserves the charge of `booking`'s total on `txn` for the customer's request `request_key`,
/// and schedules its reconciliation.
pub(crate) async fn reserve_charge(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    user_id: i64,
    request_key: &str,
    card: &CardForm,
    now: DateTime<Utc>,
) -> Result<charge_reservations::Model, ServiceError> {
    if charge_in_flight(txn, booking.id).await? {
        return Err(in_flight_refusal());
    }
    let card = CardDetails {
        number: card.number.clone(),
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        cvc: card.cvc.clone(),
    };
    let reservation = charge_reservations::ActiveModel {
        booking_id: Set(booking.id),
        user_id: Set(user_id),
        request_key: Set(request_key.trim().to_owned()),
        // The provider charges once per key, however often the reconcile job asks again.
        provider_key: Set(format!("booking-{}-{}", booking.id, request_key.trim())),
        amount_minor: Set(booking.total_minor),
        currency: Set(currency_of(booking).code().to_owned()),
        // Only sandbox test cards and Stripe PaymentMethod ids reach this server; either is
        // dropped as soon as the charge settles.
        card: Set(serde_json::to_string(&card).expect("cards serialise")),
        state: Set(RESERVED.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let job = NewJob {
        run_at: now + RECONCILE_AFTER,
        max_attempts: 20,
        ..NewJob::now(
            RECONCILE_CHARGE,
            serde_json::json!(Reconcile {
                reservation_id: reservation.id
            }),
            now,
        )
    }
    .with_key(format!("reconcile-charge-{}", reservation.id));
    enqueue(txn, job, now).await?;
    Ok(reservation)
}

/// What to send the provider for `reservation`: the same request every time.
pub(crate) fn charge_request(
    reservation: &charge_reservations::Model,
) -> Result<ChargeRequest, ServiceError> {
    let corrupt = |what: String| ServiceError::Database(sea_orm::DbErr::Custom(what));
    let card: CardDetails = serde_json::from_str(&reservation.card)
        .map_err(|e| corrupt(format!("charge reservation {}: {e}", reservation.id)))?;
    let currency = Currency::parse(&reservation.currency)
        .map_err(|_| corrupt(format!("currency {:?}", reservation.currency)))?;
    Ok(ChargeRequest {
        amount: Money::new(reservation.amount_minor, currency),
        card,
        idempotency_key: reservation.provider_key.clone(),
    })
}

/// The reservation as it is now, on `db` (a confirming transaction reads it after locking
/// the booking, so two confirmations never both see it open).
pub(crate) async fn reservation(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<charge_reservations::Model, ServiceError> {
    charge_reservations::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Charge reservation"))
}

/// Closes the reservation: charged (with the provider's id) or failed. The card goes.
pub(crate) async fn settle_reservation(
    txn: &impl ConnectionTrait,
    reservation: &charge_reservations::Model,
    charge_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let state = if charge_id.is_some() { CHARGED } else { FAILED };
    charge_reservations::ActiveModel {
        id: Set(reservation.id),
        state: Set(state.to_owned()),
        charge_id: Set(charge_id),
        card: Set(String::new()),
        settled_at: Set(Some(now)),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}
