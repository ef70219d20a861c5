//! A dispute as one side or an admin sees it, with its audit trail; the admins' queue.

use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, Role},
    booking::Party,
    disputes::{
        allowed_actions, DisputeCategory, DisputeEvent, DisputeEventKind, DisputeStatus,
        DisputeView,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{super::ledger::booking_ledger, Disputes};
use crate::{
    entities::{bookings, dispute_events, disputes, users},
    media::full_name,
    photos::MEDIA_PATH,
    ServiceError,
};

fn corrupt(what: String) -> ServiceError {
    ServiceError::Database(sea_orm::DbErr::Custom(what))
}

pub(super) fn status_of(dispute: &disputes::Model) -> Result<DisputeStatus, ServiceError> {
    DisputeStatus::parse(&dispute.status).ok_or_else(|| {
        corrupt(format!(
            "dispute {} has an unknown status {:?}",
            dispute.id, dispute.status
        ))
    })
}

pub(super) fn opener_of(dispute: &disputes::Model) -> Party {
    Party::parse(&dispute.opened_by).unwrap_or(Party::Customer)
}

pub(super) async fn dispute_view(
    db: &impl ConnectionTrait,
    dispute: &disputes::Model,
    booking: &bookings::Model,
    viewer: Party,
    now: DateTime<Utc>,
) -> Result<DisputeView, ServiceError> {
    let category = DisputeCategory::parse(&dispute.category)
        .ok_or_else(|| corrupt(format!("dispute {} has an unknown category", dispute.id)))?;
    let status = status_of(dispute)?;
    let opened_by = opener_of(dispute);
    let trail = dispute_events::Entity::find()
        .filter(dispute_events::Column::DisputeId.eq(dispute.id))
        .order_by_asc(dispute_events::Column::Id)
        .all(db)
        .await?;
    let admin_ids: Vec<i64> = trail
        .iter()
        .filter(|event| event.by_party == Party::System.code())
        .filter_map(|event| event.actor_id)
        .collect();
    let admins = users::Entity::find()
        .filter(users::Column::Id.is_in(admin_ids))
        .all(db)
        .await?;
    let events = trail
        .into_iter()
        .filter_map(|event| {
            let kind = DisputeEventKind::parse(&event.kind)?;
            let by = Party::parse(&event.by_party)?;
            let admin = (by == Party::System)
                .then_some(event.actor_id)
                .flatten()
                .and_then(|id| admins.iter().find(|admin| admin.id == id))
                .map(|admin| admin.display_name.clone());
            Some(DisputeEvent {
                at: event.created_at,
                kind,
                kind_label: kind.label().to_owned(),
                by,
                admin,
                text: event.body,
                message_ids: event.message_ids.0,
                photo_urls: event
                    .photo_keys
                    .0
                    .iter()
                    .map(|key| format!("{MEDIA_PATH}/{}", full_name(key)))
                    .collect(),
                ruling: event.ruling.map(|stored| stored.0),
            })
        })
        .collect::<Vec<_>>();
    let already_appealed = dispute.appealed;
    let (may_answer, may_decide_offer, may_add_evidence, may_appeal) = allowed_actions(
        status,
        opened_by,
        viewer,
        dispute.appeal_closes_at,
        already_appealed,
        now,
    );
    let counter_offer_bp = match dispute.answer.0 {
        domain::disputes::Answer::CounterOffer { refund_bp, .. } => Some(refund_bp),
        _ => None,
    };
    let paid_minor = booking_ledger(db, booking.id).await?.paid_minor();
    Ok(DisputeView {
        id: dispute.id,
        booking_id: booking.id,
        category,
        category_label: category.label().to_owned(),
        opened_by,
        opened_at: dispute.opened_at,
        description: dispute.description.clone(),
        claimed_refund_bp: dispute.claimed_refund_bp.clamp(0, 10_000) as u32,
        status,
        status_label: status.label().to_owned(),
        answer_due_at: dispute.answer_due_at,
        counter_offer_bp,
        ruling: dispute.ruling.clone().map(|stored| stored.0),
        appeal_closes_at: dispute.appeal_closes_at,
        // The recommendation is the admin's starting point, not a promise to either side.
        recommended: (viewer == Party::System && status.needs_admin())
            .then(|| dispute.recommended.clone().map(|stored| stored.0))
            .flatten(),
        currency: booking.currency.clone(),
        paid_minor,
        events,
        viewer,
        may_answer,
        may_decide_offer,
        may_add_evidence,
        may_appeal,
    })
}

pub(super) fn viewer_of(actor: &CurrentUser, booking: &bookings::Model) -> Option<Party> {
    super::super::steps::party_of(booking, actor.id)
        .or((actor.role == Role::Admin).then_some(Party::System))
}

impl Disputes {
    /// A dispute, for one of its sides or an admin.
    pub async fn view(&self, actor: &CurrentUser, id: i64) -> Result<DisputeView, ServiceError> {
        let db = &self.bookings.db;
        let dispute = disputes::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound("Dispute"))?;
        let booking = bookings::Entity::find_by_id(dispute.booking_id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let viewer = viewer_of(actor, &booking).ok_or(ServiceError::NotFound("Dispute"))?;
        dispute_view(db, &dispute, &booking, viewer, self.now()).await
    }

    /// The booking's dispute, if it has one.
    pub async fn of_booking(
        &self,
        actor: &CurrentUser,
        booking_id: i64,
    ) -> Result<Option<DisputeView>, ServiceError> {
        let db = &self.bookings.db;
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
        super::ensure_admin(admin)?;
        let db = &self.bookings.db;
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
