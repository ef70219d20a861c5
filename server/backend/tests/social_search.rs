//! Posts and people in search follow the database, on SQLite and PostgreSQL: writing, editing,
//! deleting, hiding and suspending enqueue index jobs in their own transactions; a post hidden
//! or deleted is out of every result at once, before its job has run; blocks hide both ways.

use backend::Services;
use domain::{
    account::CurrentUser,
    paging::{Page, PageRequest},
    search::{PersonQuery, PostQuery},
    social::{
        moderation::{DecisionForm, ModerationAction, ReportTarget},
        posts::Post,
    },
};
use sea_orm::DatabaseConnection;

mod common;
use common::*;

async fn posts_found(
    services: &Services,
    reader: Option<&CurrentUser>,
    query: PostQuery,
) -> Vec<i64> {
    let page: Page<Post> = services.social_search.posts(reader, &query).await.unwrap();
    page.items.iter().map(|post| post.id).collect()
}

fn tagged(tag: &str) -> PostQuery {
    PostQuery {
        tag: Some(tag.into()),
        ..PostQuery::newest()
    }
}

fn words(text: &str) -> PostQuery {
    PostQuery {
        text: Some(text.into()),
        ..PostQuery::newest()
    }
}

async fn handle_of_chef(services: &Services, id: i64) -> String {
    let people = backend::social::views::people(&services.db, [id].into())
        .await
        .unwrap();
    people[&id].handle.clone()
}

async fn people_found(
    services: &Services,
    reader: Option<&CurrentUser>,
    text: &str,
) -> Vec<String> {
    let query = PersonQuery {
        text: Some(text.into()),
        page: PageRequest::default(),
    };
    let page = services.social_search.people(reader, &query).await.unwrap();
    page.items.into_iter().map(|person| person.handle).collect()
}

on_every_database! {
    async fn a_post_is_found_by_tag_once_written_and_as_it_reads_after_an_edit(db: DatabaseConnection) {
        let services = services(db.clone());
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let post = services.posts.create(&ana, text_post("Tonkotsu #ramen, twelve hours of bones")).await.unwrap();
        assert!(posts_found(&services, None, tagged("ramen")).await.is_empty(), "not before its index job");

        run_due_jobs(&services).await;
        assert_eq!(posts_found(&services, None, tagged("ramen")).await, [post.id]);
        assert_eq!(posts_found(&services, None, words("tonkotsu")).await, [post.id]);
        let found = services.social_search.posts(None, &tagged("ramen")).await.unwrap();
        assert_eq!(found.items[0].author.display_name, "Ana Lopez", "found posts read as feeds show them");

        services.posts.edit(&ana, post.id, "Shoyu #miso broth instead").await.unwrap();
        run_due_jobs(&services).await;
        assert!(posts_found(&services, None, tagged("ramen")).await.is_empty());
        assert_eq!(posts_found(&services, None, tagged("miso")).await, [post.id]);
    }

    async fn a_hidden_or_deleted_post_leaves_search_at_once_and_its_index_after_the_job(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let pills = services.posts.create(&ana, text_post("Miracle pills #wellness")).await.unwrap();
        let tea = services.posts.create(&ana, text_post("Ginger tea #wellness")).await.unwrap();
        run_due_jobs(&services).await;
        assert_eq!(posts_found(&services, None, tagged("wellness")).await, [tea.id, pills.id]);

        let hide = DecisionForm {
            target: ReportTarget::Post,
            target_id: pills.id,
            action: ModerationAction::Hide,
            reason: "Medical claims.".into(),
        };
        services.moderation.decide(&admin, &hide).await.unwrap();
        services.posts.delete(&ana, tea.id).await.unwrap();
        assert!(posts_found(&services, None, tagged("wellness")).await.is_empty(), "before the jobs run");
        run_due_jobs(&services).await;
        let indexed = services.search.search_posts(&tagged("wellness")).await.unwrap();
        assert_eq!(indexed.total, 0, "both documents left the index");
    }

    async fn a_block_hides_posts_and_people_from_search_both_ways(db: DatabaseConnection) {
        let services = services(db.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Ferreira").await;
        let (bruno, bruno_handle) = named_person(&services, "bruno@example.com", "Bruno Ferreira").await;
        let post = services.posts.create(&ana, text_post("Pastéis de nata #baking")).await.unwrap();
        run_due_jobs(&services).await;
        assert_eq!(posts_found(&services, Some(&bruno), tagged("baking")).await, [post.id]);
        let mut both = people_found(&services, None, "ferreira").await;
        both.sort();
        assert_eq!(both, [ana_handle.clone(), bruno_handle.clone()]);

        services.graph.block(&ana, &bruno_handle).await.unwrap();
        assert!(posts_found(&services, Some(&bruno), tagged("baking")).await.is_empty());
        assert_eq!(people_found(&services, Some(&bruno), "ferreira").await, std::slice::from_ref(&bruno_handle));
        assert_eq!(people_found(&services, Some(&ana), "ferreira").await, std::slice::from_ref(&ana_handle));
        assert_eq!(posts_found(&services, None, tagged("baking")).await, [post.id], "visitors still see it");
    }

    async fn a_suspended_person_leaves_people_search_until_reinstated(db: DatabaseConnection) {
        let services = services(db.clone());
        let admin = moderator(&services, &db).await;
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Ferreira").await;
        run_due_jobs(&services).await;
        assert_eq!(people_found(&services, None, &format!("@{ana_handle}")).await, std::slice::from_ref(&ana_handle));

        services.admin.suspend(&admin, ana.id, "Posting the same advert in every comment thread.").await.unwrap();
        run_due_jobs(&services).await;
        assert!(people_found(&services, None, "ferreira").await.is_empty());
        services.admin.reinstate(&admin, ana.id).await.unwrap();
        run_due_jobs(&services).await;
        assert_eq!(people_found(&services, None, "ferreira").await, [ana_handle]);
    }

    async fn the_nearby_feed_shows_posts_of_chefs_who_work_near_the_readers_city(db: DatabaseConnection) {
        let services = services(db.clone());
        let chef = lisbon_chef(&services).await;
        let post = services.posts.create(&chef, text_post("Cataplana for twelve #seafood")).await.unwrap();
        let (rui, _) = named_person(&services, "rui@example.com", "Rui Costa").await;
        services.posts.create(&rui, text_post("Toast, no chef involved")).await.unwrap();
        run_due_jobs(&services).await;
        let nearby = |reader: CurrentUser| {
            let services = services.clone();
            async move {
                let page = services.social_search.nearby(Some(&reader), None).await.unwrap();
                page.items.iter().map(|item| item.post.id).collect::<Vec<_>>()
            }
        };
        let weights = domain::social::feed::FeedWeights::default();
        services.feeds.save_settings(&rui, weights, Some("Lisbon")).await.unwrap();
        assert_eq!(nearby(rui.clone()).await, [post.id], "only posts linked to a chef, near Lisbon");
        services.feeds.save_settings(&rui, weights, Some("Madrid")).await.unwrap();
        assert!(nearby(rui.clone()).await.is_empty(), "Madrid is 500 km from Lisbon");
        services.graph.mute(&rui, &handle_of_chef(&services, chef.id).await).await.unwrap();
        services.feeds.save_settings(&rui, weights, Some("Lisbon")).await.unwrap();
        assert!(nearby(rui).await.is_empty(), "muted chefs are left out");
    }
}
