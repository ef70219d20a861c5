//! Requests that move money carry an `Idempotency-Key`: the first request with a key does
//! the work and its response is stored with the key, in the same transaction; a replay gets
//! that stored response and does nothing.
//!
//! The key row is inserted first, inside the work's write transaction. Racing replays
//! therefore wait on it: PostgreSQL holds a second insert of the same key until the first
//! transaction ends, SQLite runs one write transaction at a time. Whoever comes second finds
//! the stored response.

use chrono::{DateTime, Utc};
use domain::{AppError, FieldError};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{db::begin_write, entities::idempotency_keys, ServiceError};

pub const MAX_KEY_CHARS: usize = 200;

/// A response as it was first given: its HTTP status and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: serde_json::Value,
    /// Whether this is the first response or a replay of it.
    pub replayed: bool,
}

impl StoredResponse {
    pub fn ok(body: &impl Serialize) -> Self {
        Self {
            status: 200,
            body: serde_json::to_value(body).expect("responses serialise"),
            replayed: false,
        }
    }

    /// A refusal worth remembering: the same request would be refused the same way.
    pub fn refused(error: AppError) -> Self {
        Self {
            status: error.code.http_status(),
            body: serde_json::json!({ "error": error }),
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

enum Begun {
    /// First time: do the work on this transaction, then [`finish`].
    Fresh(DatabaseTransaction),
    Replay(StoredResponse),
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

/// Claims the key, or returns the response stored under it.
async fn begin(
    db: &DatabaseConnection,
    request: &Idempotent<'_>,
    now: DateTime<Utc>,
) -> Result<Begun, ServiceError> {
    let key = validate_key(request.key)?;
    let hash = fingerprint(&request.scope, &request.request);
    let txn = begin_write(db).await?;
    let claimed = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        user_id: Set(request.user_id),
        key: Set(key.to_owned()),
        scope: Set(request.scope.chars().take(100).collect()),
        request_hash: Set(hash.clone()),
        // Pending until finish() stores the response, in the same transaction.
        status: Set(0),
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
    Ok(Begun::Replay(StoredResponse {
        status: u16::try_from(stored.status).unwrap_or(500),
        body: serde_json::from_str(&stored.response).unwrap_or_default(),
        replayed: true,
    }))
}

/// Stores the response with the key and commits the work with it.
async fn finish(
    txn: DatabaseTransaction,
    request: &Idempotent<'_>,
    response: StoredResponse,
) -> Result<StoredResponse, ServiceError> {
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::Status,
            i32::from(response.status).into(),
        )
        .col_expr(
            idempotency_keys::Column::Response,
            response.body.to_string().into(),
        )
        .filter(idempotency_keys::Column::UserId.eq(request.user_id))
        .filter(idempotency_keys::Column::Key.eq(request.key.trim()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(response)
}

/// Runs `work` once per key: the first call does it, later calls get its response. A
/// refusal the caller should see (declined card, wrong state) is stored and replayed too;
/// an internal failure stores nothing, so a retry does the work afresh.
pub async fn once<T, W>(
    db: &DatabaseConnection,
    request: &Idempotent<'_>,
    now: DateTime<Utc>,
    work: W,
) -> Result<StoredResponse, ServiceError>
where
    T: Serialize,
    W: AsyncFnOnce(&DatabaseTransaction) -> Result<T, ServiceError>,
{
    let txn = match begin(db, request, now).await? {
        Begun::Replay(stored) => return Ok(stored),
        Begun::Fresh(txn) => txn,
    };
    // The work runs inside a savepoint: a refusal undoes whatever it wrote, yet the key and
    // the refusal stored with it still commit.
    let work_txn = txn.begin().await?;
    let response = match work(&work_txn).await {
        Ok(body) => {
            work_txn.commit().await?;
            StoredResponse::ok(&body)
        }
        Err(error) if !error.is_internal() => {
            work_txn.rollback().await?;
            StoredResponse::refused(error.into())
        }
        Err(error) => return Err(error),
    };
    finish(txn, request, response).await
}
