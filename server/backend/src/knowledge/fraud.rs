//! The nightly guard against serial voting: when one account gave another's questions and
//! answers more than [`SERIAL_VOTES_BETWEEN_TWO`] votes within
//! [`SERIAL_VOTING_WINDOW_DAYS`] days, those votes are discarded — scores moved back and the
//! reputation they wrote taken back — as if they had been withdrawn.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use domain::knowledge::{
    questions::VoteTarget,
    reputation::{SERIAL_VOTES_BETWEEN_TWO, SERIAL_VOTING_WINDOW_DAYS},
};
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, ExprTrait,
    QueryFilter, QuerySelect,
};

use super::voting::undo_vote;
use crate::{clock::Clock, entities::knowledge_votes, jobs::Job, worker::JobHandler, ServiceError};

/// Job kind: discard serial votes (scheduled nightly).
pub const DISCARD_SERIAL_VOTES: &str = "knowledge.discard_serial_votes";

/// Discards every vote of each pair over the limit; returns how many votes went.
pub async fn discard_serial_votes<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let since = now - Duration::days(SERIAL_VOTING_WINDOW_DAYS);
    let pairs: Vec<(i64, i64, i64)> = knowledge_votes::Entity::find()
        .select_only()
        .column(knowledge_votes::Column::VoterId)
        .column(knowledge_votes::Column::RecipientId)
        .column_as(
            Expr::col(knowledge_votes::Column::TargetId).count(),
            "votes",
        )
        .filter(knowledge_votes::Column::CreatedAt.gt(since))
        .group_by(knowledge_votes::Column::VoterId)
        .group_by(knowledge_votes::Column::RecipientId)
        .into_tuple()
        .all(db)
        .await?;
    let mut discarded = 0;
    for (voter, recipient, votes) in pairs {
        if (votes as u64) <= SERIAL_VOTES_BETWEEN_TWO {
            continue;
        }
        let serial = knowledge_votes::Entity::find()
            .filter(knowledge_votes::Column::VoterId.eq(voter))
            .filter(knowledge_votes::Column::RecipientId.eq(recipient))
            .filter(knowledge_votes::Column::CreatedAt.gt(since))
            .all(db)
            .await?;
        for vote in serial {
            let Some(on) = VoteTarget::parse(&vote.target_kind) else {
                continue;
            };
            undo_vote(db, &vote, on, now).await?;
            discarded += 1;
        }
        tracing::warn!(voter, recipient, votes, "serial votes discarded");
    }
    Ok(discarded)
}

/// Handles [`DISCARD_SERIAL_VOTES`] jobs.
pub struct DiscardSerialVotes(pub Clock);

#[async_trait]
impl JobHandler for DiscardSerialVotes {
    async fn run(&self, _job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        discard_serial_votes(txn, self.0.now())
            .await
            .map(|_| ())
            .map_err(|error| error.to_string())
    }
}
