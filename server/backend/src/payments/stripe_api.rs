//! Stripe as a [`PaymentProvider`]: a charge is a PaymentIntent created and confirmed in one
//! call, a refund a Refund of it. Card numbers never reach Chef Galaxy with Stripe: the
//! browser's Stripe card form turns the card into a PaymentMethod (`pm_…`), and that id is
//! what arrives in the card's number field. Every call carries our idempotency key, so a
//! retried request charges once at Stripe too.

use async_trait::async_trait;
use chrono::NaiveDate;
use domain::{money::Money, FieldError};
use serde_json::Value;

use super::{Charge, ChargeRequest, PaymentError, PaymentProvider};

pub const STRIPE_API: &str = "https://api.stripe.com";

pub struct StripeProvider {
    http: reqwest::Client,
    api_base: String,
    secret_key: String,
    /// The browser's key (`pk_…`) for Stripe's card form.
    publishable_key: String,
}

impl StripeProvider {
    pub fn new(secret_key: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("an HTTP client builds"),
            api_base: STRIPE_API.to_owned(),
            secret_key: secret_key.into(),
            publishable_key: String::new(),
        }
    }

    pub fn with_publishable_key(mut self, publishable_key: impl Into<String>) -> Self {
        self.publishable_key = publishable_key.into();
        self
    }

    /// Talks to another server that speaks Stripe's API (tests run one locally).
    pub fn with_api_base(mut self, api_base: impl Into<String>) -> Self {
        self.api_base = api_base.into().trim_end_matches('/').to_owned();
        self
    }

    async fn post(
        &self,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: &str,
    ) -> Result<Value, PaymentError> {
        let response = self
            .http
            .post(format!("{}{path}", self.api_base))
            .basic_auth(&self.secret_key, Some(""))
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await
            .map_err(|error| PaymentError::Provider(error.to_string()))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|error| PaymentError::Provider(format!("{status}: {error}")))?;
        if status.is_success() {
            return Ok(body);
        }
        Err(refusal(status.as_u16(), &body["error"]))
    }
}

/// Stripe's error object as one of ours: card errors are the payer's to fix; anything
/// else is ours (a bad key, a bug) or Stripe's, and retried later.
fn refusal(status: u16, error: &Value) -> PaymentError {
    let message = error["message"].as_str().unwrap_or("no message").to_owned();
    match (error["type"].as_str(), error["decline_code"].as_str()) {
        (Some("card_error"), Some("insufficient_funds")) => PaymentError::InsufficientFunds,
        (Some("card_error"), _) => PaymentError::Declined(message),
        _ => PaymentError::Provider(format!("Stripe answered {status}: {message}")),
    }
}

fn amount_of(money: Money) -> [(&'static str, String); 2] {
    [
        ("amount", money.amount_minor.to_string()),
        ("currency", money.currency.code().to_ascii_lowercase()),
    ]
}

#[async_trait]
impl PaymentProvider for StripeProvider {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn checkout(&self) -> domain::booking::Checkout {
        domain::booking::Checkout::Stripe {
            publishable_key: self.publishable_key.clone(),
        }
    }

    async fn charge(
        &self,
        request: ChargeRequest,
        _today: NaiveDate,
    ) -> Result<Charge, PaymentError> {
        let payment_method = request.card.number.trim();
        if !payment_method.starts_with("pm_") {
            return Err(PaymentError::InvalidCard(FieldError::new(
                "number",
                "Pay with Stripe's card form: card numbers are never sent to Chef Galaxy.",
            )));
        }
        let mut form = amount_of(request.amount).to_vec();
        form.extend([
            ("payment_method", payment_method.to_owned()),
            ("confirm", "true".to_owned()),
            // Redirect-based methods would need a return page; cards never do.
            ("automatic_payment_methods[enabled]", "true".to_owned()),
            (
                "automatic_payment_methods[allow_redirects]",
                "never".to_owned(),
            ),
        ]);
        let intent = self
            .post("/v1/payment_intents", &form, &request.idempotency_key)
            .await?;
        match intent["status"].as_str() {
            Some("succeeded") => Ok(Charge {
                id: intent["id"].as_str().unwrap_or_default().to_owned(),
                amount: request.amount,
            }),
            Some("requires_action") => Err(PaymentError::Declined(
                "your bank asks for an extra check (3-D Secure), which this checkout cannot do yet"
                    .into(),
            )),
            other => Err(PaymentError::Declined(format!(
                "the payment is {}",
                other.unwrap_or("in an unknown state")
            ))),
        }
    }

    async fn refund(
        &self,
        charge_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        let form = [
            ("payment_intent", charge_id.to_owned()),
            ("amount", amount.amount_minor.to_string()),
        ];
        let refund = self.post("/v1/refunds", &form, idempotency_key).await?;
        Ok(refund["id"].as_str().unwrap_or_default().to_owned())
    }

    async fn payout(
        &self,
        chef_id: i64,
        _amount: Money,
        _idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        // A transfer needs the chef's connected Stripe account, which onboarding does not
        // collect yet; refusing keeps the money owed (and the ledger unchanged).
        Err(PaymentError::Provider(format!(
            "chef {chef_id} has no connected Stripe account to transfer to"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::CardDetails;
    use axum::{
        extract::State,
        http::{HeaderMap, StatusCode},
        routing::post,
        Form, Json, Router,
    };
    use std::{
        collections::HashMap,
        sync::{Arc, Mutex},
    };

    type Seen = Arc<Mutex<Vec<(String, HashMap<String, String>)>>>;

    /// A stand-in for api.stripe.com on localhost that answers like the real API for the
    /// test payment methods Stripe documents.
    async fn fake_stripe() -> (String, Seen) {
        async fn intents(
            State(seen): State<Seen>,
            headers: HeaderMap,
            Form(form): Form<HashMap<String, String>>,
        ) -> (StatusCode, Json<Value>) {
            let key = headers["idempotency-key"].to_str().unwrap().to_owned();
            let authorised = headers["authorization"]
                .to_str()
                .unwrap()
                .starts_with("Basic ");
            seen.lock().unwrap().push((key, form.clone()));
            if !authorised {
                return (StatusCode::UNAUTHORIZED, Json(serde_json::json!({})));
            }
            match form["payment_method"].as_str() {
                "pm_card_visa" => (
                    StatusCode::OK,
                    Json(
                        serde_json::json!({"id": "pi_3Test", "object": "payment_intent", "status": "succeeded", "amount": form["amount"]}),
                    ),
                ),
                "pm_card_visa_chargeDeclinedInsufficientFunds" => (
                    StatusCode::PAYMENT_REQUIRED,
                    Json(
                        serde_json::json!({"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}}),
                    ),
                ),
                "pm_card_threeDSecure2Required" => (
                    StatusCode::OK,
                    Json(serde_json::json!({"id": "pi_3Auth", "status": "requires_action"})),
                ),
                _ => (
                    StatusCode::PAYMENT_REQUIRED,
                    Json(
                        serde_json::json!({"error": {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined."}}),
                    ),
                ),
            }
        }
        async fn refunds(
            State(seen): State<Seen>,
            headers: HeaderMap,
            Form(form): Form<HashMap<String, String>>,
        ) -> Json<Value> {
            seen.lock().unwrap().push((
                headers["idempotency-key"].to_str().unwrap().to_owned(),
                form,
            ));
            Json(serde_json::json!({"id": "re_3Test", "status": "succeeded"}))
        }
        let seen = Seen::default();
        let app = Router::new()
            .route("/v1/payment_intents", post(intents))
            .route("/v1/refunds", post(refunds))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (base, seen)
    }

    fn charge_of(payment_method: &str) -> ChargeRequest {
        ChargeRequest {
            amount: Money::new(48_260, domain::money::Currency::EUR),
            card: CardDetails {
                number: payment_method.into(),
                exp_month: 0,
                exp_year: 0,
                cvc: String::new(),
            },
            idempotency_key: "booking-12-checkout-7f3a".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
    }

    #[tokio::test]
    async fn a_payment_intent_is_created_confirmed_and_keyed_once() {
        let (base, seen) = fake_stripe().await;
        let stripe = StripeProvider::new("sk_test_123").with_api_base(base);
        let charge = stripe
            .charge(charge_of("pm_card_visa"), today())
            .await
            .unwrap();
        assert_eq!(charge.id, "pi_3Test");
        let (key, form) = seen.lock().unwrap()[0].clone();
        assert_eq!(key, "booking-12-checkout-7f3a");
        assert_eq!(form["amount"], "48260");
        assert_eq!(form["currency"], "eur");
        assert_eq!(form["confirm"], "true");
    }

    #[tokio::test]
    async fn card_errors_become_the_payers_refusals() {
        let (base, _) = fake_stripe().await;
        let stripe = StripeProvider::new("sk_test_123").with_api_base(base);
        assert_eq!(
            stripe
                .charge(
                    charge_of("pm_card_visa_chargeDeclinedInsufficientFunds"),
                    today()
                )
                .await,
            Err(PaymentError::InsufficientFunds)
        );
        assert_eq!(
            stripe
                .charge(charge_of("pm_card_chargeDeclined"), today())
                .await,
            Err(PaymentError::Declined("Your card was declined.".into()))
        );
        assert!(matches!(
            stripe.charge(charge_of("pm_card_threeDSecure2Required"), today()).await,
            Err(PaymentError::Declined(why)) if why.contains("3-D Secure")
        ));
        assert!(
            matches!(
                stripe
                    .charge(charge_of("4242 4242 4242 4242"), today())
                    .await,
                Err(PaymentError::InvalidCard(_))
            ),
            "raw card numbers are refused before any call"
        );
    }

    #[tokio::test]
    async fn refunds_name_the_intent_and_the_amount() {
        let (base, seen) = fake_stripe().await;
        let stripe = StripeProvider::new("sk_test_123").with_api_base(base);
        let refund = stripe
            .refund(
                "pi_3Test",
                Money::new(24_130, domain::money::Currency::EUR),
                "refund-41",
            )
            .await
            .unwrap();
        assert_eq!(refund, "re_3Test");
        let (key, form) = seen.lock().unwrap()[0].clone();
        assert_eq!(
            (form["payment_intent"].as_str(), form["amount"].as_str()),
            ("pi_3Test", "24130")
        );
        assert_eq!(
            key, "refund-41",
            "the refund's own key: a retry refunds once"
        );
    }

    #[tokio::test]
    async fn an_unreachable_stripe_is_our_problem_not_the_payers() {
        let stripe = StripeProvider::new("sk_test_123").with_api_base("http://127.0.0.1:9");
        assert!(matches!(
            stripe.charge(charge_of("pm_card_visa"), today()).await,
            Err(PaymentError::Provider(_))
        ));
    }
}
