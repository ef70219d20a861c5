//! The daily digest: one email a day listing what a person left unread, for those who want
//! it. Runs as a scheduled job; the email goes through the outbox like any other.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseTransaction;
use serde::Deserialize;

use super::{channel_for, unread_since};
use crate::{clock::Clock, email, jobs::Job, worker::JobHandler};

/// The job kind the daily digest schedule enqueues.
pub const DAILY_DIGEST: &str = "notifications.daily_digest";

/// The daily digest: everyone with notifications left unread in the day before the slot gets
/// one email listing them, unless they turned the digest off. Keyed by person and day, so a
/// rerun of the slot sends nothing twice.
pub struct DailyDigest(pub Clock);

#[derive(Deserialize)]
struct SlotPayload {
    slot: DateTime<Utc>,
}

#[async_trait]
impl JobHandler for DailyDigest {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        use domain::notifications::{digest_email, Channel, Kind};
        let slot = serde_json::from_str::<SlotPayload>(&job.payload)
            .map(|p| p.slot)
            .unwrap_or(job.run_at);
        let unread = unread_since(txn, slot - Duration::days(1), slot)
            .await
            .map_err(|e| e.to_string())?;
        for (user, notifications) in unread {
            let channel = channel_for(txn, user.id, Kind::DailyDigest)
                .await
                .map_err(|e| e.to_string())?;
            if channel == Channel::Off {
                continue;
            }
            let (subject, body) = digest_email(&user.display_name, &notifications);
            let draft = email::Draft {
                recipient_id: user.id,
                subject,
                body,
                idempotency_key: format!("digest:{}:{}", user.id, slot.date_naive()),
            };
            email::queue(txn, draft, self.0.now())
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
