//! Bookings against real databases (SQLite and PostgreSQL): the whole life of a booking on a
//! clock the test moves, the ledger it writes, the calendar it holds, and the promises that
//! must hold under concurrency — one acceptance wins, one payment is charged.

use backend::{
    idempotency::Replayable,
    payments::{
        events::{self, Recorded},
        stripe::PaymentEvent,
    },
    Clock, ServiceError, Services,
};
use chrono::{DateTime, Duration, Utc};
use domain::{
    account::CurrentUser,
    booking::{BookingEvent, BookingRequestForm, BookingState, BookingView, CardForm},
    catalog::{Allergen, Course, DietaryFlag},
    events::EventRequestForm,
    reviews::ReviewForm,
    ErrorCode,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::task::JoinSet;

mod common;
use common::*;

const PAID_CARD: &str = "4242 4242 4242 4242";
const DECLINED_CARD: &str = "4000 0000 0000 0002";

struct Kitchen {
    services: Services,
    chef: CurrentUser,
    customer: CurrentUser,
    dish_ids: Vec<i64>,
}

async fn kitchen(db: DatabaseConnection) -> Kitchen {
    let services = services(db).with_clock(Clock::adjustable());
    let chef = lisbon_chef(&services).await;
    let mut dish_ids = Vec::new();
    for (name, course, price) in [
        ("Caldo verde", Course::Starter, 900),
        ("Cataplana de marisco", Course::Main, 2800),
    ] {
        let saved = services
            .menus
            .create_dish(&chef, chef.id, &dish(name, course, price))
            .await
            .unwrap();
        dish_ids.push(saved.id);
    }
    let customer = sign_up(&services, "rui@example.com", false).await;
    Kitchen {
        services,
        chef,
        customer,
        dish_ids,
    }
}

impl Kitchen {
    fn now(&self) -> DateTime<Utc> {
        self.services.clock.now()
    }

    /// A birthday for 10, four hours, with a word to the chef.
    fn form(&self, starts_at: DateTime<Utc>, allergens: Vec<Allergen>) -> BookingRequestForm {
        let mut form = lisbon_dinner(self.chef.id, self.dish_ids.clone(), starts_at);
        form.event = EventRequestForm {
            kind: "birthday".into(),
            duration_hours: 4.0,
            guests: 10,
            allergens,
            ..form.event
        };
        form.message = "Could you do it outdoors?".into();
        form
    }

    async fn request_in(&self, days: i64) -> BookingView {
        let starts_at = self.now() + Duration::days(days);
        self.services
            .bookings
            .request(&self.customer, &self.form(starts_at, vec![]))
            .await
            .unwrap()
    }

    async fn pay(&self, id: i64, card: &str, key: &str) -> Replayable<BookingView> {
        let card = CardForm {
            number: card.into(),
            exp_month: 12,
            exp_year: 2099,
            cvc: "123".into(),
        };
        self.services
            .escrow
            .pay(&self.customer, id, &card, key)
            .await
            .unwrap()
    }

    /// Accepted by the chef and paid by the customer.
    async fn paid_booking_in(&self, days: i64) -> BookingView {
        let requested = self.request_in(days).await;
        self.services
            .bookings
            .accept(&self.chef, requested.id, None)
            .await
            .unwrap();
        self.pay(requested.id, PAID_CARD, "pay-1")
            .await
            .outcome
            .unwrap()
    }

    async fn state_of(&self, id: i64) -> BookingState {
        self.services
            .bookings
            .get(&self.customer, id)
            .await
            .unwrap()
            .state
    }

    /// Moves the clock and runs every job that fell due, as the worker would.
    async fn pass(&self, time: Duration) {
        self.services.clock.advance(time).unwrap();
        run_due_jobs(&self.services).await;
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.services.db, sql).await
    }
}

fn review(text: &str) -> ReviewForm {
    ReviewForm {
        food: 5,
        communication: 4,
        punctuality: 5,
        value: 4,
        text: text.into(),
    }
}

on_every_database! {
    async fn a_booking_list_takes_the_same_number_of_queries_however_long_it_is(db: DatabaseConnection) {
        let kitchen = kitchen(db.clone()).await;
        let queries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut counted_db = db.clone();
        let counter = queries.clone();
        counted_db.set_metric_callback(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let counted = backend::Bookings::new(&kitchen.services.deps().clone().with_db(counted_db));
        let mut queries_for = Vec::new();
        for days in [10, 20, 30, 40, 50] {
            let requested = kitchen.request_in(days).await;
            kitchen.services.bookings.accept(&kitchen.chef, requested.id, None).await.unwrap();
            queries.store(0, std::sync::atomic::Ordering::SeqCst);
            let listed = counted.list(&kitchen.customer).await.unwrap();
            queries_for.push((listed.len(), queries.load(std::sync::atomic::Ordering::SeqCst)));
        }
        assert_eq!(queries_for.iter().map(|(len, _)| *len).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        assert!(queries_for.windows(2).all(|w| w[0].1 == w[1].1), "queries per list length: {queries_for:?}");
        let chefs_view = counted.list(&kitchen.chef).await.unwrap();
        assert!(chefs_view.iter().all(|booking| booking.state == BookingState::Accepted && booking.customer_name == "Ana Lopez"));
    }

    async fn the_chef_checks_in_once_on_the_day_and_the_customer_is_told(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let paid = k.paid_booking_in(10).await;
        let early = k.services.bookings.check_in(&k.chef, paid.id).await.unwrap_err();
        assert!(matches!(&early, ServiceError::Conflict(e) if e.message.contains("on the day")), "{early}");
        assert!(matches!(k.services.bookings.check_in(&k.customer, paid.id).await, Err(ServiceError::Forbidden(_))));

        k.pass(Duration::days(10) - Duration::minutes(30)).await;
        let view = k.services.bookings.check_in(&k.chef, paid.id).await.unwrap();
        let first = view.chef_checked_in_at.expect("checked in");
        assert!(!view.may_check_in, "once");
        k.services.clock.advance(Duration::minutes(10)).unwrap();
        let again = k.services.bookings.check_in(&k.chef, paid.id).await.unwrap();
        assert_eq!(again.chef_checked_in_at, Some(first), "the first time stays");
        let told = k.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE recipient_id = {} AND payload LIKE '%has arrived%'",
            k.customer.id
        )).await;
        assert_eq!(told, 1);
    }

    async fn the_providers_event_about_a_paid_booking_is_recorded_once_and_found_in_the_ledger(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let paid = k.paid_booking_in(20).await;
        let statement = sea_orm::Statement::from_string(
            k.services.db.get_database_backend(),
            "SELECT provider_ref FROM ledger_transactions WHERE movement = 'payment'".to_owned(),
        );
        let row = k.services.db.query_one_raw(statement).await.unwrap().unwrap();
        let charge: String = row.try_get_by_index(0).unwrap();
        let event = |object_id: &str| PaymentEvent {
            event_id: format!("evt_{object_id}"),
            kind: "payment_intent.succeeded".into(),
            object_id: object_id.into(),
            amount_minor: paid.quote.total_minor,
            currency: "EUR".into(),
            booking_id: Some(paid.id),
        };
        let first = events::record(&k.services.db, &event(&charge), k.now()).await.unwrap();
        assert_eq!(first, Recorded { first_time: true, in_ledger: true });
        let retried = events::record(&k.services.db, &event(&charge), k.now()).await.unwrap();
        assert!(!retried.first_time);
        let stranger = events::record(&k.services.db, &event("pi_never_seen"), k.now()).await.unwrap();
        assert_eq!(stranger, Recorded { first_time: true, in_ledger: false });
    }

    async fn a_booking_runs_from_request_to_payout_and_its_ledger_adds_up(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let requested = k.request_in(20).await;
        assert_eq!(requested.state, BookingState::Requested);
        assert!(requested.quote.total_minor > 0);
        assert_eq!(requested.quote.lines.iter().map(|l| l.amount_minor).sum::<i64>(), requested.quote.total_minor);

        let accepted = k.services.bookings.accept(&k.chef, requested.id, None).await.unwrap();
        assert_eq!(accepted.state, BookingState::Accepted);
        assert_eq!(accepted.steps, [BookingEvent::Cancel], "the chef waits for the payment");
        assert_eq!(k.count("SELECT COUNT(*) FROM calendar_blocks WHERE kind = 'booking'").await, 1, "accepting holds the chef's calendar");

        let paid = k.pay(requested.id, PAID_CARD, "pay-1").await;
        let paid = paid.outcome.unwrap();
        assert_eq!(paid.state, BookingState::Paid);
        assert_eq!(paid.money.in_escrow_minor, requested.quote.total_minor);
        let fee = requested.quote.lines.iter().find(|l| l.label == "Platform service fee").unwrap().amount_minor;
        let vat = requested.quote.lines.iter().find(|l| l.label.starts_with("VAT ")).unwrap().amount_minor;
        let held = k.services.escrow.earnings(&k.chef).await.unwrap();
        assert_eq!(held.in_escrow_minor, requested.quote.total_minor, "what the customer paid");
        assert_eq!(held.held.chef_share_minor, requested.quote.total_minor - fee, "the chef's share leaves the fee out");
        assert_eq!((held.held.fee_minor, held.held.vat_minor), (fee, vat));

        k.pass(Duration::days(21) + Duration::hours(1)).await;
        assert_eq!(k.state_of(requested.id).await, BookingState::Completed, "done, but the complaint window is open");
        k.pass(Duration::hours(24)).await;
        let released = k.services.bookings.get(&k.chef, requested.id).await.unwrap();
        assert_eq!(released.state, BookingState::Released);
        assert_eq!(released.money.in_escrow_minor, 0);
        assert_eq!(released.money.released_to_chef_minor, requested.quote.total_minor - fee);

        let earnings = k.services.escrow.earnings(&k.chef).await.unwrap();
        assert_eq!(earnings.owed_minor, requested.quote.total_minor - fee);
        let first = k.services.escrow.payout(&k.chef, "payout-1").await.unwrap();
        let paid_out = first.outcome.clone().unwrap();
        assert_eq!(paid_out.paid_out_minor, requested.quote.total_minor - fee);
        assert_eq!(paid_out.owed_minor, 0);
        let replay = k.services.escrow.payout(&k.chef, "payout-1").await.unwrap();
        assert!(replay.replayed);
        assert_eq!(replay.outcome, first.outcome, "a replay pays nothing more");
        let again = k.services.escrow.payout(&k.chef, "payout-2").await.unwrap();
        assert_eq!(again.outcome.unwrap_err().code, ErrorCode::Conflict, "nothing is owed any more");

        assert_eq!(k.count("SELECT COUNT(*) FROM ledger_transactions").await, 3, "payment, release, payout");
        assert_eq!(k.count("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries").await, 0, "every transaction balances");
    }

    async fn twenty_concurrent_acceptances_of_overlapping_bookings_leave_exactly_one_accepted(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let base = k.now() + Duration::days(30);
        let mut ids = Vec::new();
        for i in 0..20 {
            // Each starts 10 minutes after the last and lasts 4 hours: every pair overlaps.
            let form = k.form(base + Duration::minutes(10 * i), vec![]);
            ids.push(k.services.bookings.request(&k.customer, &form).await.unwrap().id);
        }
        let mut racing = JoinSet::new();
        for id in ids.clone() {
            let (services, chef) = (k.services.clone(), k.chef.clone());
            racing.spawn(async move { services.bookings.accept(&chef, id, None).await });
        }
        let (mut won, mut refused) = (0, 0);
        while let Some(outcome) = racing.join_next().await {
            match outcome.unwrap() {
                Ok(view) => { assert_eq!(view.state, BookingState::Accepted); won += 1 }
                Err(ServiceError::Conflict(clash)) => { assert_eq!(clash.field, "starts_at"); refused += 1 }
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((won, refused), (1, 19));
        let mut accepted = 0;
        for id in ids {
            accepted += usize::from(k.state_of(id).await == BookingState::Accepted);
        }
        assert_eq!(accepted, 1);
        assert_eq!(k.count("SELECT COUNT(*) FROM calendar_blocks").await, 1);
    }

    async fn fifty_concurrent_replays_of_one_payment_charge_once(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let requested = k.request_in(20).await;
        k.services.bookings.accept(&k.chef, requested.id, None).await.unwrap();
        let card = CardForm { number: PAID_CARD.into(), exp_month: 12, exp_year: 2099, cvc: "123".into() };
        let mut racing = JoinSet::new();
        for _ in 0..50 {
            let (services, customer, card) = (k.services.clone(), k.customer.clone(), card.clone());
            racing.spawn(async move {
                services.escrow.pay(&customer, requested.id, &card, "checkout-7f3a").await.unwrap()
            });
        }
        let mut responses = Vec::new();
        while let Some(response) = racing.join_next().await {
            responses.push(response.unwrap());
        }
        assert!(responses.iter().all(|r| r.outcome.is_ok() && r.outcome == responses[0].outcome));
        assert_eq!(responses.iter().filter(|r| !r.replayed).count(), 1, "one did the work");
        assert_eq!(k.count("SELECT COUNT(*) FROM ledger_transactions WHERE movement = 'payment'").await, 1);
        let view = k.services.bookings.get(&k.customer, requested.id).await.unwrap();
        assert_eq!(view.money.paid_minor, requested.quote.total_minor, "charged once");
    }

    async fn a_declined_card_books_nothing_and_says_why(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let requested = k.request_in(20).await;
        k.services.bookings.accept(&k.chef, requested.id, None).await.unwrap();
        let declined = k.pay(requested.id, DECLINED_CARD, "try-1").await;
        let refusal = declined.outcome.unwrap_err();
        assert_eq!(refusal.code, ErrorCode::PaymentFailed);
        assert!(refusal.message.contains("declined"), "{}", refusal.message);
        assert_eq!(k.state_of(requested.id).await, BookingState::Accepted);
        assert_eq!(k.count("SELECT COUNT(*) FROM ledger_entries").await, 0);
        let replay = k.pay(requested.id, DECLINED_CARD, "try-1").await;
        assert_eq!((replay.outcome.unwrap_err().code, replay.replayed), (ErrorCode::PaymentFailed, true));

        let card = CardForm { number: PAID_CARD.into(), exp_month: 12, exp_year: 2099, cvc: "123".into() };
        let reused = k.services.escrow.pay(&k.customer, requested.id, &card, "try-1").await;
        assert!(matches!(reused, Err(ServiceError::Conflict(clash)) if clash.field == "Idempotency-Key"), "a key is for one request");
        let paid = k.pay(requested.id, PAID_CARD, "try-2").await;
        assert!(paid.outcome.is_ok(), "{:?}", paid.outcome);
        assert_eq!(k.state_of(requested.id).await, BookingState::Paid);
    }

    async fn a_customer_cancelling_three_weeks_ahead_gets_half_back_and_frees_the_calendar(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let paid = k.paid_booking_in(20).await;
        let total = paid.quote.total_minor;
        assert_eq!(paid.refund_if_cancelled_minor, Some((total + 1) / 2));
        let cancelled = k.services.escrow.cancel(&k.customer, paid.id, "cancel-1").await.unwrap();
        let view = cancelled.outcome.unwrap();
        assert_eq!(view.state, BookingState::Cancelled);
        assert_eq!(view.money.refunded_minor, (total + 1) / 2);
        assert_eq!(view.money.in_escrow_minor, 0, "the rest compensates the chef");
        assert_eq!(view.money.released_to_chef_minor + view.money.refunded_minor
            + k.count("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = 'platform_revenue'").await, total);
        assert_eq!(k.count("SELECT COUNT(*) FROM calendar_blocks").await, 0, "the time is free again");
        let replay = k.services.escrow.cancel(&k.customer, paid.id, "cancel-1").await.unwrap();
        assert!(replay.replayed);
        assert_eq!(k.count("SELECT COUNT(*) FROM ledger_transactions WHERE movement = 'refund'").await, 1, "refunded once");
    }

    async fn a_chef_who_cancels_refunds_everything(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let paid = k.paid_booking_in(3).await;
        let cancelled = k.services.escrow.cancel(&k.chef, paid.id, "chef-cancel").await.unwrap();
        let view = cancelled.outcome.unwrap();
        assert_eq!(view.money.refunded_minor, paid.quote.total_minor);
        assert_eq!(view.money.released_to_chef_minor, 0);
    }

    async fn unanswered_requests_expire_and_unpaid_acceptances_free_the_calendar(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let ignored = k.request_in(20).await;
        let unpaid = k.request_in(25).await;
        k.services.bookings.accept(&k.chef, unpaid.id, None).await.unwrap();
        k.pass(Duration::hours(47)).await;
        assert_eq!(k.state_of(ignored.id).await, BookingState::Requested);
        k.pass(Duration::hours(2)).await;
        assert_eq!(k.state_of(ignored.id).await, BookingState::Expired);
        assert_eq!(k.state_of(unpaid.id).await, BookingState::Expired);
        assert_eq!(k.count("SELECT COUNT(*) FROM calendar_blocks").await, 0);
    }

    async fn the_ledger_refuses_to_be_rewritten(db: DatabaseConnection) {
        let k = kitchen(db).await;
        k.paid_booking_in(20).await;
        for sql in ["UPDATE ledger_entries SET amount_minor = 1", "DELETE FROM ledger_entries", "DELETE FROM ledger_transactions"] {
            let refused = k.services.db.execute_unprepared(sql).await;
            assert!(refused.unwrap_err().to_string().contains("append_only"), "{sql}");
        }
    }

    async fn messages_reach_the_other_side_and_nobody_else(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let booking = k.request_in(20).await;
        let reply = k.services.threads.post_message(&k.chef, booking.id, "  Outdoors is fine!  ").await.unwrap();
        assert_eq!(reply.body, "Outdoors is fine!");
        let thread = k.services.threads.messages(&k.customer, booking.id).await.unwrap();
        let bodies: Vec<&str> = thread.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["Could you do it outdoors?", "Outdoors is fine!"]);
        let feed = k.services.notifications.feed(k.customer.id, 10).await.unwrap();
        assert!(feed.iter().any(|n| n.kind == "booking_message"));
        let stranger = sign_up(&k.services, "eve@example.com", false).await;
        assert!(matches!(k.services.threads.messages(&stranger, booking.id).await, Err(ServiceError::NotFound(_))));
        assert!(k.services.threads.post_message(&k.customer, booking.id, "   ").await.is_err());
    }

    async fn reviews_stay_hidden_until_both_sides_have_written(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let paid = k.paid_booking_in(10).await;
        assert!(k.services.threads.review(&k.customer, paid.id, &review("Too early to say")).await.is_err());
        k.pass(Duration::days(12)).await;
        let mine = k.services.threads.review(&k.customer, paid.id, &review("The cataplana was perfect.")).await.unwrap();
        assert_eq!(mine.mine.as_ref().unwrap().overall, 4.5);
        let chefs_view = k.services.threads.reviews(&k.chef, paid.id).await.unwrap();
        assert!(chefs_view.theirs.is_none() && chefs_view.theirs_hidden, "double-blind");
        let both = k.services.threads.review(&k.chef, paid.id, &review("Lovely hosts, easy kitchen.")).await.unwrap();
        assert_eq!(both.theirs.unwrap().text, "The cataplana was perfect.");
        assert!(matches!(
            k.services.threads.review(&k.chef, paid.id, &review("Once more with feeling")).await,
            Err(ServiceError::Conflict(_))
        ));
    }

    async fn declared_allergens_are_warned_about_on_the_booking(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let starts_at = k.now() + Duration::days(20);
        let booked = k.services.bookings.request(&k.customer, &k.form(starts_at, vec![Allergen::Fish])).await.unwrap();
        assert_eq!(booked.allergen_warnings.len(), 2, "both dishes contain fish");
        assert!(booked.allergen_warnings[0].message.contains("fish"));
    }

    async fn the_chef_learns_the_guests_allergies_and_diets_before_anything_else(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let mut form = k.form(k.now() + Duration::days(20), vec![Allergen::Peanuts, Allergen::Milk]);
        form.event.dietary_needs = vec![DietaryFlag::Vegetarian];
        form.special_diet_guests = 2;
        let booked = k.services.bookings.request(&k.customer, &form).await.unwrap();

        let chefs_view = k.services.bookings.get(&k.chef, booked.id).await.unwrap();
        assert_eq!(chefs_view.guest_needs.allergens, [Allergen::Peanuts, Allergen::Milk]);
        assert_eq!(chefs_view.guest_needs.dietary_needs, [DietaryFlag::Vegetarian]);
        assert_eq!(chefs_view.guest_needs.special_diet_guests, 2);
        assert!(chefs_view.allergen_warnings.is_empty(), "neither dish has peanuts or milk");

        let feed = k.services.notifications.feed(k.chef.id, 10).await.unwrap();
        let request = feed.iter().find(|n| n.content.title.starts_with("New booking request")).expect("the chef is told");
        assert!(
            request.content.body.starts_with("Allergies: Peanuts, Milk. Diets: Vegetarian. 2 guests need a plate made apart."),
            "{}",
            request.content.body
        );
    }

    async fn bad_requests_are_refused_with_the_field_to_fix(db: DatabaseConnection) {
        let k = kitchen(db).await;
        let mut far = k.form(k.now() + Duration::days(20), vec![]);
        far.event.city = "Madrid".into();
        far.event.lat = 40.42;
        far.event.lng = -3.70;
        let refused = k.services.bookings.request(&k.customer, &far).await.unwrap_err();
        assert!(matches!(&refused, ServiceError::Invalid(problems) if problems[0].field == "lat"), "{refused}");
        let mut crowd = k.form(k.now() + Duration::days(20), vec![]);
        crowd.event.guests = 200;
        assert!(k.services.bookings.request(&k.customer, &crowd).await.is_err());
        let own = k.services.bookings.request(&k.chef, &k.form(k.now() + Duration::days(20), vec![])).await;
        assert!(matches!(own, Err(ServiceError::Forbidden(_))));
        assert_eq!(k.count("SELECT COUNT(*) FROM bookings").await, 0, "nothing was stored");
    }
}
