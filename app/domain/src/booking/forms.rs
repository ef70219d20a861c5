//! What booking pages and the API send, and the booking as each side sees it.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::{BookingEvent, BookingState, Party};
use crate::{
    events::{AllergenWarning, EventRequestForm, GuestNeeds},
    pricing::{Quote, QuoteChoice},
    FieldError,
};

/// The longest message in a booking's thread.
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// A customer books one chef directly, from the dishes on the chef's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequestForm {
    pub chef_id: i64,
    pub dish_ids: Vec<i64>,
    /// Guests whose diet or allergy needs a plate made apart.
    #[serde(default)]
    pub special_diet_guests: i64,
    pub event: EventRequestForm,
    /// A first word to the chef, kept as the thread's first message.
    #[serde(default)]
    pub message: String,
    /// The total the customer was shown. When given and the price has changed since (the
    /// chef's rank was recomputed, a dish repriced), the booking is refused rather than made
    /// at a price they did not see.
    #[serde(default)]
    pub expected_total_minor: Option<i64>,
}

impl BookingRequestForm {
    /// The calculator's input: the event's own UTC offset (from its city's time zone)
    /// decides which date it falls on, so weekends and holidays are where the event is.
    pub fn quote_choice(&self, event_offset: FixedOffset) -> QuoteChoice {
        QuoteChoice {
            chef_id: self.chef_id,
            dish_ids: self.dish_ids.clone(),
            guests: self.event.guests,
            starts_at: self.event.starts_at.with_timezone(&event_offset),
            duration_hours: self.event.duration_hours,
            lat: self.event.lat,
            lng: self.event.lng,
            special_diet_guests: self.special_diet_guests,
        }
    }
}

/// A message as a form sends it: trimmed, not empty, not endless. The upper bound counts
/// what was sent, spaces included, as a browser's `maxlength` and the API schema do.
pub fn validate_message(body: &str) -> Result<String, FieldError> {
    let sent_chars = body.chars().count();
    let body = body.trim();
    if body.is_empty() {
        return Err(FieldError::new("body", "Write a message first."));
    }
    if sent_chars > MAX_MESSAGE_CHARS {
        return Err(FieldError::new(
            "body",
            format!("Keep a message under {MAX_MESSAGE_CHARS} characters."),
        ));
    }
    Ok(body.to_owned())
}

/// Card details for the sandbox provider's payment form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardForm {
    /// Sandbox test cards: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is declined,
    /// 4000 0000 0000 9995 has insufficient funds.
    pub number: String,
    pub exp_month: u32,
    pub exp_year: i32,
    pub cvc: String,
}

/// How the payment form takes a card: the sandbox's own fields, or Stripe's card form,
/// which turns the card into a PaymentMethod id in the browser so no card number ever
/// reaches Chef Galaxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "provider", rename_all = "snake_case")]
pub enum Checkout {
    Sandbox,
    Stripe { publishable_key: String },
}

/// One side's money on a booking, as the ledger adds it up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingMoney {
    pub paid_minor: i64,
    pub refunded_minor: i64,
    /// Still held by the platform until the complaint window closes.
    pub in_escrow_minor: i64,
    /// Released to the chef (before or after their payout).
    pub released_to_chef_minor: i64,
}

/// A message in a booking's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingMessage {
    pub id: i64,
    pub sender_id: i64,
    pub sender_name: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

/// A booking as one of its two sides sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingView {
    pub id: i64,
    pub state: BookingState,
    pub state_label: String,
    /// Which side the viewer is on.
    pub viewer: Party,
    pub chef_id: i64,
    pub chef_name: String,
    pub customer_id: i64,
    pub customer_name: String,
    /// Event kind code (`wedding`) and its label.
    pub kind: String,
    pub kind_label: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The start in the event city's local time, e.g. "Sat 12 Jun 2027, 19:00".
    pub local_start: String,
    pub guests: i64,
    pub city: String,
    pub dish_ids: Vec<i64>,
    pub quote: Quote,
    pub message: String,
    /// When the booking moves on by itself if nobody acts, and to what.
    pub deadline: Option<DateTime<Utc>>,
    pub deadline_step: Option<BookingEvent>,
    /// The steps the viewer may take now.
    pub steps: Vec<BookingEvent>,
    /// The guests' declared allergies and diets, shown to both sides.
    #[serde(default)]
    pub guest_needs: GuestNeeds,
    pub allergen_warnings: Vec<AllergenWarning>,
    pub money: BookingMoney,
    /// What the customer would get back if they cancelled now, per the published policy.
    pub refund_if_cancelled_minor: Option<i64>,
    /// When the chef marked their arrival, if they did.
    #[serde(default)]
    pub chef_checked_in_at: Option<DateTime<Utc>>,
    /// Whether the viewer (the chef) may check in now.
    #[serde(default)]
    pub may_check_in: bool,
}

/// One payout to a chef's bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payout {
    pub paid_at: DateTime<Utc>,
    pub amount_minor: i64,
}

/// A chef's money, as the ledger adds it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Earnings {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "EUR"))]
    pub currency: crate::money::Currency,
    /// Released to the chef and not yet paid out: what a payout would send now.
    pub owed_minor: i64,
    pub paid_out_minor: i64,
    /// Paid by customers for events still to come or within their complaint window: whole
    /// payments, the platform's fee and VAT included.
    pub in_escrow_minor: i64,
    /// What of that becomes the chef's at release, and what the platform keeps.
    #[serde(default)]
    pub held: crate::ledger::HeldSplit,
    /// Oldest first.
    pub payouts: Vec<Payout>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_trimmed_and_neither_empty_nor_endless() {
        assert_eq!(validate_message("  Hello chef  ").unwrap(), "Hello chef");
        assert_eq!(validate_message(" \n ").unwrap_err().field, "body");
        assert!(validate_message(&"x".repeat(MAX_MESSAGE_CHARS + 1)).is_err());
    }

    #[test]
    fn the_event_date_for_pricing_is_taken_where_the_event_is() {
        use chrono::TimeZone;
        // 23:30 UTC on a Friday is already Saturday in Lisbon summer time (UTC+1).
        let form = BookingRequestForm {
            chef_id: 1,
            dish_ids: vec![2],
            special_diet_guests: 0,
            event: EventRequestForm {
                kind: "dinner".into(),
                starts_at: Utc.with_ymd_and_hms(2027, 6, 11, 23, 30, 0).unwrap(),
                duration_hours: 3.0,
                guests: 8,
                city: "Lisbon".into(),
                lat: 38.72,
                lng: -9.14,
                budget_minor: None,
                dietary_needs: vec![],
                allergens: vec![],
                notes: String::new(),
            },
            message: String::new(),
            expected_total_minor: None,
        };
        let lisbon_summer = FixedOffset::east_opt(3600).unwrap();
        let choice = form.quote_choice(lisbon_summer);
        assert_eq!(choice.starts_at.date_naive().to_string(), "2027-06-12");
        assert_eq!(choice.starts_at.to_utc(), form.event.starts_at);
    }
}
