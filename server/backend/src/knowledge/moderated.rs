//! What moderation does to questions, answers and their comments, for the shared reports
//! queue (`social::moderation`): who wrote a reported thing, hiding or removing it, and
//! undoing that when an appeal is accepted. Removal is final and takes back the reputation
//! the thing earned, as deleting it would; hiding keeps the ledger, since an appeal may bring
//! it back. Each change re-indexes the question in the same transaction.

use chrono::{DateTime, Utc};
use domain::{social::moderation::ReportTarget, FieldError};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::{HashMap, HashSet};

use super::{
    ledger::{self, About},
    live_answer, live_question,
};
use crate::{
    entities::{answers, knowledge_comments, questions},
    search::outbox::question_changed,
    ServiceError,
};

/// Whether moderation of `target` belongs here.
pub(crate) fn is_knowledge(target: ReportTarget) -> bool {
    matches!(
        target,
        ReportTarget::Question | ReportTarget::Answer | ReportTarget::KnowledgeComment
    )
}

/// The author of a live question, answer or comment (what a reporter can see).
pub(crate) async fn live_author(
    db: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
) -> Result<i64, ServiceError> {
    match target {
        ReportTarget::Question => Ok(live_question(db, id).await?.author_id),
        ReportTarget::Answer => Ok(live_answer(db, id).await?.0.author_id),
        _ => {
            let comment = knowledge_comments::Entity::find_by_id(id)
                .filter(knowledge_comments::Column::DeletedAt.is_null())
                .filter(knowledge_comments::Column::HiddenAt.is_null())
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound("Comment"))?;
            live_question(db, comment.question_id)
                .await
                .map_err(|_| ServiceError::NotFound("Comment"))?;
            Ok(comment.author_id)
        }
    }
}

/// The author, whatever state the thing is in now.
pub(crate) async fn author(
    db: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
) -> Result<i64, ServiceError> {
    Ok(match target {
        ReportTarget::Question => question_row(db, id).await?.author_id,
        ReportTarget::Answer => answer_row(db, id).await?.author_id,
        _ => comment_row(db, id).await?.author_id,
    })
}

fn already(message: &str) -> ServiceError {
    ServiceError::Conflict(FieldError::new("action", message))
}

/// Hides (`remove` false) or removes it. Doing it to something already gone is a conflict.
pub(crate) async fn take_down(
    txn: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
    remove: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match target {
        ReportTarget::Question => {
            let question = question_row(txn, id).await?;
            if question.deleted_at.is_some() || (!remove && question.hidden_at.is_some()) {
                return Err(already("This question is already taken down."));
            }
            let mut changed: questions::ActiveModel = question.into();
            if remove {
                changed.deleted_at = Set(Some(now));
            } else {
                changed.hidden_at = Set(Some(now));
            }
            changed.update(txn).await?;
            if remove {
                let about = About {
                    question_id: Some(id),
                    answer_id: None,
                };
                ledger::take_back_all_about(txn, about, now).await?;
            }
            question_changed(txn, id, now).await?;
        }
        ReportTarget::Answer => {
            let answer = answer_row(txn, id).await?;
            if answer.deleted_at.is_some() || (!remove && answer.hidden_at.is_some()) {
                return Err(already("This answer is already taken down."));
            }
            let counted = answer.hidden_at.is_none();
            let question_id = answer.question_id;
            let mut changed: answers::ActiveModel = answer.into();
            if remove {
                changed.deleted_at = Set(Some(now));
            } else {
                changed.hidden_at = Set(Some(now));
            }
            changed.update(txn).await?;
            let question = question_row(txn, question_id).await?;
            let mut touched: questions::ActiveModel = question.clone().into();
            if counted {
                touched.answer_count = Set((question.answer_count - 1).max(0));
            }
            if question.accepted_answer_id == Some(id) {
                touched.accepted_answer_id = Set(None);
            }
            touched.update(txn).await?;
            if remove {
                let about = About {
                    question_id: Some(question_id),
                    answer_id: Some(id),
                };
                ledger::take_back_all_about(txn, about, now).await?;
            }
            question_changed(txn, question_id, now).await?;
        }
        _ => {
            let comment = comment_row(txn, id).await?;
            if comment.deleted_at.is_some() || (!remove && comment.hidden_at.is_some()) {
                return Err(already("This comment is already taken down."));
            }
            let mut changed: knowledge_comments::ActiveModel = comment.into();
            if remove {
                changed.deleted_at = Set(Some(now));
            } else {
                changed.hidden_at = Set(Some(now));
            }
            changed.update(txn).await?;
        }
    }
    Ok(())
}

/// Brings back what was hidden or removed, when its appeal is accepted. An answer comes back
/// counted but not accepted: the asker may accept it again.
pub(crate) async fn restore(
    txn: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match target {
        ReportTarget::Question => {
            let mut changed: questions::ActiveModel = question_row(txn, id).await?.into();
            changed.hidden_at = Set(None);
            changed.deleted_at = Set(None);
            changed.update(txn).await?;
            question_changed(txn, id, now).await?;
        }
        ReportTarget::Answer => {
            let answer = answer_row(txn, id).await?;
            let was_counted = answer.hidden_at.is_none() && answer.deleted_at.is_none();
            let question_id = answer.question_id;
            let mut changed: answers::ActiveModel = answer.into();
            changed.hidden_at = Set(None);
            changed.deleted_at = Set(None);
            changed.update(txn).await?;
            if !was_counted {
                let question = question_row(txn, question_id).await?;
                let count = question.answer_count + 1;
                let mut touched: questions::ActiveModel = question.into();
                touched.answer_count = Set(count);
                touched.update(txn).await?;
            }
            question_changed(txn, question_id, now).await?;
        }
        _ => {
            let mut changed: knowledge_comments::ActiveModel = comment_row(txn, id).await?.into();
            changed.hidden_at = Set(None);
            changed.deleted_at = Set(None);
            changed.update(txn).await?;
        }
    }
    Ok(())
}

/// The words of each reported question, answer or comment (by id), and where to see them.
pub(crate) async fn excerpts(
    db: &impl ConnectionTrait,
    [questions_reported, answers_reported, comments_reported]: [HashSet<i64>; 3],
    short: impl Fn(&str) -> String,
) -> Result<HashMap<(ReportTarget, i64), (String, String)>, ServiceError> {
    let mut found = HashMap::new();
    for question in questions::Entity::find()
        .filter(questions::Column::Id.is_in(questions_reported))
        .all(db)
        .await?
    {
        found.insert(
            (ReportTarget::Question, question.id),
            (
                short(&format!("{} — {}", question.title, question.body)),
                format!("/knowledge/q/{}", question.id),
            ),
        );
    }
    for answer in answers::Entity::find()
        .filter(answers::Column::Id.is_in(answers_reported))
        .all(db)
        .await?
    {
        found.insert(
            (ReportTarget::Answer, answer.id),
            (
                short(&answer.body),
                format!("/knowledge/q/{}#answer-{}", answer.question_id, answer.id),
            ),
        );
    }
    for comment in knowledge_comments::Entity::find()
        .filter(knowledge_comments::Column::Id.is_in(comments_reported))
        .all(db)
        .await?
    {
        found.insert(
            (ReportTarget::KnowledgeComment, comment.id),
            (
                short(&comment.text),
                format!("/knowledge/q/{}", comment.question_id),
            ),
        );
    }
    Ok(found)
}

async fn question_row(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<questions::Model, ServiceError> {
    questions::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Question"))
}

async fn answer_row(db: &impl ConnectionTrait, id: i64) -> Result<answers::Model, ServiceError> {
    answers::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Answer"))
}

async fn comment_row(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<knowledge_comments::Model, ServiceError> {
    knowledge_comments::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Comment"))
}
