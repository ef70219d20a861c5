//! `seed`'s demo questions and answers against real databases: a couple of hundred questions
//! over the last weeks, answered by demo chefs, voted on and often accepted, with reputation
//! that is exactly its ledger and votes the nightly serial-voting check leaves alone.

use backend::{
    knowledge::{fraud::discard_serial_votes, lists::ListFilter},
    seed, Clock,
};
use domain::knowledge::lists::QuestionOrder;
use sea_orm::DatabaseConnection;

mod common;
use common::*;

on_every_database! {
    async fn the_demo_has_answered_voted_and_accepted_questions_and_seeding_again_adds_nothing(db: DatabaseConnection) {
        let services = services(db.clone()).with_clock(Clock::adjustable());
        let now = services.clock.now();
        seed::seed_demo_data(&db, now).await.unwrap();
        let report = seed::seed_demo_knowledge(services.deps(), now).await.unwrap();
        assert!(report.questions >= 250, "{report:?}");
        assert!(report.answers > report.questions && report.accepted >= report.questions / 3, "{report:?}");
        assert!(report.votes > report.questions, "{report:?}");
        let rank_jobs = count(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'rank.recompute' AND state = 'queued'").await;
        assert!(rank_jobs <= 60, "one recomputation per answering chef, not one per vote: {rank_jobs}");

        let knowledge = &services.knowledge;
        let newest = knowledge.list(&ListFilter::default(), None).await.unwrap();
        assert_eq!(newest.items.len(), 20);
        assert!(newest.items.iter().all(|q| q.created_at < now), "all of it in the past");
        let unanswered = knowledge.list(&ListFilter { order: QuestionOrder::Unanswered, ..ListFilter::default() }, None).await.unwrap();
        assert!(!unanswered.items.is_empty(), "some questions still wait for an answer");
        let top = knowledge.list(&ListFilter { order: QuestionOrder::Top, ..ListFilter::default() }, None).await.unwrap();
        let accepted = top.items.iter().find(|q| q.has_accepted_answer).expect("an accepted question near the top");
        let page = knowledge.page(None, accepted.id).await.unwrap();
        let first = &page.answers[0];
        assert!(first.accepted, "the accepted answer comes first");
        assert!(first.author.verified_chef.is_some(), "answered by a verified chef");
        let ledger = knowledge.reputation(first.author.person.id).await.unwrap();
        let summed: i64 = 1 + count(&db, &format!("SELECT COALESCE(SUM(points), 0) FROM reputation_events WHERE user_id = {}", first.author.person.id)).await;
        assert_eq!(ledger.total, summed, "reputation is its ledger");
        assert!(ledger.total >= 16, "an accepted answer is worth 15 on top of the start");

        assert_eq!(discard_serial_votes(&db, services.clock.now()).await.unwrap(), 0, "no pair of demo accounts votes like a ring");
        let again = seed::seed_demo_knowledge(services.deps(), services.clock.now()).await.unwrap();
        assert_eq!(again, seed::KnowledgeReport::default());
    }
}
