//! Disputes on bookings. Either side opens one within the window the domain publishes; the
//! other side answers by a deadline (accept, counter-offer, contest) or loses by silence;
//! the domain's rule table then rules from the facts on record, or an admin does where no
//! rule decides. A ruling settles the held money at once and may be appealed once, to an
//! admin. While a dispute is open the booking's money stays held and it cannot be
//! cancelled; every step is written to an append-only audit trail.

mod deadline;
mod facts;
mod flows;
mod queries;
mod records;
mod service;
mod settle;
mod view;

pub use deadline::{DisputeDeadline, DISPUTE_DEADLINE};
pub use service::Disputes;
