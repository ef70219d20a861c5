//! A booking's life without money: a customer asks a chef for an event, the chef accepts
//! (holding their calendar) or declines, confirms, checks in on the day; and who sees which
//! bookings. Every step goes through the domain's state machine ([`domain::booking`]).

use chrono::{Offset, TimeZone};
use domain::{
    account::{CurrentUser, Role},
    availability::schedule_problems,
    booking::{validate_message, BookingEvent, BookingRequestForm, BookingView, Party},
    events::GuestNeeds,
    money::Money,
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::store::{
    ledger::currency_of,
    locking::locked_for,
    requests::{decline_rivals, lock_posted_request_of},
    rows::{busy, new_booking, new_event_request, price_for},
    steps::{self, announce_request, party_of, take_step, wake_parties},
    view::{view_of, views_of},
};
use crate::{
    bus::NotificationBus,
    calendar::is_busy,
    catalog::chef_profile_on,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{bookings, messages, users},
    ServiceError,
};
use domain::places::time_zone_of;

#[derive(Clone)]
pub struct Bookings {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
}

impl Bookings {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
        }
    }

    /// A customer asks one chef for their event, with dishes from the chef's page. The
    /// price is computed here, by the same calculator the page ran, and kept with the
    /// booking: what the customer saw is what they pay.
    pub async fn request(
        &self,
        customer: &CurrentUser,
        form: &BookingRequestForm,
    ) -> Result<BookingView, ServiceError> {
        let now = self.clock.now();
        if customer.id == form.chef_id {
            return Err(ServiceError::Forbidden("You cannot book yourself."));
        }
        let event = form.event.validate(now).map_err(ServiceError::Invalid)?;
        let chef = chef_profile_on(&self.db, form.chef_id, now).await?;
        let tz = time_zone_of(event.city.name);
        let offset = tz
            .offset_from_utc_datetime(&event.starts_at.naive_utc())
            .fix();
        let choice = form.quote_choice(offset);
        let (request, priced) = price_for(&chef, &choice)?;
        // The rule the chef's page showed before "Request booking"; the calendar is checked
        // again below against the database, for time blocked since the page was loaded.
        if let Some(refused) = schedule_problems(
            &chef.card.display_name,
            &chef.weekly_hours,
            &chef.busy,
            choice.starts_at,
            event.duration_minutes,
        )
        .into_iter()
        .next()
        {
            return Err(ServiceError::Conflict(refused));
        }
        if let Some(seen) = form.expected_total_minor {
            if seen != priced.total_minor {
                return Err(ServiceError::Conflict(FieldError::new(
                    "total",
                    format!(
                        "The price changed since you saw it: the total is now {}. Check the quote and request again.",
                        domain::money::Money::new(priced.total_minor, priced.currency)
                    ),
                )));
            }
        }
        let message = if form.message.trim().is_empty() {
            None
        } else {
            Some(
                validate_message(&form.message)
                    .map_err(|e| FieldError::new("message", e.message))?,
            )
        };
        let span = (event.starts_at, event.ends_at());
        if is_busy(&self.db, chef.card.id, span).await? {
            return Err(busy(&chef));
        }

        let txn = begin_write(&self.db).await?;
        let saved_request = new_event_request(customer.id, &event, false, now)
            .insert(&txn)
            .await?;
        let booking = new_booking(
            &saved_request,
            chef.card.id,
            &choice,
            request.special_diet_guests,
            priced,
            message.clone().unwrap_or_default(),
            now,
        )
        .insert(&txn)
        .await?;
        if let Some(body) = message {
            messages::ActiveModel {
                booking_id: Set(booking.id),
                sender_id: Set(customer.id),
                body: Set(body),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        steps::schedule_deadline(&txn, &booking, now).await?;
        let needs = GuestNeeds {
            allergens: event.allergens.clone(),
            dietary_needs: event.dietary_needs.clone(),
            special_diet_guests: i64::from(request.special_diet_guests),
        };
        announce_request(&txn, &booking, &customer.display_name, &needs, now).await?;
        let view = view_of(&txn, &booking, Party::Customer, now).await?;
        txn.commit().await?;
        self.bus.publish(booking.chef_id);
        tracing::info!(
            booking_id = booking.id,
            chef_id = booking.chef_id,
            "booking requested"
        );
        Ok(view)
    }

    /// The chef accepts a request (or the customer a proposal): the chef's calendar is held
    /// in the same transaction, so of two overlapping bookings only one is ever accepted.
    /// Accepting one proposal for a posted request declines the others.
    ///
    /// `expected_total_minor` is the total the person accepting was shown: when the booking
    /// now costs something else (a chef re-sent the proposal with other dishes), the accept
    /// is refused with the new total rather than made at a price they did not see.
    pub async fn accept(
        &self,
        actor: &CurrentUser,
        id: i64,
        expected_total_minor: Option<i64>,
    ) -> Result<BookingView, ServiceError> {
        self.step_seen(actor, id, BookingEvent::Accept, expected_total_minor)
            .await
    }

    pub async fn decline(&self, actor: &CurrentUser, id: i64) -> Result<BookingView, ServiceError> {
        self.step(actor, id, BookingEvent::Decline).await
    }

    /// The chef confirms a paid booking sooner than the platform would.
    pub async fn confirm(&self, actor: &CurrentUser, id: i64) -> Result<BookingView, ServiceError> {
        self.step(actor, id, BookingEvent::Confirm).await
    }

    /// A step that moves no money.
    async fn step(
        &self,
        actor: &CurrentUser,
        id: i64,
        event: BookingEvent,
    ) -> Result<BookingView, ServiceError> {
        self.step_seen(actor, id, event, None).await
    }

    /// A step that moves no money, taken only if the booking still costs what the actor saw.
    async fn step_seen(
        &self,
        actor: &CurrentUser,
        id: i64,
        event: BookingEvent,
        expected_total_minor: Option<i64>,
    ) -> Result<BookingView, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        // Locks go request first, then booking, as proposals take them.
        let posted = match event {
            BookingEvent::Accept => lock_posted_request_of(&txn, id).await?,
            _ => None,
        };
        let (booking, party) = locked_for(&txn, actor, id).await?;
        if let Some(seen) = expected_total_minor.filter(|seen| *seen != booking.total_minor) {
            let now_costs = Money::new(booking.total_minor, currency_of(&booking));
            tracing::info!(
                booking_id = id,
                seen,
                total = booking.total_minor,
                "accept refused: price changed"
            );
            return Err(ServiceError::Conflict(FieldError::new(
                "total",
                format!(
                    "This proposal changed since you saw it: the total is now {now_costs}. Look at it again before accepting."
                ),
            )));
        }
        if event == BookingEvent::Accept && !is_listed_chef(&txn, booking.chef_id).await? {
            return Err(ServiceError::Conflict(FieldError::new(
                "state",
                "This chef no longer takes bookings on Chef Galaxy.",
            )));
        }
        let moved = take_step(&txn, &booking, event, party, Some(actor.id), now).await?;
        let declined = match posted {
            Some(request) => decline_rivals(&txn, &request, moved.id, actor.id, now).await?,
            None => Vec::new(),
        };
        let view = view_of(&txn, &moved, party, now).await?;
        txn.commit().await?;
        self.wake(&moved);
        for chef_id in declined {
            self.bus.publish(chef_id);
        }
        tracing::info!(booking_id = id, step = event.code(), "booking moved");
        Ok(view)
    }

    /// The chef marks their arrival, once; the customer is told. A second check-in keeps
    /// the first time.
    pub async fn check_in(&self, chef: &CurrentUser, id: i64) -> Result<BookingView, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let (booking, party) = locked_for(&txn, chef, id).await?;
        if party != Party::Chef {
            return Err(ServiceError::Forbidden("Only the chef checks in."));
        }
        let booking = match booking.chef_checked_in_at {
            Some(_) => booking,
            None => {
                let state = steps::state_of(&booking)?;
                domain::booking::may_check_in(state, booking.starts_at, booking.ends_at, now)
                    .map_err(|refused| {
                        ServiceError::Conflict(FieldError::new("state", refused.0))
                    })?;
                let content = domain::notifications::booking_update(
                    booking.id,
                    format!("{} has arrived", chef.display_name),
                    format!("Checked in at {} UTC.", now.format("%H:%M")),
                );
                crate::notifications::notify(
                    &txn,
                    booking.customer_id,
                    domain::notifications::Kind::BookingUpdate,
                    &content,
                    now,
                )
                .await?;
                bookings::ActiveModel {
                    id: Set(booking.id),
                    chef_checked_in_at: Set(Some(now)),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?
            }
        };
        let view = view_of(&txn, &booking, Party::Chef, now).await?;
        txn.commit().await?;
        self.wake(&booking);
        Ok(view)
    }

    pub async fn get(&self, actor: &CurrentUser, id: i64) -> Result<BookingView, ServiceError> {
        let booking = bookings::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let party = party_of(&booking, actor.id).ok_or(ServiceError::NotFound("Booking"))?;
        view_of(&self.db, &booking, party, self.clock.now()).await
    }

    /// The actor's bookings on both sides, soonest event first, in a fixed number of
    /// queries however many there are.
    pub async fn list(&self, actor: &CurrentUser) -> Result<Vec<BookingView>, ServiceError> {
        let rows = bookings::Entity::find()
            .filter(
                Condition::any()
                    .add(bookings::Column::CustomerId.eq(actor.id))
                    .add(bookings::Column::ChefId.eq(actor.id)),
            )
            .order_by_asc(bookings::Column::StartsAt)
            .order_by_asc(bookings::Column::Id)
            .all(&self.db)
            .await?;
        let seen: Vec<(bookings::Model, Party)> = rows
            .into_iter()
            .filter_map(|booking| party_of(&booking, actor.id).map(|party| (booking, party)))
            .collect();
        views_of(&self.db, &seen, self.clock.now()).await
    }

    fn wake(&self, booking: &bookings::Model) {
        wake_parties(&self.bus, booking);
    }
}

/// Whether `chef_id` is a chef account in good standing (see [`crate::catalog::listed`]):
/// only those take bookings.
async fn is_listed_chef(db: &impl ConnectionTrait, chef_id: i64) -> Result<bool, ServiceError> {
    Ok(users::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .is_some_and(|user| user.role == Role::Chef.as_str() && user.suspended_at.is_none()))
}
