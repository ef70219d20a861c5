//! Server functions behind a decision's page (the author reads the reason and appeals) and
//! the admin console's moderation queue.

use domain::social::moderation::{AppealAnswer, Decision, DecisionForm, QueueItem};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

#[server(endpoint = "moderation/decision")]
pub async fn load_decision(id: i64) -> Result<Decision, ServerError> {
    let (services, viewer) = super::context::signed_in().await?;
    Ok(services.moderation.decision(&viewer, id).await?)
}

#[server(endpoint = "moderation/appeal")]
pub async fn appeal_decision(id: i64, text: String) -> Result<Decision, ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services.moderation.appeal(&author, id, &text).await?)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub reports: Vec<QueueItem>,
    pub appeals: Vec<Decision>,
}

#[server(endpoint = "admin/moderation")]
pub async fn load_moderation_queue() -> Result<ModerationQueue, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(ModerationQueue {
        reports: services.moderation.queue(&admin).await?,
        appeals: services.moderation.appeals(&admin).await?,
    })
}

#[server(input = Json, endpoint = "admin/moderation/decide")]
pub async fn decide(form: DecisionForm) -> Result<Decision, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services.moderation.decide(&admin, &form).await?)
}

#[server(input = Json, endpoint = "admin/moderation/appeal")]
pub async fn answer_appeal(id: i64, answer: AppealAnswer) -> Result<Decision, ServerError> {
    let (services, admin) = super::context::signed_in().await?;
    Ok(services
        .moderation
        .answer_appeal(&admin, id, &answer)
        .await?)
}
