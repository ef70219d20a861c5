//! Webhook events from the payment provider, recorded once each. Our charges are confirmed
//! by the paying request (or the reconcile job) and refunds by the job that sends them, so
//! an event changes no money here; it is kept as the provider's own account of what
//! happened, marked with whether our records know the object, so a charge the ledger lacks
//! stands out.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use super::stripe::PaymentEvent;
use crate::{
    entities::{ledger_transactions, payment_events, refund_sends},
    ServiceError,
};

/// What recording an event found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// False when the provider sent this event before (a retry).
    pub first_time: bool,
    pub in_ledger: bool,
}

pub async fn record(
    db: &DatabaseConnection,
    event: &PaymentEvent,
    now: DateTime<Utc>,
) -> Result<Recorded, ServiceError> {
    // Charges carry their id on the ledger's payment; refunds on the refund sent for it.
    let in_ledger = ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::ProviderRef.eq(event.object_id.as_str()))
        .count(db)
        .await?
        + refund_sends::Entity::find()
            .filter(refund_sends::Column::RefundId.eq(event.object_id.as_str()))
            .count(db)
            .await?
        > 0;
    let inserted = payment_events::Entity::insert(payment_events::ActiveModel {
        event_id: Set(event.event_id.clone()),
        kind: Set(event.kind.clone()),
        object_id: Set(event.object_id.clone()),
        amount_minor: Set(event.amount_minor),
        currency: Set(event.currency.clone()),
        booking_id: Set(event.booking_id),
        in_ledger: Set(in_ledger),
        received_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(payment_events::Column::EventId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let first_time = inserted == 1;
    if first_time && !in_ledger && event.kind == "payment_intent.succeeded" {
        tracing::warn!(
            event_id = event.event_id,
            object_id = event.object_id,
            "the provider reports a payment our ledger does not hold"
        );
    }
    Ok(Recorded {
        first_time,
        in_ledger,
    })
}
