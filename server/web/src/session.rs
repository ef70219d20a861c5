//! Who is asking. The session cookie names an account; these extractors read it, load the
//! account and refuse when the request needs one it does not have. A suspended or deleted
//! account is refused like a missing one would be, so no handler can forget to check.

use axum::{
    extract::{FromRef, FromRequestParts},
    http::request::Parts,
};
use backend::Services;
use domain::{
    account::{CurrentUser, Role},
    AppError, ErrorCode,
};
use tower_sessions::{session::Id, Session, SessionStore};

use crate::ApiError;

/// Where the session keeps the signed-in account's id.
const USER_ID_KEY: &str = "user_id";

/// The signed-in account; 401 without one (403 when it is suspended).
#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentUser);

/// The signed-in account, if there is one: for pages and parts of them that anyone sees.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Option<CurrentUser>);

/// A signed-in admin; 401 without an account, 403 for anyone else.
#[derive(Debug, Clone)]
pub struct SignedInAdmin(pub CurrentUser);

/// A new session id on every log-in, so an id planted before log-in is worthless after it.
pub async fn start_session(session: &Session, user: &CurrentUser) -> Result<(), ApiError> {
    session.cycle_id().await.map_err(store_failed)?;
    session
        .insert(USER_ID_KEY, user.id)
        .await
        .map_err(store_failed)?;
    Ok(())
}

/// Ends a session: its record is deleted, and the person's live streams are woken so they
/// notice at once (each ends when it finds its session gone).
pub async fn end_session(session: &Session, services: &Services) -> Result<(), ApiError> {
    let user_id = session
        .get::<i64>(USER_ID_KEY)
        .await
        .map_err(store_failed)?;
    session.flush().await.map_err(store_failed)?;
    if let Some(user_id) = user_id {
        services.notifications.bus().publish(user_id);
    }
    Ok(())
}

/// Whether the session a long-lived response was opened with still signs in this active
/// account: false once it is logged out, expired, or the account suspended. Asked from the
/// store, not the request's copy, which never changes.
pub async fn still_signed_in(services: &Services, session_id: Option<Id>, user_id: i64) -> bool {
    let Some(session_id) = session_id else {
        return false;
    };
    let store = backend::sessions::DatabaseSessionStore::new(services.db.clone());
    let signed_in_as = match store.load(&session_id).await {
        Ok(Some(record)) => record.data.get(USER_ID_KEY).and_then(|id| id.as_i64()),
        Ok(None) => None,
        Err(error) => {
            // The database is away: the stream ends and the browser reconnects later.
            tracing::warn!(%error, "could not check a session");
            None
        }
    };
    signed_in_as == Some(user_id) && matches!(services.accounts.find(user_id).await, Ok(Some(_)))
}

fn store_failed(error: tower_sessions::session::Error) -> ApiError {
    tracing::error!(%error, "session store failed");
    ApiError(AppError::internal())
}

async fn session_of<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<Session, ApiError> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, why)| {
            tracing::error!(why, "the session layer is missing");
            ApiError(AppError::internal())
        })
}

impl<S> FromRequestParts<S> for MaybeSignedIn
where
    Services: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, state).await?;
        let Some(user_id) = session
            .get::<i64>(USER_ID_KEY)
            .await
            .map_err(store_failed)?
        else {
            return Ok(Self(None));
        };
        let user = Services::from_ref(state).accounts.find(user_id).await?;
        Ok(Self(user))
    }
}

impl<S> FromRequestParts<S> for SignedIn
where
    Services: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let MaybeSignedIn(user) = MaybeSignedIn::from_request_parts(parts, state).await?;
        user.map(Self)
            .ok_or_else(|| ApiError(AppError::unauthorized()))
    }
}

impl<S> FromRequestParts<S> for SignedInAdmin
where
    Services: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        match user.role {
            Role::Admin => Ok(Self(user)),
            _ => Err(ApiError(AppError::new(
                ErrorCode::Forbidden,
                "Only admins can see this.",
            ))),
        }
    }
}
