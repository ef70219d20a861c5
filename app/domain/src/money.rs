//! Money as an integer count of minor units (cents) with its currency. Never a float: a float
//! cannot hold 0.10 exactly, and a marketplace that charges people must add up to the cent.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldError;

/// An ISO 4217 currency code: three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "EUR"))]
pub struct Currency([u8; 3]);

impl Currency {
    pub const EUR: Currency = Currency(*b"EUR");
    pub const USD: Currency = Currency(*b"USD");
    pub const GBP: Currency = Currency(*b"GBP");

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let upper = raw.trim().to_ascii_uppercase();
        match upper.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|ch| ch.is_ascii_uppercase()) => {
                Ok(Currency([*a, *b, *c]))
            }
            _ => Err(FieldError::new(
                "currency",
                "Use a three-letter currency code such as EUR.",
            )),
        }
    }

    pub fn code(&self) -> &str {
        // Only ASCII letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"EUR" => Some("€"),
            b"USD" => Some("$"),
            b"GBP" => Some("£"),
            _ => None,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.code().to_owned()
    }
}

/// An amount in minor units of a currency (all currencies we price in have two decimals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub amount_minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount_minor: i64, currency: Currency) -> Self {
        Self {
            amount_minor,
            currency,
        }
    }
}

/// Money as people type it, in major units ("65", "65.5", "65,50"), as minor units: the one
/// reading of typed money (dish and rate prices, budgets, search price filters). None when it
/// is not a non-negative number with at most two decimals.
pub fn minor_units_typed(typed: &str) -> Option<i64> {
    let typed = typed.trim().replace(',', ".");
    let (units, cents) = typed.split_once('.').unwrap_or((&typed, ""));
    if units.is_empty()
        || cents.len() > 2
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !cents.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    units.checked_mul(100)?.checked_add(cents)
}

impl fmt::Display for Money {
    /// `€45.00`, `-$3.50`, or `CHF 12.00` for currencies without a symbol we know.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let units = self.amount_minor.unsigned_abs() / 100;
        let cents = self.amount_minor.unsigned_abs() % 100;
        match self.currency.symbol() {
            Some(symbol) => write!(f, "{sign}{symbol}{units}.{cents:02}"),
            None => write!(f, "{sign}{} {units}.{cents:02}", self.currency.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_money_is_read_in_major_units_with_at_most_two_decimals() {
        assert_eq!(minor_units_typed("65"), Some(6500));
        assert_eq!(minor_units_typed("65.5"), Some(6550));
        assert_eq!(minor_units_typed(" 18,25 "), Some(1825));
        assert_eq!(minor_units_typed("18.255"), None);
        assert_eq!(minor_units_typed("-3"), None);
        assert_eq!(minor_units_typed("abc"), None);
        assert_eq!(minor_units_typed("1e3"), None, "no float syntax");
        assert_eq!(
            minor_units_typed("99999999999999999999"),
            None,
            "no overflow"
        );
    }

    #[test]
    fn money_prints_with_two_decimals_and_its_symbol() {
        assert_eq!(Money::new(4500, Currency::EUR).to_string(), "€45.00");
        assert_eq!(Money::new(5, Currency::USD).to_string(), "$0.05");
        assert_eq!(Money::new(-350, Currency::GBP).to_string(), "-£3.50");
    }

    #[test]
    fn a_currency_without_a_known_symbol_prints_its_code() {
        let chf = Currency::parse("chf").unwrap();
        assert_eq!(Money::new(1200, chf).to_string(), "CHF 12.00");
    }

    #[test]
    fn a_currency_code_must_be_three_letters() {
        for bad in ["", "EU", "EURO", "E1R"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn money_serialises_as_minor_units_and_a_code() {
        let json = serde_json::to_string(&Money::new(1999, Currency::EUR)).unwrap();
        assert_eq!(json, r#"{"amount_minor":1999,"currency":"EUR"}"#);
    }
}
