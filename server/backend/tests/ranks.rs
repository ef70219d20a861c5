//! Chef ranks against real databases (SQLite and PostgreSQL): recomputed by jobs when an
//! input changes and nightly, stored with history, equal to the domain's function of the
//! inputs, and used by search to sort chefs.

use backend::{jobs::NewJob, ranks, Clock, Services};
use chrono::{Duration, Utc};
use domain::{
    account::CurrentUser,
    booking::{BookingRequestForm, CardForm},
    catalog::{Course, RatingSummary},
    chef_profile::EducationLevel,
    geo::Coordinates,
    paging::PageRequest,
    rank::{rank, Component},
    reviews::ReviewForm,
    search::{ChefQuery, ChefSort},
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

async fn chef(
    services: &Services,
    email: &str,
    years: i64,
    education: EducationLevel,
) -> CurrentUser {
    let user = sign_up(services, email, true).await;
    let mut profile = lisbon_profile();
    profile.years_experience = years;
    profile.education[0].level = education;
    services
        .profiles
        .save(&user, user.id, &profile)
        .await
        .unwrap();
    user
}

fn dinner(chef_id: i64, dish_id: i64, starts_at: chrono::DateTime<Utc>) -> BookingRequestForm {
    lisbon_dinner(chef_id, vec![dish_id], starts_at)
}

async fn reliability(services: &Services, chef_id: i64) -> f64 {
    let ranked = services.ranks.of(chef_id).await.unwrap();
    ranked
        .components
        .iter()
        .find(|c| c.component == Component::Reliability)
        .unwrap()
        .points
}

async fn history_causes(services: &Services, chef_id: i64) -> Vec<String> {
    let rows = count(
        &services.db,
        &format!("SELECT COUNT(*) FROM chef_rank_history WHERE chef_id = {chef_id}"),
    )
    .await;
    let mut causes = Vec::new();
    for cause in ["profile", "accepted", "cancelled", "nightly"] {
        let n = count(
            &services.db,
            &format!(
            "SELECT COUNT(*) FROM chef_rank_history WHERE chef_id = {chef_id} AND cause = '{cause}'"
        ),
        )
        .await;
        causes.extend(std::iter::repeat_n(cause.to_owned(), n as usize));
    }
    assert_eq!(
        causes.len() as i64,
        rows,
        "every cause is one of the known ones"
    );
    causes
}

on_every_database! {
    async fn a_saved_profile_is_ranked_by_the_domains_function_of_its_inputs(db: DatabaseConnection) {
        let services = services(db).with_clock(Clock::adjustable());
        let ana = chef(&services, "ana@example.com", 12, EducationLevel::Diploma).await;
        run_due_jobs(&services).await;
        let stored = services.ranks.of(ana.id).await.unwrap();
        let inputs = ranks::inputs_for(&services.db, ana.id, services.clock.now()).await.unwrap();
        assert_eq!(stored, rank(&inputs));
        assert_eq!(inputs.years_experience, 12);
        assert_eq!(inputs.education, Some(EducationLevel::Diploma));
        assert_eq!(history_causes(&services, ana.id).await, ["profile"]);
    }

    async fn answering_and_cancelling_move_the_chefs_reliability(db: DatabaseConnection) {
        let services = services(db).with_clock(Clock::adjustable());
        let ana = chef(&services, "ana@example.com", 12, EducationLevel::Diploma).await;
        let dish = services.menus.create_dish(&ana, ana.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        let customer = sign_up(&services, "rui@example.com", false).await;
        run_due_jobs(&services).await;
        let before = reliability(&services, ana.id).await;

        let form = dinner(ana.id, dish.id, services.clock.now() + Duration::days(40));
        let booking = services.bookings.request(&customer, &form).await.unwrap();
        services.clock.advance(Duration::hours(1)).unwrap();
        services.bookings.accept(&ana, booking.id, None).await.unwrap();
        run_due_jobs(&services).await;
        let inputs = ranks::inputs_for(&services.db, ana.id, services.clock.now()).await.unwrap();
        assert_eq!(inputs.median_response_hours, Some(1.0));
        let answered = reliability(&services, ana.id).await;
        assert!(answered > before, "an answer within the hour raises reliability: {before} → {answered}");

        services.escrow.cancel(&ana, booking.id, "cancel-1").await.unwrap();
        run_due_jobs(&services).await;
        let cancelled = reliability(&services, ana.id).await;
        assert!(cancelled < answered, "a chef's cancellation lowers it: {answered} → {cancelled}");
        assert_eq!(history_causes(&services, ana.id).await, ["profile", "accepted", "cancelled"]);
    }

    async fn a_visible_review_feeds_the_rank_and_the_chefs_search_rating(db: DatabaseConnection) {
        let services = services(db).with_clock(Clock::adjustable());
        let ana = chef(&services, "ana@example.com", 12, EducationLevel::Diploma).await;
        let dish = services.menus.create_dish(&ana, ana.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        let customer = sign_up(&services, "rui@example.com", false).await;
        let form = dinner(ana.id, dish.id, services.clock.now() + Duration::days(10));
        let booking = services.bookings.request(&customer, &form).await.unwrap();
        services.bookings.accept(&ana, booking.id, None).await.unwrap();
        let card = CardForm { number: "4242 4242 4242 4242".into(), exp_month: 12, exp_year: 2099, cvc: "123".into() };
        assert!(services.escrow.pay(&customer, booking.id, &card, "pay-1").await.unwrap().outcome.is_ok());
        services.clock.advance(Duration::days(12)).unwrap();
        run_due_jobs(&services).await;

        let review = |food| ReviewForm { food, communication: 4, punctuality: 4, value: 4, text: "A lovely evening.".into() };
        services.threads.review(&customer, booking.id, &review(5)).await.unwrap();
        run_due_jobs(&services).await;
        let hidden = ranks::inputs_for(&services.db, ana.id, services.clock.now()).await.unwrap();
        assert!(hidden.ratings.is_empty(), "double-blind: hidden until the chef reviews too");
        let profile = services.catalog.chef_profile(ana.id).await.unwrap();
        assert!(profile.reviews.is_empty() && profile.card.rating.is_none(), "nor on the chef's page");
        services.threads.review(&ana, booking.id, &review(4)).await.unwrap();
        run_due_jobs(&services).await;

        let ranked = services.ranks.of(ana.id).await.unwrap();
        let feedback = ranked.components.iter().find(|c| c.component == Component::Feedback).unwrap();
        assert!(feedback.input_summary.starts_with("1 review averaging 4.25"), "{}", feedback.input_summary);
        let found = services.search.search_chefs(&ChefQuery::around(Coordinates::parse(38.72, -9.14).unwrap(), 30.0)).await.unwrap();
        assert_eq!(found.items[0].id, ana.id);
        assert_eq!(found.items[0].rating, Some(4.3), "4.25 to one decimal");
        assert_eq!(found.items[0].review_count, 1);

        // The chef's page shows the customer's review (not the chef's own of the customer),
        // and the cards the same stars as search.
        let profile = services.catalog.chef_profile(ana.id).await.unwrap();
        let shown: Vec<(&str, f64)> = profile.reviews.iter().map(|r| (r.author_name.as_str(), r.overall)).collect();
        assert_eq!(shown, [("Ana Lopez", 4.3)], "the customer's review");
        assert_eq!(profile.card.rating, Some(RatingSummary { average: 4.3, count: 1 }));
        let cards = services.catalog.chefs(PageRequest::parse(Some(1), Some(50)).unwrap(), None).await.unwrap();
        let card = cards.items.iter().find(|card| card.id == ana.id).unwrap();
        assert_eq!(card.rating, profile.card.rating);
    }

    async fn the_nightly_job_reranks_everyone_and_search_sorts_by_rank(db: DatabaseConnection) {
        let services = services(db).with_clock(Clock::adjustable());
        let novice = chef(&services, "novice@example.com", 1, EducationLevel::None).await;
        let master = chef(&services, "master@example.com", 25, EducationLevel::Master).await;
        let queue = backend::jobs::JobQueue::new(services.db.clone());
        queue.enqueue(NewJob::now(ranks::RECOMPUTE_ALL_RANKS, serde_json::json!({}), backend::Clock::system().now()), backend::Clock::system().now()).await.unwrap();
        run_due_jobs(&services).await;
        for chef in [&novice, &master] {
            assert!(history_causes(&services, chef.id).await.contains(&"nightly".to_owned()));
        }
        let mut query = ChefQuery::around(Coordinates::parse(38.72, -9.14).unwrap(), 30.0);
        query.sort = ChefSort::Rank;
        let found = services.search.search_chefs(&query).await.unwrap();
        let ids: Vec<i64> = found.items.iter().map(|hit| hit.id).collect();
        assert_eq!(ids, [master.id, novice.id]);
        assert!(found.items[0].rank > found.items[1].rank && found.items[1].rank > 0.0);
    }

    async fn the_stored_rank_enters_the_price_and_a_booking_at_a_total_no_longer_true_is_refused(db: DatabaseConnection) {
        let services = services(db).with_clock(Clock::adjustable());
        let ana = chef(&services, "ana@example.com", 1, EducationLevel::None).await;
        let dish = services.menus.create_dish(&ana, ana.id, &dish("Caldo verde", Course::Starter, 900)).await.unwrap();
        let customer = sign_up(&services, "rui@example.com", false).await;
        run_due_jobs(&services).await;

        // Noon UTC is the same day in Lisbon, whatever the season.
        let noon = (services.clock.now().date_naive() + Duration::days(20)).and_hms_opt(12, 0, 0).unwrap().and_utc();
        let mut form = dinner(ana.id, dish.id, noon);
        let profile = services.catalog.chef_profile(ana.id).await.unwrap();
        let stored = services.ranks.of(ana.id).await.unwrap();
        assert_eq!(profile.rank, Some(stored.score), "the page prices with the stored rank");
        let offset = chrono::FixedOffset::east_opt(0).unwrap();
        let shown = domain::pricing::quote(&form.quote_choice(offset).request_for(&profile).unwrap()).unwrap();
        assert!(shown.lines.iter().any(|line| line.label.starts_with("Rank")), "the rank is a line of the quote");

        // Before the customer books, the chef adds languages: the price's own inputs stay,
        // only the rank rises.
        let mut better = lisbon_profile();
        better.years_experience = 1;
        better.education[0].level = EducationLevel::None;
        for language in ["French", "Spanish"] {
            better.languages.push(domain::chef_profile::LanguageSkill {
                language: language.into(),
                proficiency: domain::chef_profile::Proficiency::C2,
            });
        }
        services.profiles.save(&ana, ana.id, &better).await.unwrap();
        run_due_jobs(&services).await;
        form.expected_total_minor = Some(shown.total_minor);
        let refused = services.bookings.request(&customer, &form).await.unwrap_err();
        let backend::ServiceError::Conflict(problem) = refused else { panic!("expected a conflict, got {refused:?}") };
        assert_eq!(problem.field, "total");
        assert!(problem.message.contains("The price changed"), "{}", problem.message);

        let repriced = services.catalog.chef_profile(ana.id).await.unwrap();
        let now_shown = domain::pricing::quote(&form.quote_choice(offset).request_for(&repriced).unwrap()).unwrap();
        assert!(repriced.rank > profile.rank, "more languages, a higher rank");
        assert!(now_shown.total_minor > shown.total_minor, "a higher rank costs more");
        form.expected_total_minor = Some(now_shown.total_minor);
        let booked = services.bookings.request(&customer, &form).await.unwrap();
        assert_eq!(booked.quote.total_minor, now_shown.total_minor);
    }
}
