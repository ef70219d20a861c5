//! Keeping the search indexes in step with the database.
//!
//! Services enqueue index jobs through the [`super::outbox`]; the jobs here read the rows as
//! they are when they run ([`super::documents`]) and write whole documents, so jobs may
//! repeat or run late without harm. [`reindex`] rebuilds an index from the database beside
//! the live one, swaps it in, then replays the index jobs of changes made meanwhile.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeSet;

use super::{
    documents::{chef_documents, dish_documents},
    knowledge_documents::question_documents,
    outbox::{changed_id, ChefChanged, DishChanged, PersonChanged, PostChanged, QuestionChanged},
    social_documents::{person_documents, post_documents},
    Documents, IndexName, SearchEngine,
};
use crate::{
    clock::Clock,
    entities::{chef_profiles, dishes, jobs, posts, questions, users},
    jobs::Job,
    knowledge::live_questions,
    social::visibility::live_posts,
    worker::JobHandler,
    ServiceError,
};

pub use super::outbox::{INDEX_CHEF, INDEX_DISH, INDEX_PERSON, INDEX_POST, INDEX_QUESTION};

const BATCH: u64 = 500;

/// Writes the chef's document and their dishes' (which carry the chef's place), or removes
/// the chef when they have no profile.
pub async fn index_chef(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let chefs = chef_documents(db, &[chef_id], now).await?;
    let dish_ids: Vec<i64> = dishes::Entity::find()
        .select_only()
        .column(dishes::Column::Id)
        .filter(dishes::Column::ChefId.eq(chef_id))
        .into_tuple()
        .all(db)
        .await?;
    if chefs.is_empty() {
        search.remove(IndexName::Chefs, &[chef_id]).await?;
        search.remove(IndexName::Dishes, &dish_ids).await?;
        return Ok(());
    }
    search.put(Documents::Chefs(chefs)).await?;
    let dishes = dish_documents(db, &dish_ids).await?;
    search.put(Documents::Dishes(dishes)).await?;
    Ok(())
}

pub async fn index_dish(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    dish_id: i64,
) -> Result<(), ServiceError> {
    match dish_documents(db, &[dish_id]).await?.pop() {
        Some(dish) => search.put(Documents::Dishes(vec![dish])).await?,
        None => search.remove(IndexName::Dishes, &[dish_id]).await?,
    }
    Ok(())
}

/// Writes the post's document, or removes it once the post is deleted or hidden.
pub async fn index_post(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    post_id: i64,
) -> Result<(), ServiceError> {
    match post_documents(db, &[post_id]).await?.pop() {
        Some(post) => search.put(Documents::Posts(vec![post])).await?,
        None => search.remove(IndexName::Posts, &[post_id]).await?,
    }
    Ok(())
}

/// Writes the question's document (with its answers' words), or removes it once the
/// question is deleted or hidden.
pub async fn index_question(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    question_id: i64,
) -> Result<(), ServiceError> {
    match question_documents(db, &[question_id]).await?.pop() {
        Some(question) => search.put(Documents::Questions(vec![question])).await?,
        None => search.remove(IndexName::Questions, &[question_id]).await?,
    }
    Ok(())
}

/// Writes the person's document, or removes it while their account is suspended.
pub async fn index_person(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    person_id: i64,
) -> Result<(), ServiceError> {
    match person_documents(db, &[person_id]).await?.pop() {
        Some(person) => search.put(Documents::People(vec![person])).await?,
        None => search.remove(IndexName::People, &[person_id]).await?,
    }
    Ok(())
}

/// The worker's handler for [`INDEX_POST`] jobs.
pub struct IndexPost(pub super::Search);

#[async_trait]
impl JobHandler for IndexPost {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: PostChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_post(txn, self.0.as_ref(), changed.post_id)
            .await
            .map_err(|error| error.to_string())
    }
}

/// The worker's handler for [`INDEX_QUESTION`] jobs.
pub struct IndexQuestion(pub super::Search);

#[async_trait]
impl JobHandler for IndexQuestion {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: QuestionChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_question(txn, self.0.as_ref(), changed.question_id)
            .await
            .map_err(|error| error.to_string())
    }
}

/// The worker's handler for [`INDEX_PERSON`] jobs.
pub struct IndexPerson(pub super::Search);

#[async_trait]
impl JobHandler for IndexPerson {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: PersonChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_person(txn, self.0.as_ref(), changed.person_id)
            .await
            .map_err(|error| error.to_string())
    }
}

/// The worker's handler for [`INDEX_CHEF`] jobs.
pub struct IndexChef {
    pub search: super::Search,
    pub clock: Clock,
}

#[async_trait]
impl JobHandler for IndexChef {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: ChefChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_chef(txn, self.search.as_ref(), changed.chef_id, self.clock.now())
            .await
            .map_err(|error| error.to_string())
    }
}

/// The worker's handler for [`INDEX_DISH`] jobs.
pub struct IndexDish(pub super::Search);

#[async_trait]
impl JobHandler for IndexDish {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: DishChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_dish(txn, self.0.as_ref(), changed.dish_id)
            .await
            .map_err(|error| error.to_string())
    }
}

/// Rebuilds `index` from the database beside the live one and swaps it in. `progress` hears
/// (documents done, documents in all) after each batch. Returns the documents indexed.
pub async fn reindex(
    db: &DatabaseConnection,
    search: &dyn SearchEngine,
    clock: &Clock,
    index: IndexName,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64, ServiceError> {
    // Index jobs of changes committed while the copy is built are replayed afterwards; the
    // margin covers transactions that began before this and committed during it.
    let started = clock.now() - Duration::minutes(1);
    let mut rebuild = search.rebuild(index).await?;
    let total = row_count(db, index).await?;
    let mut indexed = 0;
    let mut after = i64::MIN;
    progress(0, total);
    loop {
        let ids = ids_after(db, index, after).await?;
        let Some(&last) = ids.last() else { break };
        after = last;
        let documents = documents_for(db, index, &ids, clock.now()).await?;
        indexed += documents.len() as u64;
        rebuild.add(documents).await?;
        progress(indexed, total);
    }
    rebuild.finish().await?;
    replay_changes_since(db, search, index, started, clock).await?;
    // Changes queued before the copy was begun are in it: their jobs would only index the
    // same documents again (after a seed, thousands of them ahead of everyone's work).
    let covered = jobs::Entity::delete_many()
        .filter(jobs::Column::Kind.eq(job_kind(index)))
        .filter(jobs::Column::State.eq(crate::jobs::State::Queued.code()))
        .filter(jobs::Column::CreatedAt.lt(started))
        .exec(db)
        .await?
        .rows_affected;
    if covered > 0 {
        tracing::info!(
            index = index.code(),
            jobs = covered,
            "queued index jobs covered by the rebuild dropped"
        );
    }
    Ok(indexed)
}

/// The kind of the jobs that keep `index` up to date.
fn job_kind(index: IndexName) -> &'static str {
    match index {
        IndexName::Chefs => INDEX_CHEF,
        IndexName::Dishes => INDEX_DISH,
        IndexName::Posts => INDEX_POST,
        IndexName::People => INDEX_PERSON,
        IndexName::Questions => INDEX_QUESTION,
    }
}

/// How many rows `index` is built from.
async fn row_count(db: &DatabaseConnection, index: IndexName) -> Result<u64, ServiceError> {
    Ok(match index {
        IndexName::Chefs => chef_profiles::Entity::find().count(db).await?,
        IndexName::Dishes => dishes::Entity::find().count(db).await?,
        IndexName::Questions => live_questions().count(db).await?,
        IndexName::Posts => live_posts().count(db).await?,
        IndexName::People => {
            users::Entity::find()
                .filter(users::Column::SuspendedAt.is_null())
                .count(db)
                .await?
        }
    })
}

/// The next batch of ids for `index`, in id order, after `after`.
async fn ids_after(
    db: &DatabaseConnection,
    index: IndexName,
    after: i64,
) -> Result<Vec<i64>, ServiceError> {
    Ok(match index {
        IndexName::Chefs => {
            chef_profiles::Entity::find()
                .select_only()
                .column(chef_profiles::Column::UserId)
                .filter(chef_profiles::Column::UserId.gt(after))
                .order_by_asc(chef_profiles::Column::UserId)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::Dishes => {
            dishes::Entity::find()
                .select_only()
                .column(dishes::Column::Id)
                .filter(dishes::Column::Id.gt(after))
                .order_by_asc(dishes::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::Posts => {
            posts::Entity::find()
                .select_only()
                .column(posts::Column::Id)
                .filter(posts::Column::Id.gt(after))
                .order_by_asc(posts::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::People => {
            users::Entity::find()
                .select_only()
                .column(users::Column::Id)
                .filter(users::Column::Id.gt(after))
                .order_by_asc(users::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::Questions => {
            questions::Entity::find()
                .select_only()
                .column(questions::Column::Id)
                .filter(questions::Column::Id.gt(after))
                .order_by_asc(questions::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
    })
}

async fn documents_for(
    db: &DatabaseConnection,
    index: IndexName,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Documents, ServiceError> {
    Ok(match index {
        IndexName::Chefs => Documents::Chefs(chef_documents(db, ids, now).await?),
        IndexName::Dishes => Documents::Dishes(dish_documents(db, ids).await?),
        IndexName::Questions => Documents::Questions(question_documents(db, ids).await?),
        IndexName::Posts => Documents::Posts(post_documents(db, ids).await?),
        IndexName::People => Documents::People(person_documents(db, ids).await?),
    })
}

/// Re-indexes what index jobs created since `since` touched, whatever became of the jobs:
/// writes the documents of rows that exist and removes the others.
async fn replay_changes_since(
    db: &DatabaseConnection,
    search: &dyn SearchEngine,
    index: IndexName,
    since: DateTime<Utc>,
    clock: &Clock,
) -> Result<(), ServiceError> {
    let payloads: Vec<String> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Payload)
        .filter(jobs::Column::Kind.eq(job_kind(index)))
        .filter(jobs::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await?;
    let changed: BTreeSet<i64> = payloads
        .iter()
        .filter_map(|payload| changed_id(index, payload))
        .collect();
    let changed: Vec<i64> = changed.into_iter().collect();
    for batch in changed.chunks(BATCH as usize) {
        let documents = documents_for(db, index, batch, clock.now()).await?;
        let found = documents.ids();
        let gone: Vec<i64> = batch
            .iter()
            .copied()
            .filter(|id| !found.contains(id))
            .collect();
        search.put(documents).await?;
        search.remove(index, &gone).await?;
    }
    Ok(())
}
