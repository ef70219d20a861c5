//! Server functions behind the dispute section of a booking page and the admins' queue.

use domain::disputes::{AdminRulingForm, AnswerForm, DisputeView, OpenDisputeForm};
use leptos::{prelude::*, server_fn::codec::Json};

use crate::error::ServerError;

#[server(input = Json, endpoint = "disputes/open")]
pub async fn open_dispute(
    booking_id: i64,
    form: OpenDisputeForm,
) -> Result<DisputeView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.open(&user, booking_id, &form).await?)
}

#[server(input = Json, endpoint = "disputes/answer")]
pub async fn answer_dispute(id: i64, form: AnswerForm) -> Result<DisputeView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.answer(&user, id, &form).await?)
}

#[server(endpoint = "disputes/offer")]
pub async fn decide_offer(id: i64, take: bool) -> Result<DisputeView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.decide_offer(&user, id, take).await?)
}

#[server(endpoint = "disputes/appeal")]
pub async fn appeal_ruling(id: i64, reason: String) -> Result<DisputeView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.appeal(&user, id, &reason).await?)
}

#[server(endpoint = "admin/disputes")]
pub async fn load_dispute_queue(all: bool) -> Result<Vec<DisputeView>, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.queue(&user, all).await?)
}

#[server(input = Json, endpoint = "admin/disputes/rule")]
pub async fn rule_dispute(id: i64, form: AdminRulingForm) -> Result<DisputeView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.disputes.rule(&user, id, &form).await?)
}
