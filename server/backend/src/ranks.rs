//! Chef ranks, computed by the domain's published function ([`domain::rank`]) from what the
//! database knows, stored with their breakdown, and kept as history. A rank is recomputed
//! by a job after every event that changes one of its inputs (a profile saved, a review,
//! a booking answered, completed or cancelled) and for every chef nightly, since activity
//! fades with time alone.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{
    booking::{BookingState, Party},
    rank::{rank, Rank, RankInputs},
};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use crate::{
    clock::Clock,
    deps::Deps,
    entities::{
        answers, booking_steps, bookings, chef_profiles, chef_rank_history, chef_ranks, disputes,
        event_requests, jobs, posts, StoredRank,
    },
    jobs::{enqueue, Job, NewJob},
    reviews::visible_chef_reviews,
    search::outbox::chef_changed,
    worker::JobHandler,
    ServiceError,
};

/// Job kind: recompute one chef's rank.
pub const RECOMPUTE_RANK: &str = "rank.recompute";
/// Job kind: recompute every chef's rank (the nightly schedule).
pub const RECOMPUTE_ALL_RANKS: &str = "rank.recompute_all";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RankChanged {
    chef_id: i64,
    cause: String,
}

/// Call in the transaction that changed one of the chef's rank inputs.
pub async fn rank_changed(
    db: &impl ConnectionTrait,
    chef_id: i64,
    cause: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::to_value(RankChanged {
        chef_id,
        cause: cause.to_owned(),
    })
    .expect("json");
    enqueue(db, NewJob::now(RECOMPUTE_RANK, payload, now), now).await?;
    Ok(())
}

/// Folds the queued recomputations into one per chef: a burst of changes (a seed, a storm of
/// votes on one chef's answers) would otherwise recompute — and re-index — the same chef once
/// per change. A recomputation reads everything afresh, so one per chef loses nothing.
/// Returns how many queued jobs were dropped.
pub async fn coalesce_queued(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let txn = crate::db::begin_write(db).await?;
    let queued = jobs::Entity::find()
        .filter(jobs::Column::Kind.eq(RECOMPUTE_RANK))
        .filter(jobs::Column::State.eq(crate::jobs::State::Queued.code()))
        .all(&txn)
        .await?;
    let chefs: std::collections::BTreeSet<i64> = queued
        .iter()
        .filter_map(|job| serde_json::from_str::<RankChanged>(&job.payload).ok())
        .map(|changed| changed.chef_id)
        .collect();
    let dropped = jobs::Entity::delete_many()
        .filter(jobs::Column::Id.is_in(queued.iter().map(|job| job.id)))
        .filter(jobs::Column::State.eq(crate::jobs::State::Queued.code()))
        .exec(&txn)
        .await?
        .rows_affected;
    for chef_id in &chefs {
        rank_changed(&txn, *chef_id, "coalesced", now).await?;
    }
    txn.commit().await?;
    Ok(dropped.saturating_sub(chefs.len() as u64))
}

#[derive(Clone)]
pub struct Ranks {
    db: DatabaseConnection,
    clock: Clock,
}

impl Ranks {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
        }
    }

    /// The chef's stored rank; a chef not ranked yet is computed on the spot (not stored).
    pub async fn of(&self, chef_id: i64) -> Result<Rank, ServiceError> {
        if let Some(stored) = chef_ranks::Entity::find_by_id(chef_id)
            .one(&self.db)
            .await?
        {
            return Ok(stored.breakdown.0);
        }
        Ok(rank(
            &inputs_for(&self.db, chef_id, self.clock.now()).await?,
        ))
    }

    /// Every rank the chef has had, oldest first: (when, score).
    pub async fn history(&self, chef_id: i64) -> Result<Vec<(DateTime<Utc>, f64)>, ServiceError> {
        Ok(chef_rank_history::Entity::find()
            .filter(chef_rank_history::Column::ChefId.eq(chef_id))
            .order_by_asc(chef_rank_history::Column::ComputedAt)
            .order_by_asc(chef_rank_history::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| (row.computed_at, row.score))
            .collect())
    }
}

/// The rank's inputs for `chef_id` as the database has them at `now`.
pub async fn inputs_for(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<RankInputs, ServiceError> {
    let profile = chef_profiles::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Chef"))?;
    let chef_bookings = bookings::Entity::find()
        .filter(bookings::Column::ChefId.eq(chef_id))
        .all(db)
        .await?;
    let booking_ids: Vec<i64> = chef_bookings.iter().map(|b| b.id).collect();
    // A dispute whose ruling (the one in force) marks the chef is lost, and its booking
    // was not a completed one.
    let lost: HashSet<i64> = disputes::Entity::find()
        .filter(disputes::Column::BookingId.is_in(booking_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter(|dispute| {
            dispute
                .ruling
                .as_ref()
                .is_some_and(|ruling| ruling.0.penalised == Some(Party::Chef))
        })
        .map(|dispute| dispute.booking_id)
        .collect();
    let state = |b: &bookings::Model| BookingState::parse(&b.state);
    let done: Vec<&bookings::Model> = chef_bookings
        .iter()
        .filter(|b| {
            matches!(
                state(b),
                Some(BookingState::Completed | BookingState::Released)
            ) && !lost.contains(&b.id)
        })
        .collect();
    let steps = booking_steps::Entity::find()
        .filter(booking_steps::Column::BookingId.is_in(booking_ids.clone()))
        .order_by_asc(booking_steps::Column::At)
        .order_by_asc(booking_steps::Column::Id)
        .all(db)
        .await?;
    let chef_cancellations = steps
        .iter()
        .filter(|s| s.event == "cancel" && s.party == Party::Chef.code())
        .count();

    // Response time: from a direct request to the chef's first answer to it.
    let direct: HashSet<i64> = event_requests::Entity::find()
        .filter(event_requests::Column::Id.is_in(chef_bookings.iter().map(|b| b.request_id)))
        .filter(event_requests::Column::Posted.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut answered: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for step in steps
        .iter()
        .filter(|s| s.from_state == "requested" && s.party == Party::Chef.code())
    {
        answered.entry(step.booking_id).or_insert(step.at);
    }
    let mut response_hours: Vec<f64> = chef_bookings
        .iter()
        .filter(|b| direct.contains(&b.request_id))
        .filter_map(|b| {
            answered
                .get(&b.id)
                .map(|at| (*at - b.created_at).num_minutes() as f64 / 60.0)
        })
        .collect();
    response_hours.sort_by(f64::total_cmp);

    // Knowledge answers count once the community finds them useful: a score above zero.
    let upvoted_answers: Vec<DateTime<Utc>> = crate::knowledge::live_answers()
        .select_only()
        .column(answers::Column::CreatedAt)
        .filter(answers::Column::AuthorId.eq(chef_id))
        .filter(answers::Column::Score.gt(0))
        .into_tuple()
        .all(db)
        .await?;

    // Posts count as activity too (they fade the same way); hidden or deleted ones do not.
    let posted: Vec<DateTime<Utc>> = posts::Entity::find()
        .select_only()
        .column(posts::Column::CreatedAt)
        .filter(posts::Column::AuthorId.eq(chef_id))
        .filter(posts::Column::DeletedAt.is_null())
        .filter(posts::Column::HiddenAt.is_null())
        .into_tuple()
        .all(db)
        .await?;

    let ratings = visible_ratings(db, &[chef_id], now)
        .await?
        .remove(&chef_id)
        .unwrap_or_default();

    Ok(RankInputs {
        education: profile
            .education_entries
            .0
            .iter()
            .map(|entry| entry.level)
            .max(),
        years_experience: u8::try_from(profile.years_experience).unwrap_or(u8::MAX),
        languages: profile
            .languages
            .0
            .iter()
            .map(|skill| skill.proficiency)
            .collect(),
        ratings,
        bookings_days_ago: done
            .iter()
            .map(|b| u32::try_from((now - b.ends_at).num_days().max(0)).unwrap_or(u32::MAX))
            .collect(),
        answers_days_ago: upvoted_answers
            .iter()
            .map(|at| u32::try_from((now - *at).num_days().max(0)).unwrap_or(u32::MAX))
            .collect(),
        posts_days_ago: posted
            .iter()
            .map(|at| u32::try_from((now - *at).num_days().max(0)).unwrap_or(u32::MAX))
            .collect(),
        completed_bookings: u32::try_from(done.len()).unwrap_or(u32::MAX),
        chef_cancellations: u32::try_from(chef_cancellations).unwrap_or(u32::MAX),
        median_response_hours: response_hours.get(response_hours.len() / 2).copied(),
        disputes_lost: u32::try_from(lost.len()).unwrap_or(u32::MAX),
    })
}

/// Customers' overall ratings of each of `chef_ids`, counting only reviews the double-blind
/// window lets show (both sides wrote, or 14 days after the event).
pub async fn visible_ratings(
    db: &impl ConnectionTrait,
    chef_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<f64>>, ServiceError> {
    let mut ratings: HashMap<i64, Vec<f64>> = HashMap::new();
    for (chef_id, review) in visible_chef_reviews(db, chef_ids, now).await? {
        let stars = review.food + review.communication + review.punctuality + review.value;
        ratings
            .entry(chef_id)
            .or_default()
            .push(f64::from(stars) / 4.0);
    }
    Ok(ratings)
}

/// Recomputes the chef's rank on `txn`, stores it with its history, and re-indexes the
/// chef so search sorts by the new score.
pub async fn recompute(
    txn: &impl ConnectionTrait,
    chef_id: i64,
    cause: &str,
    now: DateTime<Utc>,
) -> Result<Rank, ServiceError> {
    let ranked = store_rank(txn, chef_id, cause, now).await?;
    chef_changed(txn, chef_id, now).await?;
    Ok(ranked)
}

/// Computes and stores the chef's rank with its history, without re-indexing (for callers
/// that rebuild the index themselves, like the demo seed).
pub async fn store_rank(
    txn: &impl ConnectionTrait,
    chef_id: i64,
    cause: &str,
    now: DateTime<Utc>,
) -> Result<Rank, ServiceError> {
    let ranked = rank(&inputs_for(txn, chef_id, now).await?);
    chef_ranks::Entity::insert(chef_ranks::ActiveModel {
        chef_id: Set(chef_id),
        score: Set(ranked.score),
        tier: Set(ranked.tier.code().to_owned()),
        breakdown: Set(StoredRank(ranked.clone())),
        computed_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(chef_ranks::Column::ChefId)
            .update_columns([
                chef_ranks::Column::Score,
                chef_ranks::Column::Tier,
                chef_ranks::Column::Breakdown,
                chef_ranks::Column::ComputedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    chef_rank_history::Entity::insert(chef_rank_history::ActiveModel {
        chef_id: Set(chef_id),
        score: Set(ranked.score),
        tier: Set(ranked.tier.code().to_owned()),
        cause: Set(cause.chars().take(32).collect()),
        computed_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(ranked)
}

/// Handles [`RECOMPUTE_RANK`] jobs.
pub struct RecomputeRank(pub crate::clock::Clock);

#[async_trait]
impl JobHandler for RecomputeRank {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: RankChanged = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        match recompute(txn, changed.chef_id, &changed.cause, self.0.now()).await {
            // A chef who deleted their profile meanwhile has nothing to rank.
            Ok(_) | Err(ServiceError::NotFound(_)) => Ok(()),
            Err(other) => Err(other.to_string()),
        }
    }
}

/// Handles [`RECOMPUTE_ALL_RANKS`] jobs: every chef, in one transaction.
pub struct RecomputeAllRanks(pub crate::clock::Clock);

#[async_trait]
impl JobHandler for RecomputeAllRanks {
    async fn run(&self, _job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let now = self.0.now();
        let chefs = chef_profiles::Entity::find()
            .all(txn)
            .await
            .map_err(|e| e.to_string())?;
        for chef in &chefs {
            recompute(txn, chef.user_id, "nightly", now)
                .await
                .map_err(|e| e.to_string())?;
        }
        tracing::info!(chefs = chefs.len(), "ranks recomputed");
        Ok(())
    }
}
