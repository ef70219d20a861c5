//! The ledger in the database: the domain's [`BookingLedger`] decides what moves, these
//! functions read a booking's transactions back and append new ones. Rows are only ever
//! inserted (the database refuses updates and deletes), and balances are sums of entries.

use chrono::{DateTime, Utc};
use domain::{
    booking::{BookingMoney, Payout},
    ledger::{Account, BookingLedger, Entry, Movement, Transaction},
    money::Currency,
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::{BTreeMap, HashMap};

use crate::{
    entities::{bookings, ledger_entries, ledger_transactions},
    ServiceError,
};

use super::refunds::queue_refund;

fn corrupt(what: String) -> ServiceError {
    ServiceError::Database(sea_orm::DbErr::Custom(what))
}

/// One booking's ledger, oldest transaction first.
pub(crate) async fn booking_ledger(
    db: &impl ConnectionTrait,
    booking_id: i64,
) -> Result<BookingLedger, ServiceError> {
    Ok(booking_ledgers(db, &[booking_id])
        .await?
        .remove(&booking_id)
        .unwrap_or_default())
}

/// The ledgers of `booking_ids` in two queries, whatever their number; a booking with no
/// transaction yet has an empty one.
pub(crate) async fn booking_ledgers(
    db: &impl ConnectionTrait,
    booking_ids: &[i64],
) -> Result<HashMap<i64, BookingLedger>, ServiceError> {
    let transactions = ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::BookingId.is_in(booking_ids.iter().copied()))
        .order_by_asc(ledger_transactions::Column::Id)
        .all(db)
        .await?;
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::BookingId.is_in(booking_ids.iter().copied()))
        .order_by_asc(ledger_entries::Column::Id)
        .all(db)
        .await?;
    let mut by_transaction: BTreeMap<i64, Vec<Entry>> = BTreeMap::new();
    for entry in entries {
        let account = Account::parse(&entry.account)
            .ok_or_else(|| corrupt(format!("unknown ledger account {:?}", entry.account)))?;
        by_transaction
            .entry(entry.transaction_id)
            .or_default()
            .push(Entry {
                account,
                amount_minor: entry.amount_minor,
            });
    }
    let mut ledgers: HashMap<i64, BookingLedger> = booking_ids
        .iter()
        .map(|&id| (id, BookingLedger::default()))
        .collect();
    for transaction in transactions {
        let movement = Movement::parse(&transaction.movement)
            .ok_or_else(|| corrupt(format!("unknown movement {:?}", transaction.movement)))?;
        ledgers
            .entry(transaction.booking_id)
            .or_default()
            .transactions
            .push(Transaction {
                movement,
                entries: by_transaction.remove(&transaction.id).unwrap_or_default(),
            });
    }
    Ok(ledgers)
}

/// Appends `transaction` to the booking's ledger and returns its id. An unbalanced
/// transaction never reaches the database.
pub(crate) async fn append(
    db: &impl ConnectionTrait,
    booking: &bookings::Model,
    transaction: &Transaction,
    provider_ref: Option<String>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    if !transaction.is_balanced() {
        return Err(corrupt(format!(
            "refused an unbalanced {:?} for booking {}",
            transaction.movement, booking.id
        )));
    }
    let saved = ledger_transactions::ActiveModel {
        booking_id: Set(booking.id),
        movement: Set(transaction.movement.code().to_owned()),
        provider_ref: Set(provider_ref),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    ledger_entries::Entity::insert_many(transaction.entries.iter().map(|entry| {
        ledger_entries::ActiveModel {
            transaction_id: Set(saved.id),
            booking_id: Set(booking.id),
            chef_id: Set(booking.chef_id),
            account: Set(entry.account.code().to_owned()),
            amount_minor: Set(entry.amount_minor),
            currency: Set(booking.currency.clone()),
            ..Default::default()
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(saved.id)
}

pub(crate) fn money_of(ledger: &BookingLedger) -> BookingMoney {
    BookingMoney {
        paid_minor: ledger.paid_minor(),
        refunded_minor: ledger.refunded_minor(),
        in_escrow_minor: ledger.balance(Account::Escrow),
        released_to_chef_minor: ledger.balance(Account::ChefPayable)
            + ledger.balance(Account::ChefPaidOut),
    }
}

/// A chef's balance on each account, over all their bookings.
pub(crate) async fn chef_balances(
    db: &impl ConnectionTrait,
    chef_id: i64,
) -> Result<BTreeMap<Account, i64>, ServiceError> {
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::ChefId.eq(chef_id))
        .all(db)
        .await?;
    let mut balances = BTreeMap::new();
    for entry in entries {
        if let Some(account) = Account::parse(&entry.account) {
            *balances.entry(account).or_insert(0) += entry.amount_minor;
        }
    }
    Ok(balances)
}

/// Every payout to the chef, oldest first; one payout request may span several bookings.
pub(crate) async fn chef_payouts(
    db: &impl ConnectionTrait,
    chef_id: i64,
) -> Result<Vec<Payout>, ServiceError> {
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::ChefId.eq(chef_id))
        .filter(ledger_entries::Column::Account.eq(Account::ChefPaidOut.code()))
        .all(db)
        .await?;
    let transaction_ids: Vec<i64> = entries.iter().map(|entry| entry.transaction_id).collect();
    let times: BTreeMap<i64, (DateTime<Utc>, Option<String>)> = ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::Id.is_in(transaction_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, (t.created_at, t.provider_ref)))
        .collect();
    // Entries of one payout request share the provider's payout reference.
    let mut payouts: BTreeMap<(DateTime<Utc>, String), i64> = BTreeMap::new();
    for entry in entries {
        if let Some((at, reference)) = times.get(&entry.transaction_id) {
            *payouts
                .entry((*at, reference.clone().unwrap_or_default()))
                .or_insert(0) += entry.amount_minor;
        }
    }
    Ok(payouts
        .into_iter()
        .map(|((paid_at, _), amount_minor)| Payout {
            paid_at,
            amount_minor,
        })
        .collect())
}

pub(crate) fn refused(why: domain::ledger::Refused) -> ServiceError {
    ServiceError::Conflict(FieldError::new("state", why.0))
}

pub(crate) fn currency_of(booking: &bookings::Model) -> Currency {
    Currency::parse(&booking.currency).unwrap_or(Currency::EUR)
}

/// What a transaction puts into `account`.
fn amount_into(transaction: &Transaction, account: Account) -> i64 {
    transaction
        .entries
        .iter()
        .filter(|entry| entry.account == account)
        .map(|entry| entry.amount_minor)
        .sum()
}

/// Appends `transaction`; what it owes back to the customer's card is queued for the
/// `payment.send_refund` job, which sends it holding no transaction. Returns what it refunds.
pub(crate) async fn post_movement(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    transaction: &Transaction,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let refunded = amount_into(transaction, Account::Refunds);
    let ledger_transaction_id = append(txn, booking, transaction, None, now).await?;
    if transaction.movement == Movement::Refund && refunded > 0 {
        queue_refund(txn, booking, ledger_transaction_id, refunded, now).await?;
    }
    Ok(refunded)
}
