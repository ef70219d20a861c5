//! A worker process killed in the middle of a job (SIGKILL: no clean-up of any kind) leaves
//! the job to be finished by another worker once its lease runs out — and its half-done
//! effect is not kept, so the effect happens exactly once.
//!
//! The killed worker is this same test binary started again as a child process, running only
//! `child_worker_process`, which does nothing unless the parent hands it a database.

#![cfg(unix)]

use async_trait::async_trait;
use backend::{
    jobs::{Job, JobQueue, NewJob},
    worker::{JobHandler, Worker},
};
use chrono::Duration;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, Statement};
use serde_json::json;
use std::{path::PathBuf, process::Command, time::Instant};

mod common;

const CHILD_DATABASE: &str = "CHEF_GALAXY_CHILD_WORKER_DATABASE";
const CHILD_MARKER: &str = "CHEF_GALAXY_CHILD_WORKER_MARKER";
const LEASE_SECONDS: i64 = 2;

/// Records the job's effect, then — in the child — says so through a marker file and hangs,
/// its transaction open, until it is killed.
struct EffectThenHang {
    marker: Option<PathBuf>,
}

#[async_trait]
impl JobHandler for EffectThenHang {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO effects (job_id) VALUES ($1)",
            [job.id.into()],
        ))
        .await
        .map_err(|e| e.to_string())?;
        if let Some(marker) = &self.marker {
            std::fs::write(marker, job.id.to_string()).map_err(|e| e.to_string())?;
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        }
        Ok(())
    }
}

fn worker(db: DatabaseConnection, id: &str, marker: Option<PathBuf>) -> Worker {
    let mut worker = Worker::new(db, id).handle("effect", EffectThenHang { marker });
    worker.lease = Duration::seconds(LEASE_SECONDS);
    worker
}

#[tokio::test]
async fn child_worker_process() {
    let (Ok(url), Ok(marker)) = (std::env::var(CHILD_DATABASE), std::env::var(CHILD_MARKER)) else {
        return; // Run directly: nothing to do; this is the parent's child.
    };
    let db = backend::db::connect(&url).await.unwrap();
    let worker = worker(db, "doomed-child", Some(marker.into()));
    worker.run_once().await.unwrap();
    panic!("the child worker should have been killed mid-job");
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

async fn a_worker_killed_mid_job_leaves_exactly_one_effect_after_its_lease(
    test_db: common::TestDb,
) {
    let db = test_db.db.clone();
    db.execute_unprepared("CREATE TABLE effects (job_id BIGINT NOT NULL)")
        .await
        .unwrap();
    let queue = JobQueue::new(db.clone());
    queue
        .enqueue(
            NewJob::now("effect", json!({}), backend::Clock::system().now()),
            backend::Clock::system().now(),
        )
        .await
        .unwrap();

    let scratch = tempfile::tempdir().unwrap();
    let marker = scratch.path().join("in-the-middle");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_worker_process", "--nocapture"])
        .env(CHILD_DATABASE, &test_db.url)
        .env(CHILD_MARKER, &marker)
        .spawn()
        .expect("the test binary starts again as the child worker");
    let waiting_since = Instant::now();
    while !marker.exists() {
        assert!(
            waiting_since.elapsed().as_secs() < 60,
            "the child never started the job"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().expect("SIGKILL the child"); // Child::kill sends SIGKILL on Unix.
    child.wait().unwrap();
    let killed_at = Instant::now();

    // The survivor takes the job once the dead worker's lease has run out.
    let survivor = worker(db.clone(), "survivor", None);
    let mut completed = 0;
    while completed == 0 {
        assert!(
            killed_at.elapsed().as_secs() < 30,
            "the job was not picked up within 30 s of its lease ending"
        );
        completed = survivor.run_once().await.unwrap().completed;
        if completed == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }
    assert!(
        killed_at.elapsed() >= std::time::Duration::from_millis(500),
        "taken before the lease could have expired"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM effects").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) AS n FROM jobs WHERE state = 'done' AND attempts = 2"
        )
        .await,
        1,
        "done on the second attempt"
    );
    // Nothing is left to run a second time.
    assert_eq!(survivor.run_once().await.unwrap().completed, 0);
}

#[tokio::test]
async fn a_killed_worker_on_sqlite() {
    a_worker_killed_mid_job_leaves_exactly_one_effect_after_its_lease(common::sqlite().await).await
}

#[tokio::test]
async fn a_killed_worker_on_postgres() {
    a_worker_killed_mid_job_leaves_exactly_one_effect_after_its_lease(common::postgres().await)
        .await
}
