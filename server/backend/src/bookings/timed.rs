//! The steps nobody takes by hand: a deadline passes (a request expires, a paid booking is
//! confirmed, an event is marked done, its payment released) or an event draws near. Each
//! runs as a job at its time, on the worker's transaction.

use async_trait::async_trait;
use domain::{
    booking::{BookingEvent, BookingState, Party},
    notifications::{booking_update, Kind},
};
use sea_orm::DatabaseTransaction;

use super::{
    escrow::release_on,
    store::{
        holds::holds_booking,
        locking::locked,
        steps::{take_step, Due, Reminder},
    },
};
use crate::{
    bus::NotificationBus, clock::Clock, jobs::Job, notifications::notify, worker::JobHandler,
};

/// Handles [`crate::bookings::BOOKING_DUE`] jobs.
pub struct BookingDue {
    pub clock: Clock,
    pub bus: NotificationBus,
}

#[async_trait]
impl JobHandler for BookingDue {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let due: Due = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let now = self.clock.now();
        let Some(booking) = locked(txn, due.booking_id)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        // Someone acted first, or the booking re-entered the state with a newer deadline.
        if booking.state != due.state.code() || booking.state_entered_at != due.entered_at {
            return Ok(());
        }
        let moved = match due.step {
            // An open dispute holds the money; its ruling settles it instead.
            BookingEvent::Release
                if holds_booking(txn, booking.id)
                    .await
                    .map_err(|e| e.to_string())? =>
            {
                tracing::info!(booking_id = booking.id, "release held by a dispute");
                return Ok(());
            }
            BookingEvent::Release => release_on(txn, &booking, now).await,
            step => take_step(txn, &booking, step, Party::System, None, now).await,
        }
        .map_err(|e| e.to_string())?;
        tracing::info!(
            booking_id = moved.id,
            state = moved.state,
            "booking moved on its deadline"
        );
        // A wake-up is only a hint to look again: listeners that look before this commits
        // find the rest on their next look.
        self.bus.publish(moved.customer_id);
        self.bus.publish(moved.chef_id);
        Ok(())
    }
}

/// Handles [`crate::bookings::BOOKING_REMINDER`] jobs.
pub struct BookingReminderDue {
    pub clock: Clock,
    pub bus: NotificationBus,
}

#[async_trait]
impl JobHandler for BookingReminderDue {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let reminder: Reminder = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let Some(booking) = locked(txn, reminder.booking_id)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        let still_on = matches!(
            BookingState::parse(&booking.state),
            Some(BookingState::Paid | BookingState::Confirmed)
        );
        if !still_on {
            return Ok(());
        }
        let when = match reminder.days_before {
            1 => "tomorrow".to_owned(),
            days => format!("in {days} days"),
        };
        let content = booking_update(
            booking.id,
            format!("Your event is {when} (booking #{})", booking.id),
            "Check the menu, the address and the time in the booking.".to_owned(),
        );
        for user_id in [booking.customer_id, booking.chef_id] {
            notify(
                txn,
                user_id,
                Kind::BookingReminder,
                &content,
                self.clock.now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            self.bus.publish(user_id);
        }
        Ok(())
    }
}
