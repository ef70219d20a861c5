//! A booking as one side sees it: the event, the quote agreed, where it stands, what the
//! viewer may do next, its money, and warnings about allergens.

use chrono::{DateTime, Utc};
use domain::{
    booking::{
        days_before, deadline, may_check_in, policy_refund_minor, BookingState, BookingView, Party,
    },
    catalog::Allergen,
    events::{allergen_warnings, EventKind},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{
    ledger::{booking_ledger, money_of},
    steps::state_of,
};
use crate::{
    catalog::dish_from_row,
    entities::{bookings, dishes, event_requests, users},
    places::time_zone_of,
    ServiceError,
};

pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    booking: &bookings::Model,
    viewer: Party,
    now: DateTime<Utc>,
) -> Result<BookingView, ServiceError> {
    let request = event_requests::Entity::find_by_id(booking.request_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Event request"))?;
    let names = users::Entity::find()
        .filter(users::Column::Id.is_in([booking.customer_id, booking.chef_id]))
        .all(db)
        .await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|user| user.id == id)
            .map(|user| user.display_name.clone())
            .unwrap_or_default()
    };
    let chosen = dishes::Entity::find()
        .filter(dishes::Column::Id.is_in(booking.dish_ids.0.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(dish_from_row)
        .collect::<Vec<_>>();
    let declared: Vec<Allergen> = request
        .allergens
        .0
        .iter()
        .filter_map(|code| Allergen::parse(code))
        .collect();
    let ledger = booking_ledger(db, booking.id).await?;
    let state = state_of(booking)?;
    let due = deadline(state, booking.state_entered_at, booking.ends_at);
    let tz = time_zone_of(&request.city);
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
        local_start: booking
            .starts_at
            .with_timezone(&tz)
            .format("%a %-d %b %Y, %H:%M")
            .to_string(),
        guests: i64::from(request.guests),
        city: request.city.clone(),
        dish_ids: booking.dish_ids.0.clone(),
        quote: booking.quote.0.clone(),
        message: booking.message.clone(),
        deadline: due.map(|(at, _)| at),
        deadline_step: due.map(|(_, step)| step),
        steps: state.steps_for(viewer),
        allergen_warnings: allergen_warnings(&chosen, &declared),
        money: money_of(&ledger),
        refund_if_cancelled_minor,
        chef_checked_in_at: booking.chef_checked_in_at,
        may_check_in: viewer == Party::Chef
            && booking.chef_checked_in_at.is_none()
            && may_check_in(state, booking.starts_at, booking.ends_at, now).is_ok(),
    })
}
