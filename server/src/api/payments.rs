//! The payment provider's webhook. Nothing in the body is believed before its signature is
//! checked; each event is recorded once however often the provider retries it.

use axum::{body::Bytes, extract::State, http::HeaderMap, Json};
use backend::payments::{events, stripe::verify_webhook};
use domain::{AppError, FieldError};
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use web::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct WebhookReceipt {
    /// False when this event had arrived before.
    pub first_time: bool,
    /// Whether our ledger holds the payment or refund the event is about.
    pub in_ledger: bool,
}

/// Stripe's events (PaymentIntents, charges, refunds), signed with the endpoint's secret
/// (`STRIPE_WEBHOOK_SECRET`) in the `Stripe-Signature` header.
#[utoipa::path(
    post, path = "/api/v1/payments/stripe/webhook", tag = "booking",
    params(("Stripe-Signature" = String, Header, min_length = 1, description = "`t=<unix time>,v1=<HMAC-SHA256 hex>`")),
    request_body(content = String, content_type = "application/json", description = "The event exactly as Stripe sent it"),
    responses(
        (status = 200, body = WebhookReceipt),
        (status = 400, description = "Unsigned, wrongly signed, stale or not an event", body = ErrorBody),
        (status = 404, description = "No webhook secret is configured", body = ErrorBody),
    )
)]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, ApiError> {
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty())
        .ok_or_else(|| {
            FieldError::new(
                "Stripe-Signature",
                "The Stripe-Signature header is missing.",
            )
        })?;
    let Some(secret) = &state.config.stripe_webhook_secret else {
        return Err(ApiError(AppError::not_found("Webhook")));
    };
    let now = state.services.clock.now();
    let event = verify_webhook(&body, signature, secret.expose_secret(), now).map_err(|error| {
        tracing::warn!(%error, "refused a Stripe webhook");
        FieldError::new("Stripe-Signature", error.to_string())
    })?;
    let recorded = events::record(&state.services.db, &event, now).await?;
    tracing::info!(
        event_id = event.event_id,
        kind = event.kind,
        first_time = recorded.first_time,
        "Stripe event received"
    );
    Ok(Json(WebhookReceipt {
        first_time: recorded.first_time,
        in_ledger: recorded.in_ledger,
    }))
}
