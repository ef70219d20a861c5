//! Bookings: a customer asks a chef for an event, the chef accepts (holding their calendar),
//! the customer pays into escrow, and after the event and its complaint window the money
//! is released to the chef. Every step goes through the domain's state machine
//! ([`domain::booking`]); every movement of money through its ledger ([`domain::ledger`]).
//! Time comes from the injected [`Clock`], so tests can move it.

pub mod disputes;
mod invitations;
mod ledger;
mod money;
mod posted;
mod steps;
mod thread;
mod timed;
mod view;

use chrono::{DateTime, Offset, TimeZone, Utc};
use domain::{
    account::CurrentUser,
    booking::{validate_message, BookingEvent, BookingRequestForm, BookingView, Party},
    catalog::ChefProfile,
    events::ValidEventRequest,
    pricing::{quote, Quote, QuoteChoice, QuoteRequest},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::sync::Arc;

pub use disputes::{DisputeDeadline, Disputes, DISPUTE_DEADLINE};
pub use invitations::InviteChefs;
pub use posted::INVITE_CHEFS;
pub use steps::{Due, Reminder, BOOKING_DUE, BOOKING_REMINDER};
pub use timed::{BookingDue, BookingReminderDue};

use crate::{
    bus::NotificationBus,
    calendar::is_busy,
    catalog::Catalog,
    clock::Clock,
    db::begin_write,
    entities::{bookings, event_requests, messages, IdList, StoredQuote, StringList},
    payments::PaymentProvider,
    ServiceError,
};
use steps::{announce_request, party_of, take_step};
use view::{event_time_zone, view_of};

#[derive(Clone)]
pub struct Bookings {
    db: DatabaseConnection,
    clock: Clock,
    payments: Arc<dyn PaymentProvider>,
    bus: NotificationBus,
}

impl Bookings {
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        payments: Arc<dyn PaymentProvider>,
        bus: NotificationBus,
    ) -> Self {
        Self {
            db,
            clock,
            payments,
            bus,
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn payments(&self) -> Arc<dyn PaymentProvider> {
        self.payments.clone()
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
        let chef = Catalog::new(self.db.clone())
            .chef_profile(form.chef_id)
            .await?;
        let tz = event_time_zone(event.city.name);
        let offset = tz
            .offset_from_utc_datetime(&event.starts_at.naive_utc())
            .fix();
        let choice = form.quote_choice(offset);
        let (request, priced) = price_for(&chef, &choice, event.guests)?;
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
        announce_request(&txn, &booking, &customer.display_name, now).await?;
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
    pub async fn accept(&self, actor: &CurrentUser, id: i64) -> Result<BookingView, ServiceError> {
        self.step(actor, id, BookingEvent::Accept).await
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
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        // Locks go request first, then booking, as proposals take them.
        let posted = match event {
            BookingEvent::Accept => posted::lock_posted_request_of(&txn, id).await?,
            _ => None,
        };
        let (booking, party) = locked_for(&txn, actor, id).await?;
        let moved = take_step(&txn, &booking, event, party, Some(actor.id), now).await?;
        let declined = match posted {
            Some(request) => {
                posted::decline_rivals(&txn, &request, moved.id, actor.id, now).await?
            }
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

    /// The actor's bookings on both sides, soonest event first.
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
        let now = self.clock.now();
        let mut views = Vec::with_capacity(rows.len());
        for booking in rows {
            if let Some(party) = party_of(&booking, actor.id) {
                views.push(view_of(&self.db, &booking, party, now).await?);
            }
        }
        Ok(views)
    }

    fn wake(&self, booking: &bookings::Model) {
        self.bus.publish(booking.customer_id);
        self.bus.publish(booking.chef_id);
    }
}

/// The booking, locked for this transaction (PostgreSQL; SQLite's write transaction already
/// excludes everyone), and the actor's side of it. Someone else's booking is not found.
async fn locked_for(
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

/// The calculator's quote for `choice` on `chef`'s page, refused when the chef does not
/// cook for that many guests or does not travel that far.
fn price_for(
    chef: &ChefProfile,
    choice: &QuoteChoice,
    guests: u16,
) -> Result<(QuoteRequest, Quote), ServiceError> {
    let request = choice.request_for(chef).map_err(ServiceError::Invalid)?;
    let priced = quote(&request).map_err(ServiceError::Invalid)?;
    let mut problems = Vec::new();
    if !(chef.min_guests..=chef.max_guests).contains(&guests) {
        problems.push(FieldError::new(
            "guests",
            format!(
                "{} cooks for {} to {} guests.",
                chef.card.display_name, chef.min_guests, chef.max_guests
            ),
        ));
    }
    if request.chef.distance_km > f64::from(chef.card.service_radius_km) {
        problems.push(FieldError::new(
            "lat",
            format!(
                "The event is {:.0} km away; {} travels up to {} km.",
                request.chef.distance_km, chef.card.display_name, chef.card.service_radius_km
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok((request, priced))
}

fn busy(chef: &ChefProfile) -> ServiceError {
    ServiceError::Conflict(FieldError::new(
        "starts_at",
        format!("{} is not free at that time.", chef.card.display_name),
    ))
}

/// The event as the customer described it; `posted` when it goes to nearby chefs for
/// proposals rather than to one chef.
fn new_event_request(
    customer_id: i64,
    event: &ValidEventRequest,
    posted: bool,
    now: DateTime<Utc>,
) -> event_requests::ActiveModel {
    event_requests::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(event.kind.code().to_owned()),
        starts_at: Set(event.starts_at),
        ends_at: Set(event.ends_at()),
        guests: Set(i32::from(event.guests)),
        city: Set(event.city.name.to_owned()),
        latitude: Set(event.place.lat()),
        longitude: Set(event.place.lng()),
        budget_minor: Set(event.budget_minor),
        dietary_needs: Set(event.dietary_needs.iter().map(|d| d.code()).collect()),
        allergens: Set(event
            .allergens
            .iter()
            .map(|a| a.code())
            .collect::<StringList>()),
        notes: Set(event.notes.clone()),
        posted: Set(posted),
        created_at: Set(now),
        withdrawn_at: Set(None),
        ..Default::default()
    }
}

/// A booking of `chef_id` for `event`, priced as `priced`, in the state the customer asked.
fn new_booking(
    event: &event_requests::Model,
    chef_id: i64,
    choice: &QuoteChoice,
    special_diet_guests: u16,
    priced: Quote,
    message: String,
    now: DateTime<Utc>,
) -> bookings::ActiveModel {
    let fee_minor = priced
        .lines
        .iter()
        .find(|line| line.label == domain::pricing::SERVICE_FEE_LABEL)
        .map_or(0, |line| line.amount_minor);
    bookings::ActiveModel {
        request_id: Set(event.id),
        customer_id: Set(event.customer_id),
        chef_id: Set(chef_id),
        state: Set(domain::booking::BookingState::Requested.code().to_owned()),
        dish_ids: Set(IdList(choice.dish_ids.clone())),
        special_diet_guests: Set(i32::from(special_diet_guests)),
        total_minor: Set(priced.total_minor),
        fee_minor: Set(fee_minor),
        currency: Set(priced.currency.code().to_owned()),
        quote: Set(StoredQuote(priced)),
        message: Set(message),
        starts_at: Set(event.starts_at),
        ends_at: Set(event.ends_at),
        state_entered_at: Set(now),
        calendar_block_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Reads `id` on `txn`, locked like [`locked_for`], for the platform's own steps.
async fn locked(
    txn: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<bookings::Model>, ServiceError> {
    let mut query = bookings::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    Ok(query.one(txn).await?)
}

/// The instant a wall-clock date and time in `city` stands for: what a booking form in the
/// browser sends, since the event's time is written as the people there read it.
pub fn event_start(
    city: &str,
    date: chrono::NaiveDate,
    time: chrono::NaiveTime,
) -> Result<DateTime<Utc>, FieldError> {
    if domain::places::city_named(city).is_none() {
        return Err(FieldError::new(
            "city",
            "Choose one of the cities we serve.",
        ));
    }
    event_time_zone(city)
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| {
            FieldError::new(
                "starts_at",
                "That time does not exist there: the clocks change that night.",
            )
        })
}
