//! "From a real event": either side of a booking that has taken place agrees (or stops
//! agreeing) to show it on posts. Posts show the badge only while both agree, so withdrawing
//! takes it off every post at once (see `views::shown_events`).

use domain::{
    account::CurrentUser,
    booking::BookingState,
    social::posts::{EventRef, EventSharing},
    FieldError,
};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::views::shown_events;
use crate::{
    clock::Clock,
    deps::Deps,
    entities::{booking_shares, bookings},
    ServiceError,
};

/// The newest events a composer offers to link.
const EVENTS_OFFERED: u64 = 50;

#[derive(Clone)]
pub struct EventShares {
    db: DatabaseConnection,
    clock: Clock,
}

fn took_place(booking: &bookings::Model) -> bool {
    BookingState::parse(&booking.state)
        .is_some_and(|state| matches!(state, BookingState::Completed | BookingState::Released))
}

impl EventShares {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
        }
    }

    /// One of the booking's two sides, or 404 for anyone else.
    async fn own_booking(
        &self,
        viewer: &CurrentUser,
        booking_id: i64,
    ) -> Result<bookings::Model, ServiceError> {
        bookings::Entity::find_by_id(booking_id)
            .one(&self.db)
            .await?
            .filter(|booking| booking.customer_id == viewer.id || booking.chef_id == viewer.id)
            .ok_or(ServiceError::NotFound("Booking"))
    }

    pub async fn sharing(
        &self,
        viewer: &CurrentUser,
        booking_id: i64,
    ) -> Result<EventSharing, ServiceError> {
        let booking = self.own_booking(viewer, booking_id).await?;
        let other = if booking.customer_id == viewer.id {
            booking.chef_id
        } else {
            booking.customer_id
        };
        let agreed: Vec<i64> = booking_shares::Entity::find()
            .select_only()
            .column(booking_shares::Column::UserId)
            .filter(booking_shares::Column::BookingId.eq(booking_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(EventSharing {
            booking_id,
            took_place: took_place(&booking),
            you_agreed: agreed.contains(&viewer.id),
            other_agreed: agreed.contains(&other),
        })
    }

    /// The viewer agrees to show the event; agreeing twice is agreeing once.
    pub async fn agree(
        &self,
        viewer: &CurrentUser,
        booking_id: i64,
    ) -> Result<EventSharing, ServiceError> {
        let booking = self.own_booking(viewer, booking_id).await?;
        if !took_place(&booking) {
            return Err(FieldError::new(
                "booking_id",
                "An event can be shown once it has taken place.",
            )
            .into());
        }
        booking_shares::Entity::insert(booking_shares::ActiveModel {
            booking_id: Set(booking_id),
            user_id: Set(viewer.id),
            created_at: Set(self.clock.now()),
        })
        .on_conflict(
            OnConflict::columns([
                booking_shares::Column::BookingId,
                booking_shares::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        tracing::info!(booking_id, user_id = viewer.id, "agreed to show an event");
        self.sharing(viewer, booking_id).await
    }

    /// The viewer no longer agrees: posts linking the event lose the badge.
    pub async fn withdraw(
        &self,
        viewer: &CurrentUser,
        booking_id: i64,
    ) -> Result<EventSharing, ServiceError> {
        self.own_booking(viewer, booking_id).await?;
        booking_shares::Entity::delete_many()
            .filter(booking_shares::Column::BookingId.eq(booking_id))
            .filter(booking_shares::Column::UserId.eq(viewer.id))
            .exec(&self.db)
            .await?;
        tracing::info!(booking_id, user_id = viewer.id, "stopped showing an event");
        self.sharing(viewer, booking_id).await
    }

    /// The viewer's events that both sides agreed to show, newest first: what the composer
    /// offers to link.
    pub async fn shown_events(&self, viewer: &CurrentUser) -> Result<Vec<EventRef>, ServiceError> {
        let agreed: Vec<i64> = booking_shares::Entity::find()
            .select_only()
            .column(booking_shares::Column::BookingId)
            .filter(booking_shares::Column::UserId.eq(viewer.id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = bookings::Entity::find()
            .select_only()
            .column(bookings::Column::Id)
            .filter(bookings::Column::Id.is_in(agreed))
            .filter(
                Condition::any()
                    .add(bookings::Column::CustomerId.eq(viewer.id))
                    .add(bookings::Column::ChefId.eq(viewer.id)),
            )
            .order_by_desc(bookings::Column::StartsAt)
            .limit(EVENTS_OFFERED)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut shown = shown_events(&self.db, ids.clone()).await?;
        Ok(ids.iter().filter_map(|id| shown.remove(id)).collect())
    }
}
