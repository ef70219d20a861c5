//! The answer deadline as a job on the worker: silence loses. When the other side has not
//! answered, the claim stands as made; when the claimant has not answered a counter-offer,
//! the offer stands.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::disputes::{Answer, DisputeEventKind, DisputeStatus};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde::{Deserialize, Serialize};

use super::{
    super::store::{locking::locked, steps::wake_parties},
    records::{locked_dispute, opener_of, set_answer, status_of},
    settle::{rule_by_table_on, write_trail, TrailEntry},
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    entities::disputes,
    jobs::{enqueue, Job, NewJob},
    worker::JobHandler,
    ServiceError,
};

/// Job kind: a dispute's answer deadline passed.
pub const DISPUTE_DEADLINE: &str = "dispute.deadline";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Due {
    dispute_id: i64,
    status: DisputeStatus,
    due_at: DateTime<Utc>,
}

pub(super) async fn schedule_deadline(
    txn: &impl ConnectionTrait,
    dispute: &disputes::Model,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let status = status_of(dispute)?;
    let due = Due {
        dispute_id: dispute.id,
        status,
        due_at,
    };
    let mut job = NewJob::now(
        DISPUTE_DEADLINE,
        serde_json::to_value(&due).expect("json"),
        now,
    );
    job.run_at = due_at;
    let key = format!("dispute:{}:{}", dispute.id, status.code());
    enqueue(txn, job.with_key(key), now).await?;
    Ok(())
}

/// Handles [`DISPUTE_DEADLINE`] jobs.
pub struct DisputeDeadline {
    pub clock: Clock,
    pub bus: NotificationBus,
}

#[async_trait]
impl JobHandler for DisputeDeadline {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let due: Due = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        self.settle_silence(txn, &due)
            .await
            .map_err(|e| e.to_string())
    }
}

impl DisputeDeadline {
    async fn settle_silence(
        &self,
        txn: &DatabaseTransaction,
        due: &Due,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let dispute = locked_dispute(txn, due.dispute_id).await?;
        // Answered in time, or a newer deadline took over.
        if status_of(&dispute)? != due.status || dispute.answer_due_at != Some(due.due_at) {
            return Ok(());
        }
        let Some(booking) = locked(txn, dispute.booking_id).await? else {
            return Ok(());
        };
        let (silent, answer, words) = match (due.status, dispute.answer.0) {
            (DisputeStatus::AwaitingAnswer, _) => (
                opener_of(&dispute).other(),
                Answer::Silent,
                "No answer came before the deadline: the claim stands as made.",
            ),
            (DisputeStatus::CounterOffered, Answer::CounterOffer { refund_bp, .. }) => (
                opener_of(&dispute),
                Answer::CounterOffer {
                    refund_bp,
                    taken: true,
                },
                "The offer was neither taken nor refused before the deadline: it stands.",
            ),
            _ => return Ok(()),
        };
        write_trail(
            txn,
            dispute.id,
            TrailEntry::new(DisputeEventKind::DeadlinePassed, silent, None).saying(words),
            now,
        )
        .await?;
        let answered = set_answer(txn, &dispute, answer, now).await?;
        rule_by_table_on(txn, &answered, &booking, now).await?;
        tracing::info!(dispute_id = dispute.id, "dispute ruled on its deadline");
        wake_parties(&self.bus, &booking);
        Ok(())
    }
}
