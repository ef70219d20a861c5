//! Closing, reopening and moderating knowledge content against real databases (SQLite and
//! PostgreSQL): who may vote to close, how many votes it takes, duplicates naming their
//! original, and reports of questions, answers and comments in the shared queue.

use backend::{knowledge::NewQuestion, ServiceError, Services};
use domain::{
    account::CurrentUser,
    knowledge::questions::{CloseReason, VoteDirection, VoteTarget},
    social::moderation::{
        AppealAnswer, DecisionForm, ModerationAction, ReportForm, ReportReason, ReportTarget,
    },
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

fn question(title: &str) -> NewQuestion {
    NewQuestion {
        title: title.into(),
        body: "Twelve guests on Saturday and I want to get it right the first time.".into(),
        tags: vec!["hosting".into()],
        ..NewQuestion::default()
    }
}

const ANSWER: &str = "Cook it two thirds of the way the day before and finish it with hot stock.";

async fn trusted(services: &Services, db: &DatabaseConnection, email: &str) -> CurrentUser {
    let (person, _) = named_person(services, email, email.split('@').next().unwrap()).await;
    grant_reputation(db, &person, 600).await;
    person
}

fn conflict_or_field(error: ServiceError) -> String {
    match error {
        ServiceError::Invalid(problems) => problems[0].field.clone(),
        ServiceError::Conflict(problem) => problem.field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

on_every_database! {
    async fn three_trusted_votes_close_a_duplicate_naming_the_original_and_three_reopen_it(db: DatabaseConnection) {
        let services = services(db.clone());
        let (asker, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let original = services.knowledge.ask(&asker, question("Can I make risotto a day ahead?")).await.unwrap();
        let repeat = services.knowledge.ask(&asker, question("Can risotto be made the day before?")).await.unwrap();
        let (newcomer, _) = named_person(&services, "new@example.com", "New Comer").await;
        let refused = services.knowledge.vote_to_close(&newcomer, repeat.id, CloseReason::OffTopic, None).await.unwrap_err();
        assert!(matches!(refused, ServiceError::Unearned { .. }), "{refused:?}");

        let voters = [
            trusted(&services, &db, "one@example.com").await,
            trusted(&services, &db, "two@example.com").await,
            trusted(&services, &db, "three@example.com").await,
        ];
        let unnamed = services.knowledge.vote_to_close(&voters[0], repeat.id, CloseReason::Duplicate, None).await.unwrap_err();
        assert_eq!(conflict_or_field(unnamed), "duplicate_of");
        let itself = services.knowledge.vote_to_close(&voters[0], repeat.id, CloseReason::Duplicate, Some(repeat.id)).await.unwrap_err();
        assert_eq!(conflict_or_field(itself), "duplicate_of");

        let first = services.knowledge.vote_to_close(&voters[0], repeat.id, CloseReason::Duplicate, Some(original.id)).await.unwrap();
        assert_eq!((first.closure.is_none(), first.pending_close_votes), (true, 1));
        let twice = services.knowledge.vote_to_close(&voters[0], repeat.id, CloseReason::Duplicate, Some(original.id)).await.unwrap_err();
        assert_eq!(conflict_or_field(twice), "action");
        services.knowledge.vote_to_close(&voters[1], repeat.id, CloseReason::Unclear, None).await.unwrap();
        let closed = services.knowledge.vote_to_close(&voters[2], repeat.id, CloseReason::Duplicate, Some(original.id)).await.unwrap();
        let closure = closed.closure.expect("the third vote closes it");
        assert_eq!(closure.reason, CloseReason::Duplicate, "the reason most voters gave");
        assert_eq!(closure.duplicate_of.map(|link| link.id), Some(original.id));
        assert_eq!(closed.pending_close_votes, 0, "the round's votes are spent");
        assert!(unread_titles(&services, &asker).await[0].starts_with("Your question was closed"));
        let (chef, _) = named_person(&services, "chef@example.com", "Rita Chef").await;
        let answer_refused = services.knowledge.answer(&chef, repeat.id, ANSWER).await.unwrap_err();
        assert!(matches!(answer_refused, ServiceError::Conflict(_)), "a closed question takes no answers");

        services.knowledge.vote_to_reopen(&voters[0], repeat.id).await.unwrap();
        services.knowledge.vote_to_reopen(&voters[1], repeat.id).await.unwrap();
        let reopened = services.knowledge.vote_to_reopen(&voters[2], repeat.id).await.unwrap();
        assert!(reopened.closure.is_none());
        let again = services.knowledge.vote_to_reopen(&voters[0], repeat.id).await.unwrap_err();
        assert_eq!(conflict_or_field(again), "action", "an open question cannot be reopened");
    }

    async fn a_moderator_closes_with_one_vote(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (asker, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let asked = services.knowledge.ask(&asker, question("Which football team should I support?")).await.unwrap();
        let closed = services.knowledge.vote_to_close(&admin, asked.id, CloseReason::OffTopic, None).await.unwrap();
        assert_eq!(closed.closure.map(|c| c.reason), Some(CloseReason::OffTopic));
        let reopened = services.knowledge.vote_to_reopen(&admin, asked.id).await.unwrap();
        assert!(reopened.closure.is_none());
    }

    async fn a_reported_answer_is_hidden_from_its_page_and_an_accepted_appeal_brings_it_back(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (asker, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (chef, _) = named_person(&services, "chef@example.com", "Rita Chef").await;
        let (reader, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let asked = services.knowledge.ask(&asker, question("How far ahead can I make a risotto?")).await.unwrap();
        let answer = services.knowledge.answer(&chef, asked.id, ANSWER).await.unwrap();
        services.knowledge.vote(&reader, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap();
        let comment = services.knowledge.comment(&asker, VoteTarget::Answer, answer.id, "Does it work for twelve?").await.unwrap();

        let report = |target, target_id| ReportForm { target, target_id, reason: ReportReason::Spam, details: String::new() };
        services.moderation.report(&reader, &report(ReportTarget::Answer, answer.id)).await.unwrap();
        services.moderation.report(&reader, &report(ReportTarget::KnowledgeComment, comment.id)).await.unwrap();
        let own = services.moderation.report(&chef, &report(ReportTarget::Answer, answer.id)).await.unwrap_err();
        assert_eq!(conflict_or_field(own), "target_id");
        let queue = services.moderation.queue(&admin).await.unwrap();
        assert_eq!(queue.len(), 2);
        let item = queue.iter().find(|item| item.target == ReportTarget::Answer).unwrap();
        assert_eq!(item.link, format!("/knowledge/q/{}#answer-{}", asked.id, answer.id));
        assert!(item.excerpt.starts_with("Cook it two thirds"));

        let decided = services.moderation.decide(&admin, &DecisionForm {
            target: ReportTarget::Answer, target_id: answer.id, action: ModerationAction::Hide, reason: "Advertising.".into(),
        }).await.unwrap();
        let page = services.knowledge.page(Some(&reader), asked.id).await.unwrap();
        assert!(page.answers.is_empty(), "a hidden answer leaves its page");
        assert_eq!(services.knowledge.reputation(chef.id).await.unwrap().total, 11, "hiding keeps the ledger for an appeal");
        services.moderation.appeal(&chef, decided.id, "It is cooking advice, not an advert.").await.unwrap();
        services.moderation.answer_appeal(&admin, decided.id, &AppealAnswer { reverse: true, response: "Agreed: it is cooking advice.".into() }).await.unwrap();
        let page = services.knowledge.page(Some(&reader), asked.id).await.unwrap();
        assert_eq!(page.answers.len(), 1, "the appeal brings it back");
        let listed = services.knowledge.list(&Default::default(), None).await.unwrap();
        assert_eq!(listed.items[0].answer_count, 1);

        services.moderation.decide(&admin, &DecisionForm {
            target: ReportTarget::Answer, target_id: answer.id, action: ModerationAction::Remove, reason: "Copied from a book.".into(),
        }).await.unwrap();
        assert_eq!(services.knowledge.reputation(chef.id).await.unwrap().total, 1, "removal takes back what it earned");
    }
}
