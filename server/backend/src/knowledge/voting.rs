//! Votes and accepted answers, and the reputation lines they write. A vote changed or
//! withdrawn takes back its lines before anything new is written, in the same transaction.

use domain::{
    account::CurrentUser,
    knowledge::{
        questions::{VoteDirection, VoteTarget},
        reputation::ReputationReason,
        Privilege,
    },
    notifications::{self, Kind},
    FieldError,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::{
    ledger::{self, About, Cause},
    live_answer, live_question, require, target_of, Knowledge, Target,
};
use crate::{
    db::begin_write,
    entities::{answers, chef_profiles, knowledge_votes, questions},
    notifications::notify_grouped,
    ranks::rank_changed,
    search::outbox::question_changed,
    social::counts::bump,
    throttle::VOTES_PER_ACCOUNT,
    ServiceError,
};

impl Knowledge {
    /// Votes `direction` on a question or an answer; voting the same way again changes
    /// nothing. Returns its score.
    pub async fn vote(
        &self,
        voter: &CurrentUser,
        on: VoteTarget,
        id: i64,
        direction: VoteDirection,
    ) -> Result<i32, ServiceError> {
        let target = target_of(&self.db, on, id).await?;
        if target.author_id == voter.id {
            return Err(FieldError::new(
                "value",
                format!("You cannot vote on your own {}.", on.label()),
            )
            .into());
        }
        if direction == VoteDirection::Down {
            require(&self.db, voter, Privilege::Downvote).await?;
        }
        self.throttle
            .hit(&VOTES_PER_ACCOUNT, &voter.id.to_string())
            .await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let target = target_of(&txn, on, id).await?;
        let earlier = find_vote(&txn, voter.id, on, id).await?;
        if earlier.as_ref().map(|vote| vote.value) == Some(direction.value() as i16) {
            txn.rollback().await?;
            return score_of(&self.db, on, id).await;
        }
        let cause = Cause::Vote {
            target: on.code(),
            target_id: id,
            voter: voter.id,
        };
        if let Some(earlier) = earlier {
            undo_vote(&txn, &earlier, on, now).await?;
        }
        knowledge_votes::ActiveModel {
            voter_id: Set(voter.id),
            target_kind: Set(on.code().to_owned()),
            target_id: Set(id),
            recipient_id: Set(target.author_id),
            value: Set(direction.value() as i16),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        move_score(&txn, on, id, direction.value(), now).await?;
        credit_vote(&txn, &target, voter, direction, &cause, now).await?;
        rerank_answerer(&txn, on, target.author_id, now).await?;
        let told = notify_grouped(
            &txn,
            target.author_id,
            Kind::KnowledgeActivity,
            &format!("knowledge_votes:{}:{id}", on.code()),
            voter.id,
            |others| notifications::knowledge_voted(on.label(), target.question.id, others + 1),
            now,
        )
        .await?;
        txn.commit().await?;
        self.bus.publish_question(target.question.id);
        if told.is_some() {
            self.bus.publish(target.author_id);
        }
        score_of(&self.db, on, id).await
    }

    /// Takes a vote back, with the reputation it moved. Returns the score.
    pub async fn withdraw_vote(
        &self,
        voter: &CurrentUser,
        on: VoteTarget,
        id: i64,
    ) -> Result<i32, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let target = target_of(&txn, on, id).await?;
        if let Some(earlier) = find_vote(&txn, voter.id, on, id).await? {
            undo_vote(&txn, &earlier, on, now).await?;
        }
        txn.commit().await?;
        self.bus.publish_question(target.question.id);
        score_of(&self.db, on, id).await
    }

    /// The asker accepts one answer to their question; accepting another moves the
    /// acceptance (and its reputation) over.
    pub async fn accept(
        &self,
        asker: &CurrentUser,
        question_id: i64,
        answer_id: i64,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let question = live_question(&txn, question_id).await?;
        if question.author_id != asker.id {
            return Err(ServiceError::Forbidden(
                "Only the person who asked can accept an answer.",
            ));
        }
        let (answer, _) = live_answer(&txn, answer_id).await?;
        if answer.question_id != question_id {
            return Err(
                FieldError::new("answer_id", "That answer belongs to another question.").into(),
            );
        }
        if question.accepted_answer_id == Some(answer_id) {
            return Ok(());
        }
        if let Some(previous) = question.accepted_answer_id {
            ledger::take_back(
                &txn,
                &Cause::Accept {
                    answer_id: previous,
                },
                now,
            )
            .await?;
        }
        let mut accepted: questions::ActiveModel = question.clone().into();
        accepted.accepted_answer_id = Set(Some(answer_id));
        accepted.last_activity_at = Set(now);
        accepted.update(&txn).await?;
        // Accepting one's own answer earns nothing.
        let mut told = None;
        if answer.author_id != asker.id {
            let cause = Cause::Accept { answer_id };
            let about = About {
                question_id: Some(question_id),
                answer_id: Some(answer_id),
            };
            ledger::credit(
                &txn,
                answer.author_id,
                ReputationReason::AnswerAccepted,
                &cause,
                about,
                now,
            )
            .await?;
            ledger::credit(
                &txn,
                asker.id,
                ReputationReason::AcceptedAnAnswer,
                &cause,
                about,
                now,
            )
            .await?;
            let content = notifications::answer_accepted(question_id, &question.title);
            if crate::notifications::notify(
                &txn,
                answer.author_id,
                Kind::KnowledgeActivity,
                &content,
                now,
            )
            .await?
            .is_some()
            {
                told = Some(answer.author_id);
            }
        }
        txn.commit().await?;
        self.bus.publish_question(question_id);
        if let Some(person) = told {
            self.bus.publish(person);
        }
        tracing::info!(question_id, answer_id, "answer accepted");
        Ok(())
    }
}

/// The lines a vote writes: what its post's author receives, and on an answer, what a
/// downvote costs its voter.
async fn credit_vote<C: ConnectionTrait>(
    db: &C,
    target: &Target,
    voter: &CurrentUser,
    direction: VoteDirection,
    cause: &Cause,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let about = About {
        question_id: Some(target.question.id),
        answer_id: (target.kind == VoteTarget::Answer).then_some(target.id),
    };
    let received = match direction {
        VoteDirection::Up => ReputationReason::UpvoteReceived,
        VoteDirection::Down => ReputationReason::DownvoteReceived,
    };
    ledger::credit(db, target.author_id, received, cause, about, now).await?;
    if direction == VoteDirection::Down && target.kind == VoteTarget::Answer {
        ledger::credit(
            db,
            voter.id,
            ReputationReason::DownvoteCast,
            cause,
            about,
            now,
        )
        .await?;
    }
    Ok(())
}

/// A chef's upvoted answers count toward their rank's activity: a vote on one re-ranks them
/// through the rank job.
async fn rerank_answerer<C: ConnectionTrait>(
    db: &C,
    on: VoteTarget,
    author_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    if on != VoteTarget::Answer {
        return Ok(());
    }
    if chef_profiles::Entity::find_by_id(author_id)
        .one(db)
        .await?
        .is_some()
    {
        rank_changed(db, author_id, "answer_vote", now).await?;
    }
    Ok(())
}

/// Takes a stored vote back: the reputation lines it wrote, its score, its row.
pub(super) async fn undo_vote<C: ConnectionTrait>(
    db: &C,
    vote: &knowledge_votes::Model,
    on: VoteTarget,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let cause = Cause::Vote {
        target: on.code(),
        target_id: vote.target_id,
        voter: vote.voter_id,
    };
    ledger::take_back(db, &cause, now).await?;
    move_score(db, on, vote.target_id, -i32::from(vote.value), now).await?;
    knowledge_votes::Entity::delete_many()
        .filter(knowledge_votes::Column::VoterId.eq(vote.voter_id))
        .filter(knowledge_votes::Column::TargetKind.eq(on.code()))
        .filter(knowledge_votes::Column::TargetId.eq(vote.target_id))
        .exec(db)
        .await?;
    rerank_answerer(db, on, vote.recipient_id, now).await
}

async fn find_vote<C: ConnectionTrait>(
    db: &C,
    voter_id: i64,
    on: VoteTarget,
    id: i64,
) -> Result<Option<knowledge_votes::Model>, ServiceError> {
    Ok(
        knowledge_votes::Entity::find_by_id((voter_id, on.code().to_owned(), id))
            .one(db)
            .await?,
    )
}

/// Moves the score of what was voted on; a question's reaches its search document (the
/// most voted come first without words to rank by).
async fn move_score<C: ConnectionTrait>(
    db: &C,
    on: VoteTarget,
    id: i64,
    by: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    match on {
        VoteTarget::Question => {
            bump::<questions::Entity, _>(
                db,
                questions::Column::Score,
                questions::Column::Id,
                id,
                by,
            )
            .await?;
            question_changed(db, id, now).await
        }
        VoteTarget::Answer => {
            bump::<answers::Entity, _>(db, answers::Column::Score, answers::Column::Id, id, by)
                .await
        }
    }
}

async fn score_of<C: ConnectionTrait>(
    db: &C,
    on: VoteTarget,
    id: i64,
) -> Result<i32, ServiceError> {
    Ok(match on {
        VoteTarget::Question => live_question(db, id).await?.score,
        VoteTarget::Answer => live_answer(db, id).await?.0.score,
    })
}
