//! Server functions behind posted requests: post an event for nearby chefs, list what was
//! posted and the invitations received, compare proposals, and (for chefs) propose.

use domain::{
    booking::{PostedRequestView, ProposalForm},
    catalog::ChefProfile,
    events::EventRequestForm,
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// The requests page: what the person posted, and (for chefs) what they were invited to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestsPage {
    pub posted: Vec<PostedRequestView>,
    pub invitations: Vec<PostedRequestView>,
}

/// One request, and for an invited chef their own public profile: the live quote of their
/// proposal runs the calculator on it in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestPage {
    pub request: PostedRequestView,
    pub chef: Option<ChefProfile>,
}

/// Posts an event for nearby chefs: the page sends the API's typed form, read in the browser.
#[server(input = Json, endpoint = "requests/post")]
pub async fn post_request(form: EventRequestForm) -> Result<i64, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services
        .posted_requests
        .post_request(&user, &form)
        .await?
        .id)
}

#[server(endpoint = "requests/list")]
pub async fn list_requests() -> Result<RequestsPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(RequestsPage {
        posted: services.posted_requests.posted_requests(&user).await?,
        invitations: services.posted_requests.invitations(&user).await?,
    })
}

#[server(endpoint = "requests/load")]
pub async fn load_request(id: i64) -> Result<RequestPage, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    let request = services.posted_requests.posted_request(&user, id).await?;
    let chef = if request.yours {
        None
    } else {
        services.catalog.chef_profile(user.id).await.ok()
    };
    Ok(RequestPage { request, chef })
}

#[server(input = Json, endpoint = "requests/propose")]
pub async fn send_proposal(id: i64, form: ProposalForm) -> Result<PostedRequestView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.posted_requests.propose(&user, id, &form).await?)
}

#[server(endpoint = "requests/withdraw")]
pub async fn withdraw_request(id: i64) -> Result<PostedRequestView, ServerError> {
    let (services, user) = super::context::signed_in().await?;
    Ok(services.posted_requests.withdraw_request(&user, id).await?)
}
