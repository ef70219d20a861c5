//! Refunds owed to customers' cards. The ledger movement that owes one and the refund's row
//! are written in the same transaction; the `payment.send_refund` job sends it to the
//! provider holding no transaction, with a key of the row's own, so a retried job refunds
//! once (see [`crate::bookings::SendRefund`]).

use chrono::{DateTime, Utc};
use domain::{
    ledger::Movement,
    money::{Currency, Money},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use crate::{
    entities::{bookings, ledger_transactions, refund_sends},
    jobs::{enqueue, NewJob},
    ServiceError,
};

/// Job kind: send a refund the ledger owes to the customer's card.
pub const SEND_REFUND: &str = "payment.send_refund";

/// The payload of a [`SEND_REFUND`] job.
#[derive(Debug, Serialize, Deserialize)]
pub struct RefundDue {
    pub ledger_transaction_id: i64,
}

fn corrupt(what: String) -> ServiceError {
    ServiceError::Database(sea_orm::DbErr::Custom(what))
}

/// The provider's id of the charge that paid for the booking.
async fn charge_of(db: &impl ConnectionTrait, booking_id: i64) -> Result<String, ServiceError> {
    ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::BookingId.eq(booking_id))
        .filter(ledger_transactions::Column::Movement.eq(Movement::Payment.code()))
        .one(db)
        .await?
        .and_then(|payment| payment.provider_ref)
        .ok_or_else(|| {
            corrupt(format!(
                "booking {booking_id} holds money but has no charge"
            ))
        })
}

/// Queues the refund of `amount_minor` of `booking`'s charge, owed by ledger transaction
/// `ledger_transaction_id`, on `txn`.
pub(crate) async fn queue_refund(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    ledger_transaction_id: i64,
    amount_minor: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    refund_sends::ActiveModel {
        ledger_transaction_id: Set(ledger_transaction_id),
        booking_id: Set(booking.id),
        charge_id: Set(charge_of(txn, booking.id).await?),
        amount_minor: Set(amount_minor),
        currency: Set(booking.currency.clone()),
        refund_id: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(txn)
    .await?;
    let job = NewJob {
        max_attempts: 20,
        ..NewJob::now(
            SEND_REFUND,
            serde_json::json!(RefundDue {
                ledger_transaction_id
            }),
            now,
        )
    }
    .with_key(format!("send-refund-{ledger_transaction_id}"));
    enqueue(txn, job, now).await?;
    Ok(())
}

/// A refund as queued, and what the provider is to be sent for it.
pub(crate) struct Refund {
    pub row: refund_sends::Model,
    pub amount: Money,
    /// The same on every retry: the provider refunds once per key.
    pub key: String,
}

pub(crate) async fn refund_due(
    db: &impl ConnectionTrait,
    ledger_transaction_id: i64,
) -> Result<Refund, ServiceError> {
    let row = refund_sends::Entity::find_by_id(ledger_transaction_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Refund"))?;
    let currency = Currency::parse(&row.currency)
        .map_err(|_| corrupt(format!("currency {:?}", row.currency)))?;
    Ok(Refund {
        amount: Money::new(row.amount_minor, currency),
        key: format!("refund-{ledger_transaction_id}"),
        row,
    })
}

/// Notes the provider's id of a refund it took.
pub(crate) async fn mark_sent(
    db: &impl ConnectionTrait,
    ledger_transaction_id: i64,
    refund_id: String,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    refund_sends::ActiveModel {
        ledger_transaction_id: Set(ledger_transaction_id),
        refund_id: Set(Some(refund_id)),
        sent_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
