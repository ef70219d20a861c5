//! Row locks for a transaction that changes a booking: on PostgreSQL `SELECT … FOR UPDATE`;
//! SQLite's write transaction already excludes every other writer.

use domain::{account::CurrentUser, booking::Party};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect};

use super::steps::party_of;
use crate::{entities::bookings, ServiceError};

/// The booking, locked for this transaction (PostgreSQL; SQLite's write transaction already
/// excludes everyone), and the actor's side of it. Someone else's booking is not found.
pub(crate) async fn locked_for(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> Result<(bookings::Model, Party), ServiceError> {
    let mut query = bookings::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let booking = query
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("Booking"))?;
    let party = party_of(&booking, actor.id).ok_or(ServiceError::NotFound("Booking"))?;
    Ok((booking, party))
}

/// Reads `id` on `txn`, locked like [`locked_for`], for the platform's own steps.
pub(crate) async fn locked(
    txn: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<bookings::Model>, ServiceError> {
    let mut query = bookings::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    Ok(query.one(txn).await?)
}
