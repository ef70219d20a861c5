//! Server functions behind posted requests: post an event for nearby chefs, list what was
//! posted and the invitations received, compare proposals, and (for chefs) propose.

use domain::{
    booking::{PostedRequestView, ProposalForm},
    catalog::{Allergen, ChefProfile, DietaryFlag},
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// The "Post an event" form as typed: the date and time as the people there read them, the
/// budget in the city's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostRequestInput {
    pub kind: String,
    pub date: String,
    pub time: String,
    pub hours: String,
    pub guests: String,
    pub city: String,
    pub budget: String,
    pub dietary_needs: Vec<DietaryFlag>,
    pub allergens: Vec<Allergen>,
    pub notes: String,
}

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

#[server(input = Json, endpoint = "requests/post")]
pub async fn post_request(input: PostRequestInput) -> Result<i64, ServerError> {
    use domain::{events::EventRequestForm, FieldError};
    let (services, user) = super::context::signed_in().await?;
    let event = super::bookings::typed_event(
        input.kind,
        &input.date,
        &input.time,
        &input.hours,
        &input.guests,
        &input.city,
    )?;
    let budget_minor = match input.budget.trim() {
        "" => None,
        typed => Some(
            typed
                .parse::<f64>()
                .ok()
                .filter(|major| major.is_finite() && *major >= 0.0)
                .map(|major| (major * 100.0).round() as i64)
                .ok_or_else(|| {
                    FieldError::new("budget_minor", "Write the budget as a number, e.g. 1500.")
                })?,
        ),
    };
    let form = EventRequestForm {
        budget_minor,
        dietary_needs: input.dietary_needs,
        allergens: input.allergens,
        notes: input.notes,
        ..event
    };
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
