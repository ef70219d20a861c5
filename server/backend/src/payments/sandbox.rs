//! The sandbox payment provider: real card checks (number, expiry, CVC), no network, and the
//! outcome chosen by the card number, with the numbers Stripe's test mode uses:
//!
//! | Card number | Outcome |
//! | --- | --- |
//! | 4242 4242 4242 4242 | paid |
//! | 4000 0000 0000 0002 | declined |
//! | 4000 0000 0000 9995 | declined: insufficient funds |
//!
//! Any expiry in the future and any 3-digit CVC. Other valid numbers are declined, so a real
//! card typed by mistake is never "charged".

use async_trait::async_trait;
use chrono::{Datelike, NaiveDate};
use domain::{
    money::{Currency, Money},
    FieldError,
};
use std::{collections::HashMap, sync::Mutex};

use super::{CardDetails, Charge, ChargeRequest, PaymentError, PaymentProvider};

pub const SUCCESS_CARD: &str = "4242424242424242";
pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";

/// Digits of a card number, spaces and dashes dropped, when it passes the Luhn check.
fn card_digits(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(position, digit)| match (position % 2, digit * 2) {
            (1, doubled) if doubled > 9 => doubled - 9,
            (1, doubled) => doubled,
            _ => digit,
        })
        .sum();
    sum.is_multiple_of(10).then_some(digits)
}

/// The card's number if it is one a card can have, unexpired on `today`, with a CVC.
pub fn check_card(card: &CardDetails, today: NaiveDate) -> Result<String, FieldError> {
    let digits = card_digits(&card.number)
        .ok_or_else(|| FieldError::new("card_number", "This card number is not valid."))?;
    let expiry_ok = (1..=12).contains(&card.exp_month)
        && (card.exp_year, card.exp_month) >= (today.year(), today.month());
    if !expiry_ok {
        return Err(FieldError::new("card_expiry", "This card has expired."));
    }
    let cvc_ok = (3..=4).contains(&card.cvc.len()) && card.cvc.chars().all(|c| c.is_ascii_digit());
    if !cvc_ok {
        return Err(FieldError::new(
            "card_cvc",
            "The security code has 3 or 4 digits.",
        ));
    }
    Ok(digits)
}

/// A charge's id carries what it charged (`sandbox_ch_62006_EUR_<uuid>`): a real provider
/// remembers its charges across our restarts, and so, this way, does the sandbox. (What was
/// refunded before a restart is the ledger's to know; it never refunds more than was paid.)
fn charge_id(amount: Money) -> String {
    format!(
        "sandbox_ch_{}_{}_{}",
        amount.amount_minor,
        amount.currency.code(),
        uuid::Uuid::new_v4().simple()
    )
}

fn charged_by(charge_id: &str) -> Option<Money> {
    let mut parts = charge_id.strip_prefix("sandbox_ch_")?.splitn(3, '_');
    let amount_minor = parts.next()?.parse().ok()?;
    let currency = Currency::parse(parts.next()?).ok()?;
    parts.next()?;
    Some(Money::new(amount_minor, currency))
}

#[derive(Default)]
pub struct SandboxProvider {
    /// Charges by idempotency key, and what has been refunded of each charge.
    charges: Mutex<HashMap<String, Charge>>,
    refunded: Mutex<HashMap<String, i64>>,
    /// Refund ids by idempotency key.
    refunds: Mutex<HashMap<String, String>>,
    /// Payout ids by idempotency key.
    payouts: Mutex<HashMap<String, String>>,
}

impl SandboxProvider {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl PaymentProvider for SandboxProvider {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn charge(
        &self,
        request: ChargeRequest,
        today: NaiveDate,
    ) -> Result<Charge, PaymentError> {
        if let Some(earlier) = self
            .charges
            .lock()
            .expect("not poisoned")
            .get(&request.idempotency_key)
        {
            return Ok(earlier.clone());
        }
        let digits = check_card(&request.card, today).map_err(PaymentError::InvalidCard)?;
        match digits.as_str() {
            SUCCESS_CARD => {}
            INSUFFICIENT_FUNDS_CARD => return Err(PaymentError::InsufficientFunds),
            DECLINED_CARD => return Err(PaymentError::Declined("the bank said no".into())),
            _ => {
                return Err(PaymentError::Declined(
                    "use one of the sandbox test cards".into(),
                ))
            }
        }
        let charge = Charge {
            id: charge_id(request.amount),
            amount: request.amount,
        };
        let mut charges = self.charges.lock().expect("not poisoned");
        // Two racing requests with one key: the first stored wins, both get it.
        Ok(charges
            .entry(request.idempotency_key)
            .or_insert(charge)
            .clone())
    }

    async fn refund(
        &self,
        charge_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        let mut refunds = self.refunds.lock().expect("not poisoned");
        if let Some(earlier) = refunds.get(idempotency_key) {
            return Ok(earlier.clone());
        }
        let charged = charged_by(charge_id)
            .ok_or_else(|| PaymentError::UnknownCharge(charge_id.to_owned()))?;
        let mut refunded = self.refunded.lock().expect("not poisoned");
        let so_far = refunded.entry(charge_id.to_owned()).or_insert(0);
        if amount.currency != charged.currency
            || amount.amount_minor <= 0
            || *so_far + amount.amount_minor > charged.amount_minor
        {
            return Err(PaymentError::RefundTooLarge);
        }
        *so_far += amount.amount_minor;
        let refund_id = format!("sandbox_re_{}", uuid::Uuid::new_v4().simple());
        refunds.insert(idempotency_key.to_owned(), refund_id.clone());
        Ok(refund_id)
    }

    async fn payout(
        &self,
        _chef_id: i64,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        if amount.amount_minor <= 0 {
            return Err(PaymentError::Provider(
                "a payout must be more than zero".into(),
            ));
        }
        let mut payouts = self.payouts.lock().expect("not poisoned");
        Ok(payouts
            .entry(idempotency_key.to_owned())
            .or_insert_with(|| format!("sandbox_po_{}", uuid::Uuid::new_v4().simple()))
            .clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::money::Currency;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 10).unwrap()
    }

    fn card(number: &str) -> CardDetails {
        CardDetails {
            number: number.into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: "123".into(),
        }
    }

    fn charge_of(number: &str, key: &str) -> ChargeRequest {
        ChargeRequest {
            amount: Money::new(62_006, Currency::EUR),
            card: card(number),
            idempotency_key: key.into(),
        }
    }

    #[tokio::test]
    async fn the_success_card_is_charged_once_per_idempotency_key() {
        let sandbox = SandboxProvider::new();
        let first = sandbox
            .charge(charge_of("4242 4242 4242 4242", "k1"), today())
            .await
            .unwrap();
        let replay = sandbox
            .charge(charge_of("4242 4242 4242 4242", "k1"), today())
            .await
            .unwrap();
        assert_eq!(first, replay);
        let other = sandbox
            .charge(charge_of(SUCCESS_CARD, "k2"), today())
            .await
            .unwrap();
        assert_ne!(first.id, other.id);
    }

    #[tokio::test]
    async fn the_documented_cards_decline_and_say_why() {
        let sandbox = SandboxProvider::new();
        assert!(matches!(
            sandbox.charge(charge_of(DECLINED_CARD, "a"), today()).await,
            Err(PaymentError::Declined(_))
        ));
        assert_eq!(
            sandbox
                .charge(charge_of(INSUFFICIENT_FUNDS_CARD, "b"), today())
                .await,
            Err(PaymentError::InsufficientFunds)
        );
        // A valid number that is not a test card is never charged.
        assert!(matches!(
            sandbox
                .charge(charge_of("5555555555554444", "c"), today())
                .await,
            Err(PaymentError::Declined(_))
        ));
    }

    #[test]
    fn cards_are_checked_field_by_field() {
        let field = |card: CardDetails| check_card(&card, today()).unwrap_err().field;
        assert_eq!(field(card("4242 4242 4242 4241")), "card_number");
        assert_eq!(
            field(CardDetails {
                exp_year: 2027,
                exp_month: 2,
                ..card(SUCCESS_CARD)
            }),
            "card_expiry"
        );
        assert_eq!(
            field(CardDetails {
                cvc: "12".into(),
                ..card(SUCCESS_CARD)
            }),
            "card_cvc"
        );
        assert!(check_card(
            &CardDetails {
                exp_year: 2027,
                exp_month: 3,
                ..card(SUCCESS_CARD)
            },
            today()
        )
        .is_ok());
    }

    #[tokio::test]
    async fn refunds_never_exceed_the_charge_and_a_key_refunds_once() {
        let sandbox = SandboxProvider::new();
        let charge = sandbox
            .charge(charge_of(SUCCESS_CARD, "k"), today())
            .await
            .unwrap();
        let half = Money::new(31_003, Currency::EUR);
        let first = sandbox.refund(&charge.id, half, "r1").await.unwrap();
        assert_eq!(
            sandbox.refund(&charge.id, half, "r1").await.unwrap(),
            first,
            "a retry with the same key is the same refund"
        );
        sandbox.refund(&charge.id, half, "r2").await.unwrap();
        assert_eq!(
            sandbox
                .refund(&charge.id, Money::new(1, Currency::EUR), "r3")
                .await,
            Err(PaymentError::RefundTooLarge)
        );
        assert!(matches!(
            sandbox.refund("sandbox_ch_nope", half, "r4").await,
            Err(PaymentError::UnknownCharge(_))
        ));
    }

    #[tokio::test]
    async fn a_charge_made_before_a_restart_can_still_be_refunded_up_to_its_amount() {
        let charge = SandboxProvider::new()
            .charge(charge_of(SUCCESS_CARD, "k"), today())
            .await
            .unwrap();
        let restarted = SandboxProvider::new();
        assert_eq!(
            restarted
                .refund(&charge.id, Money::new(62_007, Currency::EUR), "r0")
                .await,
            Err(PaymentError::RefundTooLarge)
        );
        assert!(restarted
            .refund(&charge.id, charge.amount, "r1")
            .await
            .is_ok());
    }
}
