//! The search outbox: a change to anything a search document shows enqueues an index job in
//! the change's own transaction, so a committed change is always indexed and a rolled-back
//! one never is. It knows the job queue and nothing else, so every service may call it.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde::{Deserialize, Serialize};

use super::IndexName;
use crate::{
    jobs::{enqueue, NewJob},
    ServiceError,
};

pub const INDEX_CHEF: &str = "search.index_chef";
pub const INDEX_DISH: &str = "search.index_dish";
pub const INDEX_POST: &str = "search.index_post";
pub const INDEX_PERSON: &str = "search.index_person";
pub const INDEX_QUESTION: &str = "search.index_question";

/// The newest index job for a chef, a dish or a person: it moves whenever a change to what the
/// public catalogue shows commits (each enqueues one in its own transaction), on every instance
/// at once. The catalogue's cache files what it reads under it. On PostgreSQL two changes
/// committing out of id order may leave it unmoved for the later one; cached pages still expire.
pub async fn catalog_version(db: &impl ConnectionTrait) -> Result<i64, ServiceError> {
    // Literal kinds, as in the partial index `idx_jobs_catalog_changes`: SQLite uses a partial
    // index only for a query whose condition it can see matches.
    let sql = format!(
        "SELECT MAX(id) AS newest FROM jobs WHERE kind IN ('{INDEX_CHEF}', '{INDEX_DISH}', '{INDEX_PERSON}')"
    );
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    Ok(row
        .map(|row| row.try_get::<Option<i64>>("", "newest"))
        .transpose()?
        .flatten()
        .unwrap_or(0))
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct ChefChanged {
    pub chef_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct DishChanged {
    pub dish_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PostChanged {
    pub post_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct QuestionChanged {
    pub question_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PersonChanged {
    pub person_id: i64,
}

/// Call in the transaction that wrote, edited, deleted, hid or restored a post.
pub async fn post_changed(
    db: &impl ConnectionTrait,
    post_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(PostChanged { post_id });
    enqueue(db, NewJob::now(INDEX_POST, payload, now), now).await?;
    Ok(())
}

/// Call in the transaction that asked, edited, closed, deleted or hid a question, or changed
/// its answers or votes.
pub async fn question_changed(
    db: &impl ConnectionTrait,
    question_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(QuestionChanged { question_id });
    enqueue(db, NewJob::now(INDEX_QUESTION, payload, now), now).await?;
    Ok(())
}

/// Call in the transaction that created an account with its handle, or changed its standing.
pub async fn person_changed(
    db: &impl ConnectionTrait,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(PersonChanged { person_id });
    enqueue(db, NewJob::now(INDEX_PERSON, payload, now), now).await?;
    Ok(())
}

/// Call in the transaction that changed a chef's profile, calendar, photo or dishes.
pub async fn chef_changed(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(ChefChanged { chef_id });
    enqueue(db, NewJob::now(INDEX_CHEF, payload, now), now).await?;
    Ok(())
}

/// Call in the transaction that created, changed or deleted a dish. The chef's document
/// changes too (the diets they cook for come from their dishes).
pub async fn dish_changed(
    db: &impl ConnectionTrait,
    dish_id: i64,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(DishChanged { dish_id });
    enqueue(db, NewJob::now(INDEX_DISH, payload, now), now).await?;
    chef_changed(db, chef_id, now).await
}

/// The row an index job is about.
pub(super) fn changed_id(index: IndexName, payload: &str) -> Option<i64> {
    match index {
        IndexName::Chefs => serde_json::from_str::<ChefChanged>(payload)
            .ok()
            .map(|changed| changed.chef_id),
        IndexName::Dishes => serde_json::from_str::<DishChanged>(payload)
            .ok()
            .map(|changed| changed.dish_id),
        IndexName::Posts => serde_json::from_str::<PostChanged>(payload)
            .ok()
            .map(|changed| changed.post_id),
        IndexName::People => serde_json::from_str::<PersonChanged>(payload)
            .ok()
            .map(|changed| changed.person_id),
        IndexName::Questions => serde_json::from_str::<QuestionChanged>(payload)
            .ok()
            .map(|changed| changed.question_id),
    }
}
