//! Server functions behind the bell, the notifications page, saving chefs and the admin page.

use domain::{
    notifications::{Notification, Preference},
    operations::{DeadJob, OutboxEmail},
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// The logged-in person, or None — without the 401 that `me` would set on the page being
/// rendered, for parts of public pages.
#[cfg(feature = "ssr")]
async fn visitor() -> Result<Option<(backend::Services, domain::account::CurrentUser)>, ServerError>
{
    let services = super::context::services()?;
    let user = super::context::visitor().await?;
    Ok(user.map(|user| (services, user)))
}

/// The logged-in person's unread count; 0 when logged out.
#[server(endpoint = "notifications/unread")]
pub async fn unread_count() -> Result<u64, ServerError> {
    let Some((services, user)) = visitor().await? else {
        return Ok(0);
    };
    Ok(services.notifications.unread_count(user.id).await?)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub unread: u64,
    /// Newest first.
    pub items: Vec<Notification>,
    pub preferences: Vec<Preference>,
}

#[server(endpoint = "notifications/load")]
pub async fn load_notifications() -> Result<NotificationsPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    let notifications = &services.notifications;
    Ok(NotificationsPage {
        unread: notifications.unread_count(user.id).await?,
        items: notifications.feed(user.id, 100).await?,
        preferences: notifications.preferences(user.id).await?,
    })
}

#[server(endpoint = "notifications/read")]
pub async fn mark_notification_read(id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.notifications.mark_read(user.id, id).await?)
}

#[server(endpoint = "notifications/read_all")]
pub async fn mark_all_notifications_read() -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.notifications.mark_all_read(user.id).await?)
}

#[server(input = Json, endpoint = "notifications/preferences")]
pub async fn save_notification_preferences(
    preferences: Vec<Preference>,
) -> Result<Vec<Preference>, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services
        .notifications
        .set_preferences(user.id, &preferences)
        .await?)
}

/// Whether the logged-in person saved this chef; false when logged out.
#[server(endpoint = "saved_chefs/is_saved")]
pub async fn is_chef_saved(chef_id: i64) -> Result<bool, ServerError> {
    let Some((services, user)) = visitor().await? else {
        return Ok(false);
    };
    Ok(services.favourites.is_saved(user.id, chef_id).await?)
}

#[server(endpoint = "saved_chefs/set")]
pub async fn set_chef_saved(chef_id: i64, saved: bool) -> Result<bool, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    if saved {
        services.favourites.save(&user, chef_id).await?;
    } else {
        services.favourites.unsave(&user, chef_id).await?;
    }
    Ok(saved)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminPage {
    pub dead_jobs: Vec<DeadJob>,
    pub emails: Vec<OutboxEmail>,
}

#[server(endpoint = "admin/load")]
pub async fn load_admin() -> Result<AdminPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(AdminPage {
        dead_jobs: services.admin.dead_jobs(&user).await?,
        emails: services.admin.outbox(&user).await?,
    })
}

#[server(endpoint = "admin/retry_job")]
pub async fn retry_dead_job(job_id: i64) -> Result<(), ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.admin.retry_job(&user, job_id).await?)
}
