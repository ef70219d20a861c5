//! Reports, the moderation queue, decisions and appeals against real databases (SQLite and
//! PostgreSQL): what a decision changes, who is told, and what an appeal undoes.

use backend::ServiceError;
use domain::social::moderation::{
    AppealAnswer, AppealStatus, DecisionForm, ModerationAction, ReportForm, ReportReason,
    ReportTarget,
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

fn report(target: ReportTarget, target_id: i64, reason: ReportReason) -> ReportForm {
    ReportForm {
        target,
        target_id,
        reason,
        details: String::new(),
    }
}

fn decision(target: ReportTarget, target_id: i64, action: ModerationAction) -> DecisionForm {
    DecisionForm {
        target,
        target_id,
        action,
        reason: "Selling supplements is not food talk.".into(),
    }
}

fn field_of(error: ServiceError) -> String {
    match error {
        ServiceError::Invalid(problems) => problems[0].field.clone(),
        ServiceError::Conflict(problem) => problem.field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

on_every_database! {
    async fn reports_group_in_the_queue_and_a_hide_takes_the_post_out_of_every_feed(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        services.graph.follow(&bruno, &ana_handle).await.unwrap();
        let post = services.posts.create(&ana, text_post("Buy my miracle pills #wellness")).await.unwrap();

        services.moderation.report(&bruno, &report(ReportTarget::Post, post.id, ReportReason::Spam)).await.unwrap();
        let mut by_carla = report(ReportTarget::Post, post.id, ReportReason::UnsafeFood);
        by_carla.details = "Claims the pills cure allergies".into();
        services.moderation.report(&carla, &by_carla).await.unwrap();
        let again = services.moderation.report(&bruno, &report(ReportTarget::Post, post.id, ReportReason::Spam)).await.unwrap_err();
        assert!(matches!(again, ServiceError::Conflict(_)), "a second report by the same person is a conflict");
        let own = services.moderation.report(&ana, &report(ReportTarget::Post, post.id, ReportReason::Spam)).await.unwrap_err();
        assert_eq!(field_of(own), "target_id");

        let queue = services.moderation.queue(&admin).await.unwrap();
        assert_eq!(queue.len(), 1, "two reports of one post are one queue item");
        assert_eq!(queue[0].report_count, 2);
        assert_eq!(queue[0].subject.id, ana.id);
        assert_eq!(queue[0].link, format!("/p/{}", post.id));
        assert_eq!(queue[0].details, ["Claims the pills cure allergies"]);
        assert!(matches!(services.moderation.queue(&bruno).await.unwrap_err(), ServiceError::Forbidden(_)));

        let hidden = services.moderation.decide(&admin, &decision(ReportTarget::Post, post.id, ModerationAction::Hide)).await.unwrap();
        assert!(hidden.can_appeal);
        assert!(services.moderation.queue(&admin).await.unwrap().is_empty(), "the decision closes its reports");
        assert!(services.feeds.following(&bruno, None).await.unwrap().items.is_empty());
        assert!(services.feeds.for_you(Some(&bruno), None).await.unwrap().items.iter().all(|i| i.post.id != post.id));
        assert!(matches!(services.posts.get(Some(&bruno), post.id).await.unwrap_err(), ServiceError::NotFound(_)));
        let twice = services.moderation.decide(&admin, &decision(ReportTarget::Post, post.id, ModerationAction::Hide)).await.unwrap_err();
        assert_eq!(field_of(twice), "action");

        let told = services.notifications.feed(ana.id, 20).await.unwrap();
        let note = told.iter().find(|n| n.content.title == "Your post was hidden by a moderator").expect("the author is told");
        assert_eq!(note.content.body, "Selling supplements is not food talk.");
        assert_eq!(note.content.link.as_deref(), Some(format!("/moderation/{}", hidden.id).as_str()));
    }

    async fn an_accepted_appeal_brings_a_hidden_comment_back_and_its_count(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let post = services.posts.create(&ana, text_post("Risotto night")).await.unwrap();
        let comment = services.comments.add(&bruno, post.id, None, "Too much butter, honestly").await.unwrap();
        services.moderation.report(&ana, &report(ReportTarget::Comment, comment.id, ReportReason::Harassment)).await.unwrap();

        let hidden = services.moderation.decide(&admin, &decision(ReportTarget::Comment, comment.id, ModerationAction::Hide)).await.unwrap();
        assert_eq!(services.posts.get(Some(&ana), post.id).await.unwrap().comment_count, 0);
        assert!(services.comments.of_post(Some(&ana), post.id).await.unwrap().is_empty());

        let not_theirs = services.moderation.appeal(&ana, hidden.id, "This is not even my comment at all").await.unwrap_err();
        assert!(matches!(not_theirs, ServiceError::NotFound(_)));
        let short = services.moderation.appeal(&bruno, hidden.id, "no").await.unwrap_err();
        assert_eq!(field_of(short), "text");
        let appealed = services.moderation.appeal(&bruno, hidden.id, "It was an honest opinion about butter.").await.unwrap();
        assert_eq!(appealed.appeal.as_ref().unwrap().status, AppealStatus::Pending);
        assert!(!appealed.can_appeal, "one appeal per decision");
        assert_eq!(services.moderation.appeals(&admin).await.unwrap().len(), 1);

        let answer = AppealAnswer { reverse: true, response: "Fair: criticism of a dish is allowed.".into() };
        let decided = services.moderation.answer_appeal(&admin, hidden.id, &answer).await.unwrap();
        assert_eq!(decided.appeal.unwrap().status, AppealStatus::Reversed);
        assert_eq!(services.posts.get(Some(&ana), post.id).await.unwrap().comment_count, 1);
        assert_eq!(services.comments.of_post(Some(&ana), post.id).await.unwrap().len(), 1);
        let again = services.moderation.answer_appeal(&admin, hidden.id, &answer).await.unwrap_err();
        assert!(matches!(again, ServiceError::Conflict(_)));
        let titles: Vec<String> = services.notifications.feed(bruno.id, 20).await.unwrap().into_iter().map(|n| n.content.title).collect();
        assert!(titles.contains(&"Your appeal was accepted and the decision undone".to_string()), "{titles:?}");
    }

    async fn a_person_is_warned_or_suspended_but_never_hidden_and_dismissals_stay_silent(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        services.moderation.report(&ana, &report(ReportTarget::Person, bruno.id, ReportReason::Impersonation)).await.unwrap();

        let hide = services.moderation.decide(&admin, &decision(ReportTarget::Person, bruno.id, ModerationAction::Hide)).await.unwrap_err();
        assert_eq!(field_of(hide), "action");
        let dismissed = services.moderation.decide(&admin, &decision(ReportTarget::Person, bruno.id, ModerationAction::Dismiss)).await.unwrap();
        assert!(services.notifications.feed(bruno.id, 20).await.unwrap().iter().all(|n| !n.content.title.contains("moderator")));
        assert!(matches!(services.moderation.decision(&bruno, dismissed.id).await.unwrap_err(), ServiceError::NotFound(_)));
        assert!(services.moderation.mine(&bruno).await.unwrap().is_empty());

        let suspended = services.moderation.decide(&admin, &decision(ReportTarget::Person, bruno.id, ModerationAction::Suspend)).await.unwrap();
        assert!(!suspended.can_appeal, "a suspended person appeals by email, not in the app");
        let login = services.accounts.log_in("bruno@example.com", "saffron-risotto-42", std::net::Ipv4Addr::LOCALHOST.into()).await;
        assert!(login.is_err(), "a suspended account cannot log in");
        let twice = services.moderation.decide(&admin, &decision(ReportTarget::Person, bruno.id, ModerationAction::Suspend)).await.unwrap_err();
        assert_eq!(field_of(twice), "action");
    }

    async fn people_cannot_report_what_a_block_keeps_from_them(db: DatabaseConnection) {
        let services = services(db.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, bruno_handle) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let post = services.posts.create(&ana, text_post("Tortilla")).await.unwrap();
        services.graph.block(&ana, &bruno_handle).await.unwrap();
        let blocked = services.moderation.report(&bruno, &report(ReportTarget::Post, post.id, ReportReason::Spam)).await.unwrap_err();
        assert!(matches!(blocked, ServiceError::NotFound(_)));
        let person = services.moderation.report(&bruno, &report(ReportTarget::Person, ana.id, ReportReason::Spam)).await.unwrap_err();
        assert!(matches!(person, ServiceError::NotFound(_)));
        let mut vague = report(ReportTarget::Post, post.id, ReportReason::Other);
        vague.details = " ".into();
        services.graph.unblock(&ana, &bruno_handle).await.unwrap();
        assert_eq!(field_of(services.moderation.report(&bruno, &vague).await.unwrap_err()), "details");
        let _ = ana_handle;
    }
}
