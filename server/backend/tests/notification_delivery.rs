//! Where notifications go, on real databases: preferences decide between the feed, the feed
//! plus an email, and nothing; the daily digest emails each person once per day; the email
//! job puts messages through the outbox exactly once.

use backend::{
    background,
    email::Mailer,
    entities::{emails, jobs},
    jobs::{JobQueue, NewJob},
    notifications::notify,
    Services,
};
use domain::{
    account::{CurrentUser, SignupForm},
    notifications::{Channel, Kind, NotificationContent, Preference},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

mod common;
use common::*;

async fn person(services: &Services, email: &str) -> CurrentUser {
    services
        .accounts
        .sign_up(&SignupForm {
            email: email.into(),
            password: "saffron-risotto-42".into(),
            display_name: email.split('@').next().unwrap().into(),
            as_chef: false,
        })
        .await
        .unwrap()
}

fn news(title: &str) -> NotificationContent {
    NotificationContent {
        title: title.into(),
        body: "Something happened.".into(),
        link: Some("/kitchen".into()),
    }
}

async fn choose(services: &Services, user: &CurrentUser, kind: Kind, channel: Channel) {
    services
        .notifications
        .set_preferences(
            user.id,
            &[Preference {
                kind: kind.code().into(),
                channel,
            }],
        )
        .await
        .unwrap();
}

async fn emails_to(db: &DatabaseConnection, address: &str) -> Vec<emails::Model> {
    emails::Entity::find()
        .filter(emails::Column::ToAddress.eq(address))
        .all(db)
        .await
        .unwrap()
}

/// Runs every due job with the standard handlers, emails kept in the outbox.
async fn run_jobs(db: &DatabaseConnection) -> usize {
    let search_folder = tempfile::tempdir().unwrap();
    let search = common::embedded_search(search_folder.path());
    let media = backend::MediaStore::local(search_folder.path().join("media")).unwrap();
    let deps = backend::Deps::new(db.clone(), media, search);
    let worker = background::worker(&deps, "test-worker", Mailer::outbox_only());
    let mut completed = 0;
    loop {
        let pass = worker.run_once().await.unwrap();
        assert_eq!(pass.failed, 0, "a job failed");
        if pass.completed == 0 {
            return completed;
        }
        completed += pass.completed;
    }
}

on_every_database! {
    async fn the_chosen_channel_decides_between_the_feed_an_email_and_nothing(db: DatabaseConnection) {
        let services = services(db.clone());
        let ana = person(&services, "ana@example.com").await;
        run_jobs(&db).await; // the sign-up's own search index job
        let now = backend::Clock::system().now();

        choose(&services, &ana, Kind::ChefSaved, Channel::Off).await;
        assert_eq!(notify(&db, ana.id, Kind::ChefSaved, &news("dropped"), now).await.unwrap(), None);

        choose(&services, &ana, Kind::ChefSaved, Channel::Email).await;
        let id = notify(&db, ana.id, Kind::ChefSaved, &news("emailed"), now).await.unwrap();
        assert!(id.is_some());
        let queued = emails_to(&db, "ana@example.com").await;
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].subject, "emailed");
        assert!(queued[0].body.contains("See it at /kitchen"));
        assert_eq!(queued[0].sent_at, None, "sending is a job");

        assert_eq!(run_jobs(&db).await, 1);
        let sent = emails_to(&db, "ana@example.com").await;
        assert_eq!(sent[0].via.as_deref(), Some("outbox"));
        assert!(sent[0].sent_at.is_some());

        let feed = services.notifications.feed(ana.id, 10).await.unwrap();
        let titles: Vec<_> = feed.iter().map(|n| n.content.title.as_str()).collect();
        assert_eq!(titles, ["emailed", "Welcome to Chef Galaxy, ana!"]);
    }

    async fn the_daily_digest_emails_each_person_with_unread_news_once_a_day(db: DatabaseConnection) {
        let services = services(db.clone());
        let ana = person(&services, "ana@example.com").await;
        let bo = person(&services, "bo@example.com").await;
        let cy = person(&services, "cy@example.com").await;
        choose(&services, &bo, Kind::DailyDigest, Channel::Off).await;
        services.notifications.mark_all_read(cy.id).await.unwrap();
        notify(&db, ana.id, Kind::ChefSaved, &news("Dee saved your profile"), backend::Clock::system().now()).await.unwrap();

        let slot = backend::Clock::system().now() + chrono::Duration::seconds(1);
        let digest = |key: &str| {
            NewJob {
                run_at: slot,
                ..NewJob::now(background::KNOWN_SCHEDULES[0].kind, json!({ "slot": slot }), backend::Clock::system().now())
            }
            .with_key(key.to_owned())
        };
        let queue = JobQueue::new(db.clone());
        queue.enqueue(digest("first"), backend::Clock::system().now()).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        run_jobs(&db).await;

        let to_ana = emails_to(&db, "ana@example.com").await;
        assert_eq!(to_ana.len(), 1);
        assert_eq!(to_ana[0].subject, "You have 2 unread notifications on Chef Galaxy");
        assert!(to_ana[0].body.contains("Dee saved your profile"));
        assert_eq!(to_ana[0].via.as_deref(), Some("outbox"));
        assert!(emails_to(&db, "bo@example.com").await.is_empty(), "bo turned the digest off");
        assert!(emails_to(&db, "cy@example.com").await.is_empty(), "cy has read everything");

        // The same day's digest again (a rerun) sends nothing new.
        queue.enqueue(digest("again"), backend::Clock::system().now()).await.unwrap();
        run_jobs(&db).await;
        assert_eq!(emails::Entity::find().count(&db).await.unwrap(), 1);
        let dead = jobs::Entity::find().filter(jobs::Column::State.eq("dead")).count(&db).await.unwrap();
        assert_eq!(dead, 0);
    }
}
