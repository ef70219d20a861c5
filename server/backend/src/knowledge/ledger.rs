//! The reputation ledger in the database: lines are only ever added. A person's reputation
//! is the domain's starting value plus the sum of their lines; each new line's points come
//! from `domain::knowledge::reputation::Standing`, read in the same transaction with the
//! person's row locked, so two votes at once cannot both slip under the daily cap.

use chrono::{DateTime, Utc};
use domain::knowledge::reputation::{
    ReputationEvent, ReputationReason, Standing, STARTING_REPUTATION,
};
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, ExprTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

use crate::{
    entities::{reputation_events, users},
    ServiceError,
};

/// What moved reputation: the same cause on a line and on the line that takes it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    /// `voter` voted on a question or an answer.
    Vote {
        target: &'static str,
        target_id: i64,
        voter: i64,
    },
    /// The asker accepted this answer.
    Accept { answer_id: i64 },
}

impl Cause {
    fn key(&self) -> String {
        match self {
            Cause::Vote {
                target,
                target_id,
                voter,
            } => format!("vote:{target}:{target_id}:by:{voter}"),
            Cause::Accept { answer_id } => format!("accept:{answer_id}"),
        }
    }
}

/// Where the line points, for the person reading their ledger.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct About {
    pub question_id: Option<i64>,
    pub answer_id: Option<i64>,
}

/// Writes a line of `reason` for `user_id`; returns the points it moved.
pub(crate) async fn credit<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    reason: ReputationReason,
    cause: &Cause,
    about: About,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let points = standing(db, user_id, now).await?.points_for(reason);
    insert(db, user_id, reason, false, points, cause, None, about, now).await?;
    Ok(points)
}

/// Takes back every line of `cause` not yet taken back (a vote withdrawn or changed, an
/// acceptance moved, a post deleted).
pub(crate) async fn take_back<C: ConnectionTrait>(
    db: &C,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let lines = reputation_events::Entity::find()
        .filter(reputation_events::Column::Cause.eq(cause.key()))
        .order_by_asc(reputation_events::Column::Id)
        .all(db)
        .await?;
    let taken_back: Vec<i64> = lines.iter().filter_map(|line| line.reverses_id).collect();
    for line in lines
        .iter()
        .filter(|line| !line.reversal && !taken_back.contains(&line.id))
    {
        let reason = ReputationReason::parse(&line.reason)
            .ok_or_else(|| ServiceError::Config(format!("unknown reason {}", line.reason)))?;
        let points = standing(db, line.user_id, now)
            .await?
            .points_to_reverse(line.points);
        let about = About {
            question_id: line.question_id,
            answer_id: line.answer_id,
        };
        insert(
            db,
            line.user_id,
            reason,
            true,
            points,
            cause,
            Some(line.id),
            about,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Takes back every line about a question or an answer that is being deleted.
pub(crate) async fn take_back_all_about<C: ConnectionTrait>(
    db: &C,
    about: About,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut query =
        reputation_events::Entity::find().filter(reputation_events::Column::Reversal.eq(false));
    query = match about {
        About {
            answer_id: Some(answer_id),
            ..
        } => query.filter(reputation_events::Column::AnswerId.eq(answer_id)),
        About {
            question_id: Some(question_id),
            ..
        } => query
            .filter(reputation_events::Column::QuestionId.eq(question_id))
            .filter(reputation_events::Column::AnswerId.is_null()),
        _ => return Ok(()),
    };
    let mut causes: Vec<String> = query
        .all(db)
        .await?
        .into_iter()
        .map(|line| line.cause)
        .collect();
    causes.dedup();
    for key in causes {
        take_back(db, &Cause::from_key(&key)?, now).await?;
    }
    Ok(())
}

impl Cause {
    fn from_key(key: &str) -> Result<Self, ServiceError> {
        let unknown = || ServiceError::Config(format!("unknown reputation cause {key}"));
        let parts: Vec<&str> = key.split(':').collect();
        match parts.as_slice() {
            ["vote", target, id, "by", voter] => Ok(Cause::Vote {
                target: match *target {
                    "question" => "question",
                    "answer" => "answer",
                    _ => return Err(unknown()),
                },
                target_id: id.parse().map_err(|_| unknown())?,
                voter: voter.parse().map_err(|_| unknown())?,
            }),
            ["accept", id] => Ok(Cause::Accept {
                answer_id: id.parse().map_err(|_| unknown())?,
            }),
            _ => Err(unknown()),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    reason: ReputationReason,
    reversal: bool,
    points: i32,
    cause: &Cause,
    reverses_id: Option<i64>,
    about: About,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    reputation_events::Entity::insert(reputation_events::ActiveModel {
        user_id: Set(user_id),
        reason: Set(reason.code().to_owned()),
        reversal: Set(reversal),
        points: Set(points),
        cause: Set(cause.key()),
        reverses_id: Set(reverses_id),
        question_id: Set(about.question_id),
        answer_id: Set(about.answer_id),
        at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The person's total and today's points from votes, with their row locked on PostgreSQL
/// (SQLite's write transaction already excludes every other writer).
async fn standing<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Standing, ServiceError> {
    if db.get_database_backend() == DbBackend::Postgres {
        users::Entity::find_by_id(user_id)
            .lock_exclusive()
            .one(db)
            .await?;
    }
    let total = reputation_of(db, user_id).await?;
    let day_start = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let vote_reasons = ReputationReason::ALL
        .iter()
        .filter(|reason| reason.from_votes())
        .map(|reason| reason.code());
    let from_votes_today = sum_points(
        db,
        reputation_events::Entity::find()
            .filter(reputation_events::Column::UserId.eq(user_id))
            .filter(reputation_events::Column::Reversal.eq(false))
            .filter(reputation_events::Column::At.gte(day_start))
            .filter(reputation_events::Column::Reason.is_in(vote_reasons)),
    )
    .await?;
    Ok(Standing {
        total,
        from_votes_today,
    })
}

/// A person's reputation: the start plus the sum of their lines.
pub async fn reputation_of<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<i64, ServiceError> {
    let sum = sum_points(
        db,
        reputation_events::Entity::find().filter(reputation_events::Column::UserId.eq(user_id)),
    )
    .await?;
    Ok(STARTING_REPUTATION + sum)
}

/// Several people's reputations at once (everyone on a question page).
pub async fn reputations<C: ConnectionTrait>(
    db: &C,
    user_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, i64>, ServiceError> {
    #[derive(FromQueryResult)]
    struct Row {
        user_id: i64,
        total: Option<i64>,
    }
    let ids: Vec<i64> = user_ids.into_iter().collect();
    let mut found: HashMap<i64, i64> = ids.iter().map(|id| (*id, STARTING_REPUTATION)).collect();
    if ids.is_empty() {
        return Ok(found);
    }
    let rows = reputation_events::Entity::find()
        .select_only()
        .column(reputation_events::Column::UserId)
        .column_as(Expr::col(reputation_events::Column::Points).sum(), "total")
        .filter(reputation_events::Column::UserId.is_in(ids))
        .group_by(reputation_events::Column::UserId)
        .into_model::<Row>()
        .all(db)
        .await?;
    for row in rows {
        found.insert(row.user_id, STARTING_REPUTATION + row.total.unwrap_or(0));
    }
    Ok(found)
}

/// A person's ledger, newest line first.
pub async fn ledger_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    limit: u64,
) -> Result<Vec<ReputationEvent>, ServiceError> {
    Ok(reputation_events::Entity::find()
        .filter(reputation_events::Column::UserId.eq(user_id))
        .order_by_desc(reputation_events::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|line| {
            Some(ReputationEvent {
                reason: ReputationReason::parse(&line.reason)?,
                reversal: line.reversal,
                points: line.points,
                at: line.at,
            })
        })
        .collect())
}

async fn sum_points<C: ConnectionTrait>(
    db: &C,
    query: sea_orm::Select<reputation_events::Entity>,
) -> Result<i64, ServiceError> {
    let sum: Option<Option<i64>> = query
        .select_only()
        .column_as(Expr::col(reputation_events::Column::Points).sum(), "total")
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.flatten().unwrap_or(0))
}
