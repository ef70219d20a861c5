//! The background work Chef Galaxy runs: which job kinds there are, the handler of each, and
//! the recurring schedules. `server worker` runs this; `server serve` runs one in-process too
//! unless told not to, so a single machine needs no second process.

use sea_orm::DatabaseConnection;
use std::{future::Future, time::Duration};

use crate::{
    bookings::{
        AccountWithdrawn, BookingDue, BookingReminderDue, DisputeDeadline, InviteChefs,
        ReconcileCharge, SendRefund, ACCOUNT_WITHDRAWN, BOOKING_DUE, BOOKING_REMINDER,
        DISPUTE_DEADLINE, INVITE_CHEFS, RECONCILE_CHARGE, SEND_REFUND,
    },
    clock::Clock,
    deps::Deps,
    email::{Mailer, SendEmail, SEND_EMAIL},
    jobs::JobQueue,
    knowledge::fraud::{DiscardSerialVotes, DISCARD_SERIAL_VOTES},
    notifications::{DailyDigest, DAILY_DIGEST},
    ranks::{RecomputeAllRanks, RecomputeRank, RECOMPUTE_ALL_RANKS, RECOMPUTE_RANK},
    scheduler::{enqueue_due, Schedule},
    search::sync::{
        IndexChef, IndexDish, IndexPerson, IndexPost, IndexQuestion, INDEX_CHEF, INDEX_DISH,
        INDEX_PERSON, INDEX_POST, INDEX_QUESTION,
    },
    worker::Worker,
};

/// A recurring job Chef Galaxy knows how to run, with the expression it runs on unless
/// configured otherwise (`SCHEDULE_<NAME>`, e.g. `SCHEDULE_DAILY_DIGEST`).
pub struct KnownSchedule {
    pub name: &'static str,
    pub kind: &'static str,
    pub default_expression: &'static str,
}

pub const KNOWN_SCHEDULES: &[KnownSchedule] = &[
    KnownSchedule {
        name: "daily_digest",
        kind: DAILY_DIGEST,
        // 07:00 UTC: morning in Europe, where the first chefs are.
        default_expression: "0 0 7 * * *",
    },
    KnownSchedule {
        name: "nightly_ranks",
        kind: RECOMPUTE_ALL_RANKS,
        // 03:00 UTC: the quietest hour in Europe; activity fades a day at a time.
        default_expression: "0 0 3 * * *",
    },
    KnownSchedule {
        name: "serial_votes",
        kind: DISCARD_SERIAL_VOTES,
        // 03:30 UTC, after the ranks: a discarded vote on a chef's answer re-ranks them.
        default_expression: "0 30 3 * * *",
    },
];

/// How often a worker checks whether a schedule slot is due. A slot is enqueued once however
/// many workers check (its key is unique), so this bounds lateness, not correctness.
const SCHEDULER_TICK: Duration = Duration::from_secs(5);

/// A worker that knows every job kind, each handler on the same dependencies.
pub fn worker(deps: &Deps, id: impl Into<String>, mailer: Mailer) -> Worker {
    let Deps {
        db,
        clock,
        bus,
        search,
        ..
    } = deps.clone();
    Worker::new(db, id)
        .with_clock(clock.clone())
        .handle(
            SEND_EMAIL,
            SendEmail {
                mailer,
                clock: clock.clone(),
            },
        )
        .handle(DAILY_DIGEST, DailyDigest(clock.clone()))
        .handle(
            INDEX_CHEF,
            IndexChef {
                search: search.clone(),
                clock: clock.clone(),
            },
        )
        .handle(INDEX_DISH, IndexDish(search.clone()))
        .handle(INDEX_POST, IndexPost(search.clone()))
        .handle(INDEX_PERSON, IndexPerson(search.clone()))
        .handle(INDEX_QUESTION, IndexQuestion(search.clone()))
        .handle(
            INVITE_CHEFS,
            InviteChefs {
                search,
                clock: clock.clone(),
                bus: bus.clone(),
            },
        )
        .handle(
            BOOKING_DUE,
            BookingDue {
                clock: clock.clone(),
                bus: bus.clone(),
            },
        )
        .handle(
            DISPUTE_DEADLINE,
            DisputeDeadline {
                clock: clock.clone(),
                bus: bus.clone(),
            },
        )
        .handle(
            RECONCILE_CHARGE,
            ReconcileCharge {
                db: deps.db.clone(),
                clock: clock.clone(),
                payments: deps.payments.clone(),
                bus: bus.clone(),
            },
        )
        .handle(
            SEND_REFUND,
            SendRefund {
                db: deps.db.clone(),
                clock: clock.clone(),
                payments: deps.payments.clone(),
            },
        )
        .handle(RECOMPUTE_RANK, RecomputeRank(clock.clone()))
        .handle(RECOMPUTE_ALL_RANKS, RecomputeAllRanks(clock.clone()))
        .handle(DISCARD_SERIAL_VOTES, DiscardSerialVotes(clock.clone()))
        .handle(
            ACCOUNT_WITHDRAWN,
            AccountWithdrawn {
                clock: clock.clone(),
                bus: bus.clone(),
            },
        )
        .handle(BOOKING_REMINDER, BookingReminderDue { clock, bus })
}

/// Runs the worker and the schedule ticker until `shutdown`; the job in progress finishes.
pub async fn run(
    worker: Worker,
    db: DatabaseConnection,
    schedules: Vec<Schedule>,
    clock: Clock,
    shutdown: impl Future<Output = ()>,
) {
    let ticker = tokio::spawn(async move {
        let queue = JobQueue::new(db);
        let mut every = tokio::time::interval(SCHEDULER_TICK);
        loop {
            every.tick().await;
            if let Err(error) = enqueue_due(&queue, &schedules, clock.now()).await {
                tracing::warn!(%error, "could not enqueue scheduled jobs");
            }
        }
    });
    worker.run(shutdown).await;
    ticker.abort();
}

/// A worker id that tells people which process it is: host, pid and a random suffix.
pub fn worker_id(role: &str) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".to_owned());
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..6];
    format!("{role}@{host}:{}:{suffix}", std::process::id())
}
