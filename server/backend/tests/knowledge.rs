//! The knowledge section against real databases (SQLite and PostgreSQL): asking, answering,
//! voting, accepting, and reputation as the sum of its ledger.

use backend::{
    knowledge::{lists::ListFilter, NewQuestion},
    ServiceError, Services,
};
use chrono::Duration;
use domain::{
    account::CurrentUser,
    knowledge::{
        lists::QuestionOrder,
        questions::{VoteDirection, VoteTarget},
        Privilege,
    },
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

fn brioche() -> NewQuestion {
    NewQuestion {
        title: "Why does my brioche collapse in the oven?".into(),
        body: "It rises well overnight in the fridge, then falls flat after ten minutes at 180 °C."
            .into(),
        tags: vec!["baking".into(), "bread".into()],
        ..NewQuestion::default()
    }
}

const PROOFING: &str =
    "Shorten the final proof: an over-proofed dough has no strength left to rise in the oven.";

async fn reputation(services: &Services, person: &CurrentUser) -> i64 {
    let report = services.knowledge.reputation(person.id).await.unwrap();
    let sum: i64 = report
        .events
        .iter()
        .map(|event| i64::from(event.points))
        .sum();
    assert_eq!(report.total, 1 + sum, "the total is the sum of the ledger");
    report.total
}

on_every_database! {
    async fn a_question_asked_of_a_chef_reaches_them_and_their_answer_reaches_the_asker(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;

        let asked = services
            .knowledge
            .ask(&asker, NewQuestion { asked_of: Some(chef.id), ..brioche() })
            .await
            .unwrap();
        assert_eq!(asked.tags, ["baking", "bread"]);
        assert_eq!(asked.asked_of.as_ref().map(|chef| chef.id), Some(chef.id));
        assert_eq!(unread_titles(&services, &chef).await[0], "Bruno Costa asked you a question");

        let answer = services.knowledge.answer(&chef, asked.id, PROOFING).await.unwrap();
        assert_eq!(unread_titles(&services, &asker).await[0], "Ana Lopez answered your question");
        let badge = answer.author.verified_chef.expect("a chef's answer carries their record");
        assert_eq!((badge.chef_id, badge.completed_bookings, badge.disputes), (chef.id, 0, 0));

        let refused = services
            .knowledge
            .ask(&asker, NewQuestion { asked_of: Some(asker.id), ..brioche() })
            .await
            .unwrap_err();
        assert!(matches!(&refused, ServiceError::Invalid(problems) if problems[0].field == "asked_of"));
    }

    async fn every_problem_of_a_question_is_named_and_nothing_is_stored(db: DatabaseConnection) {
        let services = services(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let refused = services
            .knowledge
            .ask(&asker, NewQuestion { title: "Brioche?".into(), body: "".into(), tags: vec![], ..NewQuestion::default() })
            .await
            .unwrap_err();
        let ServiceError::Invalid(problems) = refused else { panic!("a validation error") };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "body", "tags"]);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM questions").await, 0);
    }

    async fn upvotes_pay_ten_and_a_changed_or_withdrawn_vote_takes_its_points_back(db: DatabaseConnection) {
        let services = services(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (voter, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let answer = services.knowledge.answer(&cook, question.id, PROOFING).await.unwrap();

        let score = services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap();
        assert_eq!(score, 1);
        assert_eq!(reputation(&services, &cook).await, 11);
        let again = services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap();
        assert_eq!(again, 1, "the same vote twice counts once");
        assert_eq!(reputation(&services, &cook).await, 11);

        // A downvote takes reputation the voter does not have yet.
        let refused = services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Down).await.unwrap_err();
        assert!(matches!(refused, ServiceError::Unearned { privilege: Privilege::Downvote, reputation: 1 }));
        let message = domain::AppError::from(refused).message;
        assert_eq!(message, "Vote down needs 125 reputation; you have 1.");

        grant_reputation(&db, &voter, 199).await;
        let score = services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Down).await.unwrap();
        assert_eq!(score, -1);
        assert_eq!(reputation(&services, &cook).await, 1, "the upvote taken back, the downvote stopped at the floor");
        assert_eq!(reputation(&services, &voter).await, 200 - 1, "a downvote on an answer costs its voter one");

        let score = services.knowledge.withdraw_vote(&voter, VoteTarget::Answer, answer.id).await.unwrap();
        assert_eq!(score, 0);
        assert_eq!(reputation(&services, &cook).await, 1);
        assert_eq!(reputation(&services, &voter).await, 200);

        let own = services.knowledge.vote(&cook, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap_err();
        assert!(matches!(&own, ServiceError::Invalid(problems) if problems[0].field == "value"));
        assert!(unread_titles(&services, &cook).await.iter().any(|title| title == "Someone voted on your answer"));
    }

    async fn votes_stop_paying_at_the_daily_cap_and_the_ledger_still_adds_up(db: DatabaseConnection) {
        // Noon: all the votes fall on one day.
        let noon = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc();
        let services = services(db).with_clock(backend::Clock::adjustable_from(noon));
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        for n in 0..22 {
            let (voter, _) = named_person(&services, &format!("voter{n}@example.com"), &format!("Voter {n}")).await;
            services.knowledge.vote(&voter, VoteTarget::Question, question.id, VoteDirection::Up).await.unwrap();
        }
        assert_eq!(services.knowledge.page(None, question.id).await.unwrap().score, 22);
        assert_eq!(reputation(&services, &asker).await, 1 + 200);
    }

    async fn the_asker_accepts_one_answer_and_moving_the_acceptance_moves_its_reputation(db: DatabaseConnection) {
        let services = services(db);
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (first, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (second, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let early = services.knowledge.answer(&first, question.id, PROOFING).await.unwrap();
        let late = services
            .knowledge
            .answer(&second, question.id, "Your oven may be too cool: brioche wants 190 °C for the first ten minutes.")
            .await
            .unwrap();

        let refused = services.knowledge.accept(&first, question.id, early.id).await.unwrap_err();
        assert!(matches!(refused, ServiceError::Forbidden(_)));

        services.knowledge.accept(&asker, question.id, late.id).await.unwrap();
        assert_eq!(reputation(&services, &second).await, 16);
        assert_eq!(reputation(&services, &asker).await, 3);
        let page = services.knowledge.page(Some(&asker), question.id).await.unwrap();
        assert_eq!(page.answers[0].id, late.id, "the accepted answer leads");
        assert!(page.answers[0].accepted);

        services.knowledge.accept(&asker, question.id, early.id).await.unwrap();
        assert_eq!(reputation(&services, &second).await, 1);
        assert_eq!(reputation(&services, &first).await, 16);
        assert_eq!(reputation(&services, &asker).await, 3, "the asker's +2 moved, not doubled");
        assert_eq!(unread_titles(&services, &first).await[0], "Your answer was accepted");

        let other = services
            .knowledge
            .ask(&asker, NewQuestion { title: "Can I freeze brioche dough overnight?".into(), ..brioche() })
            .await
            .unwrap();
        let wrong = services.knowledge.accept(&asker, other.id, early.id).await.unwrap_err();
        assert!(matches!(&wrong, ServiceError::Invalid(problems) if problems[0].field == "answer_id"));
    }

    async fn deleting_an_answer_takes_back_everything_it_earned(db: DatabaseConnection) {
        let services = services(db);
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (voter, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let answer = services.knowledge.answer(&cook, question.id, PROOFING).await.unwrap();
        services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap();
        services.knowledge.accept(&asker, question.id, answer.id).await.unwrap();
        assert_eq!(reputation(&services, &cook).await, 1 + 10 + 15);

        services.knowledge.delete_answer(&cook, answer.id).await.unwrap();
        assert_eq!(reputation(&services, &cook).await, 1);
        assert_eq!(reputation(&services, &asker).await, 1);
        let page = services.knowledge.page(None, question.id).await.unwrap();
        assert!(page.answers.is_empty());
        assert_eq!(page.accepted_answer_id, None);
        let gone = services.knowledge.vote(&voter, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap_err();
        assert!(matches!(gone, ServiceError::NotFound(_)));
    }

    async fn commenting_on_others_takes_fifty_reputation_but_ones_own_ground_is_open(db: DatabaseConnection) {
        let services = services(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (stranger, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let answer = services.knowledge.answer(&cook, question.id, PROOFING).await.unwrap();

        services.knowledge.comment(&asker, VoteTarget::Answer, answer.id, "How short is short: one hour?").await.unwrap();
        services.knowledge.comment(&cook, VoteTarget::Answer, answer.id, "About forty minutes at room temperature.").await.unwrap();
        let refused = services.knowledge.comment(&stranger, VoteTarget::Question, question.id, "Which flour do you use?").await.unwrap_err();
        assert!(matches!(refused, ServiceError::Unearned { privilege: Privilege::CommentAnywhere, .. }));
        grant_reputation(&db, &stranger, 49).await;
        services.knowledge.comment(&stranger, VoteTarget::Question, question.id, "Which flour do you use?").await.unwrap();

        let page = services.knowledge.page(None, question.id).await.unwrap();
        assert_eq!(page.comments.len(), 1);
        assert_eq!(page.answers[0].comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["How short is short: one hour?", "About forty minutes at room temperature."]);
        assert!(unread_titles(&services, &cook).await.contains(&"Bruno Costa commented on your answer".to_owned()));
    }

    async fn edits_keep_every_revision_and_editing_others_takes_two_thousand(db: DatabaseConnection) {
        let services = services(db.clone());
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (editor, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let tags = vec!["baking".to_owned(), "pastry".to_owned()];
        services
            .knowledge
            .edit_question(&asker, question.id, "Why does my brioche collapse after proofing?", &question.body, &tags)
            .await
            .unwrap();
        let refused = services
            .knowledge
            .edit_question(&editor, question.id, "Brioche collapses after an overnight proof", &question.body, &tags)
            .await
            .unwrap_err();
        assert!(matches!(refused, ServiceError::Unearned { privilege: Privilege::EditOthers, .. }));
        grant_reputation(&db, &editor, 2_000).await;
        let page = services
            .knowledge
            .edit_question(&editor, question.id, "Brioche collapses after an overnight proof", &question.body, &tags)
            .await
            .unwrap();
        assert_eq!(page.tags, ["baking", "pastry"]);

        let history = services.knowledge.revisions(VoteTarget::Question, question.id).await.unwrap();
        let titles: Vec<&str> = history.iter().map(|r| r.title.as_deref().unwrap()).collect();
        assert_eq!(titles, [
            "Why does my brioche collapse in the oven?",
            "Why does my brioche collapse after proofing?",
            "Brioche collapses after an overnight proof",
        ]);
        assert_eq!(history[0].tags, ["baking", "bread"]);
        assert_eq!(history[2].editor.id, editor.id);
    }

    async fn markup_in_questions_and_answers_is_shown_as_text(db: DatabaseConnection) {
        let services = services(db);
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let question = services
            .knowledge
            .ask(&asker, NewQuestion { body: "Some **bold** words.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>".into(), ..brioche() })
            .await
            .unwrap();
        assert!(!question.body_html.contains("<script"));
        assert!(!question.body_html.contains("<img"));
        assert!(question.body_html.contains("<strong>bold</strong>"), "{}", question.body_html);
        assert!(question.body_html.contains("&lt;script&gt;"), "written HTML shows as text: {}", question.body_html);
    }

    async fn a_chefs_upvoted_answer_counts_toward_the_activity_of_their_rank(db: DatabaseConnection) {
        let services = services(db);
        let chef = lisbon_chef(&services).await;
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let question = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let answer = services.knowledge.answer(&chef, question.id, PROOFING).await.unwrap();
        let activity = |rank: domain::rank::Rank| {
            rank.components.into_iter().find(|c| c.name == "activity").unwrap().input_summary
        };
        run_due_jobs(&services).await;
        assert!(activity(services.ranks.of(chef.id).await.unwrap()).contains("0 answers"));

        services.knowledge.vote(&asker, VoteTarget::Answer, answer.id, VoteDirection::Up).await.unwrap();
        run_due_jobs(&services).await;
        assert!(activity(services.ranks.of(chef.id).await.unwrap()).contains("1 answer,"));
    }

    async fn lists_page_newest_top_unanswered_and_by_tag_without_repeats(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        // Five askers: each stays under the hourly limit on questions.
        let mut askers = Vec::new();
        for n in 0..5 {
            askers.push(named_person(&services, &format!("asker{n}@example.com"), &format!("Asker {n}")).await.0);
        }
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let mut asked = Vec::new();
        for n in 0..25 {
            let asker = &askers[n % 5];
            let tags = if n % 5 == 0 { vec!["sauces".to_owned()] } else { vec!["baking".to_owned()] };
            let question = services
                .knowledge
                .ask(asker, NewQuestion { title: format!("Question number {n} about dough"), tags, ..brioche() })
                .await
                .unwrap();
            asked.push(question.id);
            clock.advance(Duration::minutes(1)).unwrap();
        }
        services.knowledge.answer(&cook, asked[0], PROOFING).await.unwrap();
        services.knowledge.vote(&cook, VoteTarget::Question, asked[7], VoteDirection::Up).await.unwrap();

        let everything = |filter: ListFilter| {
            let services = services.clone();
            async move {
                let mut seen = Vec::new();
                let mut cursor: Option<String> = None;
                loop {
                    let page = services.knowledge.list(&filter, cursor.as_deref()).await.unwrap();
                    seen.extend(page.items.iter().map(|q| q.id));
                    cursor = page.next_cursor;
                    if cursor.is_none() {
                        return seen;
                    }
                }
            }
        };
        let newest = everything(ListFilter::default()).await;
        assert_eq!(newest, asked.iter().rev().copied().collect::<Vec<_>>());
        let unanswered = everything(ListFilter { order: QuestionOrder::Unanswered, ..ListFilter::default() }).await;
        assert_eq!(unanswered, asked[1..].to_vec(), "oldest waiting first, the answered one left out");
        let top = everything(ListFilter { order: QuestionOrder::Top, ..ListFilter::default() }).await;
        assert_eq!(top[0], asked[7]);
        assert_eq!(top.len(), 25);
        let sauces = everything(ListFilter { tag: Some("sauces".into()), ..ListFilter::default() }).await;
        assert_eq!(sauces, [asked[20], asked[15], asked[10], asked[5], asked[0]]);

        let wrong = services.knowledge.list(&ListFilter::default(), Some("f.1.2")).await.unwrap_err();
        assert!(matches!(&wrong, ServiceError::Invalid(problems) if problems[0].field == "cursor"));
    }

    async fn a_title_being_typed_brings_up_similar_questions_and_answers_are_searched_too(db: DatabaseConnection) {
        let services = services(db);
        let (asker, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let bread = services.knowledge.ask(&asker, brioche()).await.unwrap();
        let steak = services
            .knowledge
            .ask(&asker, NewQuestion { title: "How long should a steak rest after searing?".into(), tags: vec!["meat".into()], ..brioche() })
            .await
            .unwrap();
        services.knowledge.answer(&cook, steak.id, "Five minutes under foil, on a warm plate near the stove.").await.unwrap();
        run_due_jobs(&services).await;

        let similar = services.knowledge.similar("brioche collapses").await.unwrap();
        assert_eq!(similar.iter().map(|q| q.id).collect::<Vec<_>>(), [bread.id]);
        assert!(services.knowledge.similar("bri").await.unwrap().is_empty(), "too short to compare");
        let by_answer = services.knowledge.similar("warm plate foil").await.unwrap();
        assert_eq!(by_answer.iter().map(|q| q.id).collect::<Vec<_>>(), [steak.id]);

        services.knowledge.delete_question(&asker, bread.id).await.unwrap();
        assert!(services.knowledge.similar("brioche collapses").await.unwrap().is_empty(), "gone at once, before the index job runs");
    }

    async fn the_nightly_guard_discards_serial_votes_between_two_accounts_and_their_reputation(db: DatabaseConnection) {
        let services = services(db.clone());
        let (fan, _) = named_person(&services, "fan@example.com", "Fan Account").await;
        let (cook, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (fair, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        // Two askers: each stays under the hourly limit on questions.
        let (other, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let mut voted = Vec::new();
        for n in 0..11 {
            let asker = if n < 6 { &cook } else { &other };
            let question = services
                .knowledge
                .ask(asker, NewQuestion { title: format!("Serial question number {n}"), ..brioche() })
                .await
                .unwrap();
            let target = if n < 6 {
                (VoteTarget::Question, question.id)
            } else {
                (VoteTarget::Answer, services.knowledge.answer(&cook, question.id, PROOFING).await.unwrap().id)
            };
            services.knowledge.vote(&fan, target.0, target.1, VoteDirection::Up).await.unwrap();
            voted.push(target);
        }
        services.knowledge.vote(&fair, voted[0].0, voted[0].1, VoteDirection::Up).await.unwrap();
        assert_eq!(reputation(&services, &cook).await, 1 + 12 * 10);

        let discarded = backend::knowledge::fraud::discard_serial_votes(&db, services.clock.now()).await.unwrap();
        assert_eq!(discarded, 11);
        assert_eq!(reputation(&services, &cook).await, 1 + 10, "only the fair vote stays");
        let first = services.knowledge.page(None, voted[0].1).await.unwrap();
        assert_eq!(first.score, 1);
        assert_eq!(backend::knowledge::fraud::discard_serial_votes(&db, services.clock.now()).await.unwrap(), 0);
    }
}
