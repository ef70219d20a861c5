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
    // Where to go next (a page of this site), e.g. back to a booking in progress.
    #[server(default)] next: String,
) -> Result<CurrentUser, ServerError> {
    use super::context::{client_address, services, session};
    let form = domain::account::SignupForm {
        email,
        password,
        display_name,
        as_chef,
    };
    let user = services()?
        .accounts
        .sign_up_from(client_address().await, &form)
        .await?;
    web::start_session(&session().await?, &user).await?;
    leptos_axum::redirect(domain::account::return_path(&next));
    Ok(user)
}

#[server(endpoint = "accounts/log_in")]
pub async fn log_in(
    email: String,
    password: String,
    // Where to go next (a page of this site), e.g. back to a booking in progress.
    #[server(default)] next: String,
) -> Result<CurrentUser, ServerError> {
    use super::context::{client_address, services, session};
    let client = client_address().await;
    let user = services()?
        .accounts
        .log_in(&email, &password, client)
        .await?;
    web::start_session(&session().await?, &user).await?;
    leptos_axum::redirect(domain::account::return_path(&next));
    Ok(user)
}

#[server(endpoint = "accounts/log_out")]
pub async fn log_out() -> Result<(), ServerError> {
    let services = super::context::services()?;
    let session = super::context::session().await?;
    web::end_session(&session, &services).await?;
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
