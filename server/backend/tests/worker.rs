//! The worker against real databases: each job's effect is committed exactly once, with the
//! job's completion; failures are retried later; a job whose worker died is finished by
//! another once the lease has run out.

use async_trait::async_trait;
use backend::Clock;
use backend::{
    jobs::{Job, JobQueue, NewJob},
    worker::{JobHandler, Pass, Worker},
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, Statement};
use serde_json::json;

mod common;

/// Writes the job's id into `effects`: the thing that must happen exactly once.
struct RecordEffect;

#[async_trait]
impl JobHandler for RecordEffect {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO effects (job_id) VALUES ($1)",
            [job.id.into()],
        ))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
    }
}

/// Writes its effect, then fails: the effect must not survive.
struct FailAfterWriting;

#[async_trait]
impl JobHandler for FailAfterWriting {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        RecordEffect.run(job, txn).await?;
        Err("the payment provider said no".to_owned())
    }
}

async fn effects(db: &DatabaseConnection) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM effects",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

async fn with_effects_table(db: &DatabaseConnection) {
    db.execute_unprepared("CREATE TABLE effects (job_id BIGINT NOT NULL)")
        .await
        .unwrap();
}

fn nine_o_clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

on_every_database! {
    async fn every_job_runs_once_and_its_effect_commits_with_it(db: DatabaseConnection) {
        with_effects_table(&db).await;
        let queue = JobQueue::new(db.clone());
        for n in 0..5 {
            queue.enqueue(NewJob::now("record", json!({"n": n}), backend::Clock::system().now()), backend::Clock::system().now()).await.unwrap();
        }
        let worker = Worker::new(db.clone(), "worker-a").handle("record", RecordEffect);
        assert_eq!(worker.run_once().await.unwrap(), Pass { completed: 5, failed: 0, lost: 0 });
        assert_eq!(worker.run_once().await.unwrap(), Pass::default());
        assert_eq!(effects(&db).await, 5);
    }

    async fn a_failed_job_leaves_no_effect_and_waits_to_be_retried(db: DatabaseConnection) {
        with_effects_table(&db).await;
        let queue = JobQueue::new(db.clone());
        queue.enqueue(NewJob::now("charge", json!({}), backend::Clock::system().now()), backend::Clock::system().now()).await.unwrap();
        queue.enqueue(NewJob::now("unknown-kind", json!({}), backend::Clock::system().now()), backend::Clock::system().now()).await.unwrap();
        let worker = Worker::new(db.clone(), "worker-a").handle("charge", FailAfterWriting);
        assert_eq!(worker.run_once().await.unwrap(), Pass { completed: 0, failed: 2, lost: 0 });
        assert_eq!(effects(&db).await, 0, "the failed job's writes were rolled back");
        assert_eq!(worker.run_once().await.unwrap(), Pass::default(), "retries wait for their backoff");
        let later = queue.claim("inspector", 10, Duration::seconds(30), backend::Clock::system().now() + Duration::minutes(1)).await.unwrap();
        assert_eq!(later.len(), 2);
        assert!(later.iter().any(|job| job.last_error.as_deref() == Some("the payment provider said no")));
    }

    async fn a_batch_run_side_by_side_commits_each_effect_once(db: DatabaseConnection) {
        with_effects_table(&db).await;
        let queue = JobQueue::new(db.clone());
        let now = Clock::system().now();
        for n in 0..40 {
            queue.enqueue(NewJob::now("record", json!({"n": n}), now), now).await.unwrap();
        }
        let mut worker = Worker::new(db.clone(), "worker-a").handle("record", RecordEffect);
        worker.batch = 40;
        worker.concurrency = 8;
        assert_eq!(worker.run_once().await.unwrap(), Pass { completed: 40, failed: 0, lost: 0 });
        assert_eq!(effects(&db).await, 40);
        let distinct = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(DISTINCT job_id) AS n FROM effects"))
            .await.unwrap().unwrap().try_get::<i64>("", "n").unwrap();
        assert_eq!(distinct, 40, "no job's effect written twice");
        assert_eq!(worker.run_once().await.unwrap(), Pass::default());
    }

    async fn an_idle_worker_rests_until_the_next_job_is_due_and_no_longer_than_its_idle_wait(db: DatabaseConnection) {
        // An adjustable clock runs with real time, so waits are checked within a margin.
        let clock = Clock::adjustable_from(nine_o_clock());
        let queue = JobQueue::new(db.clone());
        let mut worker = Worker::new(db.clone(), "worker-a").with_clock(clock.clone());
        worker.idle_wait = std::time::Duration::from_millis(500);
        assert_eq!(worker.rest().await, worker.idle_wait, "nothing queued");

        let in_an_hour = NewJob { run_at: clock.now() + Duration::hours(1), ..NewJob::now("record", json!({}), clock.now()) };
        queue.enqueue(in_an_hour, clock.now()).await.unwrap();
        assert_eq!(worker.rest().await, worker.idle_wait, "never longer than the idle wait");

        let soon = NewJob { run_at: clock.now() + Duration::milliseconds(300), ..NewJob::now("record", json!({}), clock.now()) };
        queue.enqueue(soon, clock.now()).await.unwrap();
        let rest = worker.rest().await;
        assert!(rest <= std::time::Duration::from_millis(300) && rest > std::time::Duration::from_millis(100), "until the earliest is due: {rest:?}");

        clock.advance(Duration::seconds(1)).unwrap();
        assert_eq!(worker.rest().await, std::time::Duration::from_millis(5), "one is overdue: a short look again, no spinning");
    }

    async fn a_job_left_by_a_dead_worker_is_finished_once_by_another(db: DatabaseConnection) {
        with_effects_table(&db).await;
        let queue = JobQueue::new(db.clone());
        queue.enqueue(NewJob::now("record", json!({}), backend::Clock::system().now()), backend::Clock::system().now()).await.unwrap();
        // A worker claims the job with a one-second lease and dies before doing anything.
        let orphan = queue.claim("dead-worker", 1, Duration::seconds(1), backend::Clock::system().now()).await.unwrap();
        assert_eq!(orphan.len(), 1);
        let survivor = Worker::new(db.clone(), "worker-b").handle("record", RecordEffect);
        assert_eq!(survivor.run_once().await.unwrap(), Pass::default(), "the lease still holds");
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        assert_eq!(survivor.run_once().await.unwrap().completed, 1);
        assert_eq!(effects(&db).await, 1);
        assert!(!JobQueue::complete(&db, orphan[0].id, "dead-worker", backend::Clock::system().now()).await.unwrap(), "the dead worker cannot finish it again");
    }
}
