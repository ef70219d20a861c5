//! What a moderation decision does to its target, and undoes when an appeal is accepted. A
//! post that is hidden, removed or restored is re-indexed in the same transaction, so search
//! never shows what feeds no longer do.

use chrono::{DateTime, Utc};
use domain::{
    social::moderation::{ModerationAction, ReportTarget},
    FieldError,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::{
    admin::suspend_on,
    entities::{comments, posts, users},
    knowledge::moderated,
    search::outbox::post_changed,
    social::counts::bump,
    ServiceError,
};

/// Whose the post, comment or account is, whatever state it is in now.
pub(super) async fn subject_on(
    txn: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
) -> Result<i64, ServiceError> {
    Ok(match target {
        ReportTarget::Post => {
            posts::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Post"))?
                .author_id
        }
        ReportTarget::Comment => {
            comments::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Comment"))?
                .author_id
        }
        ReportTarget::Person => {
            users::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Person"))?
                .id
        }
        ReportTarget::Question | ReportTarget::Answer | ReportTarget::KnowledgeComment => {
            moderated::author(txn, target, id).await?
        }
    })
}

fn already(message: &str) -> ServiceError {
    ServiceError::Conflict(FieldError::new("action", message))
}

/// What a decision does to its target. Hiding or removing something already gone is a
/// conflict, so two moderators acting at once do not both count.
pub(super) async fn apply(
    txn: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
    action: ModerationAction,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match (target, action) {
        (_, ModerationAction::Warn | ModerationAction::Dismiss) => Ok(()),
        (_, ModerationAction::Suspend) => {
            let subject = subject_on(txn, target, id).await?;
            let account = users::Entity::find_by_id(subject)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Person"))?;
            if account.suspended_at.is_some() {
                return Err(already("This account is already suspended."));
            }
            suspend_on(txn, subject, reason.to_owned(), now).await?;
            Ok(())
        }
        (ReportTarget::Post, ModerationAction::Hide | ModerationAction::Remove) => {
            let post = posts::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Post"))?;
            if post.deleted_at.is_some() {
                return Err(already("This post is already deleted."));
            }
            let mut changed: posts::ActiveModel = post.clone().into();
            if action == ModerationAction::Hide {
                if post.hidden_at.is_some() {
                    return Err(already("This post is already hidden."));
                }
                changed.hidden_at = Set(Some(now));
                changed.hidden_reason = Set(Some(reason.to_owned()));
            } else {
                changed.deleted_at = Set(Some(now));
            }
            changed.update(txn).await?;
            post_changed(txn, id, now).await?;
            Ok(())
        }
        (ReportTarget::Comment, ModerationAction::Hide | ModerationAction::Remove) => {
            let comment = comments::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Comment"))?;
            if comment.deleted_at.is_some() {
                return Err(already("This comment is already deleted."));
            }
            let counted = comment.hidden_at.is_none();
            let post_id = comment.post_id;
            let mut changed: comments::ActiveModel = comment.clone().into();
            if action == ModerationAction::Hide {
                if !counted {
                    return Err(already("This comment is already hidden."));
                }
                changed.hidden_at = Set(Some(now));
            } else {
                changed.deleted_at = Set(Some(now));
            }
            changed.update(txn).await?;
            if counted {
                comment_count(txn, post_id, -1).await?;
            }
            Ok(())
        }
        (target, ModerationAction::Hide | ModerationAction::Remove)
            if moderated::is_knowledge(target) =>
        {
            let remove = action == ModerationAction::Remove;
            moderated::take_down(txn, target, id, remove, now).await
        }
        (_, ModerationAction::Hide | ModerationAction::Remove) => {
            Err(FieldError::new("action", "A person can be warned, suspended or dismissed.").into())
        }
    }
}

/// Undoes what a decision did, when its appeal is accepted.
pub(super) async fn undo(
    txn: &impl ConnectionTrait,
    target: ReportTarget,
    id: i64,
    action: ModerationAction,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match (target, action) {
        (ReportTarget::Post, ModerationAction::Hide | ModerationAction::Remove) => {
            let post = posts::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Post"))?;
            let mut changed: posts::ActiveModel = post.into();
            if action == ModerationAction::Hide {
                changed.hidden_at = Set(None);
                changed.hidden_reason = Set(None);
            } else {
                changed.deleted_at = Set(None);
            }
            changed.update(txn).await?;
            post_changed(txn, id, now).await?;
        }
        (ReportTarget::Comment, ModerationAction::Hide | ModerationAction::Remove) => {
            let comment = comments::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound("Comment"))?;
            let was_counted = comment.hidden_at.is_none() && comment.deleted_at.is_none();
            let post_id = comment.post_id;
            let mut changed: comments::ActiveModel = comment.clone().into();
            if action == ModerationAction::Hide {
                changed.hidden_at = Set(None);
            } else {
                changed.deleted_at = Set(None);
            }
            let comment = changed.update(txn).await?;
            let counted = comment.hidden_at.is_none() && comment.deleted_at.is_none();
            if counted && !was_counted {
                comment_count(txn, post_id, 1).await?;
            }
        }
        (target, ModerationAction::Hide | ModerationAction::Remove)
            if moderated::is_knowledge(target) =>
        {
            moderated::restore(txn, target, id, now).await?;
        }
        // A warning stays said; suspensions are lifted by reinstating the account.
        _ => {}
    }
    Ok(())
}

async fn comment_count(
    txn: &impl ConnectionTrait,
    post_id: i64,
    by: i32,
) -> Result<(), ServiceError> {
    bump::<posts::Entity, _>(
        txn,
        posts::Column::CommentCount,
        posts::Column::Id,
        post_id,
        by,
    )
    .await
}
