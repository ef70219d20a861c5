//! What becomes of open bookings when an account loses its standing (the rule the policies
//! page publishes):
//!
//! - A chef who is suspended, or whose role an admin changes, stops being listed at once.
//!   Each of their bookings whose event has not started — asked, proposed, accepted, paid or
//!   confirmed — is cancelled as if the chef had cancelled it: the customer gets everything
//!   back. Bookings whose event has started or ended follow the usual rules (release after
//!   the complaint window, disputes).
//! - A suspended customer's bookings that are not paid yet (asked, proposed, accepted) are
//!   withdrawn as if the customer had cancelled them; no money has moved. Paid bookings stand,
//!   so no chef loses a date they were paid for; an admin handles them case by case.
//!
//! The work runs as a job queued with the change, so it is retried until done; it reads the
//! account again when it runs, and does nothing if the account was reinstated meanwhile.

use async_trait::async_trait;
use domain::{
    account::Role,
    booking::{BookingState, Party},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::{
    escrow::cancel_on,
    store::{
        holds::holds_booking,
        locking::locked,
        steps::{state_of, wake_parties},
    },
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    entities::{bookings, users},
    jobs::{enqueue, Job, NewJob},
    worker::JobHandler,
    ServiceError,
};

pub const ACCOUNT_WITHDRAWN: &str = "booking.account_withdrawn";

#[derive(Debug, Serialize, Deserialize)]
pub struct Withdrawn {
    pub user_id: i64,
}

/// Queues the rule for `user_id`, in the transaction that changed the account.
pub async fn account_withdrawn(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::to_value(Withdrawn { user_id }).expect("serialises");
    enqueue(db, NewJob::now(ACCOUNT_WITHDRAWN, payload, now), now).await?;
    Ok(())
}

/// Handles [`ACCOUNT_WITHDRAWN`] jobs.
pub struct AccountWithdrawn {
    pub clock: Clock,
    pub bus: NotificationBus,
}

const BEFORE_PAYMENT: [BookingState; 3] = [
    BookingState::Requested,
    BookingState::Proposed,
    BookingState::Accepted,
];
const BEFORE_THE_EVENT: [BookingState; 5] = [
    BookingState::Requested,
    BookingState::Proposed,
    BookingState::Accepted,
    BookingState::Paid,
    BookingState::Confirmed,
];

#[async_trait]
impl JobHandler for AccountWithdrawn {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let Withdrawn { user_id } =
            serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let now = self.clock.now();
        let Some(user) = users::Entity::find_by_id(user_id)
            .one(txn)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        let suspended = user.suspended_at.is_some();
        let chef_withdrawn = suspended || user.role != Role::Chef.as_str();
        let mut cancelled = Vec::new();
        if chef_withdrawn {
            let open = open_bookings(txn, bookings::Column::ChefId, user_id, &BEFORE_THE_EVENT)
                .await
                .map_err(|e| e.to_string())?;
            for booking in open.into_iter().filter(|b| b.starts_at > now) {
                cancelled.extend(
                    cancel_for(txn, booking.id, Party::Chef, &BEFORE_THE_EVENT, now).await?,
                );
            }
        }
        if suspended {
            let open = open_bookings(txn, bookings::Column::CustomerId, user_id, &BEFORE_PAYMENT)
                .await
                .map_err(|e| e.to_string())?;
            for booking in open {
                cancelled.extend(
                    cancel_for(txn, booking.id, Party::Customer, &BEFORE_PAYMENT, now).await?,
                );
            }
        }
        if !cancelled.is_empty() {
            tracing::info!(
                user_id,
                count = cancelled.len(),
                "open bookings of a withdrawn account cancelled"
            );
        }
        for booking in &cancelled {
            wake_parties(&self.bus, booking);
        }
        Ok(())
    }
}

async fn open_bookings(
    txn: &DatabaseTransaction,
    side: bookings::Column,
    user_id: i64,
    states: &[BookingState],
) -> Result<Vec<bookings::Model>, ServiceError> {
    Ok(bookings::Entity::find()
        .filter(side.eq(user_id))
        .filter(bookings::Column::State.is_in(states.iter().map(|s| s.code())))
        .order_by_asc(bookings::Column::Id)
        .all(txn)
        .await?)
}

/// Cancels one booking on `party`'s behalf, under its lock, if it is still in one of
/// `states`. One held by a dispute is left to the dispute's ruling.
async fn cancel_for(
    txn: &DatabaseTransaction,
    booking_id: i64,
    party: Party,
    states: &[BookingState],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<bookings::Model>, String> {
    let Some(booking) = locked(txn, booking_id).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    if !states.contains(&state_of(&booking).map_err(|e| e.to_string())?) {
        return Ok(None);
    }
    if holds_booking(txn, booking.id)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(None);
    }
    let key = format!("withdrawn-{booking_id}");
    cancel_on(txn, &booking, party, None, &key, now)
        .await
        .map(Some)
        .map_err(|e| e.to_string())
}
