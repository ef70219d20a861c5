//! Follows, likes, comments and the two feeds against real databases (SQLite and PostgreSQL):
//! what each person sees, in which order, and who is told.

use backend::ServiceError;
use chrono::Duration;
use domain::social::feed::FeedWeights;
use sea_orm::DatabaseConnection;

mod common;
use common::*;

on_every_database! {
    async fn following_shows_the_people_followed_and_ones_own_posts_newest_first(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, _) = named_person(&services, "carla@example.com", "Carla Reis").await;

        let first = services.posts.create(&ana, text_post("Sourdough day one")).await.unwrap();
        clock.advance(Duration::minutes(5)).unwrap();
        services.posts.create(&carla, text_post("Nobody follows me")).await.unwrap();
        clock.advance(Duration::minutes(5)).unwrap();
        let own = services.posts.create(&bruno, text_post("My own bread")).await.unwrap();
        clock.advance(Duration::minutes(5)).unwrap();
        let second = services.posts.create(&ana, text_post("Sourdough day two")).await.unwrap();

        assert!(services.graph.follow(&bruno, &ana_handle).await.unwrap());
        assert!(!services.graph.follow(&bruno, &ana_handle).await.unwrap(), "a second follow is no news");
        assert_eq!(unread_titles(&services, &ana).await.iter().filter(|t| t.contains("follows you")).count(), 1);

        let page = services.feeds.following(&bruno, None).await.unwrap();
        let ids: Vec<i64> = page.items.iter().map(|item| item.post.id).collect();
        assert_eq!(ids, [second.id, own.id, first.id]);
        assert!(page.next_cursor.is_none());

        services.graph.unfollow(&bruno, &ana_handle).await.unwrap();
        let page = services.feeds.following(&bruno, None).await.unwrap();
        assert_eq!(page.items.iter().map(|item| item.post.id).collect::<Vec<_>>(), [own.id]);
    }

    async fn a_following_feed_pages_by_cursor_without_repeats_or_gaps_while_posts_arrive(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, carla_handle) = named_person(&services, "carla@example.com", "Carla Reis").await;
        services.graph.follow(&bruno, &ana_handle).await.unwrap();
        services.graph.follow(&bruno, &carla_handle).await.unwrap();
        let mut written = Vec::new();
        for n in 0..45 {
            // Some share a timestamp: the id breaks the tie. Two authors, each under the
            // hourly posting limit.
            if n % 3 == 0 {
                clock.advance(Duration::seconds(1)).unwrap();
            }
            let author = if n % 2 == 0 { &ana } else { &carla };
            written.push(services.posts.create(author, text_post(&format!("Post {n}"))).await.unwrap().id);
        }
        let first = services.feeds.following(&bruno, None).await.unwrap();
        // A post written between two pages appears on top later, not in the pages below.
        services.posts.create(&ana, text_post("Written while scrolling")).await.unwrap();
        let mut seen: Vec<i64> = first.items.iter().map(|item| item.post.id).collect();
        let mut cursor = first.next_cursor;
        while let Some(next) = cursor {
            let page = services.feeds.following(&bruno, Some(&next)).await.unwrap();
            seen.extend(page.items.iter().map(|item| item.post.id));
            cursor = page.next_cursor;
        }
        written.reverse();
        assert_eq!(seen, written);
        let wrong = services.feeds.following(&bruno, Some("nonsense")).await.unwrap_err();
        assert!(matches!(&wrong, ServiceError::Invalid(problems) if problems[0].field == "cursor"));
    }

    async fn likes_count_once_per_person_and_tell_the_author(db: DatabaseConnection) {
        let services = services(db);
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let post = services.posts.create(&ana, text_post("Paella for twelve")).await.unwrap();
        assert_eq!(services.reactions.like(&bruno, post.id).await.unwrap(), 1);
        assert_eq!(services.reactions.like(&bruno, post.id).await.unwrap(), 1);
        assert_eq!(services.reactions.like(&ana, post.id).await.unwrap(), 2);
        let seen = services.posts.get(Some(&bruno), post.id).await.unwrap();
        assert!(seen.liked);
        assert_eq!(seen.like_count, 2);
        let titles = unread_titles(&services, &ana).await;
        assert_eq!(titles.iter().filter(|t| t.contains("liked your post")).count(), 1, "{titles:?}");
        assert_eq!(services.reactions.unlike(&bruno, post.id).await.unwrap(), 1);
        assert_eq!(services.reactions.unlike(&bruno, post.id).await.unwrap(), 1);
    }

    async fn likes_fold_into_one_unread_notification_naming_the_newest_and_counting_the_rest(db: DatabaseConnection) {
        let services = services(db);
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let post = services.posts.create(&ana, text_post("Pastéis de nata, batch two")).await.unwrap();
        let mut likers = Vec::new();
        for (email, name) in [("bruno@example.com", "Bruno Costa"), ("carla@example.com", "Carla Reis"), ("dora@example.com", "Dora Lima"), ("eli@example.com", "Eli Sousa")] {
            likers.push(named_person(&services, email, name).await.0);
        }
        for liker in &likers {
            services.reactions.like(liker, post.id).await.unwrap();
        }
        // A like taken back and given again is no news.
        services.reactions.unlike(&likers[0], post.id).await.unwrap();
        services.reactions.like(&likers[0], post.id).await.unwrap();
        let liked: Vec<String> = unread_titles(&services, &ana).await.into_iter().filter(|t| t.contains("liked")).collect();
        assert_eq!(liked, ["Eli Sousa and 3 others liked your post"]);

        // Once read, the next like starts a new group.
        services.notifications.mark_all_read(ana.id).await.unwrap();
        let (late, _) = named_person(&services, "fay@example.com", "Fay Gomes").await;
        services.reactions.like(&late, post.id).await.unwrap();
        assert_eq!(unread_titles(&services, &ana).await, ["Fay Gomes liked your post"]);
    }

    async fn comments_thread_two_levels_deep_and_tell_who_they_answer(db: DatabaseConnection) {
        let services = services(db);
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let post = services.posts.create(&ana, text_post("Which rice for risotto?")).await.unwrap();
        let top = services.comments.add(&bruno, post.id, None, "Carnaroli, always.").await.unwrap();
        let reply = services.comments.add(&carla, post.id, Some(top.id), "Arborio works too").await.unwrap();
        let reply_to_reply = services.comments.add(&bruno, post.id, Some(reply.id), "Not as creamy").await.unwrap();
        assert_eq!(reply_to_reply.parent_id, Some(top.id), "a reply to a reply joins the first level");

        let thread = services.comments.of_post(None, post.id).await.unwrap();
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].replies.iter().map(|c| c.id).collect::<Vec<_>>(), [reply.id, reply_to_reply.id]);
        assert_eq!(services.posts.get(None, post.id).await.unwrap().comment_count, 3);
        assert!(unread_titles(&services, &bruno).await.iter().any(|t| t.contains("replied")));

        assert_eq!(services.comments.like(&ana, top.id).await.unwrap(), 1);
        assert_eq!(services.comments.like(&ana, top.id).await.unwrap(), 1);
        let not_hers = services.comments.delete(&carla, top.id).await.unwrap_err();
        assert!(matches!(not_hers, ServiceError::Forbidden(_)));
        services.comments.delete(&ana, top.id).await.unwrap();
        assert_eq!(services.posts.get(None, post.id).await.unwrap().comment_count, 2);
        let blank = services.comments.add(&ana, post.id, None, "  ").await.unwrap_err();
        assert!(matches!(&blank, ServiceError::Invalid(problems) if problems[0].field == "text"));
    }

    async fn a_mention_tells_the_person_named_and_nobody_across_a_block(db: DatabaseConnection) {
        let services = services(db);
        let (ana, _) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, bruno_handle) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, carla_handle) = named_person(&services, "carla@example.com", "Carla Reis").await;
        services.graph.block(&carla, "ana_lopez").await.unwrap();
        services
            .posts
            .create(&ana, text_post(&format!("Cooking with @{bruno_handle} and @{carla_handle} and @nobody_here")))
            .await
            .unwrap();
        assert!(unread_titles(&services, &bruno).await.iter().any(|t| t.contains("mentioned you")));
        assert!(!unread_titles(&services, &carla).await.iter().any(|t| t.contains("mentioned you")));
    }

    async fn a_block_ends_follows_both_ways_and_hides_each_from_the_other(db: DatabaseConnection) {
        let services = services(db);
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, bruno_handle) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        services.graph.follow(&ana, &bruno_handle).await.unwrap();
        services.graph.follow(&bruno, &ana_handle).await.unwrap();
        let post = services.posts.create(&ana, text_post("Only for friends")).await.unwrap();

        services.graph.block(&ana, &bruno_handle).await.unwrap();
        assert_eq!(services.graph.counts(ana.id).await.unwrap().followers, 0);
        assert_eq!(services.graph.counts(ana.id).await.unwrap().following, 0);
        assert!(matches!(services.posts.get(Some(&bruno), post.id).await, Err(ServiceError::NotFound(_))));
        assert!(matches!(services.graph.follow(&bruno, &ana_handle).await, Err(ServiceError::NotFound(_))));
        assert!(matches!(services.reactions.like(&bruno, post.id).await, Err(ServiceError::NotFound(_))));
        assert!(services.feeds.for_you(Some(&bruno), None).await.unwrap().items.iter().all(|item| item.post.id != post.id));

        services.graph.unblock(&ana, &bruno_handle).await.unwrap();
        assert!(services.posts.get(Some(&bruno), post.id).await.is_ok());
    }

    async fn for_you_explains_every_score_and_follows_the_readers_weights(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (bruno, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        let (carla, _) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (reader, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        services.graph.follow(&reader, &ana_handle).await.unwrap();

        let popular = services.posts.create(&bruno, text_post("Everyone loves this #pasta")).await.unwrap();
        for liker in [&ana, &carla, &bruno] {
            services.reactions.like(liker, popular.id).await.unwrap();
        }
        clock.advance(Duration::hours(3)).unwrap();
        let followed = services.posts.create(&ana, text_post("From someone you follow")).await.unwrap();

        let page = services.feeds.for_you(Some(&reader), None).await.unwrap();
        assert_eq!(page.items.len(), 2);
        for item in &page.items {
            let why = item.why.as_ref().unwrap();
            assert_eq!(why.terms.len(), 5);
            assert!((why.score - item.score.unwrap()).abs() < 1e-12);
        }
        assert_eq!(page.items[0].post.id, followed.id, "by default, following and recency win");

        services
            .feeds
            .save_settings(&reader, FeedWeights { following: 0.0, recency: 0.0, popularity: 3.0, ..FeedWeights::default() }, None)
            .await
            .unwrap();
        let page = services.feeds.for_you(Some(&reader), None).await.unwrap();
        assert_eq!(page.items[0].post.id, popular.id, "popularity alone puts the liked post first");
        let bad = services
            .feeds
            .save_settings(&reader, FeedWeights { nearby: -1.0, ..FeedWeights::default() }, None)
            .await
            .unwrap_err();
        assert!(matches!(&bad, ServiceError::Invalid(problems) if problems[0].field == "nearby"));
    }

    async fn people_who_rarely_post_still_reach_their_followers_among_people_who_post_often(db: DatabaseConnection) {
        let clock = backend::Clock::adjustable();
        let services = services(db).with_clock(clock.clone());
        let (ana, ana_handle) = named_person(&services, "ana@example.com", "Ana Lopez").await;
        let (carla, carla_handle) = named_person(&services, "carla@example.com", "Carla Reis").await;
        let (dora, _) = named_person(&services, "dora@example.com", "Dora Silva").await;
        let (reader, _) = named_person(&services, "bruno@example.com", "Bruno Costa").await;
        services.graph.follow(&reader, &ana_handle).await.unwrap();
        services.graph.follow(&reader, &carla_handle).await.unwrap();

        let last_month = services.posts.create(&ana, text_post("Last month's bread")).await.unwrap();
        clock.advance(Duration::days(20)).unwrap();
        let this_week = services.posts.create(&ana, text_post("This week's bread")).await.unwrap();
        clock.advance(Duration::days(1)).unwrap();
        let mut carlas = Vec::new();
        for n in 0..25 {
            carlas.push(services.posts.create(&carla, text_post(&format!("Carla's lunch {n}"))).await.unwrap().id);
            services.posts.create(&dora, text_post(&format!("Dora's lunch {n}"))).await.unwrap();
            clock.advance(Duration::minutes(10)).unwrap();
        }
        carlas.reverse();

        let first = services.feeds.following(&reader, None).await.unwrap();
        let ids: Vec<i64> = first.items.iter().map(|item| item.post.id).collect();
        assert_eq!(ids, carlas[..20], "one prolific person may fill a whole page");
        let next = services.feeds.following(&reader, first.next_cursor.as_deref()).await.unwrap();
        let ids: Vec<i64> = next.items.iter().map(|item| item.post.id).collect();
        let mut expected = carlas[20..].to_vec();
        expected.extend([this_week.id, last_month.id]);
        assert_eq!(ids, expected, "then the rest, and the rare poster's posts however old");
        assert!(next.next_cursor.is_none());

        let mut ranked = Vec::new();
        let mut cursor = None;
        loop {
            let page = services.feeds.for_you(Some(&reader), cursor.as_deref()).await.unwrap();
            ranked.extend(page.items.iter().map(|item| item.post.id));
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        assert!(ranked.contains(&this_week.id), "a followed post of this week is a candidate");
        assert!(!ranked.contains(&last_month.id), "older than For you's window");
    }
}
