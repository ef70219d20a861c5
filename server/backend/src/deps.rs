//! What every service is built from: the database, the clock, the notification bus, the
//! payment provider, photo storage and the search engine. One value, handed to each service
//! and job handler, so a test that moves the clock or swaps the payment provider moves it
//! for all of them at once.

use sea_orm::DatabaseConnection;
use std::sync::Arc;

use crate::{
    bus::NotificationBus,
    clock::Clock,
    media::MediaStore,
    payments::{PaymentProvider, SandboxProvider},
    search::Search,
    throttle::Throttle,
};

#[derive(Clone)]
pub struct Deps {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub bus: NotificationBus,
    pub payments: Arc<dyn PaymentProvider>,
    pub media: MediaStore,
    pub search: Search,
    /// Counts shared with the bus's Redis, when it has one.
    pub throttle: Throttle,
}

impl Deps {
    /// The one-machine defaults: real time, wake-ups within this process, sandbox payments.
    pub fn new(db: DatabaseConnection, media: MediaStore, search: Search) -> Self {
        Self {
            db,
            clock: Clock::system(),
            bus: NotificationBus::in_process(),
            payments: Arc::new(SandboxProvider::new()),
            media,
            search,
            throttle: Throttle::in_process(),
        }
    }

    pub fn with_db(self, db: DatabaseConnection) -> Self {
        Self { db, ..self }
    }

    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    pub fn with_bus(self, bus: NotificationBus) -> Self {
        Self {
            throttle: Throttle::shared_with(&bus),
            bus,
            ..self
        }
    }

    pub fn with_throttle(self, throttle: Throttle) -> Self {
        Self { throttle, ..self }
    }

    pub fn with_payments(self, payments: Arc<dyn PaymentProvider>) -> Self {
        Self { payments, ..self }
    }
}
