//! `server worker` as operators run it: a process of its own that runs the schedules from its
//! environment and sends what they produce, and stops cleanly on SIGTERM.

#![cfg(unix)]

use backend::{db::scratch, entities::emails};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

#[tokio::test]
async fn the_worker_command_sends_the_daily_digest_once_and_stops_on_sigterm() {
    let (_dir, database_url) = scratch::sqlite_database();
    let db = backend::db::connect(&database_url).await.unwrap();
    backend::db::migrate(&db).await.unwrap();
    let scratch_folder = tempfile::tempdir().unwrap();
    let search =
        backend::search::EmbeddedSearch::open(scratch_folder.path().join("search")).unwrap();
    let media = backend::MediaStore::local(scratch_folder.path().join("media")).unwrap();
    let services = backend::Services::new(backend::Deps::new(
        db.clone(),
        media,
        std::sync::Arc::new(search),
    ));
    let accounts = &services.accounts;
    let form = domain::account::SignupForm {
        email: "ana@example.com".into(),
        password: "saffron-risotto-42".into(),
        display_name: "Ana Lopez".into(),
        as_chef: false,
    };
    accounts.sign_up(&form).await.unwrap(); // leaves the welcome unread

    let search_dir = tempfile::tempdir().unwrap();
    let mut worker = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("worker")
        .env("DATABASE_URL", &database_url)
        .env("SEARCH_DIR", search_dir.path())
        .env_remove("MEILI_URL")
        // Every second, so the test need not wait for 07:00.
        .env("SCHEDULE_DAILY_DIGEST", "* * * * * *")
        .env("RUST_LOG", "warn")
        .env_remove("SMTP_URL")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();

    let started = Instant::now();
    let digest = loop {
        let sent = emails::Entity::find()
            .filter(emails::Column::Via.eq("outbox"))
            .all(&db)
            .await
            .unwrap();
        if let Some(email) = sent.into_iter().next() {
            break email;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no digest sent"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(digest.to_address, "ana@example.com");
    assert_eq!(
        digest.subject,
        "You have 1 unread notification on Chef Galaxy"
    );
    assert!(digest.body.contains("Welcome to Chef Galaxy, Ana Lopez!"));

    // Slots keep coming every second; the digest is once per person and day.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(emails::Entity::find().all(&db).await.unwrap().len(), 1);

    let terminated = Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let exited = Instant::now();
    let status = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break status;
        }
        assert!(
            exited.elapsed() < Duration::from_secs(10),
            "worker ignored SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
}
