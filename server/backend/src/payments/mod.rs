//! Taking and returning money through a payment provider. The ledger (domain::ledger) says
//! what moves between accounts; a provider moves it on cards. Two providers:
//! [`SandboxProvider`], the default, with documented test cards and no network; and
//! [`StripeProvider`] (PaymentIntents), whose signed webhooks [`stripe::verify_webhook`] checks.

pub mod events;
pub mod sandbox;
pub mod stripe;
pub mod stripe_api;

use async_trait::async_trait;
use chrono::NaiveDate;
use domain::{money::Money, FieldError};
use serde::{Deserialize, Serialize};

pub use sandbox::SandboxProvider;
pub use stripe_api::StripeProvider;

/// Card details as the payment form sends them (the sandbox only; real cards go to the
/// provider's own form and never touch our servers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardDetails {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: i32,
    pub cvc: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRequest {
    pub amount: Money,
    pub card: CardDetails,
    /// The same key charges once, however often it is sent.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The provider's id of the charge, for refunds and reconciliation.
    pub id: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("{}", .0.message)]
    InvalidCard(FieldError),
    #[error("The card was declined: {0}")]
    Declined(String),
    #[error("The card has insufficient funds.")]
    InsufficientFunds,
    #[error("The charge {0} is not known.")]
    UnknownCharge(String),
    #[error("The refund is more than what is left of the charge.")]
    RefundTooLarge,
    #[error("The payment provider failed: {0}")]
    Provider(String),
}

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    fn name(&self) -> &'static str;

    /// What the browser's payment form needs to take a card for this provider.
    fn checkout(&self) -> domain::booking::Checkout {
        domain::booking::Checkout::Sandbox
    }

    /// Charges the card; `today` decides whether it has expired.
    async fn charge(
        &self,
        request: ChargeRequest,
        today: NaiveDate,
    ) -> Result<Charge, PaymentError>;

    /// Returns part or all of a charge to its card; the same key refunds once. Returns the
    /// refund's id.
    async fn refund(
        &self,
        charge_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, PaymentError>;

    /// Sends a chef what they earned; the same key pays once. Returns the payout's id.
    async fn payout(
        &self,
        chef_id: i64,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, PaymentError>;
}
