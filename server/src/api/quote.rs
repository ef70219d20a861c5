//! The event cost calculator over HTTP: the same function the chef's page runs in the
//! browser, so the quote shown is the amount charged.

use axum::{extract::State, Json};
use domain::pricing::{price_for_chef, Quote, QuoteChoice};

use crate::AppState;
use web::{ApiError, ErrorBody};

/// An itemised quote for dishes from one chef's menu: every line with a label, a formula and
/// an amount in minor units, and the total. No login needed.
#[utoipa::path(
    post, path = "/api/v1/quote", tag = "booking", request_body = QuoteChoice,
    responses(
        (status = 200, body = Quote),
        (status = 400, description = "An invalid choice; `field` names it", body = ErrorBody),
        (status = 404, description = "No such chef", body = ErrorBody),
    )
)]
pub async fn quote_event(
    State(state): State<AppState>,
    choice: Result<Json<QuoteChoice>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Quote>, ApiError> {
    let Json(choice) = choice?;
    let chef = state.services.catalog.chef_profile(choice.chef_id).await?;
    let (_, priced) = price_for_chef(&chef, &choice).map_err(backend::ServiceError::Invalid)?;
    Ok(Json(priced))
}
