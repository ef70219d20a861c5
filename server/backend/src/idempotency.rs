//! Requests that move money carry an `Idempotency-Key`: the first request with a key does
//! the work and its outcome is stored with the key; a replay gets that stored outcome and
//! does nothing. Outcomes are typed (`Result<T, AppError>`): which HTTP status a refusal
//! gets is the web layer's choice, not this module's.
//!
//! Two ways to use a key:
//! - [`once`]: the work and its stored outcome commit in one transaction.
//! - [`reserve`] then [`record`]: for work that must call another service (a card network)
//!   holding no transaction. The key is committed *pending* with the reservation; the outcome
//!   is recorded by the transaction that confirms it. A replay arriving meanwhile waits for
//!   the outcome.
//!
//! The key row is inserted first, inside a write transaction. Racing replays therefore wait
//! on it: PostgreSQL holds a second insert of the same key until the first transaction ends,
//! SQLite runs one write transaction at a time. Whoever comes second finds the stored outcome.

use chrono::{DateTime, Utc};
use domain::{AppError, FieldError};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde::{de::DeserializeOwned, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::{db::begin_write, entities::idempotency_keys, ServiceError};

pub const MAX_KEY_CHARS: usize = 200;

/// The `status` of a key whose outcome is not known yet (see [`reserve`]).
const PENDING: i32 = 0;
/// The `status` of a key whose outcome is stored.
const DONE: i32 = 1;

/// How long a replay waits for a pending request to finish before saying it is still running.
const PENDING_WAIT: Duration = Duration::from_secs(20);
const PENDING_POLL: Duration = Duration::from_millis(100);

/// What a request made with a key came to — its result or the refusal the caller should see —
/// and whether this answer is a replay of the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayable<T> {
    pub outcome: Result<T, AppError>,
    pub replayed: bool,
}

impl<T> Replayable<T> {
    fn first(outcome: Result<T, AppError>) -> Self {
        Self {
            outcome,
            replayed: false,
        }
    }
}

/// What a request's key names: the work, and a fingerprint of the request.
pub struct Idempotent<'a> {
    pub user_id: i64,
    pub key: &'a str,
    /// What the key is for, e.g. "pay booking 12".
    pub scope: String,
    /// Any serialisable form of the request; the same key with a different request is an
    /// error, never a replay of the wrong response.
    pub request: serde_json::Value,
}

/// What claiming a key for a two-step request gave.
pub enum Claim<T, R> {
    /// The work was reserved, and its outcome is owed: [`record`] it when it is known.
    Reserved(R),
    /// The request was refused before anything was reserved, or this is a replay.
    Answered(Replayable<T>),
}

enum Begun<T> {
    /// First time: do the work on this transaction, then store its outcome.
    Fresh(DatabaseTransaction),
    Replay(Replayable<T>),
}

/// A fresh key for a page to send with its next money-moving request: issued with the page,
/// so a retry of that request (a double click, a dropped connection) reuses it.
pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn validate_key(key: &str) -> Result<&str, FieldError> {
    let key = key.trim();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS || !key.is_ascii() {
        return Err(FieldError::new(
            "Idempotency-Key",
            format!("Send an Idempotency-Key header of 1 to {MAX_KEY_CHARS} ASCII characters."),
        ));
    }
    Ok(key)
}

fn fingerprint(scope: &str, request: &serde_json::Value) -> String {
    let mut hash = Sha256::new();
    hash.update(scope.as_bytes());
    hash.update([0]);
    hash.update(request.to_string().as_bytes());
    hex::encode(hash.finalize())
}

/// Claims the key, or returns the outcome stored under it (waiting for a pending one).
async fn begin<T: DeserializeOwned>(
    db: &DatabaseConnection,
    request: &Idempotent<'_>,
    now: DateTime<Utc>,
) -> Result<Begun<T>, ServiceError> {
    let key = validate_key(request.key)?;
    let hash = fingerprint(&request.scope, &request.request);
    let txn = begin_write(db).await?;
    let claimed = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        user_id: Set(request.user_id),
        key: Set(key.to_owned()),
        scope: Set(request.scope.chars().take(100).collect()),
        request_hash: Set(hash.clone()),
        status: Set(PENDING),
        response: Set(String::new()),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            idempotency_keys::Column::UserId,
            idempotency_keys::Column::Key,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?
        > 0;
    if claimed {
        return Ok(Begun::Fresh(txn));
    }
    txn.rollback().await?;
    let waited_since = std::time::Instant::now();
    loop {
        let stored = idempotency_keys::Entity::find()
            .filter(idempotency_keys::Column::UserId.eq(request.user_id))
            .filter(idempotency_keys::Column::Key.eq(key))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound("Idempotency key"))?;
        if stored.request_hash != hash {
            return Err(ServiceError::Conflict(FieldError::new(
                "Idempotency-Key",
                "This Idempotency-Key was already used for a different request.",
            )));
        }
        if stored.status != PENDING {
            return Ok(Begun::Replay(Replayable {
                outcome: decode(&stored)?,
                replayed: true,
            }));
        }
        if waited_since.elapsed() >= PENDING_WAIT {
            return Err(ServiceError::Conflict(FieldError::new(
                "Idempotency-Key",
                "This request is still being processed. Look again in a minute: it will not be done twice.",
            )));
        }
        tokio::time::sleep(PENDING_POLL).await;
    }
}

/// A stored outcome. Keys stored before outcomes were typed hold an HTTP status and body.
fn decode<T: DeserializeOwned>(
    stored: &idempotency_keys::Model,
) -> Result<Result<T, AppError>, ServiceError> {
    let corrupt = |error: serde_json::Error| {
        ServiceError::Database(sea_orm::DbErr::Custom(format!(
            "stored outcome of idempotency key {:?}: {error}",
            stored.key
        )))
    };
    match stored.status {
        DONE => serde_json::from_str(&stored.response).map_err(corrupt),
        200 => serde_json::from_str(&stored.response)
            .map(Ok)
            .map_err(corrupt),
        _ => {
            let body: serde_json::Value =
                serde_json::from_str(&stored.response).map_err(corrupt)?;
            serde_json::from_value(body["error"].clone())
                .map(Err)
                .map_err(corrupt)
        }
    }
}

/// Stores the outcome of the request made with `key`, on the transaction that decided it.
pub async fn record<T: Serialize>(
    txn: &impl ConnectionTrait,
    user_id: i64,
    key: &str,
    outcome: &Result<T, AppError>,
) -> Result<(), ServiceError> {
    let response = serde_json::to_string(outcome).map_err(|error| {
        ServiceError::Database(sea_orm::DbErr::Custom(format!(
            "outcome not serialisable: {error}"
        )))
    })?;
    idempotency_keys::Entity::update_many()
        .col_expr(idempotency_keys::Column::Status, DONE.into())
        .col_expr(idempotency_keys::Column::Response, response.into())
        .filter(idempotency_keys::Column::UserId.eq(user_id))
        .filter(idempotency_keys::Column::Key.eq(key.trim()))
        .exec(txn)
        .await?;
    Ok(())
}

/// The outcome stored under `key`, once there is one.
pub async fn recorded<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    user_id: i64,
    key: &str,
) -> Result<Option<Result<T, AppError>>, ServiceError> {
    let stored = idempotency_keys::Entity::find()
        .filter(idempotency_keys::Column::UserId.eq(user_id))
        .filter(idempotency_keys::Column::Key.eq(key.trim()))
        .one(db)
        .await?;
    match stored {
        Some(stored) if stored.status != PENDING => Ok(Some(decode(&stored)?)),
        _ => Ok(None),
    }
}

/// Runs `work` inside a savepoint of `txn`: a refusal undoes whatever it wrote, yet the key
/// (and the refusal stored with it) still commit. An internal failure is returned as is.
async fn in_savepoint<R, W>(
    txn: &DatabaseTransaction,
    work: W,
) -> Result<Result<R, AppError>, ServiceError>
where
    W: AsyncFnOnce(&DatabaseTransaction) -> Result<R, ServiceError>,
{
    let work_txn = txn.begin().await?;
    match work(&work_txn).await {
        Ok(done) => {
            work_txn.commit().await?;
            Ok(Ok(done))
        }
        Err(error) if !error.is_internal() => {
            work_txn.rollback().await?;
            Ok(Err(error.into()))
        }
        Err(error) => Err(error),
    }
}

/// Runs `work` once per key: the first call does it, later calls get its outcome. A refusal
/// the caller should see (declined card, wrong state) is stored and replayed too; an internal
/// failure stores nothing, so a retry does the work afresh.
pub async fn once<T, W>(
    db: &DatabaseConnection,
    request: &Idempotent<'_>,
    now: DateTime<Utc>,
    work: W,
) -> Result<Replayable<T>, ServiceError>
where
    T: Serialize + DeserializeOwned,
    W: AsyncFnOnce(&DatabaseTransaction) -> Result<T, ServiceError>,
{
    let txn = match begin(db, request, now).await? {
        Begun::Replay(replay) => return Ok(replay),
        Begun::Fresh(txn) => txn,
    };
    let outcome = in_savepoint(&txn, work).await?;
    record(&txn, request.user_id, request.key, &outcome).await?;
    txn.commit().await?;
    Ok(Replayable::first(outcome))
}

/// The first half of a two-step request: claims the key and runs `work`, which reserves what
/// the second step needs, and commits both with the key left pending. A refusal is stored as
/// the request's outcome at once. The second step must [`record`] the outcome.
pub async fn reserve<T, R, W>(
    db: &DatabaseConnection,
    request: &Idempotent<'_>,
    now: DateTime<Utc>,
    work: W,
) -> Result<Claim<T, R>, ServiceError>
where
    T: Serialize + DeserializeOwned,
    W: AsyncFnOnce(&DatabaseTransaction) -> Result<R, ServiceError>,
{
    let txn = match begin(db, request, now).await? {
        Begun::Replay(replay) => return Ok(Claim::Answered(replay)),
        Begun::Fresh(txn) => txn,
    };
    match in_savepoint(&txn, work).await? {
        Ok(reserved) => {
            txn.commit().await?;
            Ok(Claim::Reserved(reserved))
        }
        Err(refusal) => {
            let outcome: Result<T, AppError> = Err(refusal);
            record(&txn, request.user_id, request.key, &outcome).await?;
            txn.commit().await?;
            Ok(Claim::Answered(Replayable::first(outcome)))
        }
    }
}
