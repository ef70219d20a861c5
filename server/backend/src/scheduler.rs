//! Recurring work on cron schedules (UTC). Each tick enqueues a job for the latest slot that
//! is due, keyed by schedule and slot: however many workers tick at once, a slot becomes one
//! job; slots missed while everything was down collapse into the latest one, so it runs once
//! rather than once per missed slot.

use chrono::{DateTime, Duration, Utc};
use std::str::FromStr;

use crate::{
    jobs::{JobQueue, NewJob},
    ServiceError,
};

#[derive(Debug, Clone)]
pub struct Schedule {
    pub name: String,
    /// The kind of job each slot enqueues.
    pub kind: String,
    cron: cron::Schedule,
}

impl Schedule {
    /// `expression` in the cron crate's syntax, seconds first: `0 0 7 * * *` is 07:00 UTC daily.
    pub fn parse(name: &str, expression: &str, kind: &str) -> Result<Self, String> {
        let cron = cron::Schedule::from_str(expression).map_err(|e| {
            format!("schedule {name}: {expression:?} is not a cron expression: {e}")
        })?;
        Ok(Self {
            name: name.to_owned(),
            kind: kind.to_owned(),
            cron,
        })
    }

    /// The most recent slot at or before `now`.
    pub fn latest_slot(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron.after(&(now + Duration::seconds(1))).next_back()
    }

    fn idempotency_key(&self, slot: DateTime<Utc>) -> String {
        format!("cron:{}:{}", self.name, slot.to_rfc3339())
    }
}

/// Enqueues the latest due slot of every schedule; returns how many new jobs that made.
pub async fn enqueue_due(
    queue: &JobQueue,
    schedules: &[Schedule],
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mut enqueued = 0;
    for schedule in schedules {
        let Some(slot) = schedule.latest_slot(now) else {
            continue;
        };
        let job = NewJob {
            run_at: slot,
            ..NewJob::now(
                &schedule.kind,
                serde_json::json!({ "schedule": schedule.name, "slot": slot }),
                now,
            )
        }
        .with_key(schedule.idempotency_key(slot));
        if queue.enqueue(job, now).await? {
            tracing::info!(schedule = schedule.name, %slot, "scheduled job enqueued");
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, minute, second)
            .unwrap()
    }

    #[test]
    fn the_latest_slot_is_the_last_one_at_or_before_now() {
        let hourly = Schedule::parse("digest", "0 0 * * * *", "digest").unwrap();
        assert_eq!(hourly.latest_slot(at(9, 0, 0)), Some(at(9, 0, 0)));
        assert_eq!(hourly.latest_slot(at(9, 59, 59)), Some(at(9, 0, 0)));
        assert_eq!(hourly.latest_slot(at(10, 0, 1)), Some(at(10, 0, 0)));
    }

    #[test]
    fn a_bad_expression_is_refused_with_the_schedule_named() {
        let error = Schedule::parse("digest", "every morning", "digest").unwrap_err();
        assert!(error.starts_with("schedule digest:"), "{error}");
    }
}
