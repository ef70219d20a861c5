//! Moving a booking one step: the domain's state machine decides whether the step is
//! allowed; this records it, holds or frees the chef's calendar, sets the next deadline as
//! a job, and tells both sides.

use chrono::{DateTime, Utc};
use domain::{
    booking::{deadline, BookingEvent, BookingState, Party, REMINDERS_BEFORE},
    events::GuestNeeds,
    notifications::{booking_update, Kind},
    FieldError,
};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use super::charges::{charge_in_flight, in_flight_refusal};
use crate::{
    bus::NotificationBus,
    calendar::{hold_for_booking, release_booking_hold},
    entities::{booking_steps, bookings},
    jobs::{enqueue, NewJob},
    notifications::notify,
    ranks::rank_changed,
    ServiceError,
};

/// Job kind: a booking's deadline passed (expire, confirm, complete or release it).
pub const BOOKING_DUE: &str = "booking.due";
/// Job kind: the event is a week or a day away.
pub const BOOKING_REMINDER: &str = "booking.reminder";

/// What a deadline job carries: the step to take if the booking is still where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub booking_id: i64,
    pub state: BookingState,
    /// When the booking entered that state: a booking that left and came back (an edited
    /// proposal) has a newer deadline, and this older job does nothing.
    pub entered_at: DateTime<Utc>,
    pub step: BookingEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub booking_id: i64,
    pub days_before: i64,
}

pub(crate) fn state_of(booking: &bookings::Model) -> Result<BookingState, ServiceError> {
    BookingState::parse(&booking.state).ok_or_else(|| {
        ServiceError::Database(sea_orm::DbErr::Custom(format!(
            "booking {} has an unknown state {:?}",
            booking.id, booking.state
        )))
    })
}

/// Which side `user_id` is on, if either.
pub(crate) fn party_of(booking: &bookings::Model, user_id: i64) -> Option<Party> {
    if user_id == booking.customer_id {
        Some(Party::Customer)
    } else if user_id == booking.chef_id {
        Some(Party::Chef)
    } else {
        None
    }
}

/// Takes `event` for `party` on `txn` and returns the booking as it now is.
pub(crate) async fn take_step(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    event: BookingEvent,
    party: Party,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bookings::Model, ServiceError> {
    let from = state_of(booking)?;
    // A charge being confirmed decides the next step: paid, or still accepted.
    if event != BookingEvent::Pay && charge_in_flight(txn, booking.id).await? {
        return Err(in_flight_refusal());
    }
    let to = from
        .after(event, party)
        .map_err(|refused| ServiceError::Conflict(FieldError::new("state", refused.0)))?;
    let mut hold = booking.calendar_block_id;
    if to.holds_calendar() && !from.holds_calendar() {
        let span = (booking.starts_at, booking.ends_at);
        hold = Some(hold_for_booking(txn, booking.chef_id, booking.id, span, now).await?);
    } else if from.holds_calendar() && !to.holds_calendar() {
        if let Some(block_id) = hold.take() {
            release_booking_hold(txn, booking.chef_id, block_id, now).await?;
        }
    }
    // Compare-and-set: of two steps racing from the same state, one moves the booking.
    let moved = bookings::Entity::update_many()
        .col_expr(bookings::Column::State, Expr::value(to.code()))
        .col_expr(bookings::Column::StateEnteredAt, Expr::value(now))
        .col_expr(bookings::Column::UpdatedAt, Expr::value(now))
        .col_expr(bookings::Column::CalendarBlockId, Expr::value(hold))
        .filter(bookings::Column::Id.eq(booking.id))
        .filter(bookings::Column::State.eq(from.code()))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ServiceError::Conflict(FieldError::new(
            "state",
            "This booking changed meanwhile. Reload it to see where it stands.",
        )));
    }
    booking_steps::ActiveModel {
        booking_id: Set(booking.id),
        from_state: Set(from.code().to_owned()),
        to_state: Set(to.code().to_owned()),
        event: Set(event.code().to_owned()),
        party: Set(party.code().to_owned()),
        actor_id: Set(actor_id),
        at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let moved = bookings::Model {
        state: to.code().to_owned(),
        state_entered_at: now,
        updated_at: now,
        calendar_block_id: hold,
        ..booking.clone()
    };
    schedule_deadline(txn, &moved, now).await?;
    if to == BookingState::Paid {
        schedule_reminders(txn, &moved, now).await?;
    }
    // A dispute's ruling tells both sides itself, with its reason.
    if event != BookingEvent::Settle {
        tell_both_sides(txn, &moved, from, to, party, now).await?;
    }
    // Answers, completions and cancellations are the chef's reliability and activity.
    if from == BookingState::Requested
        || matches!(to, BookingState::Completed | BookingState::Cancelled)
    {
        rank_changed(txn, booking.chef_id, to.code(), now).await?;
    }
    Ok(moved)
}

/// Enqueues the job that takes the booking's next step if nobody acts first.
pub(crate) async fn schedule_deadline(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let state = state_of(booking)?;
    let Some((at, step)) = deadline(state, booking.state_entered_at, booking.ends_at) else {
        return Ok(());
    };
    let due = Due {
        booking_id: booking.id,
        state,
        entered_at: booking.state_entered_at,
        step,
    };
    let key = format!(
        "booking:{}:{}:{}",
        booking.id,
        state.code(),
        booking.state_entered_at.timestamp_micros()
    );
    let mut job = NewJob::now(BOOKING_DUE, serde_json::to_value(&due).expect("json"), now);
    job.run_at = at;
    enqueue(txn, job.with_key(key), now).await?;
    Ok(())
}

async fn schedule_reminders(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for before in REMINDERS_BEFORE {
        let at = booking.starts_at - before;
        if at <= now {
            continue;
        }
        let reminder = Reminder {
            booking_id: booking.id,
            days_before: before.num_days(),
        };
        let mut job = NewJob::now(
            BOOKING_REMINDER,
            serde_json::to_value(&reminder).expect("json"),
            now,
        );
        job.run_at = at;
        let key = format!("booking:{}:reminder:{}", booking.id, before.num_days());
        enqueue(txn, job.with_key(key), now).await?;
    }
    Ok(())
}

/// The words each side reads when a booking moves.
fn announcement(booking_id: i64, to: BookingState, by: Party) -> (String, String) {
    let who = match by {
        Party::Customer => "The customer",
        Party::Chef => "The chef",
        Party::System => "Chef Galaxy",
    };
    let title = match to {
        BookingState::Requested => format!("New booking request #{booking_id}"),
        BookingState::Proposed => format!("A proposal for your event (#{booking_id})"),
        BookingState::Accepted => format!("Booking #{booking_id} accepted"),
        BookingState::Paid => format!("Booking #{booking_id} paid"),
        BookingState::Confirmed => format!("Booking #{booking_id} confirmed"),
        BookingState::Completed => format!("Booking #{booking_id}: the event is done"),
        BookingState::Released => format!("Booking #{booking_id}: payment released"),
        BookingState::Cancelled => format!("Booking #{booking_id} cancelled"),
        BookingState::Expired => format!("Booking #{booking_id} expired"),
        BookingState::Declined => format!("Booking #{booking_id} declined"),
    };
    let body = match to {
        BookingState::Paid => "The payment is held safely until the event is over.".to_owned(),
        BookingState::Completed => {
            "Anything wrong? You have 24 hours to tell us before the chef is paid.".to_owned()
        }
        BookingState::Released => "The chef has been paid. Time to leave a review!".to_owned(),
        BookingState::Expired => "Nobody acted before the deadline.".to_owned(),
        other => format!("{who} moved it on: {}.", other.label().to_lowercase()),
    };
    (title, body)
}

async fn tell_both_sides(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    from: BookingState,
    to: BookingState,
    by: Party,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if from == to {
        return Ok(());
    }
    let (title, body) = announcement(booking.id, to, by);
    for (side, user_id) in [
        (Party::Customer, booking.customer_id),
        (Party::Chef, booking.chef_id),
    ] {
        // Whoever took the step knows; the platform's own steps go to both.
        if side == by {
            continue;
        }
        let content = booking_update(booking.id, title.clone(), body.clone());
        notify(txn, user_id, Kind::BookingUpdate, &content, now).await?;
    }
    Ok(())
}

/// Announces a new booking request to the chef, with the guests' allergies and diets
/// before anything else: the chef may read no further than the notification.
pub(crate) async fn announce_request(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    customer_name: &str,
    needs: &GuestNeeds,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let reply = "Accept or decline it within 48 hours.";
    let body = match needs.summary() {
        Some(needs) => format!("{needs} {reply}"),
        None => reply.to_owned(),
    };
    let content = booking_update(
        booking.id,
        format!("New booking request from {customer_name}"),
        body,
    );
    notify(txn, booking.chef_id, Kind::BookingUpdate, &content, now).await?;
    Ok(())
}

/// Wakes both sides' live streams after a change to their booking is committed.
pub(crate) fn wake_parties(bus: &NotificationBus, booking: &bookings::Model) {
    bus.publish(booking.customer_id);
    bus.publish(booking.chef_id);
}
