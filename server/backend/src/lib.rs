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
pub mod deps;
pub mod email;
pub mod entities;
pub mod error;
pub mod favourites;
pub mod idempotency;
pub mod jobs;
pub mod knowledge;
pub mod media;
pub mod menus;
pub mod notifications;
pub mod payments;
pub mod photos;
pub mod profiles;
pub mod ranks;
pub mod reviews;
pub mod scheduler;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod social;
pub mod throttle;
pub mod worker;

pub use accounts::Accounts;
pub use admin::Admin;
pub use bookings::{BookingThreads, Bookings, Disputes, Escrow, PostedRequests};
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

pub use deps::Deps;

use payments::PaymentProvider;
use std::sync::Arc;

/// Every service, built once at start-up from one [`Deps`] and cloned (cheaply) into each
/// request.
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
    pub escrow: Escrow,
    pub posted_requests: PostedRequests,
    pub threads: BookingThreads,
    pub disputes: Disputes,
    pub ranks: Ranks,
    pub posts: social::posts::Posts,
    pub graph: social::graph::SocialGraph,
    pub reactions: social::reactions::Reactions,
    pub comments: social::comments::Comments,
    pub feeds: social::feeds::Feeds,
    pub moderation: social::moderation::Moderation,
    pub social_search: social::finder::SocialSearch,
    pub event_shares: social::event_shares::EventShares,
    pub knowledge: knowledge::Knowledge,
    pub clock: Clock,
    deps: Deps,
}

impl Services {
    pub fn new(deps: Deps) -> Self {
        Self {
            db: deps.db.clone(),
            accounts: Accounts::new(&deps),
            catalog: Catalog::new(&deps),
            profiles: Profiles::new(&deps),
            menus: Menus::new(&deps),
            calendar: Calendar::new(&deps),
            photos: Photos::new(&deps),
            notifications: Notifications::new(&deps),
            favourites: Favourites::new(&deps),
            admin: Admin::new(&deps),
            search: deps.search.clone(),
            bookings: Bookings::new(&deps),
            escrow: Escrow::new(&deps),
            posted_requests: PostedRequests::new(&deps),
            threads: BookingThreads::new(&deps),
            disputes: Disputes::new(&deps),
            ranks: Ranks::new(&deps),
            posts: social::posts::Posts::new(&deps),
            graph: social::graph::SocialGraph::new(&deps),
            reactions: social::reactions::Reactions::new(&deps),
            comments: social::comments::Comments::new(&deps),
            feeds: social::feeds::Feeds::new(&deps),
            moderation: social::moderation::Moderation::new(&deps),
            social_search: social::finder::SocialSearch::new(&deps),
            event_shares: social::event_shares::EventShares::new(&deps),
            knowledge: knowledge::Knowledge::new(&deps),
            clock: deps.clock.clone(),
            deps,
        }
    }

    /// What the services were built from: for workers and tools beside them.
    pub fn deps(&self) -> &Deps {
        &self.deps
    }

    /// The same services on `clock`: an adjustable one lets tests move time past deadlines.
    pub fn with_clock(self, clock: Clock) -> Self {
        Self::new(self.deps.with_clock(clock))
    }

    /// The same services taking money through `payments`.
    pub fn with_payments(self, payments: Arc<dyn PaymentProvider>) -> Self {
        Self::new(self.deps.with_payments(payments))
    }
}
