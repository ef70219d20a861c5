//! Reading disputes: one dispute for its sides or an admin, a booking's dispute, and the
//! admins' queue.

use domain::{
    account::CurrentUser,
    booking::Party,
    disputes::{DisputeStatus, DisputeView},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    records::{ensure_admin, viewer_of},
    service::Disputes,
    view::dispute_view,
};
use crate::{
    entities::{bookings, dispute_events, disputes},
    media::key_of,
    ServiceError,
};
use bytes::Bytes;

impl Disputes {
    /// A dispute, for one of its sides or an admin.
    pub async fn view(&self, actor: &CurrentUser, id: i64) -> Result<DisputeView, ServiceError> {
        let (dispute, booking, viewer) = self.seen_by(actor, id).await?;
        dispute_view(&self.db, &dispute, &booking, viewer, self.now()).await
    }

    /// Dispute `id`, its booking and the actor's side (an admin's is the platform's). An
    /// outsider finds no dispute: the same answer as for an id that does not exist.
    pub(super) async fn seen_by(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<(disputes::Model, bookings::Model, Party), ServiceError> {
        let dispute = disputes::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Dispute"))?;
        let booking = bookings::Entity::find_by_id(dispute.booking_id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Dispute"))?;
        let viewer = viewer_of(actor, &booking).ok_or(ServiceError::NotFound("Dispute"))?;
        Ok((dispute, booking, viewer))
    }

    /// An evidence photo's file (`name` as in the dispute's `photo_urls`), for the
    /// dispute's sides and admins only; anyone else finds nothing.
    pub async fn evidence_file(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
    ) -> Result<Bytes, ServiceError> {
        self.seen_by(actor, id).await?;
        let db = &self.db;
        let key = key_of(name).ok_or(ServiceError::NotFound("Photo"))?;
        let in_this_dispute = dispute_events::Entity::find()
            .filter(dispute_events::Column::DisputeId.eq(id))
            .all(db)
            .await?
            .iter()
            .any(|event| event.photo_keys.0.iter().any(|stored| stored == key));
        if !in_this_dispute {
            return Err(ServiceError::NotFound("Photo"));
        }
        self.media
            .get(name)
            .await?
            .ok_or(ServiceError::NotFound("Photo"))
    }

    /// The booking's dispute, if it has one.
    pub async fn of_booking(
        &self,
        actor: &CurrentUser,
        booking_id: i64,
    ) -> Result<Option<DisputeView>, ServiceError> {
        let db = &self.db;
        let booking = bookings::Entity::find_by_id(booking_id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let viewer = viewer_of(actor, &booking).ok_or(ServiceError::NotFound("Booking"))?;
        let Some(dispute) = disputes::Entity::find()
            .filter(disputes::Column::BookingId.eq(booking_id))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(
            dispute_view(db, &dispute, &booking, viewer, self.now()).await?,
        ))
    }

    /// What admins have to decide, oldest first; with `all`, every dispute, newest first.
    pub async fn queue(
        &self,
        admin: &CurrentUser,
        all: bool,
    ) -> Result<Vec<DisputeView>, ServiceError> {
        ensure_admin(admin)?;
        let db = &self.db;
        let mut query = disputes::Entity::find();
        query = if all {
            query.order_by_desc(disputes::Column::Id).limit(200)
        } else {
            let waiting: Vec<&str> = DisputeStatus::ALL
                .iter()
                .filter(|status| status.needs_admin())
                .map(|status| status.code())
                .collect();
            query
                .filter(disputes::Column::Status.is_in(waiting))
                .order_by_asc(disputes::Column::UpdatedAt)
        };
        let now = self.now();
        let mut views = Vec::new();
        for dispute in query.all(db).await? {
            if let Some(booking) = bookings::Entity::find_by_id(dispute.booking_id)
                .one(db)
                .await?
            {
                views.push(dispute_view(db, &dispute, &booking, Party::System, now).await?);
            }
        }
        Ok(views)
    }
}
