//! The disputes service: what it is built from. Its flows ([`super::flows`]) and reads
//! ([`super::queries`]) are methods in their own files.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::super::store::steps::wake_parties;
use crate::{
    bus::NotificationBus, clock::Clock, deps::Deps, entities::bookings, media::MediaStore,
    throttle::Throttle,
};

#[derive(Clone)]
pub struct Disputes {
    pub(super) db: DatabaseConnection,
    pub(super) clock: Clock,
    pub(super) bus: NotificationBus,
    pub(super) media: MediaStore,
    pub(super) throttle: Throttle,
}

impl Disputes {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            media: deps.media.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(super) fn wake(&self, booking: &bookings::Model) {
        wake_parties(&self.bus, booking);
    }
}
