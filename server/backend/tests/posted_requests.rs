//! Posted requests against real databases (SQLite and PostgreSQL): who is invited, the
//! four-proposal cap (also when chefs answer at once), editing a proposal, comparing and
//! accepting one, and withdrawing.

use backend::{Clock, ServiceError, Services};
use chrono::{DateTime, Duration, Utc};
use domain::{
    account::CurrentUser,
    availability::BlockForm,
    booking::{BookingState, PostedRequestView, ProposalForm, RequestStatus, MAX_PROPOSALS},
    catalog::{Course, DietaryFlag},
    events::EventRequestForm,
};
use sea_orm::DatabaseConnection;
use tokio::task::JoinSet;

mod common;
use common::*;

struct Chef {
    user: CurrentUser,
    dish_ids: Vec<i64>,
}

struct Market {
    services: Services,
    customer: CurrentUser,
}

/// Where the event is: central Lisbon.
const EVENT: (f64, f64) = (38.7223, -9.1393);

impl Market {
    async fn open(db: DatabaseConnection) -> Self {
        let services = services(db).with_clock(Clock::adjustable());
        let customer = sign_up(&services, "rui@example.com", false).await;
        Self { services, customer }
    }

    fn now(&self) -> DateTime<Utc> {
        self.services.clock.now()
    }

    /// A chef `km_east` of the event who cooks for up to `max_guests`, with two dishes.
    async fn chef(&self, name: &str, km_east: f64, max_guests: i64) -> Chef {
        let user = sign_up(&self.services, &format!("{name}@example.com"), true).await;
        let mut profile = lisbon_profile();
        profile.lat = EVENT.0;
        profile.lng = EVENT.1 + km_east / 87.0;
        profile.max_guests = max_guests;
        self.services
            .profiles
            .save(&user, user.id, &profile)
            .await
            .unwrap();
        let mut dish_ids = Vec::new();
        for (dish_name, course, price) in [
            ("Caldo verde", Course::Starter, 900),
            ("Bacalhau à Brás", Course::Main, 2200),
        ] {
            let saved = self
                .services
                .menus
                .create_dish(&user, user.id, &dish(dish_name, course, price))
                .await
                .unwrap();
            dish_ids.push(saved.id);
        }
        Chef { user, dish_ids }
    }

    async fn chefs(&self, count: usize) -> Vec<Chef> {
        let mut chefs = Vec::new();
        for n in 0..count {
            chefs.push(self.chef(&format!("chef{n}"), n as f64, 80).await);
        }
        chefs
    }

    fn event(&self, days: i64) -> EventRequestForm {
        EventRequestForm {
            kind: "wedding".into(),
            starts_at: self.now() + Duration::days(days),
            duration_hours: 5.0,
            guests: 10,
            city: "Lisbon".into(),
            lat: EVENT.0,
            lng: EVENT.1,
            budget_minor: Some(300_000),
            dietary_needs: vec![DietaryFlag::DairyFree],
            allergens: vec![],
            notes: "A garden wedding in Belém.".into(),
        }
    }

    /// Posts an event 20 days ahead and lets the worker invite chefs. The chefs made so far are
    /// indexed first, as chefs on the platform are: the worker runs due jobs side by side, so a
    /// chef's index job due with the invitations would race them.
    async fn post(&self) -> PostedRequestView {
        self.pass(Duration::zero()).await;
        let posted = self
            .services
            .posted_requests
            .post_request(&self.customer, &self.event(20))
            .await
            .unwrap();
        assert_eq!(posted.status, RequestStatus::Open);
        assert_eq!(posted.invited, 0, "invitations come from the worker");
        self.pass(Duration::zero()).await;
        self.view(posted.id).await
    }

    async fn view(&self, id: i64) -> PostedRequestView {
        self.services
            .posted_requests
            .posted_request(&self.customer, id)
            .await
            .unwrap()
    }

    async fn propose(
        &self,
        chef: &Chef,
        request_id: i64,
        dishes: usize,
    ) -> Result<PostedRequestView, ServiceError> {
        let form = ProposalForm {
            dish_ids: chef.dish_ids[..dishes].to_vec(),
            special_diet_guests: 0,
            message: "Fish from the Ribeira market that morning.".into(),
        };
        self.services
            .posted_requests
            .propose(&chef.user, request_id, &form)
            .await
    }

    /// Moves the clock and runs every job that fell due, as the worker would.
    async fn pass(&self, time: Duration) {
        self.services.clock.advance(time).unwrap();
        run_due_jobs(&self.services).await;
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.services.db, sql).await
    }

    async fn invitations_of(&self, chef: &Chef) -> i64 {
        self.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE recipient_id = {} AND kind = 'invitation'",
            chef.user.id
        ))
        .await
    }
}

on_every_database! {
    async fn a_posted_request_invites_only_nearby_free_chefs_who_fit_it(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let near = m.chefs(2).await;
        let far = m.chef("far", 60.0, 80).await;
        let small = m.chef("small", 1.0, 6).await;
        let busy = m.chef("busy", 2.0, 80).await;
        let day = m.now() + Duration::days(20);
        let block = BlockForm { starts_at: day - Duration::hours(2), ends_at: day + Duration::hours(3), reason: "Another wedding".into() };
        m.services.calendar.add_block(&busy.user, busy.user.id, &block).await.unwrap();

        let request = m.post().await;

        assert_eq!(request.invited, 2);
        for chef in &near {
            assert_eq!(m.invitations_of(chef).await, 1);
            let seen = m.services.posted_requests.posted_request(&chef.user, request.id).await.unwrap();
            assert!(seen.may_propose && seen.proposals.is_empty());
            let listed = m.services.posted_requests.invitations(&chef.user).await.unwrap();
            assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [request.id]);
        }
        for (chef, why) in [(&far, "too far"), (&small, "too few guests"), (&busy, "busy then")] {
            assert_eq!(m.invitations_of(chef).await, 0, "{why}");
            let hidden = m.services.posted_requests.posted_request(&chef.user, request.id).await;
            assert!(matches!(hidden, Err(ServiceError::NotFound(_))), "{why}");
            assert!(matches!(m.propose(chef, request.id, 1).await, Err(ServiceError::NotFound(_))), "{why}");
        }
        // Another day: the chef busy on the first is free on this one.
        m.services.posted_requests.post_request(&m.customer, &m.event(25)).await.unwrap();
        m.pass(Duration::zero()).await;
        assert_eq!(m.invitations_of(&busy).await, 1);
        assert_eq!(m.invitations_of(&near[0]).await, 2, "one per request");
        assert_eq!(m.count("SELECT COUNT(*) FROM invitations").await, 5);
    }

    async fn a_chef_without_a_dish_for_the_guests_diet_is_not_invited(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(1).await;
        let mut vegan = m.event(20);
        vegan.dietary_needs = vec![DietaryFlag::Vegan];
        let request = m.services.posted_requests.post_request(&m.customer, &vegan).await.unwrap();
        m.pass(Duration::zero()).await;
        assert_eq!(m.view(request.id).await.invited, 0);
        assert_eq!(m.invitations_of(&chefs[0]).await, 0);
    }

    async fn four_proposals_at_most_and_accepting_one_declines_the_others(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(MAX_PROPOSALS + 1).await;
        let request = m.post().await;
        assert_eq!(request.invited, 5);
        for (n, chef) in chefs[..MAX_PROPOSALS].iter().enumerate() {
            // Alternate one and two dishes, so the proposals differ in price.
            let mine = m.propose(chef, request.id, 1 + n % 2).await.unwrap();
            assert_eq!(mine.proposals.len(), 1, "a chef sees only their own proposal");
            assert_eq!(mine.proposals[0].state, BookingState::Proposed);
        }
        let late = m.propose(&chefs[MAX_PROPOSALS], request.id, 1).await.unwrap_err();
        assert!(matches!(&late, ServiceError::Conflict(e) if e.message.contains("already proposed")), "{late}");

        let compared = m.view(request.id).await;
        assert_eq!(compared.status, RequestStatus::Full);
        assert_eq!(compared.proposals.len(), MAX_PROPOSALS);
        let totals: Vec<i64> = compared.proposals.iter().map(|p| p.quote.total_minor).collect();
        assert!(totals.windows(2).all(|pair| pair[0] <= pair[1]), "cheapest first: {totals:?}");
        assert!(compared.proposals.iter().all(|p| p.quote.lines.iter().map(|l| l.amount_minor).sum::<i64>() == p.quote.total_minor));

        let chosen = &compared.proposals[1];
        let accepted = m.services.bookings.accept(&m.customer, chosen.id, None).await.unwrap();
        assert_eq!(accepted.state, BookingState::Accepted);

        let booked = m.view(request.id).await;
        assert_eq!(booked.status, RequestStatus::Booked);
        for proposal in &booked.proposals {
            let expected = if proposal.id == chosen.id { BookingState::Accepted } else { BookingState::Declined };
            assert_eq!(proposal.state, expected, "proposal {}", proposal.id);
        }
        assert_eq!(m.count("SELECT COUNT(*) FROM calendar_blocks WHERE kind = 'booking'").await, 1);
        let other = booked.proposals.iter().find(|p| p.id != chosen.id).unwrap();
        let declined_chef = chefs.iter().find(|c| c.user.id == other.chef_id).unwrap();
        let told = m.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE recipient_id = {} AND kind = 'booking_update'",
            declined_chef.user.id
        )).await;
        assert_eq!(told, 1, "the declined chef hears of it");
        // Booked: nobody proposes or edits any more.
        assert!(matches!(m.propose(&chefs[0], request.id, 2).await, Err(ServiceError::Conflict(_))));
    }

    async fn eight_chefs_proposing_at_once_leave_exactly_four_proposals(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(8).await;
        let request = m.post().await;
        assert_eq!(request.invited, 8);
        let mut racing = JoinSet::new();
        for chef in chefs {
            let (services, request_id) = (m.services.clone(), request.id);
            racing.spawn(async move {
                let form = ProposalForm { dish_ids: chef.dish_ids.clone(), special_diet_guests: 0, message: String::new() };
                services.posted_requests.propose(&chef.user, request_id, &form).await
            });
        }
        let (mut sent, mut refused) = (0, 0);
        while let Some(outcome) = racing.join_next().await {
            match outcome.unwrap() {
                Ok(_) => sent += 1,
                Err(ServiceError::Conflict(_)) => refused += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((sent, refused), (4, 4));
        assert_eq!(m.count(&format!("SELECT COUNT(*) FROM bookings WHERE request_id = {}", request.id)).await, 4);
    }

    async fn an_edited_proposal_takes_the_new_menu_and_restarts_its_expiry(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(1).await;
        let request = m.post().await;
        let first = m.propose(&chefs[0], request.id, 1).await.unwrap().proposals[0].clone();
        m.pass(Duration::hours(60)).await;
        let edited = m.propose(&chefs[0], request.id, 2).await.unwrap().proposals[0].clone();
        assert_eq!(edited.id, first.id, "edited, not added");
        assert!(edited.quote.total_minor > first.quote.total_minor);
        assert_eq!(edited.dish_ids, chefs[0].dish_ids);
        m.pass(Duration::hours(60)).await;
        assert_eq!(m.view(request.id).await.proposals[0].state, BookingState::Proposed, "120 hours in, but 60 since the edit");
        m.pass(Duration::hours(13)).await;
        let expired = m.view(request.id).await;
        assert_eq!(expired.proposals[0].state, BookingState::Expired);
        assert_eq!(expired.status, RequestStatus::Open, "other chefs may still propose");
        let stale = m.propose(&chefs[0], request.id, 1).await.unwrap_err();
        assert!(matches!(&stale, ServiceError::Conflict(e) if e.message.contains("expired")), "{stale}");
    }

    async fn withdrawing_a_request_declines_its_proposals_and_closes_it(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(2).await;
        let request = m.post().await;
        m.propose(&chefs[0], request.id, 1).await.unwrap();
        let withdrawn = m.services.posted_requests.withdraw_request(&m.customer, request.id).await.unwrap();
        assert_eq!(withdrawn.status, RequestStatus::Closed);
        assert_eq!(withdrawn.proposals[0].state, BookingState::Declined);
        assert!(matches!(m.propose(&chefs[1], request.id, 1).await, Err(ServiceError::Conflict(_))));
        let stranger = sign_up(&m.services, "nosy@example.com", false).await;
        assert!(matches!(
            m.services.posted_requests.withdraw_request(&stranger, request.id).await,
            Err(ServiceError::NotFound(_))
        ));
    }

    async fn a_proposal_re_sent_at_a_higher_price_is_refused_at_accept_with_the_new_total(db: DatabaseConnection) {
        let m = Market::open(db).await;
        let chefs = m.chefs(1).await;
        let request = m.post().await;
        let seen = m.propose(&chefs[0], request.id, 1).await.unwrap().proposals[0].clone();
        let resent = m.propose(&chefs[0], request.id, 2).await.unwrap().proposals[0].clone();
        assert_eq!(resent.id, seen.id, "the customer still holds the same proposal id");
        assert!(resent.quote.total_minor > seen.quote.total_minor);

        let refused = m.services.bookings.accept(&m.customer, seen.id, Some(seen.quote.total_minor)).await.unwrap_err();
        match &refused {
            ServiceError::Conflict(e) => {
                assert_eq!(e.field, "total");
                let new_total = domain::money::Money::new(resent.quote.total_minor, resent.quote.currency).to_string();
                assert!(e.message.contains(&new_total), "{} names {new_total}", e.message);
            }
            other => panic!("expected a conflict, got {other}"),
        }
        assert_eq!(m.view(request.id).await.proposals[0].state, BookingState::Proposed, "nothing was booked");

        let accepted = m.services.bookings.accept(&m.customer, seen.id, Some(resent.quote.total_minor)).await.unwrap();
        assert_eq!((accepted.state, accepted.quote.total_minor), (BookingState::Accepted, resent.quote.total_minor));
    }
}
