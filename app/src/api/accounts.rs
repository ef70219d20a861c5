use domain::account::CurrentUser;
use leptos::prelude::*;

use crate::error::ServerError;

#[cfg(feature = "ssr")]
const USER_ID_KEY: &str = "user_id";

#[server(endpoint = "accounts/sign_up")]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    #[server(default)] as_chef: bool,
) -> Result<CurrentUser, ServerError> {
    use super::context::{services, session};
    let form = domain::account::SignupForm {
        email,
        password,
        display_name,
        as_chef,
    };
    let user = services().accounts.sign_up(&form).await?;
    start_session(&session().await?, &user).await?;
    leptos_axum::redirect("/account");
    Ok(user)
}

#[server(endpoint = "accounts/log_in")]
pub async fn log_in(email: String, password: String) -> Result<CurrentUser, ServerError> {
    use super::context::{services, session};
    use axum::extract::ConnectInfo;
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};

    let client = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let user = services()
        .accounts
        .log_in(&email, &password, client)
        .await?;
    start_session(&session().await?, &user).await?;
    leptos_axum::redirect("/account");
    Ok(user)
}

#[server(endpoint = "accounts/log_out")]
pub async fn log_out() -> Result<(), ServerError> {
    let session = super::context::session().await?;
    session.flush().await.map_err(internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "accounts/me")]
pub async fn fetch_current_user() -> Result<Option<CurrentUser>, ServerError> {
    use super::context::{services, session};
    let session = session().await?;
    let Some(user_id) = session.get::<i64>(USER_ID_KEY).await.map_err(internal)? else {
        return Ok(None);
    };
    Ok(services().accounts.find(user_id).await?)
}

#[server(endpoint = "accounts/become_chef")]
pub async fn become_chef() -> Result<CurrentUser, ServerError> {
    use super::context::{services, session};
    let user_id = logged_in_user_id(&session().await?).await?;
    Ok(services().accounts.become_chef(user_id).await?)
}

/// A new session id on every log-in, so an id planted before log-in is worthless after it.
#[cfg(feature = "ssr")]
pub async fn start_session(
    session: &tower_sessions::Session,
    user: &CurrentUser,
) -> Result<(), ServerError> {
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(USER_ID_KEY, user.id)
        .await
        .map_err(internal)?;
    Ok(())
}

/// The signed-in user's id, or 401: the one rule for every action that needs an account,
/// in server functions and JSON handlers alike.
#[cfg(feature = "ssr")]
pub async fn logged_in_user_id(session: &tower_sessions::Session) -> Result<i64, ServerError> {
    session
        .get::<i64>(USER_ID_KEY)
        .await
        .map_err(internal)?
        .ok_or_else(|| domain::AppError::unauthorized().into())
}

/// The signed-in account, or 401 (also when the account was deleted since).
#[cfg(feature = "ssr")]
pub async fn logged_in_user(
    services: &backend::Services,
    session: &tower_sessions::Session,
) -> Result<CurrentUser, ServerError> {
    let user_id = logged_in_user_id(session).await?;
    services
        .accounts
        .find(user_id)
        .await?
        .ok_or_else(|| domain::AppError::unauthorized().into())
}

#[cfg(feature = "ssr")]
fn internal(error: tower_sessions::session::Error) -> ServerError {
    tracing::error!(%error, "session store failed");
    domain::AppError::internal().into()
}
