//! Bookings: a customer asks a chef for an event (or posts it for nearby chefs to propose
//! on), the chef accepts holding their calendar, the customer pays into escrow, and after
//! the event and its complaint window the money is released to the chef; either side may
//! dispute it. Every step goes through the domain's state machine ([`domain::booking`]);
//! every movement of money through its ledger ([`domain::ledger`]). Time comes from the
//! injected [`crate::Clock`], so tests can move it.
//!
//! Two layers: [`store`] (locks, steps, views, the ledger, holds, new rows) at the bottom,
//! and the services on it — [`Bookings`] (the life of one booking), [`Escrow`] (money;
//! charges confirmed outside the write lock, finished by [`ReconcileCharge`] after a crash;
//! refunds sent by [`SendRefund`] after the transaction that owes them),
//! [`PostedRequests`], [`BookingThreads`] (messages and reviews), [`Disputes`] — and the
//! jobs that take timed steps. Services never import each other.

pub mod disputes;
mod escrow;
mod invitations;
mod lifecycle;
mod posted;
mod reconcile;
mod refunds;
mod store;
mod thread;
mod timed;
mod withdrawn;

pub use disputes::{DisputeDeadline, Disputes, DISPUTE_DEADLINE};
pub use escrow::Escrow;
pub use invitations::InviteChefs;
pub use lifecycle::Bookings;
pub use posted::PostedRequests;
pub use reconcile::ReconcileCharge;
pub use refunds::SendRefund;
pub use store::{
    charges::{RECONCILE_AFTER, RECONCILE_CHARGE},
    refunds::SEND_REFUND,
    requests::INVITE_CHEFS,
    steps::{Due, Reminder, BOOKING_DUE, BOOKING_REMINDER},
};
pub use thread::BookingThreads;
pub use timed::{BookingDue, BookingReminderDue};
pub use withdrawn::{account_withdrawn, AccountWithdrawn, ACCOUNT_WITHDRAWN};
