//! The steps that move money: paying into escrow, cancelling with the policy's refund,
//! releasing to the chef, and paying chefs out. Requests from people carry an idempotency
//! key ([`crate::idempotency`]): a replay returns the first response and moves nothing.

use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, Role},
    booking::{days_before, BookingEvent, BookingState, BookingView, CardForm, Earnings, Party},
    ledger::{Account, HeldSplit, Movement},
    money::{Currency, Money},
    pricing::VAT_LABEL_PREFIX,
    AppError, FieldError,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;
use std::sync::Arc;

use super::store::{
    charges::{charge_request, reservation, reserve_charge, settle_reservation, RESERVED},
    holds::{holds_booking, payout_held_bookings},
    ledger::{append, booking_ledger, chef_balances, chef_payouts, post_movement, refused},
    locking::{locked, locked_for},
    steps::{state_of, take_step, wake_parties},
    view::view_of,
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{bookings, chef_profiles, ledger_entries},
    idempotency::{once, record, recorded, reserve, Claim, Idempotent, Replayable},
    payments::{Charge, PaymentError, PaymentProvider},
    ServiceError,
};

/// Money on bookings: the customer's payment into escrow, cancellations with the policy's
/// refund, chefs' earnings and payouts.
#[derive(Clone)]
pub struct Escrow {
    db: DatabaseConnection,
    clock: Clock,
    payments: Arc<dyn PaymentProvider>,
    bus: NotificationBus,
}

impl Escrow {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            payments: deps.payments.clone(),
            bus: deps.bus.clone(),
        }
    }

    /// Which payment provider takes the money (the browser's card form differs by it).
    pub fn payments(&self) -> Arc<dyn PaymentProvider> {
        self.payments.clone()
    }

    fn wake(&self, booking: &bookings::Model) {
        wake_parties(&self.bus, booking);
    }

    /// The customer pays an accepted booking; the money waits in escrow until the event is
    /// over. A declined card is refused with the reason, and nothing changes.
    ///
    /// No transaction is open while the card network answers: the charge is reserved in one,
    /// the provider called, and what it said confirmed in another (see [`super::store::charges`]).
    pub async fn pay(
        &self,
        customer: &CurrentUser,
        id: i64,
        card: &CardForm,
        key: &str,
    ) -> Result<Replayable<BookingView>, ServiceError> {
        let now = self.clock.now();
        // A Stripe PaymentMethod id is its own reference; a typed number only its digits.
        let card_ref: String = match card.number.trim() {
            id if id.starts_with("pm_") => id.to_owned(),
            typed => typed.chars().filter(char::is_ascii_digit).collect(),
        };
        let request = Idempotent {
            user_id: customer.id,
            key,
            scope: format!("pay booking {id}"),
            request: json!({ "booking_id": id, "card": [card_ref, card.exp_month, card.exp_year] }),
        };
        let claim = reserve(&self.db, &request, now, async |txn| {
            let (booking, party) = locked_for(txn, customer, id).await?;
            if party != Party::Customer {
                return Err(ServiceError::Forbidden(
                    "Only the customer pays for a booking.",
                ));
            }
            // Refused now if the ledger would refuse it at confirmation.
            booking_ledger(txn, id)
                .await?
                .pay(state_of(&booking)?, booking.total_minor)
                .map_err(refused)?;
            reserve_charge(txn, &booking, customer.id, key, card, now).await
        })
        .await?;
        let reservation = match claim {
            Claim::Answered(answer) => return Ok(answer),
            Claim::Reserved(reservation) => reservation,
        };
        let charged = self
            .payments
            .charge(charge_request(&reservation)?, now.date_naive())
            .await;
        match confirm_charge(
            &self.db,
            &self.bus,
            reservation.id,
            charged,
            self.clock.now(),
        )
        .await
        {
            Err(ServiceError::Payment(PaymentError::Provider(why))) => {
                tracing::error!(booking_id = id, %why, "payment unconfirmed; the reconcile job will finish it");
                Err(ServiceError::PaymentUnconfirmed)
            }
            confirmed => confirmed,
        }
    }

    /// Either side cancels. The customer gets back what the published policy says for the
    /// days left (everything when the chef cancels); the rest compensates the chef.
    pub async fn cancel(
        &self,
        actor: &CurrentUser,
        id: i64,
        key: &str,
    ) -> Result<Replayable<BookingView>, ServiceError> {
        let now = self.clock.now();
        let request = Idempotent {
            user_id: actor.id,
            key,
            scope: format!("cancel booking {id}"),
            request: json!({ "booking_id": id }),
        };
        let mut moved = None;
        let response = once(&self.db, &request, now, async |txn| {
            let (booking, party) = locked_for(txn, actor, id).await?;
            let cancelled = cancel_on(txn, &booking, party, Some(actor.id), key, now).await?;
            let view = view_of(txn, &cancelled, party, now).await?;
            moved = Some(cancelled);
            Ok(view)
        })
        .await?;
        if let Some(booking) = &moved {
            self.wake(booking);
            tracing::info!(booking_id = id, "booking cancelled");
        }
        Ok(response)
    }

    /// Pays the chef everything released to them and not yet paid out.
    pub async fn payout(
        &self,
        chef: &CurrentUser,
        key: &str,
    ) -> Result<Replayable<Earnings>, ServiceError> {
        if chef.role != Role::Chef {
            return Err(ServiceError::Forbidden("Only chefs are paid out."));
        }
        let now = self.clock.now();
        let request = Idempotent {
            user_id: chef.id,
            key,
            scope: "payout".into(),
            request: json!({ "chef_id": chef.id }),
        };
        once(&self.db, &request, now, async |txn| {
            let owed_by_booking = owed_per_booking(txn, chef.id, now).await?;
            let total: i64 = owed_by_booking.iter().map(|(_, owed)| owed).sum();
            if total <= 0 {
                return Err(ServiceError::Conflict(FieldError::new(
                    "amount",
                    "Nothing is owed to you yet: payments are released 24 hours after each event.",
                )));
            }
            let currency = chef_currency(txn, chef.id).await?;
            let reference = self
                .payments
                .payout(
                    chef.id,
                    Money::new(total, currency),
                    &format!("payout-{}-{}", chef.id, key.trim()),
                )
                .await?;
            for (booking_id, owed) in owed_by_booking {
                let booking = bookings::Entity::find_by_id(booking_id)
                    .one(txn)
                    .await?
                    .ok_or(ServiceError::NotFound("Booking"))?;
                let mut ledger = booking_ledger(txn, booking_id).await?;
                let payout = ledger.payout(owed).map_err(refused)?.clone();
                append(txn, &booking, &payout, Some(reference.clone()), now).await?;
            }
            tracing::info!(chef_id = chef.id, total, "chef paid out");
            earnings_on(txn, chef.id).await
        })
        .await
    }

    pub async fn earnings(&self, chef: &CurrentUser) -> Result<Earnings, ServiceError> {
        earnings_on(&self.db, chef.id).await
    }
}

/// Cancels `booking` for `party` on `txn`: the policy's refund goes back to the card, the
/// rest is settled, the calendar is freed.
pub(super) async fn cancel_on(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    party: Party,
    actor_id: Option<i64>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bookings::Model, ServiceError> {
    let before = state_of(booking)?;
    if holds_booking(txn, booking.id).await? {
        return Err(ServiceError::Conflict(FieldError::new(
            "state",
            "A dispute is open on this booking: its ruling settles the money.",
        )));
    }
    let mut ledger = booking_ledger(txn, booking.id).await?;
    let refund = ledger
        .refund_on_cancel(before, party, days_before(now, booking.starts_at))
        .map_err(refused)?
        .cloned();
    if let Some(refund) = refund {
        let amount = post_movement(txn, booking, &refund, now).await?;
        tracing::info!(
            booking_id = booking.id,
            amount,
            key,
            "refunded on cancellation"
        );
    }
    let cancelled = take_step(txn, booking, BookingEvent::Cancel, party, actor_id, now).await?;
    if let Some(kept) = ledger
        .settle_cancelled(BookingState::Cancelled, booking.fee_minor)
        .map_err(refused)?
        .cloned()
    {
        append(txn, booking, &kept, None, now).await?;
    }
    Ok(cancelled)
}

/// After the complaint window: escrow goes to the chef, less the platform's fee.
pub(super) async fn release_on(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    now: DateTime<Utc>,
) -> Result<bookings::Model, ServiceError> {
    let state = state_of(booking)?;
    let mut ledger = booking_ledger(txn, booking.id).await?;
    let release = ledger
        .release(state, booking.fee_minor)
        .map_err(refused)?
        .clone();
    debug_assert_eq!(release.movement, Movement::Release);
    append(txn, booking, &release, None, now).await?;
    take_step(
        txn,
        booking,
        BookingEvent::Release,
        Party::System,
        None,
        now,
    )
    .await
}

/// Confirms reservation `reservation_id` with what the provider answered, in one short
/// transaction: a charge moves the money into escrow and the booking to paid; a refusal closes
/// the reservation and is the request's outcome. Whoever confirms first decides; a later
/// confirmation (the reconcile job racing the request) gets that outcome back. A provider
/// that did not answer leaves the reservation open for the reconcile job.
pub(crate) async fn confirm_charge(
    db: &DatabaseConnection,
    bus: &NotificationBus,
    reservation_id: i64,
    charged: Result<Charge, PaymentError>,
    now: DateTime<Utc>,
) -> Result<Replayable<BookingView>, ServiceError> {
    if let Err(PaymentError::Provider(why)) = charged {
        return Err(ServiceError::Payment(PaymentError::Provider(why)));
    }
    let txn = begin_write(db).await?;
    let booking_id = reservation(&txn, reservation_id).await?.booking_id;
    let booking = locked(&txn, booking_id)
        .await?
        .ok_or(ServiceError::NotFound("Booking"))?;
    // Read again under the booking's lock: only one confirmation sees it open.
    let reservation = reservation(&txn, reservation_id).await?;
    if reservation.state != RESERVED {
        txn.rollback().await?;
        let outcome = recorded(db, reservation.user_id, &reservation.request_key)
            .await?
            .ok_or(ServiceError::NotFound("Payment outcome"))?;
        return Ok(Replayable {
            outcome,
            replayed: true,
        });
    }
    let outcome = match charged {
        Ok(charge) => {
            let mut ledger = booking_ledger(&txn, booking_id).await?;
            let payment = ledger
                .pay(state_of(&booking)?, reservation.amount_minor)
                .map_err(refused)?
                .clone();
            append(&txn, &booking, &payment, Some(charge.id.clone()), now).await?;
            let paid = take_step(
                &txn,
                &booking,
                BookingEvent::Pay,
                Party::Customer,
                Some(reservation.user_id),
                now,
            )
            .await?;
            settle_reservation(&txn, &reservation, Some(charge.id), now).await?;
            Ok(view_of(&txn, &paid, Party::Customer, now).await?)
        }
        Err(refusal) => {
            settle_reservation(&txn, &reservation, None, now).await?;
            Err(AppError::from(ServiceError::Payment(refusal)))
        }
    };
    record(
        &txn,
        reservation.user_id,
        &reservation.request_key,
        &outcome,
    )
    .await?;
    txn.commit().await?;
    if outcome.is_ok() {
        wake_parties(bus, &booking);
        tracing::info!(booking_id, "booking paid");
    }
    Ok(Replayable {
        outcome,
        replayed: false,
    })
}

/// What each booking owes the chef, leaving out shares an appeal may still change.
async fn owed_per_booking(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, ServiceError> {
    let held = payout_held_bookings(db, chef_id, now).await?;
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::ChefId.eq(chef_id))
        .filter(ledger_entries::Column::Account.eq(Account::ChefPayable.code()))
        .all(db)
        .await?;
    let mut owed = std::collections::BTreeMap::<i64, i64>::new();
    for entry in entries {
        *owed.entry(entry.booking_id).or_insert(0) += entry.amount_minor;
    }
    Ok(owed
        .into_iter()
        .filter(|(booking_id, amount)| *amount > 0 && !held.contains(booking_id))
        .collect())
}

async fn chef_currency(db: &impl ConnectionTrait, chef_id: i64) -> Result<Currency, ServiceError> {
    let profile = chef_profiles::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Chef"))?;
    Ok(Currency::parse(&profile.currency).unwrap_or(Currency::EUR))
}

async fn earnings_on(db: &impl ConnectionTrait, chef_id: i64) -> Result<Earnings, ServiceError> {
    let balances = chef_balances(db, chef_id).await?;
    let balance = |account| balances.get(&account).copied().unwrap_or_default();
    Ok(Earnings {
        currency: chef_currency(db, chef_id).await?,
        owed_minor: balance(Account::ChefPayable),
        paid_out_minor: balance(Account::ChefPaidOut),
        in_escrow_minor: balance(Account::Escrow),
        held: held_split(db, chef_id).await?,
        payouts: chef_payouts(db, chef_id).await?,
    })
}

/// How the payments held for the chef's coming events will split at release.
async fn held_split(db: &impl ConnectionTrait, chef_id: i64) -> Result<HeldSplit, ServiceError> {
    let mut held = std::collections::BTreeMap::<i64, i64>::new();
    for entry in ledger_entries::Entity::find()
        .filter(ledger_entries::Column::ChefId.eq(chef_id))
        .filter(ledger_entries::Column::Account.eq(Account::Escrow.code()))
        .all(db)
        .await?
    {
        *held.entry(entry.booking_id).or_insert(0) += entry.amount_minor;
    }
    held.retain(|_, amount| *amount > 0);
    let booked = bookings::Entity::find()
        .filter(bookings::Column::Id.is_in(held.keys().copied()))
        .all(db)
        .await?;
    Ok(booked.iter().fold(HeldSplit::default(), |sum, booking| {
        let vat_minor = booking
            .quote
            .0
            .lines
            .iter()
            .filter(|line| line.label.starts_with(VAT_LABEL_PREFIX))
            .map(|line| line.amount_minor)
            .sum();
        sum + HeldSplit::of(
            held[&booking.id],
            booking.total_minor,
            booking.fee_minor,
            vat_minor,
        )
    }))
}
