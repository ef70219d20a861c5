//! Dispute rows as every part of the dispute flow reads and writes them: locked for a
//! change, their status and opener, the recorded answer, and the refusals they share.

use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, Role},
    booking::Party,
    disputes::{Answer, DisputeStatus},
    FieldError,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Set};

use super::super::store::steps::party_of;
use crate::{
    entities::{bookings, disputes, StoredAnswer},
    ServiceError,
};

pub(super) fn conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::Conflict(FieldError::new("state", message))
}

pub(super) fn ensure_admin(user: &CurrentUser) -> Result<(), ServiceError> {
    match user.role {
        Role::Admin => Ok(()),
        _ => Err(ServiceError::Forbidden("Only admins decide disputes.")),
    }
}

pub(super) async fn locked_dispute(
    txn: &impl ConnectionTrait,
    id: i64,
) -> Result<disputes::Model, ServiceError> {
    let mut query = disputes::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("Dispute"))
}

pub(super) fn corrupt(what: String) -> ServiceError {
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

pub(super) fn viewer_of(actor: &CurrentUser, booking: &bookings::Model) -> Option<Party> {
    party_of(booking, actor.id).or((actor.role == Role::Admin).then_some(Party::System))
}

pub(super) async fn set_answer(
    txn: &impl ConnectionTrait,
    dispute: &disputes::Model,
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<disputes::Model, ServiceError> {
    Ok(disputes::ActiveModel {
        id: Set(dispute.id),
        answer: Set(StoredAnswer(answer)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?)
}
