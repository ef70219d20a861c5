//! What a visitor has chosen in "Price your event", as typed: the quote builder prices it
//! and the booking request under it sends it.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuoteInputs {
    pub dishes: BTreeSet<i64>,
    pub guests: String,
    pub special_diets: String,
    pub date: String,
    pub time: String,
    pub hours: String,
    pub city: String,
}
