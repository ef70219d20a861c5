//! Posted requests: a customer describes the event once, nearby chefs who are free and fit
//! it are invited, and up to [`MAX_PROPOSALS`] of them answer with a menu, its quote and a
//! message. The customer compares the proposals side by side and accepts one; the others
//! are declined with it.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::BookingView;
use crate::{
    catalog::{Allergen, ChefProfile, DietaryFlag},
    events::SHORTEST_NOTICE,
    pricing::QuoteChoice,
    FieldError,
};

/// A customer compares at most this many proposals: enough to choose, few enough to read.
pub const MAX_PROPOSALS: usize = 4;
/// How many chefs one request invites: more than four, since not all will answer.
pub const INVITE_AT_MOST: usize = 12;
/// How far from the event invited chefs may live (they must also travel that far).
pub const INVITE_RADIUS_KM: f64 = 50.0;

vocabulary! {
    /// Where a posted request stands.
    RequestStatus {
        /// Invited chefs may still propose.
        Open => "open", "Open for proposals";
        /// Four proposals are in: time to compare them.
        Full => "full", "Four proposals in";
        /// The customer accepted a proposal.
        Booked => "booked", "Booked";
        /// Withdrawn by the customer, or too close to the event to plan it.
        Closed => "closed", "Closed";
    }
}

/// Where a request stands: booked wins over everything; then a withdrawn request, or one
/// whose event is too near for a chef to shop and plan, is closed.
pub fn request_status(
    booked: bool,
    withdrawn: bool,
    live_proposals: usize,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> RequestStatus {
    if booked {
        RequestStatus::Booked
    } else if withdrawn || starts_at < now + SHORTEST_NOTICE {
        RequestStatus::Closed
    } else if live_proposals >= MAX_PROPOSALS {
        RequestStatus::Full
    } else {
        RequestStatus::Open
    }
}

/// Why `chef` is not a match for an event of `guests` guests with these dietary needs:
/// they must cook for that many and have at least one dish for each need.
pub fn mismatch(chef: &ChefProfile, guests: u16, needs: &[DietaryFlag]) -> Option<FieldError> {
    if !(chef.min_guests..=chef.max_guests).contains(&guests) {
        return Some(FieldError::new(
            "guests",
            format!(
                "{} cooks for {} to {} guests.",
                chef.card.display_name, chef.min_guests, chef.max_guests
            ),
        ));
    }
    let missing: Vec<&str> = needs
        .iter()
        .filter(|need| !chef.dishes.iter().any(|dish| dish.dietary.contains(need)))
        .map(|need| need.label())
        .collect();
    (!missing.is_empty()).then(|| {
        FieldError::new(
            "dietary_needs",
            format!(
                "{} has no {} dishes yet.",
                chef.card.display_name,
                missing.join(" or ").to_lowercase()
            ),
        )
    })
}

/// A chef's answer to a posted request: a menu from their own dishes and a word to the
/// customer. Sending it again edits the proposal until the customer accepts one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalForm {
    pub dish_ids: Vec<i64>,
    /// Guests whose diet or allergy needs a plate made apart.
    #[serde(default)]
    pub special_diet_guests: i64,
    #[serde(default)]
    pub message: String,
}

/// The event of a posted request as the calculator needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostedEvent {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub guests: i64,
    pub lat: f64,
    pub lng: f64,
}

impl ProposalForm {
    /// The calculator's input for `chef_id`'s menu at `event`, dated where the event is (its
    /// city's UTC offset then), exactly as a direct booking is priced.
    pub fn quote_choice(
        &self,
        chef_id: i64,
        event: &PostedEvent,
        event_offset: FixedOffset,
    ) -> QuoteChoice {
        let minutes = (event.ends_at - event.starts_at).num_minutes();
        QuoteChoice {
            chef_id,
            dish_ids: self.dish_ids.clone(),
            guests: event.guests,
            starts_at: event.starts_at.with_timezone(&event_offset),
            duration_hours: minutes as f64 / 60.0,
            lat: event.lat,
            lng: event.lng,
            special_diet_guests: self.special_diet_guests,
        }
    }
}

/// A posted request as the customer or an invited chef sees it. The customer sees every
/// proposal; a chef sees only their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedRequestView {
    pub id: i64,
    pub status: RequestStatus,
    pub status_label: String,
    /// Whether the viewer posted it (and so sees every proposal).
    pub yours: bool,
    pub customer_name: String,
    pub kind: String,
    pub kind_label: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The start in the event city's local time, e.g. "Sat 12 Jun 2027, 19:00".
    pub local_start: String,
    /// The event's UTC offset then, in seconds: what a proposal's live quote dates it by.
    pub utc_offset_seconds: i32,
    pub guests: i64,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    pub budget_minor: Option<i64>,
    pub dietary_needs: Vec<DietaryFlag>,
    pub allergens: Vec<Allergen>,
    pub notes: String,
    /// Chefs invited so far.
    pub invited: i64,
    /// Live proposals first (cheapest first), then the ones declined or expired.
    pub proposals: Vec<BookingView>,
    /// Whether the viewing chef may send or edit a proposal now.
    pub may_propose: bool,
}

impl PostedRequestView {
    pub fn event(&self) -> PostedEvent {
        PostedEvent {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            guests: self.guests,
            lat: self.lat,
            lng: self.lng,
        }
    }

    pub fn utc_offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_seconds)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }
}

/// How long before the event proposals stop: the notice a direct booking needs.
pub fn proposals_close_at(starts_at: DateTime<Utc>) -> DateTime<Utc> {
    starts_at - SHORTEST_NOTICE
}

/// Whole hours, as a page says how long is left.
pub fn hours_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (until - now).max(Duration::zero()).num_hours()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_request_is_open_until_four_proposals_are_in() {
        let event = now() + Duration::days(20);
        assert_eq!(
            request_status(false, false, 3, event, now()),
            RequestStatus::Open
        );
        assert_eq!(
            request_status(false, false, MAX_PROPOSALS, event, now()),
            RequestStatus::Full
        );
    }

    #[test]
    fn a_booked_request_stays_booked_and_a_late_one_closes() {
        let soon = now() + Duration::hours(47);
        assert_eq!(
            request_status(true, false, 0, soon, now()),
            RequestStatus::Booked
        );
        assert_eq!(
            request_status(false, false, 1, soon, now()),
            RequestStatus::Closed,
            "too near the event to plan"
        );
        assert_eq!(
            request_status(false, true, 0, now() + Duration::days(20), now()),
            RequestStatus::Closed
        );
    }

    fn chef_with_vegan_dish(min_guests: u16, max_guests: u16) -> ChefProfile {
        let json = serde_json::json!({
            "id": 7, "display_name": "Ana", "headline": "", "city": "Lisbon",
            "lat": 38.72, "lng": -9.14, "service_radius_km": 40,
            "base_rate": { "amount_minor": 6000, "currency": "EUR" },
            "years_experience": 5, "cuisines": [], "photo_url": null,
            "bio": "", "education": [], "certifications": [], "languages": [],
            "min_guests": min_guests, "max_guests": max_guests, "photo": null, "gallery": [],
            "dishes": [{
                "id": 1, "name": "Grão com espinafres", "description": "", "course": "main",
                "ingredients": ["chickpeas"], "organic": false, "dietary": ["vegan"],
                "allergens": [], "price_per_guest": { "amount_minor": 1500, "currency": "EUR" },
                "min_guests": 1, "prep_minutes": 30
            }],
            "menus": [], "weekly_hours": [], "busy": []
        });
        serde_json::from_value(json).expect("a chef profile")
    }

    #[test]
    fn a_chef_matches_when_they_cook_for_that_many_and_for_every_diet() {
        let chef = chef_with_vegan_dish(2, 30);
        assert_eq!(mismatch(&chef, 12, &[DietaryFlag::Vegan]), None);
        assert_eq!(mismatch(&chef, 40, &[]).unwrap().field, "guests");
        let no_gluten_free = mismatch(&chef, 12, &[DietaryFlag::Vegan, DietaryFlag::GlutenFree])
            .expect("no gluten-free dish");
        assert!(
            no_gluten_free.message.contains("gluten"),
            "{}",
            no_gluten_free.message
        );
    }

    #[test]
    fn a_proposal_is_priced_for_the_requests_own_event() {
        let starts_at = Utc.with_ymd_and_hms(2027, 6, 11, 23, 30, 0).unwrap();
        let event = PostedEvent {
            starts_at,
            ends_at: starts_at + Duration::minutes(270),
            guests: 10,
            lat: 38.72,
            lng: -9.14,
        };
        let form = ProposalForm {
            dish_ids: vec![1],
            special_diet_guests: 2,
            message: String::new(),
        };
        let choice = form.quote_choice(7, &event, FixedOffset::east_opt(3600).unwrap());
        assert_eq!(choice.duration_hours, 4.5);
        assert_eq!(choice.guests, 10);
        assert_eq!(
            choice.starts_at.date_naive().to_string(),
            "2027-06-12",
            "Saturday where the event is"
        );
    }
}
