//! Server functions behind the admins' people list: find accounts, change a role, suspend
//! and reinstate.

use domain::{account::Role, operations::UserSummary};
use leptos::prelude::*;

use crate::error::ServerError;

#[server(endpoint = "admin/users")]
pub async fn find_users(text: String) -> Result<Vec<UserSummary>, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services.admin.users(&admin, &text).await?)
}

#[server(endpoint = "admin/users/role")]
pub async fn change_role(user_id: i64, role: Role) -> Result<UserSummary, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services.admin.set_role(&admin, user_id, role).await?)
}

#[server(endpoint = "admin/users/suspend")]
pub async fn suspend_user(user_id: i64, reason: String) -> Result<UserSummary, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services.admin.suspend(&admin, user_id, &reason).await?)
}

#[server(endpoint = "admin/users/reinstate")]
pub async fn reinstate_user(user_id: i64) -> Result<UserSummary, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services.admin.reinstate(&admin, user_id).await?)
}
