//! Posted requests: the customer describes the event once; a job invites nearby chefs who
//! are free then and fit it; up to four propose (a booking each, in state `proposed`); the
//! customer accepts one and the others are declined in the same transaction.
//!
//! The invitations themselves are sent by a job ([`super::invitations`]).
//!
//! Lock order, on PostgreSQL: the request row, then a booking row. Proposing and accepting
//! both take them in that order, so they queue rather than deadlock; the request lock is
//! what keeps a fifth proposal out when several chefs answer at once.

use chrono::{DateTime, Offset, TimeZone, Utc};
use domain::{
    account::CurrentUser,
    booking::{
        validate_message, BookingEvent, BookingState, Party, PostedEvent, PostedRequestView,
        ProposalForm, RequestStatus, MAX_PROPOSALS,
    },
    catalog::{Allergen, DietaryFlag},
    events::{EventKind, EventRequestForm},
    notifications::{booking_update, Kind},
    FieldError,
};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::store::{
    requests::{decline_rivals, lock_request, status_of, Invite, INVITE_CHEFS},
    rows::{busy, new_booking, new_event_request, price_for},
    steps::{state_of, take_step},
    view::views_of,
};
use crate::{
    bus::NotificationBus,
    calendar::is_busy,
    catalog::chef_profile_on,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{bookings, event_requests, invitations, users},
    jobs::{enqueue, NewJob},
    notifications::notify,
    ServiceError,
};
use domain::places::time_zone_of;

/// Events posted for nearby chefs to propose on, and the chefs' proposals.
#[derive(Clone)]
pub struct PostedRequests {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
}

impl PostedRequests {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
        }
    }
    /// The customer posts an event for nearby chefs to propose on. Invitations go out from
    /// the worker, since finding the chefs asks the search engine.
    pub async fn post_request(
        &self,
        customer: &CurrentUser,
        form: &EventRequestForm,
    ) -> Result<PostedRequestView, ServiceError> {
        let now = self.clock.now();
        let event = form.validate(now).map_err(ServiceError::Invalid)?;
        let txn = begin_write(&self.db).await?;
        let request = new_event_request(customer.id, &event, true, now)
            .insert(&txn)
            .await?;
        let invite = serde_json::to_value(Invite {
            request_id: request.id,
        })
        .expect("json");
        let job =
            NewJob::now(INVITE_CHEFS, invite, now).with_key(format!("request:{}", request.id));
        enqueue(&txn, job, now).await?;
        let view = posted_view(&txn, &request, customer.id, now).await?;
        txn.commit().await?;
        tracing::info!(request_id = request.id, "event request posted");
        Ok(view)
    }

    /// A posted request, for its customer or a chef it invited; anyone else is told it does
    /// not exist.
    pub async fn posted_request(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<PostedRequestView, ServiceError> {
        let request = event_requests::Entity::find_by_id(id)
            .filter(event_requests::Column::Posted.eq(true))
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Request"))?;
        if request.customer_id != actor.id && !is_invited(&self.db, id, actor.id).await? {
            return Err(ServiceError::NotFound("Request"));
        }
        posted_view(&self.db, &request, actor.id, self.clock.now()).await
    }

    /// The requests the customer posted, the newest first.
    pub async fn posted_requests(
        &self,
        customer: &CurrentUser,
    ) -> Result<Vec<PostedRequestView>, ServiceError> {
        let rows = event_requests::Entity::find()
            .filter(event_requests::Column::CustomerId.eq(customer.id))
            .filter(event_requests::Column::Posted.eq(true))
            .order_by_desc(event_requests::Column::CreatedAt)
            .order_by_desc(event_requests::Column::Id)
            .all(&self.db)
            .await?;
        self.views_of(rows, customer.id).await
    }

    /// The requests a chef was invited to, the soonest event first.
    pub async fn invitations(
        &self,
        chef: &CurrentUser,
    ) -> Result<Vec<PostedRequestView>, ServiceError> {
        let request_ids: Vec<i64> = invitations::Entity::find()
            .filter(invitations::Column::ChefId.eq(chef.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|invitation| invitation.request_id)
            .collect();
        let rows = event_requests::Entity::find()
            .filter(event_requests::Column::Id.is_in(request_ids))
            .order_by_asc(event_requests::Column::StartsAt)
            .order_by_asc(event_requests::Column::Id)
            .all(&self.db)
            .await?;
        self.views_of(rows, chef.id).await
    }

    async fn views_of(
        &self,
        rows: Vec<event_requests::Model>,
        viewer_id: i64,
    ) -> Result<Vec<PostedRequestView>, ServiceError> {
        let now = self.clock.now();
        let mut views = Vec::with_capacity(rows.len());
        for request in &rows {
            views.push(posted_view(&self.db, request, viewer_id, now).await?);
        }
        Ok(views)
    }

    /// An invited chef proposes a menu for the event, priced by the same calculator as a
    /// direct booking; sending it again edits the proposal and restarts its expiry.
    pub async fn propose(
        &self,
        chef_user: &CurrentUser,
        request_id: i64,
        form: &ProposalForm,
    ) -> Result<PostedRequestView, ServiceError> {
        let now = self.clock.now();
        let message = if form.message.trim().is_empty() {
            String::new()
        } else {
            validate_message(&form.message).map_err(|e| FieldError::new("message", e.message))?
        };
        let chef = match chef_profile_on(&self.db, chef_user.id, now).await {
            Err(ServiceError::NotFound(_)) => {
                return Err(ServiceError::Forbidden(
                    "Only chefs with a profile send proposals.",
                ))
            }
            found => found?,
        };

        let txn = begin_write(&self.db).await?;
        let request = lock_request(&txn, request_id).await?;
        if !request.posted || !is_invited(&txn, request_id, chef_user.id).await? {
            return Err(ServiceError::NotFound("Request"));
        }
        let event = PostedEvent {
            starts_at: request.starts_at,
            ends_at: request.ends_at,
            guests: i64::from(request.guests),
            lat: request.latitude,
            lng: request.longitude,
        };
        let offset = time_zone_of(&request.city)
            .offset_from_utc_datetime(&request.starts_at.naive_utc())
            .fix();
        let rivals = bookings::Entity::find()
            .filter(bookings::Column::RequestId.eq(request_id))
            .all(&txn)
            .await?;
        let mine = rivals.iter().find(|b| b.chef_id == chef_user.id).cloned();
        let status = status_of(&request, &rivals, now);
        let my_proposal_is_live = mine
            .as_ref()
            .is_some_and(|b| b.state == BookingState::Proposed.code());
        match status {
            RequestStatus::Open => {}
            RequestStatus::Full if my_proposal_is_live => {}
            RequestStatus::Full => {
                return Err(conflict(format!(
                    "{MAX_PROPOSALS} chefs have already proposed for this event."
                )))
            }
            RequestStatus::Booked => {
                return Err(conflict(
                    "The customer has already chosen a chef for this event.",
                ))
            }
            RequestStatus::Closed => return Err(conflict("This request is closed.")),
        }
        // Whether the chef may propose at all comes before what they propose.
        let choice = form.quote_choice(chef.card.id, &event, offset);
        let (priced_request, priced) = price_for(&chef, &choice)?;
        if is_busy(&txn, chef.card.id, (event.starts_at, event.ends_at)).await? {
            return Err(busy(&chef));
        }
        let fresh = new_booking(
            &request,
            chef.card.id,
            &choice,
            priced_request.special_diet_guests,
            priced,
            message,
            now,
        );
        let booking = match mine {
            Some(existing) if my_proposal_is_live => {
                let edited = bookings::ActiveModel {
                    id: Set(existing.id),
                    dish_ids: fresh.dish_ids,
                    special_diet_guests: fresh.special_diet_guests,
                    total_minor: fresh.total_minor,
                    fee_minor: fresh.fee_minor,
                    currency: fresh.currency,
                    quote: fresh.quote,
                    message: fresh.message,
                    ..Default::default()
                }
                .update(&txn)
                .await?;
                let content = booking_update(
                    edited.id,
                    format!("{} updated their proposal", chef.card.display_name),
                    "Compare the proposals again before you choose.".to_owned(),
                );
                notify(
                    &txn,
                    request.customer_id,
                    Kind::BookingUpdate,
                    &content,
                    now,
                )
                .await?;
                edited
            }
            Some(existing) => {
                let state = state_of(&existing)?;
                return Err(conflict(format!(
                    "Your proposal was {}; it can no longer be changed.",
                    state.label().to_lowercase()
                )));
            }
            None => fresh.insert(&txn).await?,
        };
        take_step(
            &txn,
            &booking,
            BookingEvent::Propose,
            Party::Chef,
            Some(chef_user.id),
            now,
        )
        .await?;
        let view = posted_view(&txn, &request, chef_user.id, now).await?;
        txn.commit().await?;
        self.bus.publish(request.customer_id);
        tracing::info!(request_id, chef_id = chef_user.id, "proposal sent");
        Ok(view)
    }

    /// The customer withdraws a posted request they no longer need: live proposals are
    /// declined and no chef may propose any more.
    pub async fn withdraw_request(
        &self,
        customer: &CurrentUser,
        request_id: i64,
    ) -> Result<PostedRequestView, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let request = lock_request(&txn, request_id).await?;
        if !request.posted || request.customer_id != customer.id {
            return Err(ServiceError::NotFound("Request"));
        }
        let proposals = bookings::Entity::find()
            .filter(bookings::Column::RequestId.eq(request_id))
            .all(&txn)
            .await?;
        if status_of(&request, &proposals, now) == RequestStatus::Booked {
            return Err(conflict(
                "This request is booked: cancel the booking instead.",
            ));
        }
        event_requests::Entity::update_many()
            .col_expr(event_requests::Column::WithdrawnAt, Expr::value(now))
            .filter(event_requests::Column::Id.eq(request_id))
            .filter(event_requests::Column::WithdrawnAt.is_null())
            .exec(&txn)
            .await?;
        let declined = decline_rivals(&txn, &request, None, customer.id, now).await?;
        let withdrawn = event_requests::Model {
            withdrawn_at: request.withdrawn_at.or(Some(now)),
            ..request
        };
        let view = posted_view(&txn, &withdrawn, customer.id, now).await?;
        txn.commit().await?;
        for chef_id in declined {
            self.bus.publish(chef_id);
        }
        Ok(view)
    }
}

fn conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::Conflict(FieldError::new("request", message))
}

async fn is_invited(
    db: &impl ConnectionTrait,
    request_id: i64,
    chef_id: i64,
) -> Result<bool, ServiceError> {
    Ok(invitations::Entity::find()
        .filter(invitations::Column::RequestId.eq(request_id))
        .filter(invitations::Column::ChefId.eq(chef_id))
        .count(db)
        .await?
        > 0)
}

/// The request as `viewer_id` sees it: its customer sees every proposal, a chef their own.
async fn posted_view(
    db: &impl ConnectionTrait,
    request: &event_requests::Model,
    viewer_id: i64,
    now: DateTime<Utc>,
) -> Result<PostedRequestView, ServiceError> {
    let all = bookings::Entity::find()
        .filter(bookings::Column::RequestId.eq(request.id))
        .all(db)
        .await?;
    let status = status_of(request, &all, now);
    let viewer_is_customer = viewer_id == request.customer_id;
    let party = if viewer_is_customer {
        Party::Customer
    } else {
        Party::Chef
    };
    let seen: Vec<(bookings::Model, Party)> = all
        .iter()
        .filter(|b| viewer_is_customer || b.chef_id == viewer_id)
        .map(|booking| (booking.clone(), party))
        .collect();
    let mut proposals = views_of(db, &seen, now).await?;
    // Live ones first, cheapest first; then the rest, as they came.
    proposals.sort_by_key(|p| {
        let settled = p.state.is_final();
        (settled, if settled { 0 } else { p.quote.total_minor }, p.id)
    });
    let mine = all.iter().find(|b| b.chef_id == viewer_id);
    let may_propose = !viewer_is_customer
        && match status {
            RequestStatus::Open => mine.is_none_or(|b| b.state == BookingState::Proposed.code()),
            RequestStatus::Full => mine.is_some_and(|b| b.state == BookingState::Proposed.code()),
            RequestStatus::Booked | RequestStatus::Closed => false,
        };
    let customer_name = users::Entity::find_by_id(request.customer_id)
        .one(db)
        .await?
        .map(|user| user.display_name)
        .unwrap_or_default();
    let invited = invitations::Entity::find()
        .filter(invitations::Column::RequestId.eq(request.id))
        .count(db)
        .await?;
    let tz = time_zone_of(&request.city);
    let kind = EventKind::parse(&request.kind);
    Ok(PostedRequestView {
        id: request.id,
        status,
        status_label: status.label().to_owned(),
        yours: viewer_is_customer,
        customer_name,
        kind: request.kind.clone(),
        kind_label: kind.map(|k| k.label()).unwrap_or("Event").to_owned(),
        starts_at: request.starts_at,
        ends_at: request.ends_at,
        local_start: domain::places::event_clock(
            &request.city,
            request.starts_at,
            domain::places::ClockStyle::Full,
        ),
        utc_offset_seconds: tz
            .offset_from_utc_datetime(&request.starts_at.naive_utc())
            .fix()
            .local_minus_utc(),
        guests: i64::from(request.guests),
        city: request.city.clone(),
        lat: request.latitude,
        lng: request.longitude,
        budget_minor: request.budget_minor,
        dietary_needs: request
            .dietary_needs
            .0
            .iter()
            .filter_map(|code| DietaryFlag::parse(code))
            .collect(),
        allergens: request
            .allergens
            .0
            .iter()
            .filter_map(|code| Allergen::parse(code))
            .collect(),
        notes: request.notes.clone(),
        invited: invited as i64,
        proposals,
        may_propose,
    })
}
