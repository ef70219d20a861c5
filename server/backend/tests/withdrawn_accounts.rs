//! Accounts that lose their standing lose every power, on SQLite and PostgreSQL: a suspended
//! or demoted chef leaves the catalogue and search and cannot be booked or accept, and their
//! upcoming bookings are cancelled with everything back; a suspended customer's unpaid
//! requests are withdrawn while paid bookings stand (the rule in `bookings::withdrawn`).

use backend::{Clock, ServiceError, Services};
use chrono::Duration;
use domain::{
    account::{CurrentUser, Role},
    booking::{BookingState, BookingView, CardForm},
    catalog::Course,
    paging::PageRequest,
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

struct Market {
    services: Services,
    chef: CurrentUser,
    customer: CurrentUser,
    admin: CurrentUser,
    dish_ids: Vec<i64>,
}

async fn market(db: DatabaseConnection) -> Market {
    let services = services(db.clone()).with_clock(Clock::adjustable());
    let chef = lisbon_chef(&services).await;
    let mut dish_ids = Vec::new();
    for (name, course, price) in [
        ("Caldo verde", Course::Starter, 900),
        ("Arroz de pato", Course::Main, 2400),
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
    sign_up(&services, "ops@example.com", false).await;
    let admin = backend::accounts::grant_admin(&db, "ops@example.com", services.clock.now())
        .await
        .unwrap();
    Market {
        services,
        chef,
        customer,
        admin,
        dish_ids,
    }
}

impl Market {
    async fn request_in(&self, days: i64) -> BookingView {
        let starts_at = self.services.clock.now() + Duration::days(days);
        let form = lisbon_dinner(self.chef.id, self.dish_ids.clone(), starts_at);
        self.services
            .bookings
            .request(&self.customer, &form)
            .await
            .unwrap()
    }

    async fn paid_in(&self, days: i64) -> BookingView {
        let requested = self.request_in(days).await;
        self.services
            .bookings
            .accept(&self.chef, requested.id, None)
            .await
            .unwrap();
        let card = CardForm {
            number: "4242 4242 4242 4242".into(),
            exp_month: 12,
            exp_year: 2099,
            cvc: "123".into(),
        };
        let key = format!("pay-{}", requested.id);
        self.services
            .escrow
            .pay(&self.customer, requested.id, &card, &key)
            .await
            .unwrap()
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

    async fn listed_ids(&self) -> Vec<i64> {
        let page = self
            .services
            .catalog
            .chefs(PageRequest::first(100), None)
            .await
            .unwrap();
        page.items.into_iter().map(|card| card.id).collect()
    }

    async fn search_documents_of_chef(&self) -> usize {
        let now = self.services.clock.now();
        backend::search::documents::chef_documents(&self.services.db, &[self.chef.id], now)
            .await
            .unwrap()
            .len()
    }

    async fn refunded_to_the_card(&self, booking_id: i64) -> i64 {
        count(&self.services.db, &format!("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refund_sends WHERE booking_id = {booking_id}")).await
    }
}

on_every_database! {
    async fn a_suspended_chef_is_unlisted_unbookable_and_their_upcoming_bookings_are_cancelled_with_everything_back(db: DatabaseConnection) {
        let m = market(db).await;
        let paid = m.paid_in(10).await;
        let asked = m.request_in(20).await;
        assert!(m.listed_ids().await.contains(&m.chef.id));

        m.services.admin.suspend(&m.admin, m.chef.id, "Cooked without a food-safety certificate").await.unwrap();
        run_due_jobs(&m.services).await;

        assert!(!m.listed_ids().await.contains(&m.chef.id), "gone from the catalogue");
        assert!(matches!(m.services.catalog.chef_profile(m.chef.id).await, Err(ServiceError::NotFound(_))));
        assert_eq!(m.search_documents_of_chef().await, 0, "gone from search");
        let starts_at = m.services.clock.now() + Duration::days(30);
        let again = m.services.bookings.request(&m.customer, &lisbon_dinner(m.chef.id, m.dish_ids.clone(), starts_at)).await;
        assert!(matches!(again, Err(ServiceError::NotFound(_))), "cannot be booked: {again:?}");

        assert_eq!(m.state_of(paid.id).await, BookingState::Cancelled);
        assert_eq!(m.refunded_to_the_card(paid.id).await, paid.quote.total_minor, "everything back");
        assert_eq!(m.state_of(asked.id).await, BookingState::Cancelled);

        m.services.admin.reinstate(&m.admin, m.chef.id).await.unwrap();
        run_due_jobs(&m.services).await;
        assert!(m.listed_ids().await.contains(&m.chef.id), "listed again once reinstated");
        assert_eq!(m.search_documents_of_chef().await, 1);
    }

    async fn a_chef_demoted_to_customer_cannot_accept_what_was_asked_before(db: DatabaseConnection) {
        let m = market(db).await;
        let asked = m.request_in(15).await;
        m.services.admin.set_role(&m.admin, m.chef.id, Role::Customer).await.unwrap();
        let demoted = CurrentUser { role: Role::Customer, ..m.chef.clone() };
        let refused = m.services.bookings.accept(&demoted, asked.id, None).await.unwrap_err();
        assert!(matches!(&refused, ServiceError::Conflict(e) if e.message.contains("no longer takes bookings")), "{refused}");
        run_due_jobs(&m.services).await;
        assert_eq!(m.state_of(asked.id).await, BookingState::Cancelled);
        assert!(!m.listed_ids().await.contains(&m.chef.id));
    }

    async fn a_suspended_customers_unpaid_requests_are_withdrawn_and_paid_bookings_stand(db: DatabaseConnection) {
        let m = market(db).await;
        let paid = m.paid_in(10).await;
        let asked = m.request_in(20).await;
        m.services.admin.suspend(&m.admin, m.customer.id, "Abusive messages to chefs").await.unwrap();
        run_due_jobs(&m.services).await;
        let as_chef = |id| m.services.bookings.get(&m.chef, id);
        assert_eq!(as_chef(asked.id).await.unwrap().state, BookingState::Cancelled);
        assert_eq!(as_chef(paid.id).await.unwrap().state, BookingState::Paid, "the chef keeps a date they were paid for");
    }
}
