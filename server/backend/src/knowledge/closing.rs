//! Closing and reopening questions. People with [`Privilege::VoteToClose`] vote; the
//! [`CLOSE_VOTES_NEEDED`]th vote of a round closes (or reopens) the question, and a moderator's
//! one vote is enough. A round's votes are spent when it succeeds, so the next round counts
//! afresh. A question closes for the reason most of its voters gave; closing as a duplicate
//! names the original, which the page links.

use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, Role},
    knowledge::{
        questions::{CloseReason, CLOSE_VOTES_NEEDED},
        views::QuestionPage,
        Privilege,
    },
    notifications::{self, Kind},
    FieldError,
};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use std::collections::HashMap;

use super::{live_question, require, Knowledge};
use crate::{
    db::begin_write,
    entities::{close_votes, questions},
    notifications::notify,
    search::outbox::question_changed,
    ServiceError,
};

/// Which way a round of votes goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Round {
    Close,
    Reopen,
}

impl Round {
    fn code(self) -> &'static str {
        match self {
            Round::Close => "close",
            Round::Reopen => "reopen",
        }
    }
}

impl Knowledge {
    /// Votes to close `question_id` for `reason` (naming the original when it is a duplicate).
    pub async fn vote_to_close(
        &self,
        voter: &CurrentUser,
        question_id: i64,
        reason: CloseReason,
        duplicate_of: Option<i64>,
    ) -> Result<QuestionPage, ServiceError> {
        let original = match (reason, duplicate_of) {
            (CloseReason::Duplicate, None) => {
                return Err(
                    FieldError::new("duplicate_of", "Name the question this one repeats.").into(),
                )
            }
            (CloseReason::Duplicate, Some(original)) if original == question_id => {
                return Err(FieldError::new(
                    "duplicate_of",
                    "A question cannot repeat itself: name the earlier one.",
                )
                .into())
            }
            (CloseReason::Duplicate, Some(original)) => Some(original),
            (_, _) => None,
        };
        if let Some(original) = original {
            live_question(&self.db, original).await.map_err(|_| {
                FieldError::new("duplicate_of", "There is no such question to point to.")
            })?;
        }
        self.cast(voter, question_id, Round::Close, Some(reason), original)
            .await
    }

    /// Votes to reopen a closed question.
    pub async fn vote_to_reopen(
        &self,
        voter: &CurrentUser,
        question_id: i64,
    ) -> Result<QuestionPage, ServiceError> {
        self.cast(voter, question_id, Round::Reopen, None, None)
            .await
    }

    async fn cast(
        &self,
        voter: &CurrentUser,
        question_id: i64,
        round: Round,
        reason: Option<CloseReason>,
        duplicate_of: Option<i64>,
    ) -> Result<QuestionPage, ServiceError> {
        let moderator = voter.role == Role::Admin;
        if !moderator {
            require(&self.db, voter, Privilege::VoteToClose).await?;
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let question = live_question(&txn, question_id).await?;
        match (round, question.closed_at.is_some()) {
            (Round::Close, true) => return Err(conflict("This question is already closed.")),
            (Round::Reopen, false) => return Err(conflict("This question is open.")),
            _ => {}
        }
        let this_round = close_votes::Entity::find()
            .filter(close_votes::Column::QuestionId.eq(question_id))
            .filter(close_votes::Column::Action.eq(round.code()))
            .filter(close_votes::Column::SpentAt.is_null());
        if this_round
            .clone()
            .filter(close_votes::Column::VoterId.eq(voter.id))
            .count(&txn)
            .await?
            > 0
        {
            return Err(conflict(match round {
                Round::Close => "You have already voted to close this question.",
                Round::Reopen => "You have already voted to reopen this question.",
            }));
        }
        close_votes::ActiveModel {
            question_id: Set(question_id),
            voter_id: Set(voter.id),
            action: Set(round.code().to_owned()),
            reason: Set(reason.map(|reason| reason.code().to_owned())),
            duplicate_of_id: Set(duplicate_of),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let votes = this_round.all(&txn).await?;
        let decided = moderator || votes.len() >= CLOSE_VOTES_NEEDED;
        let mut told = None;
        if decided {
            let closing = match round {
                Round::Close => Some(majority(&votes, reason)),
                Round::Reopen => None,
            };
            apply(&txn, question.clone(), closing, now).await?;
            close_votes::Entity::update_many()
                .col_expr(close_votes::Column::SpentAt, Expr::value(now))
                .filter(close_votes::Column::QuestionId.eq(question_id))
                .filter(close_votes::Column::Action.eq(round.code()))
                .filter(close_votes::Column::SpentAt.is_null())
                .exec(&txn)
                .await?;
            question_changed(&txn, question_id, now).await?;
            if question.author_id != voter.id {
                let said = closing.map(|(reason, _)| reason.label());
                let content = notifications::question_closed(question_id, &question.title, said);
                if notify(
                    &txn,
                    question.author_id,
                    Kind::KnowledgeActivity,
                    &content,
                    now,
                )
                .await?
                .is_some()
                {
                    told = Some(question.author_id);
                }
            }
        }
        txn.commit().await?;
        self.bus.publish_question(question_id);
        if let Some(asker) = told {
            self.bus.publish(asker);
        }
        tracing::info!(
            question_id,
            voter_id = voter.id,
            round = round.code(),
            decided,
            "close vote"
        );
        self.page(Some(voter), question_id).await
    }
}

fn conflict(message: &str) -> ServiceError {
    ServiceError::Conflict(FieldError::new("action", message))
}

/// The reason most of a round's voters gave (the last vote's on a tie), and for a duplicate
/// the original most of them named.
fn majority(votes: &[close_votes::Model], last: Option<CloseReason>) -> (CloseReason, Option<i64>) {
    let mut reasons: HashMap<CloseReason, usize> = HashMap::new();
    let mut originals: HashMap<i64, usize> = HashMap::new();
    for vote in votes {
        if let Some(reason) = vote.reason.as_deref().and_then(CloseReason::parse) {
            *reasons.entry(reason).or_default() += 1;
        }
        if let Some(original) = vote.duplicate_of_id {
            *originals.entry(original).or_default() += 1;
        }
    }
    let most = reasons.values().copied().max().unwrap_or(0);
    let reason = last
        .filter(|reason| reasons.get(reason) == Some(&most))
        .or_else(|| {
            CloseReason::ALL
                .iter()
                .copied()
                .find(|reason| reasons.get(reason) == Some(&most))
        })
        .unwrap_or(CloseReason::Unclear);
    let original = (reason == CloseReason::Duplicate)
        .then(|| {
            originals
                .into_iter()
                .max_by_key(|(id, count)| (*count, *id))
                .map(|(id, _)| id)
        })
        .flatten();
    (reason, original)
}

/// Closes (`Some`) or reopens (`None`) the question.
async fn apply(
    txn: &impl ConnectionTrait,
    question: questions::Model,
    closing: Option<(CloseReason, Option<i64>)>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut changed: questions::ActiveModel = question.into();
    match closing {
        Some((reason, original)) => {
            changed.closed_at = Set(Some(now));
            changed.close_reason = Set(Some(reason.code().to_owned()));
            changed.duplicate_of_id = Set(original);
        }
        None => {
            changed.closed_at = Set(None);
            changed.close_reason = Set(None);
            changed.duplicate_of_id = Set(None);
        }
    }
    changed.last_activity_at = Set(now);
    changed.update(txn).await?;
    Ok(())
}

/// Votes cast in the round under way: toward closing an open question, or reopening a
/// closed one.
pub(super) async fn pending_votes(
    db: &impl ConnectionTrait,
    question: &questions::Model,
) -> Result<u32, ServiceError> {
    let round = if question.closed_at.is_some() {
        Round::Reopen
    } else {
        Round::Close
    };
    let count = close_votes::Entity::find()
        .filter(close_votes::Column::QuestionId.eq(question.id))
        .filter(close_votes::Column::Action.eq(round.code()))
        .filter(close_votes::Column::SpentAt.is_null())
        .count(db)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}
