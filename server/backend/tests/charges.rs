//! Money never holds a transaction while the card network answers: other writers go on while
//! it thinks, a server that dies between the network's charge and our confirmation ends,
//! once the reconcile job has run, with exactly one charge and a balanced ledger, and a
//! cancellation's refund is sent by a job after the cancellation committed. On SQLite and
//! PostgreSQL, with a card network (the sandbox behind a gate) the test controls.

use async_trait::async_trait;
use backend::{
    bookings::RECONCILE_AFTER,
    payments::{Charge, ChargeRequest, PaymentError, PaymentProvider, SandboxProvider},
    Clock, Services,
};
use chrono::{Duration, NaiveDate};
use domain::{
    account::CurrentUser,
    booking::{BookingState, CardForm},
    catalog::Course,
    money::Money,
    ErrorCode,
};
use sea_orm::DatabaseConnection;
use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
};
use tokio::sync::{Notify, Semaphore};

mod common;
use common::*;

/// The sandbox behind a card network whose answers the test holds back or loses.
struct CardNetwork {
    sandbox: SandboxProvider,
    /// Charges wait for a permit while set.
    held: AtomicBool,
    permits: Semaphore,
    /// The next charge is made, but its answer never reaches us.
    lose_next_answer: AtomicBool,
    /// Signalled when a held charge arrives, or a lost answer's charge is made.
    reached: Notify,
    calls: AtomicUsize,
    /// Every distinct charge the network made.
    charges: Mutex<BTreeSet<String>>,
    refund_calls: AtomicUsize,
    /// Every distinct refund, with its amount.
    refunds: Mutex<BTreeMap<String, i64>>,
}

impl Default for CardNetwork {
    fn default() -> Self {
        Self {
            sandbox: SandboxProvider::new(),
            held: AtomicBool::new(false),
            permits: Semaphore::new(0),
            lose_next_answer: AtomicBool::new(false),
            reached: Notify::new(),
            calls: AtomicUsize::new(0),
            charges: Mutex::default(),
            refund_calls: AtomicUsize::new(0),
            refunds: Mutex::default(),
        }
    }
}

#[async_trait]
impl PaymentProvider for CardNetwork {
    fn name(&self) -> &'static str {
        "test card network"
    }

    async fn charge(
        &self,
        request: ChargeRequest,
        today: NaiveDate,
    ) -> Result<Charge, PaymentError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.held.load(Ordering::SeqCst) {
            self.reached.notify_one();
            self.permits
                .acquire()
                .await
                .expect("the gate stays open")
                .forget();
        }
        let charge = self.sandbox.charge(request, today).await?;
        self.charges.lock().unwrap().insert(charge.id.clone());
        if self.lose_next_answer.swap(false, Ordering::SeqCst) {
            self.reached.notify_one();
            std::future::pending::<()>().await;
        }
        Ok(charge)
    }

    async fn refund(
        &self,
        charge_id: &str,
        amount: Money,
        key: &str,
    ) -> Result<String, PaymentError> {
        self.refund_calls.fetch_add(1, Ordering::SeqCst);
        if self.held.load(Ordering::SeqCst) {
            self.reached.notify_one();
            self.permits
                .acquire()
                .await
                .expect("the gate stays open")
                .forget();
        }
        let refund_id = self.sandbox.refund(charge_id, amount, key).await?;
        self.refunds
            .lock()
            .unwrap()
            .insert(refund_id.clone(), amount.amount_minor);
        Ok(refund_id)
    }

    async fn payout(&self, chef_id: i64, amount: Money, key: &str) -> Result<String, PaymentError> {
        self.sandbox.payout(chef_id, amount, key).await
    }
}

struct Table {
    services: Services,
    network: Arc<CardNetwork>,
    chef: CurrentUser,
    customer: CurrentUser,
    dish_ids: Vec<i64>,
}

async fn table(db: DatabaseConnection) -> Table {
    let network = Arc::new(CardNetwork::default());
    let services = services(db)
        .with_clock(Clock::adjustable())
        .with_payments(network.clone());
    let chef = lisbon_chef(&services).await;
    let mut dish_ids = Vec::new();
    for (name, course, price) in [
        ("Caldo verde", Course::Starter, 900),
        ("Bacalhau", Course::Main, 2600),
    ] {
        dish_ids.push(
            services
                .menus
                .create_dish(&chef, chef.id, &dish(name, course, price))
                .await
                .unwrap()
                .id,
        );
    }
    let customer = sign_up(&services, "rui@example.com", false).await;
    Table {
        services,
        network,
        chef,
        customer,
        dish_ids,
    }
}

impl Table {
    /// A booking `days` ahead, accepted by the chef and waiting for the payment.
    async fn accepted_in(&self, days: i64) -> i64 {
        let starts_at = self.services.clock.now() + Duration::days(days);
        let form = lisbon_dinner(self.chef.id, self.dish_ids.clone(), starts_at);
        let requested = self
            .services
            .bookings
            .request(&self.customer, &form)
            .await
            .unwrap();
        self.services
            .bookings
            .accept(&self.chef, requested.id, None)
            .await
            .unwrap();
        requested.id
    }

    fn pay_in_background(
        &self,
        id: i64,
        key: &str,
    ) -> tokio::task::JoinHandle<
        Result<
            backend::idempotency::Replayable<domain::booking::BookingView>,
            backend::ServiceError,
        >,
    > {
        let (services, customer, key) =
            (self.services.clone(), self.customer.clone(), key.to_owned());
        tokio::spawn(async move { services.escrow.pay(&customer, id, &card(), &key).await })
    }

    async fn state_of(&self, id: i64) -> BookingState {
        self.services
            .bookings
            .get(&self.customer, id)
            .await
            .unwrap()
            .state
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.services.db, sql).await
    }
}

fn card() -> CardForm {
    CardForm {
        number: "4242 4242 4242 4242".into(),
        exp_month: 12,
        exp_year: 2099,
        cvc: "123".into(),
    }
}

on_every_database! {
    async fn fifty_writes_complete_while_the_card_network_is_still_thinking(db: DatabaseConnection) {
        let t = table(db).await;
        let paying = t.accepted_in(20).await;
        let other = t.accepted_in(30).await;
        t.network.held.store(true, Ordering::SeqCst);

        let messages_before = t.count("SELECT COUNT(*) FROM messages").await;
        let payment = t.pay_in_background(paying, "checkout-1");
        t.network.reached.notified().await;
        let writes = async {
            for n in 0..50 {
                match n % 3 {
                    0 => { t.services.threads.post_message(&t.customer, paying, &format!("Question {n} about the menu")).await.unwrap(); }
                    1 => { t.services.threads.post_message(&t.chef, other, &format!("Note {n} for the other party")).await.unwrap(); }
                    _ => { t.services.profiles.save(&t.chef, t.chef.id, &lisbon_profile()).await.unwrap(); }
                }
            }
        };
        // Generous: the writes take milliseconds; holding them behind the gate would hang them for good.
        tokio::time::timeout(std::time::Duration::from_secs(120), writes)
            .await
            .expect("no write waits for the card network");
        assert!(!payment.is_finished(), "the card network has not answered yet");
        assert_eq!(t.state_of(paying).await, BookingState::Accepted);

        t.network.permits.add_permits(1);
        let paid = payment.await.unwrap().unwrap();
        assert_eq!(paid.outcome.unwrap().state, BookingState::Paid);
        assert_eq!(t.network.calls.load(Ordering::SeqCst), 1);
        assert_eq!(t.count("SELECT COUNT(*) FROM messages").await - messages_before, 34);
    }

    async fn a_crash_between_the_charge_and_its_confirmation_ends_in_exactly_one_charge(db: DatabaseConnection) {
        let t = table(db).await;
        let id = t.accepted_in(20).await;
        t.network.lose_next_answer.store(true, Ordering::SeqCst);

        let payment = t.pay_in_background(id, "checkout-1");
        t.network.reached.notified().await;
        payment.abort(); // the server dies with the card charged and nothing confirmed
        let _ = payment.await;
        assert_eq!(t.state_of(id).await, BookingState::Accepted);
        assert_eq!(t.count("SELECT COUNT(*) FROM ledger_transactions").await, 0);

        let second_try = t.services.escrow.pay(&t.customer, id, &card(), "checkout-2").await.unwrap();
        assert_eq!(second_try.outcome.unwrap_err().code, ErrorCode::Conflict, "a second payment waits for the first");
        let cancel = t.services.escrow.cancel(&t.customer, id, "cancel-1").await.unwrap();
        assert_eq!(cancel.outcome.unwrap_err().code, ErrorCode::Conflict, "no step while a charge is unconfirmed");
        run_due_jobs(&t.services).await;
        assert_eq!(t.state_of(id).await, BookingState::Accepted, "the request might still be answering");
        assert_eq!(t.network.calls.load(Ordering::SeqCst), 1);

        t.services.clock.advance(RECONCILE_AFTER + Duration::minutes(1)).unwrap();
        run_due_jobs(&t.services).await;
        assert_eq!(t.state_of(id).await, BookingState::Paid);
        assert_eq!(t.network.calls.load(Ordering::SeqCst), 2, "the reconcile job asked again");
        let charges = t.network.charges.lock().unwrap().clone();
        assert_eq!(charges.len(), 1, "asked twice with one key, charged once");
        assert_eq!(t.count("SELECT COUNT(*) FROM ledger_transactions WHERE movement = 'payment'").await, 1);
        assert_eq!(t.count("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries").await, 0, "the ledger balances");
        let view = t.services.bookings.get(&t.customer, id).await.unwrap();
        assert_eq!(view.money.paid_minor, view.quote.total_minor);
        assert_eq!(view.money.in_escrow_minor, view.quote.total_minor);

        let replay = t.services.escrow.pay(&t.customer, id, &card(), "checkout-1").await.unwrap();
        assert!(replay.replayed, "the customer's retry is answered with the reconciled payment");
        assert_eq!(replay.outcome.unwrap().state, BookingState::Paid);
        assert_eq!(t.network.calls.load(Ordering::SeqCst), 2);
    }

    async fn a_cancellation_commits_at_once_and_its_refund_is_sent_once_by_a_job(db: DatabaseConnection) {
        let t = table(db).await;
        let id = t.accepted_in(20).await;
        let paid = t.services.escrow.pay(&t.customer, id, &card(), "checkout-1").await.unwrap().outcome.unwrap();
        t.network.held.store(true, Ordering::SeqCst);

        let cancelled = t.services.escrow.cancel(&t.customer, id, "cancel-1").await.unwrap().outcome.unwrap();
        let owed = (paid.quote.total_minor + 1) / 2;
        assert_eq!((cancelled.state, cancelled.money.refunded_minor), (BookingState::Cancelled, owed));
        assert_eq!(t.network.refund_calls.load(Ordering::SeqCst), 0, "the cancellation did not wait for the card network");

        let services = t.services.clone();
        let sending = tokio::spawn(async move { run_due_jobs(&services).await });
        t.network.reached.notified().await;
        tokio::time::timeout(std::time::Duration::from_secs(60), t.services.threads.post_message(&t.customer, id, "Sorry we had to cancel."))
            .await
            .expect("no write waits for the refund")
            .unwrap();
        t.network.permits.add_permits(1);
        sending.await.unwrap();

        let refunds = t.network.refunds.lock().unwrap().clone();
        assert_eq!(refunds.values().copied().collect::<Vec<_>>(), [owed], "refunded once, the policy's amount");
        assert_eq!(t.count("SELECT COUNT(*) FROM refund_sends WHERE refund_id IS NOT NULL").await, 1);
        run_due_jobs(&t.services).await;
        assert_eq!(t.network.refund_calls.load(Ordering::SeqCst), 1, "a sent refund is not sent again");
    }
}
