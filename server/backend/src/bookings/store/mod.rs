//! The bookings store: what every booking service stands on. Row locks, the state machine's
//! steps with their jobs and announcements, views, the ledger, charges reserved while the
//! card network answers, what an open dispute holds back, new rows and posted
//! requests' rows. Nothing here calls a service above it.

pub(crate) mod charges;
pub(crate) mod holds;
pub(crate) mod ledger;
pub(crate) mod locking;
pub(crate) mod refunds;
pub(crate) mod requests;
pub(crate) mod rows;
pub(crate) mod steps;
pub(crate) mod view;
