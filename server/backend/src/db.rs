//! Connecting to the database the configuration names — a SQLite file by default, PostgreSQL
//! when `DATABASE_URL` says so — and bringing its schema up to date.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::{path::Path, time::Duration};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/chef-galaxy.db?mode=rwc";

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file_path(url) {
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
    }
    let mut options = ConnectOptions::new(url);
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // A write-ahead log: readers never wait for a writer, and a commit costs one append
        // instead of several syncs of the whole file. `NORMAL` keeps the file consistent
        // through a crash; only the last commits before a power cut may be lost.
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
        });
    Database::connect(options).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A transaction that is going to write. On SQLite it takes the write lock at BEGIN, so a
/// concurrent writer waits its turn instead of failing when it upgrades from reading.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Whether the database answers a trivial query; `/readyz` reports this.
pub async fn is_reachable(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// The file behind a `sqlite://` URL, or None for other databases and in-memory SQLite.
fn sqlite_file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Scratch databases for tests: a new SQLite file or a new PostgreSQL database per call, so
/// tests never see each other's rows.
pub mod scratch {
    use super::*;

    /// The PostgreSQL server tests use; the machine's default is trust auth on localhost.
    pub fn postgres_admin_url() -> String {
        std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
    }

    /// Creates an empty database on the test PostgreSQL server and returns its URL. Databases
    /// left by test runs more than an hour old are dropped on the way.
    pub async fn postgres_database() -> Result<String, DbErr> {
        let admin_url = postgres_admin_url();
        let admin = Database::connect(admin_url.as_str()).await?;
        // Real time on purpose: it names scratch databases and finds stale ones.
        let now = crate::Clock::system().now().timestamp();
        drop_stale_test_databases(&admin, now - 3600).await?;
        let name = format!(
            "{PREFIX}{now}_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        let base = admin_url
            .rsplit_once('/')
            .map(|(base, _)| base)
            .unwrap_or(&admin_url);
        Ok(format!("{base}/{name}"))
    }

    const PREFIX: &str = "chef_galaxy_test_";

    async fn drop_stale_test_databases(
        admin: &DatabaseConnection,
        before: i64,
    ) -> Result<(), DbErr> {
        let rows = admin
            .query_all_raw(sea_orm::Statement::from_string(
                admin.get_database_backend(),
                format!("SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'"),
            ))
            .await?;
        for row in rows {
            let name: String = row.try_get("", "datname")?;
            let created = name
                .strip_prefix(PREFIX)
                .and_then(|rest| rest.split('_').next())
                .and_then(|secs| secs.parse::<i64>().ok());
            if created.is_some_and(|created| created < before) {
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
            }
        }
        Ok(())
    }

    /// A SQLite file in a fresh temporary directory; keep the directory alive while testing.
    pub fn sqlite_database() -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
        (dir, url)
    }
}

#[cfg(test)]
mod tests {
    use super::sqlite_file_path;

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file_path("sqlite://data/x.db?mode=rwc"),
            Some("data/x.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/x"), None);
    }

    #[tokio::test]
    async fn a_sqlite_file_is_opened_with_a_write_ahead_log() {
        use sea_orm::ConnectionTrait;
        let (_dir, url) = super::scratch::sqlite_database();
        let db = super::connect(&url).await.unwrap();
        let statement = sea_orm::Statement::from_string(
            db.get_database_backend(),
            "PRAGMA journal_mode".to_owned(),
        );
        let row = db.query_one_raw(statement).await.unwrap().unwrap();
        let mode: String = row.try_get_by_index(0).unwrap();
        assert_eq!(mode, "wal");
    }
}
