//! Chef Galaxy's services over sea-orm: accounts and their sessions, the chef catalogue, what
//! chefs manage (profiles, dishes and menus, photos, calendars), notifications with their
//! live bus and email, the job queue with its worker and schedules, and demo data.
//! The web layer (`app` under `ssr`, and `server`) calls these; nothing here is compiled
//! into the browser bundle.

pub mod accounts;
pub mod admin;
pub mod authz;
pub mod background;
pub mod bookings;
pub mod bus;
pub mod calendar;
pub mod catalog;
pub mod clock;
pub mod db;
pub mod email;
pub mod entities;
pub mod error;
pub mod favourites;
pub mod idempotency;
pub mod jobs;
pub mod media;
pub mod menus;
pub mod notifications;
pub mod payments;
pub mod photos;
pub mod profiles;
pub mod ranks;
pub mod scheduler;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod worker;

pub use accounts::Accounts;
pub use admin::Admin;
pub use bookings::{Bookings, Disputes};
pub use bus::NotificationBus;
pub use calendar::Calendar;
pub use catalog::Catalog;
pub use clock::Clock;
pub use error::ServiceError;
pub use favourites::Favourites;
pub use media::MediaStore;
pub use menus::Menus;
pub use notifications::Notifications;
pub use photos::Photos;
pub use profiles::Profiles;
pub use ranks::Ranks;
pub use sea_orm::DatabaseConnection;
pub use search::{Search, SearchEngine};

use payments::{PaymentProvider, SandboxProvider};
use std::sync::Arc;

/// Every service, built once at start-up and cloned (cheaply) into each request.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub accounts: Accounts,
    pub catalog: Catalog,
    pub profiles: Profiles,
    pub menus: Menus,
    pub calendar: Calendar,
    pub photos: Photos,
    pub notifications: Notifications,
    pub favourites: Favourites,
    pub admin: Admin,
    pub search: Search,
    pub bookings: Bookings,
    pub disputes: Disputes,
    media: MediaStore,
    pub ranks: Ranks,
    pub clock: Clock,
}

impl Services {
    /// Services that wake listeners within this process only.
    pub fn new(db: DatabaseConnection, media: MediaStore, search: Search) -> Self {
        Self::with_bus(db, media, NotificationBus::in_process(), search)
    }

    pub fn with_bus(
        db: DatabaseConnection,
        media: MediaStore,
        bus: NotificationBus,
        search: Search,
    ) -> Self {
        let clock = Clock::system();
        let payments: Arc<dyn PaymentProvider> = Arc::new(SandboxProvider::new());
        let bookings = Bookings::new(db.clone(), clock.clone(), payments, bus.clone());
        Self {
            search,
            disputes: Disputes::new(bookings.clone(), media.clone()),
            media: media.clone(),
            bookings,
            clock,
            ranks: Ranks::new(db.clone()),
            accounts: Accounts::new(db.clone()),
            catalog: Catalog::new(db.clone()),
            profiles: Profiles::new(db.clone()),
            menus: Menus::new(db.clone()),
            calendar: Calendar::new(db.clone()),
            photos: Photos::new(db.clone(), media),
            notifications: Notifications::new(db.clone(), bus.clone()),
            favourites: Favourites::new(db.clone(), bus),
            admin: Admin::new(db.clone()),
            db,
        }
    }

    /// Services on `clock`: an adjustable one lets tests move time past deadlines.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.bookings = Bookings::new(
            self.db.clone(),
            clock.clone(),
            self.bookings.payments(),
            self.notifications.bus().clone(),
        );
        self.clock = clock;
        self.disputes = Disputes::new(self.bookings.clone(), self.media.clone());
        self
    }

    /// Services taking money through `payments` (the sandbox unless configured).
    pub fn with_payments(mut self, payments: Arc<dyn PaymentProvider>) -> Self {
        self.bookings = Bookings::new(
            self.db.clone(),
            self.clock.clone(),
            payments,
            self.notifications.bus().clone(),
        );
        self.disputes = Disputes::new(self.bookings.clone(), self.media.clone());
        self
    }
}
