//! Stripe's webhooks: the `Stripe-Signature` header is checked before anything in the body
//! is believed. Stripe signs `"{timestamp}.{body}"` with HMAC-SHA256 under the endpoint's
//! secret; a signature is accepted when one `v1` value matches (compared in constant time)
//! and the timestamp is recent, so a captured request cannot be replayed later.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How old a signed request may be: Stripe's own libraries use five minutes.
pub const SIGNATURE_TOLERANCE: Duration = Duration::minutes(5);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the Stripe-Signature header is malformed")]
    Malformed,
    #[error("no signature matches the body")]
    BadSignature,
    #[error("the signature is too old (or from the future)")]
    Stale,
    #[error("the body is not a Stripe event: {0}")]
    NotAnEvent(String),
}

/// The parts of a payment event the booking flow needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEvent {
    pub event_id: String,
    /// `payment_intent.succeeded`, `payment_intent.payment_failed`, `charge.refunded`…
    pub kind: String,
    /// The object the event is about: a PaymentIntent (`pi_…`), or a charge (`ch_…`) for
    /// charge events.
    pub object_id: String,
    pub amount_minor: i64,
    /// Upper case, as our money types write it.
    pub currency: String,
    pub booking_id: Option<i64>,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Deserialize)]
struct EventData {
    object: EventObject,
}

#[derive(Deserialize)]
struct EventObject {
    id: String,
    amount: i64,
    currency: String,
    #[serde(default)]
    metadata: std::collections::HashMap<String, String>,
}

/// Checks `signature_header` against `body` and `secret` at `now`, then reads the event.
pub fn verify_webhook(
    body: &[u8],
    signature_header: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<PaymentEvent, WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in signature_header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => {
                signatures.push(hex::decode(value).map_err(|_| WebhookError::Malformed)?)
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::Malformed)?;
    if signatures.is_empty() {
        return Err(WebhookError::Malformed);
    }
    let signed_at = DateTime::from_timestamp(timestamp, 0).ok_or(WebhookError::Malformed)?;
    let matches = signatures.iter().any(|signature| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(signature).is_ok()
    });
    if !matches {
        return Err(WebhookError::BadSignature);
    }
    if (now - signed_at).abs() > SIGNATURE_TOLERANCE {
        return Err(WebhookError::Stale);
    }
    let event: Event = serde_json::from_slice(body)
        .map_err(|error| WebhookError::NotAnEvent(error.to_string()))?;
    Ok(PaymentEvent {
        event_id: event.id,
        kind: event.kind,
        object_id: event.data.object.id,
        amount_minor: event.data.object.amount,
        currency: event.data.object.currency.to_uppercase(),
        booking_id: event
            .data
            .object
            .metadata
            .get("booking_id")
            .and_then(|id| id.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A fixture signed outside this code (Python's hmac) with the secret below.
    const SECRET: &str = "whsec_test_chefgalaxy";
    const BODY: &str = r#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_123","amount":62006,"currency":"eur","metadata":{"booking_id":"42"}}}}"#;
    const SIGNED_AT: i64 = 1_800_000_000;
    const SIGNATURE: &str = "8c320ca483f44469ce9f4fd5792597cc631789af99c3c2515b12db3663a74f4e";

    fn header() -> String {
        format!("t={SIGNED_AT},v1={SIGNATURE},v0=ignored")
    }

    fn at(seconds_later: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(SIGNED_AT + seconds_later, 0).unwrap()
    }

    #[test]
    fn a_correctly_signed_event_is_read() {
        let event = verify_webhook(BODY.as_bytes(), &header(), SECRET, at(30)).unwrap();
        assert_eq!(event.kind, "payment_intent.succeeded");
        assert_eq!(event.object_id, "pi_123");
        assert_eq!(
            (event.amount_minor, event.currency.as_str()),
            (62_006, "EUR")
        );
        assert_eq!(event.booking_id, Some(42));
    }

    #[test]
    fn a_changed_body_or_another_secret_is_refused() {
        let tampered = BODY.replace("62006", "1");
        assert_eq!(
            verify_webhook(tampered.as_bytes(), &header(), SECRET, at(30)),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify_webhook(BODY.as_bytes(), &header(), "whsec_other", at(30)),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn an_old_signature_cannot_be_replayed() {
        assert_eq!(
            verify_webhook(BODY.as_bytes(), &header(), SECRET, at(6 * 60)),
            Err(WebhookError::Stale)
        );
    }

    #[test]
    fn a_header_without_a_timestamp_or_signature_is_malformed() {
        for header in ["", "v1=abcd", &format!("t={SIGNED_AT}"), "t=1,v1=not-hex"] {
            assert_eq!(
                verify_webhook(BODY.as_bytes(), header, SECRET, at(0)),
                Err(WebhookError::Malformed),
                "{header}"
            );
        }
    }
}
