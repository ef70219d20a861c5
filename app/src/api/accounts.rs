//! Server functions for accounts: sign up, log in and out, who is signed in, becoming a chef.

use domain::account::CurrentUser;
use leptos::prelude::*;

use crate::error::ServerError;

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
    web::start_session(&session().await?, &user).await?;
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
    web::start_session(&session().await?, &user).await?;
    leptos_axum::redirect("/account");
    Ok(user)
}

#[server(endpoint = "accounts/log_out")]
pub async fn log_out() -> Result<(), ServerError> {
    let session = super::context::session().await?;
    session.flush().await.map_err(|error| {
        tracing::error!(%error, "session store failed");
        ServerError::from(domain::AppError::internal())
    })?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "accounts/me")]
pub async fn fetch_current_user() -> Result<Option<CurrentUser>, ServerError> {
    super::context::visitor().await
}

#[server(endpoint = "accounts/become_chef")]
pub async fn become_chef() -> Result<CurrentUser, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.accounts.become_chef(user.id).await?)
}
