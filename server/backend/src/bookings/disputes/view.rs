//! A dispute as one side or an admin sees it, with its audit trail.

use chrono::{DateTime, Utc};
use domain::{
    booking::Party,
    disputes::{allowed_actions, DisputeCategory, DisputeEvent, DisputeEventKind, DisputeView},
    events::GuestNeeds,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{
    super::store::ledger::booking_ledger,
    records::{corrupt, opener_of, status_of},
};
use crate::{
    entities::{bookings, dispute_events, disputes, event_requests, users},
    media::full_name,
    ServiceError,
};

/// Where a dispute's evidence photo is served, to its sides and admins only.
pub(crate) fn evidence_url(dispute_id: i64, key: &str) -> String {
    format!("/api/v1/disputes/{dispute_id}/evidence/{}", full_name(key))
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
                    .map(|key| evidence_url(dispute.id, key))
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
    let request = event_requests::Entity::find_by_id(booking.request_id)
        .one(db)
        .await?
        .ok_or_else(|| corrupt(format!("booking {} has no event request", booking.id)))?;
    let guest_needs = GuestNeeds::from_codes(
        &request.allergens.0,
        &request.dietary_needs.0,
        i64::from(booking.special_diet_guests),
    );
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
        guest_needs,
        city: request.city.clone(),
        events,
        viewer,
        may_answer,
        may_decide_offer,
        may_add_evidence,
        may_appeal,
    })
}
