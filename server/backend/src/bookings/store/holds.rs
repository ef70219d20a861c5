//! What an open dispute holds back: the booking's release and cancellation while it is
//! undecided, and the chef's payout of it while a ruling may still be appealed.

use chrono::{DateTime, Utc};
use domain::disputes::DisputeStatus;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::{
    entities::{bookings, disputes},
    ServiceError,
};

/// Whether a dispute on the booking keeps its money held (no release, no cancellation).
pub(crate) async fn holds_booking(
    db: &impl ConnectionTrait,
    booking_id: i64,
) -> Result<bool, ServiceError> {
    let holding: Vec<&str> = DisputeStatus::ALL
        .iter()
        .filter(|status| status.holds_money())
        .map(|status| status.code())
        .collect();
    Ok(disputes::Entity::find()
        .filter(disputes::Column::BookingId.eq(booking_id))
        .filter(disputes::Column::Status.is_in(holding))
        .count(db)
        .await?
        > 0)
}

/// Bookings whose chef's share waits for an appeal: ruled and still appealable, or appealed.
pub(crate) async fn payout_held_bookings(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, ServiceError> {
    let chef_booking_ids: Vec<i64> = bookings::Entity::find()
        .filter(bookings::Column::ChefId.eq(chef_id))
        .select_only()
        .column(bookings::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(disputes::Entity::find()
        .filter(disputes::Column::BookingId.is_in(chef_booking_ids))
        .all(db)
        .await?
        .into_iter()
        .filter(|dispute| match DisputeStatus::parse(&dispute.status) {
            Some(DisputeStatus::Ruled) => dispute.appeal_closes_at.is_some_and(|at| now < at),
            Some(status) => status.holds_money() || status == DisputeStatus::Appealed,
            None => true,
        })
        .map(|dispute| dispute.booking_id)
        .collect())
}
