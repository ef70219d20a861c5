//! Inviting chefs to a posted request: the [`crate::bookings::INVITE_CHEFS`] job asks search for
//! chefs who reach the event and are free that day, keeps those who fit it and are free at
//! that very time, and invites the nearest few.

use async_trait::async_trait;
use domain::{
    booking::{mismatch, RequestStatus, INVITE_AT_MOST, INVITE_RADIUS_KM},
    catalog::DietaryFlag,
    events::{EventKind, GuestNeeds},
    geo::Coordinates,
    notifications::{invitation, Kind},
    paging::PageRequest,
    search::ChefQuery,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::store::requests::{status_of, Invite};
use crate::{
    bus::NotificationBus,
    calendar::is_busy,
    catalog::chef_profile_on,
    clock::Clock,
    entities::{bookings, event_requests, invitations, users},
    jobs::Job,
    notifications::notify,
    search::Search,
    worker::JobHandler,
    ServiceError,
};
use domain::places::time_zone_of;

/// Handles [`crate::bookings::INVITE_CHEFS`] jobs: asks search for chefs who reach the event and are free
/// that day, keeps those who fit it and are free at that very time, and invites the nearest
/// [`INVITE_AT_MOST`]. Running twice invites nobody twice.
pub struct InviteChefs {
    pub search: Search,
    pub clock: Clock,
    pub bus: NotificationBus,
}

#[async_trait]
impl JobHandler for InviteChefs {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let invite: Invite = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let invited = self
            .invite(invite.request_id, txn)
            .await
            .map_err(|e| e.to_string())?;
        for chef_id in invited {
            self.bus.publish(chef_id);
        }
        Ok(())
    }
}

impl InviteChefs {
    async fn invite(
        &self,
        request_id: i64,
        txn: &DatabaseTransaction,
    ) -> Result<Vec<i64>, ServiceError> {
        let now = self.clock.now();
        let Some(request) = event_requests::Entity::find_by_id(request_id)
            .one(txn)
            .await?
        else {
            return Ok(Vec::new());
        };
        let proposals = bookings::Entity::find()
            .filter(bookings::Column::RequestId.eq(request_id))
            .all(txn)
            .await?;
        if !request.posted || status_of(&request, &proposals, now) != RequestStatus::Open {
            return Ok(Vec::new());
        }
        let place = Coordinates::parse(request.latitude, request.longitude)
            .map_err(|e| ServiceError::Invalid(vec![e]))?;
        let tz = time_zone_of(&request.city);
        let mut query = ChefQuery::around(place, INVITE_RADIUS_KM);
        query.available_on = Some(request.starts_at.with_timezone(&tz).date_naive());
        query.page = PageRequest::first(PageRequest::MAX_PER_PAGE);
        let candidates = self.search.search_chefs(&query).await?;
        let already: Vec<i64> = invitations::Entity::find()
            .filter(invitations::Column::RequestId.eq(request_id))
            .all(txn)
            .await?
            .into_iter()
            .map(|invitation| invitation.chef_id)
            .collect();
        let needs: Vec<DietaryFlag> = request
            .dietary_needs
            .0
            .iter()
            .filter_map(|code| DietaryFlag::parse(code))
            .collect();
        let guests = u16::try_from(request.guests).unwrap_or(u16::MAX);
        let customer_name = users::Entity::find_by_id(request.customer_id)
            .one(txn)
            .await?
            .map(|user| user.display_name)
            .unwrap_or_else(|| "A customer".to_owned());
        let event = EventKind::parse(&request.kind).map_or("an event", |k| k.label());
        let local_start = domain::places::event_clock(
            &request.city,
            request.starts_at,
            domain::places::ClockStyle::Full,
        );
        let mut invited = Vec::new();
        for hit in candidates.items {
            if already.len() + invited.len() >= INVITE_AT_MOST {
                break;
            }
            if hit.id == request.customer_id || already.contains(&hit.id) {
                continue;
            }
            // On the job's own transaction: SQLite has one connection to offer.
            let chef = match chef_profile_on(txn, hit.id, now).await {
                Ok(chef) => chef,
                Err(ServiceError::NotFound(_)) => continue,
                Err(other) => return Err(other),
            };
            if mismatch(&chef, guests, &needs).is_some()
                || is_busy(txn, hit.id, (request.starts_at, request.ends_at)).await?
            {
                continue;
            }
            invitations::ActiveModel {
                request_id: Set(request_id),
                chef_id: Set(hit.id),
                distance_km: Set(hit.distance_km),
                invited_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            let content = invitation(
                request_id,
                &customer_name,
                event,
                &local_start,
                i64::from(request.guests),
                &GuestNeeds::from_codes(&request.allergens.0, &request.dietary_needs.0, 0),
            );
            notify(txn, hit.id, Kind::Invitation, &content, now).await?;
            invited.push(hit.id);
        }
        tracing::info!(request_id, invited = invited.len(), "chefs invited");
        Ok(invited)
    }
}
