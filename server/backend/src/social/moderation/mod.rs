//! Reports and what moderators do about them. People report a post, comment or person — or
//! a knowledge question, answer or comment — with a reason; the admin console's queue groups the open reports by what they are about; a
//! decision (hide, remove, warn, suspend or dismiss) closes them, is told to the author with
//! its reason, and can be appealed once. Everything a decision changes is written in one
//! transaction with the decision itself.

use domain::{
    account::CurrentUser,
    notifications::Kind,
    social::moderation::{
        appeal_text, check_appeal, decision_reason, Appeal, AppealAnswer, AppealStatus, Decision,
        DecisionForm, ModerationAction, QueueItem, ReasonCount, Report, ReportForm, ReportReason,
        ReportTarget,
    },
    FieldError,
};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::{HashMap, HashSet};

mod actions;

use actions::{apply, subject_on, undo};

use super::{
    views::people,
    visibility::{blocked_between, ensure_visible, live_post},
};
use crate::{
    admin::ensure_admin,
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{comments, moderation_decisions, posts, reports, users},
    knowledge,
    notifications::notify,
    throttle::{Throttle, REPORTS_PER_ACCOUNT},
    ServiceError,
};

/// The oldest open reports the queue reads at once; a moderator works from the oldest.
const QUEUE_READ: u64 = 1_000;
const EXCERPT_CHARS: usize = 280;

#[derive(Clone)]
pub struct Moderation {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
    throttle: Throttle,
}

impl Moderation {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    /// Files a report. Only what the reporter can see can be reported, once per person.
    pub async fn report(
        &self,
        reporter: &CurrentUser,
        form: &ReportForm,
    ) -> Result<Report, ServiceError> {
        let details = form.checked_details()?;
        self.throttle
            .hit(&REPORTS_PER_ACCOUNT, &reporter.id.to_string())
            .await?;
        let subject_id = self
            .visible_subject(reporter, form.target, form.target_id)
            .await?;
        if subject_id == reporter.id {
            return Err(FieldError::new(
                "target_id",
                "This is yours: delete it instead of reporting it.",
            )
            .into());
        }
        let saved = reports::ActiveModel {
            reporter_id: Set(reporter.id),
            target_kind: Set(form.target.code().to_owned()),
            target_id: Set(form.target_id),
            subject_id: Set(subject_id),
            reason: Set(form.reason.code().to_owned()),
            details: Set(details),
            created_at: Set(self.clock.now()),
            decision_id: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|error| match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::Conflict(FieldError::new(
                "target_id",
                "You have already reported this; a moderator will look at it.",
            )),
            _ => error.into(),
        })?;
        tracing::info!(
            report_id = saved.id,
            target = form.target.code(),
            "report filed"
        );
        Ok(Report {
            id: saved.id,
            target: form.target,
            target_id: form.target_id,
            reason: form.reason,
            created_at: saved.created_at,
        })
    }

    /// Whose the reported thing is, if the reporter can see it.
    async fn visible_subject(
        &self,
        viewer: &CurrentUser,
        target: ReportTarget,
        id: i64,
    ) -> Result<i64, ServiceError> {
        match target {
            ReportTarget::Post => {
                let post = live_post(&self.db, id).await?;
                ensure_visible(&self.db, Some(viewer), post.author_id).await?;
                Ok(post.author_id)
            }
            ReportTarget::Comment => {
                let comment = comments::Entity::find_by_id(id)
                    .filter(comments::Column::DeletedAt.is_null())
                    .filter(comments::Column::HiddenAt.is_null())
                    .one(&self.db)
                    .await?
                    .ok_or(ServiceError::NotFound("Comment"))?;
                let post = live_post(&self.db, comment.post_id)
                    .await
                    .map_err(|_| ServiceError::NotFound("Comment"))?;
                for author in [post.author_id, comment.author_id] {
                    if blocked_between(&self.db, viewer.id, author).await? {
                        return Err(ServiceError::NotFound("Comment"));
                    }
                }
                Ok(comment.author_id)
            }
            ReportTarget::Person => {
                let person = users::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .ok_or(ServiceError::NotFound("Person"))?;
                if blocked_between(&self.db, viewer.id, person.id).await? {
                    return Err(ServiceError::NotFound("Person"));
                }
                Ok(person.id)
            }
            ReportTarget::Question | ReportTarget::Answer | ReportTarget::KnowledgeComment => {
                knowledge::moderated::live_author(&self.db, target, id).await
            }
        }
    }

    /// The open reports, grouped by what they are about, the longest waiting first.
    pub async fn queue(&self, admin: &CurrentUser) -> Result<Vec<QueueItem>, ServiceError> {
        ensure_admin(admin)?;
        let open = reports::Entity::find()
            .filter(reports::Column::DecisionId.is_null())
            .order_by_asc(reports::Column::CreatedAt)
            .order_by_asc(reports::Column::Id)
            .limit(QUEUE_READ)
            .all(&self.db)
            .await?;
        let mut order = Vec::new();
        let mut grouped: HashMap<(ReportTarget, i64), Vec<reports::Model>> = HashMap::new();
        for report in open {
            let Some(target) = ReportTarget::parse(&report.target_kind) else {
                continue;
            };
            let key = (target, report.target_id);
            if !grouped.contains_key(&key) {
                order.push(key);
            }
            grouped.entry(key).or_default().push(report);
        }
        let targets: Vec<_> = order.clone();
        let excerpts = excerpts(&self.db, &targets).await?;
        let subjects = people(
            &self.db,
            grouped.values().flatten().map(|r| r.subject_id).collect(),
        )
        .await?;
        Ok(order
            .into_iter()
            .filter_map(|key| {
                let group = grouped.remove(&key)?;
                let first = group.first()?;
                let subject = subjects.get(&first.subject_id)?.clone();
                let (excerpt, link) = excerpts
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| (String::new(), format!("/u/{}", subject.handle)));
                Some(QueueItem {
                    target: key.0,
                    target_id: key.1,
                    excerpt,
                    link,
                    report_count: group.len() as u32,
                    reasons: reason_counts(&group),
                    details: group
                        .iter()
                        .rev()
                        .map(|r| r.details.clone())
                        .filter(|d| !d.is_empty())
                        .collect(),
                    first_reported_at: first.created_at,
                    subject,
                })
            })
            .collect())
    }

    /// Decides about a post, comment or person: applies the action, closes its open reports
    /// and tells the author why.
    pub async fn decide(
        &self,
        admin: &CurrentUser,
        form: &DecisionForm,
    ) -> Result<Decision, ServiceError> {
        ensure_admin(admin)?;
        let (target, target_id) = (form.target, form.target_id);
        if !form.action.applies_to(target) {
            return Err(FieldError::new(
                "action",
                format!(
                    "A {} can be warned, suspended or dismissed, not {}.",
                    target.label().to_lowercase(),
                    form.action.label().to_lowercase()
                ),
            )
            .into());
        }
        let reason = decision_reason(&form.reason)?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let subject_id = subject_on(&txn, target, target_id).await?;
        if subject_id == admin.id && form.action == ModerationAction::Suspend {
            return Err(ServiceError::Forbidden("Admins do not suspend themselves."));
        }
        apply(&txn, target, target_id, form.action, &reason, now).await?;
        let decision = moderation_decisions::ActiveModel {
            target_kind: Set(target.code().to_owned()),
            target_id: Set(target_id),
            subject_id: Set(subject_id),
            moderator_id: Set(admin.id),
            action: Set(form.action.code().to_owned()),
            reason: Set(reason.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        reports::Entity::update_many()
            .col_expr(reports::Column::DecisionId, Expr::value(decision.id))
            .filter(reports::Column::TargetKind.eq(target.code()))
            .filter(reports::Column::TargetId.eq(target_id))
            .filter(reports::Column::DecisionId.is_null())
            .exec(&txn)
            .await?;
        let told = form.action.told_to_author()
            && notify(
                &txn,
                subject_id,
                Kind::Moderation,
                &domain::notifications::moderation(
                    &form.action.headline(target),
                    &reason,
                    decision.id,
                ),
                now,
            )
            .await?
            .is_some();
        txn.commit().await?;
        if told || form.action == ModerationAction::Suspend {
            self.bus.publish(subject_id);
        }
        tracing::info!(
            decision_id = decision.id,
            action = form.action.code(),
            target = target.code(),
            target_id,
            admin = admin.id,
            "moderation decision"
        );
        self.shape_one(decision).await
    }

    /// One decision, for the person it is about or an admin; dismissals stay among admins.
    pub async fn decision(
        &self,
        viewer: &CurrentUser,
        decision_id: i64,
    ) -> Result<Decision, ServiceError> {
        let row = self.visible_decision(viewer, decision_id).await?;
        self.shape_one(row).await
    }

    /// The decisions about what `viewer` wrote, newest first.
    pub async fn mine(&self, viewer: &CurrentUser) -> Result<Vec<Decision>, ServiceError> {
        let rows = moderation_decisions::Entity::find()
            .filter(moderation_decisions::Column::SubjectId.eq(viewer.id))
            .filter(moderation_decisions::Column::Action.ne(ModerationAction::Dismiss.code()))
            .order_by_desc(moderation_decisions::Column::CreatedAt)
            .limit(200)
            .all(&self.db)
            .await?;
        self.shape(rows).await
    }

    /// The author asks for a decision to be looked at again, once.
    pub async fn appeal(
        &self,
        author: &CurrentUser,
        decision_id: i64,
        text: &str,
    ) -> Result<Decision, ServiceError> {
        let text = appeal_text(text)?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = moderation_decisions::Entity::find_by_id(decision_id)
            .filter(moderation_decisions::Column::SubjectId.eq(author.id))
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("Decision"))?;
        let action = stored_action(&row)?;
        check_appeal(action, row.created_at, row.appealed_at.is_some(), now)?;
        let mut appealed: moderation_decisions::ActiveModel = row.into();
        appealed.appeal_text = Set(Some(text));
        appealed.appealed_at = Set(Some(now));
        appealed.appeal_status = Set(Some(AppealStatus::Pending.code().to_owned()));
        let row = appealed.update(&txn).await?;
        txn.commit().await?;
        tracing::info!(decision_id, "decision appealed");
        self.shape_one(row).await
    }

    /// Appeals waiting for a moderator, the oldest first.
    pub async fn appeals(&self, admin: &CurrentUser) -> Result<Vec<Decision>, ServiceError> {
        ensure_admin(admin)?;
        let rows = moderation_decisions::Entity::find()
            .filter(moderation_decisions::Column::AppealStatus.eq(AppealStatus::Pending.code()))
            .order_by_asc(moderation_decisions::Column::AppealedAt)
            .limit(200)
            .all(&self.db)
            .await?;
        self.shape(rows).await
    }

    /// Answers an appeal: the decision stands, or what it did is undone. The author is told.
    pub async fn answer_appeal(
        &self,
        admin: &CurrentUser,
        decision_id: i64,
        answer: &AppealAnswer,
    ) -> Result<Decision, ServiceError> {
        ensure_admin(admin)?;
        let response = decision_reason(&answer.response)
            .map_err(|error| FieldError::new("response", error.message))?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = moderation_decisions::Entity::find_by_id(decision_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("Decision"))?;
        if row.appeal_status.as_deref() != Some(AppealStatus::Pending.code()) {
            return Err(ServiceError::Conflict(FieldError::new(
                "decision",
                "There is no open appeal on this decision.",
            )));
        }
        let target = stored_target(&row)?;
        if answer.reverse {
            undo(&txn, target, row.target_id, stored_action(&row)?, now).await?;
        }
        let status = if answer.reverse {
            AppealStatus::Reversed
        } else {
            AppealStatus::Upheld
        };
        let subject_id = row.subject_id;
        let mut answered: moderation_decisions::ActiveModel = row.into();
        answered.appeal_status = Set(Some(status.code().to_owned()));
        answered.appeal_response = Set(Some(response.clone()));
        answered.appeal_decided_at = Set(Some(now));
        answered.appeal_decided_by = Set(Some(admin.id));
        let row = answered.update(&txn).await?;
        let headline = if answer.reverse {
            "Your appeal was accepted and the decision undone"
        } else {
            "Your appeal was read; the decision stands"
        };
        let content = domain::notifications::moderation(headline, &response, decision_id);
        let told = notify(&txn, subject_id, Kind::Moderation, &content, now)
            .await?
            .is_some();
        txn.commit().await?;
        if told {
            self.bus.publish(subject_id);
        }
        tracing::info!(
            decision_id,
            reversed = answer.reverse,
            admin = admin.id,
            "appeal answered"
        );
        self.shape_one(row).await
    }

    async fn visible_decision(
        &self,
        viewer: &CurrentUser,
        decision_id: i64,
    ) -> Result<moderation_decisions::Model, ServiceError> {
        let row = moderation_decisions::Entity::find_by_id(decision_id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Decision"))?;
        let is_admin = ensure_admin(viewer).is_ok();
        let theirs = row.subject_id == viewer.id && row.action != ModerationAction::Dismiss.code();
        if is_admin || theirs {
            Ok(row)
        } else {
            Err(ServiceError::NotFound("Decision"))
        }
    }

    async fn shape_one(&self, row: moderation_decisions::Model) -> Result<Decision, ServiceError> {
        let mut shaped = self.shape(vec![row]).await?;
        shaped.pop().ok_or(ServiceError::NotFound("Decision"))
    }

    async fn shape(
        &self,
        rows: Vec<moderation_decisions::Model>,
    ) -> Result<Vec<Decision>, ServiceError> {
        let now = self.clock.now();
        let targets: Vec<(ReportTarget, i64)> = rows
            .iter()
            .filter_map(|row| Some((stored_target(row).ok()?, row.target_id)))
            .collect();
        let excerpts = excerpts(&self.db, &targets).await?;
        let subjects = people(&self.db, rows.iter().map(|r| r.subject_id).collect()).await?;
        rows.into_iter()
            .map(|row| {
                let target = stored_target(&row)?;
                let action = stored_action(&row)?;
                let subject = subjects
                    .get(&row.subject_id)
                    .cloned()
                    .ok_or(ServiceError::NotFound("Person"))?;
                let appeal = appeal_of(&row);
                let can_appeal =
                    check_appeal(action, row.created_at, appeal.is_some(), now).is_ok();
                Ok(Decision {
                    id: row.id,
                    action,
                    target,
                    target_id: row.target_id,
                    headline: action.headline(target),
                    reason: row.reason,
                    excerpt: excerpts
                        .get(&(target, row.target_id))
                        .map(|(excerpt, _)| excerpt.clone())
                        .unwrap_or_default(),
                    created_at: row.created_at,
                    appeal,
                    can_appeal,
                    subject,
                })
            })
            .collect()
    }
}

fn stored_target(row: &moderation_decisions::Model) -> Result<ReportTarget, ServiceError> {
    ReportTarget::parse(&row.target_kind).ok_or(ServiceError::NotFound("Decision"))
}

fn stored_action(row: &moderation_decisions::Model) -> Result<ModerationAction, ServiceError> {
    ModerationAction::parse(&row.action).ok_or(ServiceError::NotFound("Decision"))
}

fn appeal_of(row: &moderation_decisions::Model) -> Option<Appeal> {
    Some(Appeal {
        text: row.appeal_text.clone()?,
        created_at: row.appealed_at?,
        status: row
            .appeal_status
            .as_deref()
            .and_then(AppealStatus::parse)
            .unwrap_or(AppealStatus::Pending),
        response: row.appeal_response.clone(),
        decided_at: row.appeal_decided_at,
    })
}

fn reason_counts(group: &[reports::Model]) -> Vec<ReasonCount> {
    let mut counts: HashMap<ReportReason, u32> = HashMap::new();
    for report in group {
        if let Some(reason) = ReportReason::parse(&report.reason) {
            *counts.entry(reason).or_default() += 1;
        }
    }
    let mut counts: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    counts
}

/// The words of each post, comment or person (their bio), and where to see it.
async fn excerpts(
    db: &DatabaseConnection,
    targets: &[(ReportTarget, i64)],
) -> Result<HashMap<(ReportTarget, i64), (String, String)>, ServiceError> {
    let ids = |kind: ReportTarget| -> HashSet<i64> {
        targets
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect()
    };
    let short = |text: &str| text.chars().take(EXCERPT_CHARS).collect::<String>();
    let mut found = HashMap::new();
    for post in posts::Entity::find()
        .filter(posts::Column::Id.is_in(ids(ReportTarget::Post)))
        .all(db)
        .await?
    {
        found.insert(
            (ReportTarget::Post, post.id),
            (short(&post.text), format!("/p/{}", post.id)),
        );
    }
    for comment in comments::Entity::find()
        .filter(comments::Column::Id.is_in(ids(ReportTarget::Comment)))
        .all(db)
        .await?
    {
        found.insert(
            (ReportTarget::Comment, comment.id),
            (
                short(&comment.text),
                format!("/p/{}#comment-{}", comment.post_id, comment.id),
            ),
        );
    }
    let knowledge_ids = [
        ReportTarget::Question,
        ReportTarget::Answer,
        ReportTarget::KnowledgeComment,
    ]
    .map(ids);
    found.extend(knowledge::moderated::excerpts(db, knowledge_ids, short).await?);
    for person in users::Entity::find()
        .filter(users::Column::Id.is_in(ids(ReportTarget::Person)))
        .all(db)
        .await?
    {
        let handle = person.handle.clone().unwrap_or_default();
        found.insert(
            (ReportTarget::Person, person.id),
            (short(&person.bio), format!("/u/{handle}")),
        );
    }
    Ok(found)
}
