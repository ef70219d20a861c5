//! A booking as one side sees it: the event, the quote agreed, where it stands, what the
//! viewer may do next, its money, and warnings about allergens.

use chrono::{DateTime, Utc};
use domain::{
    booking::{
        days_before, deadline, may_check_in, policy_refund_minor, BookingState, BookingView, Party,
    },
    catalog::Dish,
    events::{allergen_warnings, EventKind, GuestNeeds},
    ledger::BookingLedger,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap};

use super::{
    ledger::{booking_ledgers, money_of},
    steps::state_of,
};
use crate::{
    catalog::dish_from_row,
    entities::{bookings, dishes, event_requests, users},
    ServiceError,
};

/// One booking as `viewer` sees it.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    booking: &bookings::Model,
    viewer: Party,
    now: DateTime<Utc>,
) -> Result<BookingView, ServiceError> {
    let rows = ViewRows::load(db, std::slice::from_ref(booking)).await?;
    rows.view(booking, viewer, now)
}

/// Many bookings, each as its side sees it, in a fixed number of queries.
pub(crate) async fn views_of(
    db: &impl ConnectionTrait,
    seen: &[(bookings::Model, Party)],
    now: DateTime<Utc>,
) -> Result<Vec<BookingView>, ServiceError> {
    let bookings: Vec<bookings::Model> = seen.iter().map(|(booking, _)| booking.clone()).collect();
    let rows = ViewRows::load(db, &bookings).await?;
    seen.iter()
        .map(|(booking, viewer)| rows.view(booking, *viewer, now))
        .collect()
}

/// Everything the views of some bookings read besides the bookings themselves.
struct ViewRows {
    requests: HashMap<i64, event_requests::Model>,
    names: HashMap<i64, String>,
    dishes: HashMap<i64, Dish>,
    ledgers: HashMap<i64, BookingLedger>,
}

impl ViewRows {
    /// Five queries, however many bookings.
    async fn load(
        db: &impl ConnectionTrait,
        bookings: &[bookings::Model],
    ) -> Result<Self, ServiceError> {
        let request_ids: BTreeSet<i64> = bookings.iter().map(|b| b.request_id).collect();
        let people: BTreeSet<i64> = bookings
            .iter()
            .flat_map(|b| [b.customer_id, b.chef_id])
            .collect();
        let dish_ids: BTreeSet<i64> = bookings
            .iter()
            .flat_map(|b| b.dish_ids.0.iter().copied())
            .collect();
        let booking_ids: Vec<i64> = bookings.iter().map(|b| b.id).collect();
        Ok(Self {
            requests: event_requests::Entity::find()
                .filter(event_requests::Column::Id.is_in(request_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|request| (request.id, request))
                .collect(),
            names: users::Entity::find()
                .filter(users::Column::Id.is_in(people))
                .all(db)
                .await?
                .into_iter()
                .map(|user| (user.id, user.display_name))
                .collect(),
            dishes: dishes::Entity::find()
                .filter(dishes::Column::Id.is_in(dish_ids))
                .all(db)
                .await?
                .into_iter()
                .filter_map(dish_from_row)
                .map(|dish| (dish.id, dish))
                .collect(),
            ledgers: booking_ledgers(db, &booking_ids).await?,
        })
    }

    fn view(
        &self,
        booking: &bookings::Model,
        viewer: Party,
        now: DateTime<Utc>,
    ) -> Result<BookingView, ServiceError> {
        let request = self
            .requests
            .get(&booking.request_id)
            .ok_or(ServiceError::NotFound("Event request"))?;
        let name_of = |id: i64| self.names.get(&id).cloned().unwrap_or_default();
        let chosen: Vec<Dish> = booking
            .dish_ids
            .0
            .iter()
            .filter_map(|id| self.dishes.get(id).cloned())
            .collect();
        let empty = BookingLedger::default();
        let ledger = self.ledgers.get(&booking.id).unwrap_or(&empty);
        let guest_needs = GuestNeeds::from_codes(
            &request.allergens.0,
            &request.dietary_needs.0,
            i64::from(booking.special_diet_guests),
        );
        let state = state_of(booking)?;
        let due = deadline(state, booking.state_entered_at, booking.ends_at);
        let kind = EventKind::parse(&request.kind);
        // Only money already paid comes back, and only the customer's share depends on timing.
        let refund_if_cancelled_minor = (viewer == Party::Customer
            && matches!(state, BookingState::Paid | BookingState::Confirmed))
        .then(|| {
            policy_refund_minor(
                ledger.paid_minor(),
                Party::Customer,
                days_before(now, booking.starts_at),
            )
        });
        Ok(BookingView {
            id: booking.id,
            state,
            state_label: state.label().to_owned(),
            viewer,
            chef_id: booking.chef_id,
            chef_name: name_of(booking.chef_id),
            customer_id: booking.customer_id,
            customer_name: name_of(booking.customer_id),
            kind: request.kind.clone(),
            kind_label: kind.map(|k| k.label()).unwrap_or("Event").to_owned(),
            starts_at: booking.starts_at,
            ends_at: booking.ends_at,
            local_start: domain::places::event_clock(
                &request.city,
                booking.starts_at,
                domain::places::ClockStyle::Full,
            ),
            guests: i64::from(request.guests),
            city: request.city.clone(),
            dish_ids: booking.dish_ids.0.clone(),
            quote: booking.quote.0.clone(),
            message: booking.message.clone(),
            deadline: due.map(|(at, _)| at),
            deadline_step: due.map(|(_, step)| step),
            steps: state.offered_steps(viewer),
            allergen_warnings: allergen_warnings(&chosen, &guest_needs.allergens),
            guest_needs,
            money: money_of(ledger),
            refund_if_cancelled_minor,
            chef_checked_in_at: booking.chef_checked_in_at,
            may_check_in: viewer == Party::Chef
                && booking.chef_checked_in_at.is_none()
                && may_check_in(state, booking.starts_at, booking.ends_at, now).is_ok(),
        })
    }
}
