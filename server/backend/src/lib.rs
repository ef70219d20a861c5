//! Chef Galaxy's services over sea-orm: accounts and their sessions, the chef catalogue and
//! demo data. The web layer (`app` under `ssr`, and `server`) calls these; nothing here is
//! compiled into the browser bundle.

pub mod accounts;
pub mod catalog;
pub mod db;
pub mod entities;
pub mod error;
pub mod seed;
pub mod sessions;

pub use accounts::Accounts;
pub use catalog::Catalog;
pub use error::ServiceError;
pub use sea_orm::DatabaseConnection;

/// Every service, built once at start-up and cloned (cheaply) into each request.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub accounts: Accounts,
    pub catalog: Catalog,
}

impl Services {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            accounts: Accounts::new(db.clone()),
            catalog: Catalog::new(db.clone()),
            db,
        }
    }
}
