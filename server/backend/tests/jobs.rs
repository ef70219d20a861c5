//! The durable job queue against real databases (SQLite and PostgreSQL): enqueueing with the
//! change that causes it, claiming without double work, leases that run out, retries and
//! dead jobs. The clock is passed in, so time moves only when a test says so.

use backend::jobs::{enqueue, JobQueue, NewJob, State};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;
use std::collections::HashSet;

mod common;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

const LEASE: Duration = Duration::seconds(30);

on_every_database! {
    async fn a_job_enqueued_in_a_rolled_back_change_never_exists(db: DatabaseConnection) {
        let queue = JobQueue::new(db.clone());
        let txn = db.begin().await.unwrap();
        enqueue(&txn, NewJob::now("welcome", json!({"user_id": 1}), start()), start()).await.unwrap();
        txn.rollback().await.unwrap();
        assert!(queue.claim("worker-a", 10, LEASE, start()).await.unwrap().is_empty());

        let txn = db.begin().await.unwrap();
        enqueue(&txn, NewJob::now("welcome", json!({"user_id": 2}), start()), start()).await.unwrap();
        txn.commit().await.unwrap();
        let claimed = queue.claim("worker-a", 10, LEASE, start()).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].payload, r#"{"user_id":2}"#);
    }

    async fn the_same_idempotency_key_is_enqueued_once(db: DatabaseConnection) {
        let queue = JobQueue::new(db.clone());
        let job = NewJob::now("digest", json!({}), start()).with_key("digest:2026-12-01");
        assert!(queue.enqueue(job.clone(), start()).await.unwrap());
        let txn = db.begin().await.unwrap();
        assert!(!enqueue(&txn, job, start()).await.unwrap(), "a duplicate is a no-op");
        enqueue(&txn, NewJob::now("other", json!({}), start()), start()).await.expect("the transaction is still usable");
        txn.commit().await.unwrap();
        assert_eq!(queue.claim("w", 10, LEASE, start()).await.unwrap().len(), 2);
    }

    async fn a_job_is_not_claimed_before_it_is_due(db: DatabaseConnection) {
        let queue = JobQueue::new(db);
        let later = NewJob { run_at: start() + Duration::hours(1), ..NewJob::now("reminder", json!({}), start()) };
        queue.enqueue(later, start()).await.unwrap();
        assert!(queue.claim("w", 10, LEASE, start()).await.unwrap().is_empty());
        assert_eq!(queue.claim("w", 10, LEASE, start() + Duration::hours(1)).await.unwrap().len(), 1);
    }

    async fn workers_claiming_at_once_never_share_a_job(db: DatabaseConnection) {
        let queue = JobQueue::new(db);
        for n in 0..40 {
            queue.enqueue(NewJob::now("work", json!({"n": n}), start()), start()).await.unwrap();
        }
        let (a, b, c) = tokio::join!(
            queue.claim("worker-a", 15, LEASE, start()),
            queue.claim("worker-b", 15, LEASE, start()),
            queue.claim("worker-c", 15, LEASE, start()),
        );
        let ids: Vec<i64> = [a.unwrap(), b.unwrap(), c.unwrap()].concat().iter().map(|j| j.id).collect();
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "no job claimed twice");
        assert_eq!(ids.len(), 40, "all due jobs claimed");
        assert!(queue.claim("worker-d", 15, LEASE, start()).await.unwrap().is_empty());
    }

    async fn a_job_whose_worker_died_is_claimed_again_after_the_lease_and_finished_once(db: DatabaseConnection) {
        let queue = JobQueue::new(db.clone());
        queue.enqueue(NewJob::now("release-payment", json!({"booking": 9}), start()), start()).await.unwrap();
        let job = queue.claim("worker-a", 1, LEASE, start()).await.unwrap().remove(0);
        assert!(queue.claim("worker-b", 1, LEASE, start() + Duration::seconds(29)).await.unwrap().is_empty(), "the lease holds");
        assert!(queue.heartbeat(job.id, "worker-a", LEASE, start() + Duration::seconds(20)).await.unwrap());
        assert!(queue.claim("worker-b", 1, LEASE, start() + Duration::seconds(45)).await.unwrap().is_empty(), "the heartbeat extended it");

        // worker-a goes silent; its lease runs out and worker-b takes over.
        let taken = queue.claim("worker-b", 1, LEASE, start() + Duration::seconds(51)).await.unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].attempts, 2);
        let late = start() + Duration::seconds(52);
        assert!(!queue.heartbeat(job.id, "worker-a", LEASE, late).await.unwrap(), "the old owner lost it");
        assert!(!JobQueue::complete(&db, job.id, "worker-a", late).await.unwrap(), "the old owner cannot finish it");
        assert!(JobQueue::complete(&db, job.id, "worker-b", late).await.unwrap());
        assert!(!JobQueue::complete(&db, job.id, "worker-b", late).await.unwrap(), "finished once");
        assert!(queue.claim("worker-c", 1, LEASE, start() + Duration::hours(2)).await.unwrap().is_empty());
    }

    async fn a_failing_job_backs_off_then_dies_and_an_admin_can_retry_it(db: DatabaseConnection) {
        let queue = JobQueue::new(db);
        let job = NewJob { max_attempts: 2, ..NewJob::now("send-email", json!({}), start()) };
        queue.enqueue(job, start()).await.unwrap();
        let first = queue.claim("w", 1, LEASE, start()).await.unwrap().remove(0);
        assert_eq!(queue.fail(first.id, "w", "SMTP timeout", start()).await.unwrap(), State::Queued);
        assert!(queue.claim("w", 1, LEASE, start() + Duration::seconds(4)).await.unwrap().is_empty(), "backing off");
        let second = queue.claim("w", 1, LEASE, start() + Duration::seconds(10)).await.unwrap().remove(0);
        assert_eq!(queue.fail(second.id, "w", "SMTP timeout again", start() + Duration::seconds(10)).await.unwrap(), State::Dead);
        assert!(queue.claim("w", 1, LEASE, start() + Duration::days(1)).await.unwrap().is_empty(), "dead jobs stay dead");
        let dead = queue.dead().await.unwrap();
        assert_eq!(dead.len(), 1);
        assert_eq!(dead[0].last_error.as_deref(), Some("SMTP timeout again"));

        queue.retry_dead(first.id, start() + Duration::days(1)).await.unwrap();
        let again = queue.claim("w", 1, LEASE, start() + Duration::days(1)).await.unwrap();
        assert_eq!(again[0].attempts, 1, "a fresh set of attempts");
        assert!(queue.dead().await.unwrap().is_empty());
    }
}

mod cron_slots {
    use super::*;
    use backend::scheduler::{enqueue_due, Schedule};

    fn hourly() -> Vec<Schedule> {
        vec![Schedule::parse("digest", "0 0 * * * *", "daily-digest").unwrap()]
    }

    on_every_database! {
        async fn one_slot_is_one_job_however_many_workers_tick(db: DatabaseConnection) {
            let queue = JobQueue::new(db);
            let schedules = hourly();
            let now = start() + Duration::seconds(5);
            let (a, b) = tokio::join!(enqueue_due(&queue, &schedules, now), enqueue_due(&queue, &schedules, now));
            assert_eq!(a.unwrap() + b.unwrap(), 1);
            assert_eq!(enqueue_due(&queue, &schedules, now + Duration::minutes(30)).await.unwrap(), 0, "same slot");
            let jobs = queue.claim("w", 10, LEASE, now + Duration::hours(1)).await.unwrap();
            assert_eq!(jobs.len(), 1);
            assert_eq!(jobs[0].kind, "daily-digest");
        }

        async fn slots_missed_during_downtime_run_once(db: DatabaseConnection) {
            let queue = JobQueue::new(db);
            let schedules = hourly();
            assert_eq!(enqueue_due(&queue, &schedules, start()).await.unwrap(), 1);
            // Down from 09:00 to 13:20: the 10:00 to 13:00 slots were missed.
            assert_eq!(enqueue_due(&queue, &schedules, start() + Duration::minutes(260)).await.unwrap(), 1);
            let jobs = queue.claim("w", 10, LEASE, start() + Duration::minutes(261)).await.unwrap();
            let slots: Vec<_> = jobs.iter().map(|job| job.run_at).collect();
            assert_eq!(slots, [start(), start() + Duration::hours(4)]);
        }
    }
}
