//! What every backend test file shares: a fresh, migrated database of each kind, and the
//! macro that runs one test body on both.

#![allow(dead_code)]

use backend::{
    db::{self, scratch},
    search::EmbeddedSearch,
    MediaStore, Search, Services,
};
use sea_orm::DatabaseConnection;
use std::{path::Path, sync::Arc};

/// A migrated database; the temporary directory (SQLite) lives as long as the test.
pub struct TestDb {
    pub db: DatabaseConnection,
    /// For opening more connections, or handing the database to another process.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let (dir, url) = scratch::sqlite_database();
    let db = db::connect(&url).await.expect("SQLite opens");
    db::migrate(&db).await.expect("migrations apply");
    TestDb {
        db,
        url,
        _dir: Some(dir),
    }
}

pub async fn postgres() -> TestDb {
    let url = scratch::postgres_database()
        .await
        .expect("the test PostgreSQL at 127.0.0.1:5432 is reachable (make test starts it)");
    let db = db::connect(&url).await.expect("PostgreSQL connects");
    db::migrate(&db).await.expect("migrations apply");
    TestDb {
        db,
        url,
        _dir: None,
    }
}

/// Services whose photo files go to a directory of their own, removed with the returned guard.
pub fn services_with_media(db: DatabaseConnection) -> (Services, tempfile::TempDir) {
    let media_dir = tempfile::tempdir().expect("a temporary media directory");
    let media = MediaStore::local(media_dir.path()).expect("the media directory opens");
    let search = embedded_search(&media_dir.path().join("search"));
    (Services::new(db, media, search), media_dir)
}

/// An embedded search engine in `folder`.
pub fn embedded_search(folder: &Path) -> Search {
    Arc::new(EmbeddedSearch::open(folder).expect("the search folder opens"))
}

/// Services for tests that store no photos.
pub fn services(db: DatabaseConnection) -> Services {
    let media = MediaStore::local(std::env::temp_dir().join("chef-galaxy-test-media"))
        .expect("the media directory opens");
    let folder = tempfile::tempdir()
        .expect("a temporary search folder")
        .keep();
    Services::new(db, media, embedded_search(&folder))
}

#[macro_export]
macro_rules! on_every_database {
    ($(async fn $name:ident($db:ident: DatabaseConnection) $body:block)*) => {$(
        mod $name {
            use super::*;
            async fn check($db: DatabaseConnection) $body
            #[tokio::test]
            async fn on_sqlite() { check(common::sqlite().await.db).await }
            #[tokio::test]
            async fn on_postgres() { check(common::postgres().await.db).await }
        }
    )*};
}
