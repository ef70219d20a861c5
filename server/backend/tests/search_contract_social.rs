//! The search contract for posts and people, kept by every engine: the embedded one always,
//! Meilisearch when `MEILI_URL` is set.

mod engines;

use backend::search::{Documents, IndexName, SearchEngine};
use domain::{
    paging::PageRequest,
    search::{Circle, PersonDocument, PersonQuery, PostDocument, PostQuery},
};
use engines::*;

fn post(id: i64, text: &str, place: Option<(f64, f64)>) -> PostDocument {
    PostDocument {
        id,
        author_id: 100 + id,
        author_handle: format!("cook_{id}"),
        author_name: "Marta Reis".to_owned(),
        text: text.to_owned(),
        tags: domain::social::text::tags_in(text),
        lat: place.map(|(lat, _)| lat),
        lng: place.map(|(_, lng)| lng),
    }
}

fn person(id: i64, name: &str, handle: &str, bio: &str) -> PersonDocument {
    PersonDocument {
        id,
        handle: handle.to_owned(),
        display_name: name.to_owned(),
        bio: bio.to_owned(),
        is_chef: false,
    }
}

async fn post_ids(search: &dyn SearchEngine, query: &PostQuery) -> Vec<i64> {
    ids(&search.search_posts(query).await.unwrap().items, |post| {
        post.id
    })
}

fn words(text: &str) -> PostQuery {
    PostQuery {
        text: Some(text.to_owned()),
        ..PostQuery::newest()
    }
}

fn tagged(tag: &str) -> PostQuery {
    PostQuery {
        tag: Some(tag.to_owned()),
        ..PostQuery::newest()
    }
}

async fn three_posts(search: &dyn SearchEngine) {
    search
        .put(Documents::Posts(vec![
            post(1, "Tonkotsu #ramen after twelve hours of bones", None),
            post(2, "Sourdough loaf, crumb shot #baking", Some(LISBON)),
            post(3, "Shoyu #Ramen for a rainy night", Some(PORTO)),
        ]))
        .await
        .unwrap();
}

#[tokio::test]
async fn posts_are_found_by_their_words_typos_and_the_prefix_being_typed() {
    on_every_engine(|search| async move {
        three_posts(search.as_ref()).await;
        let search = search.as_ref();
        assert_eq!(post_ids(search, &words("tonkotsu")).await, [1]);
        assert_eq!(post_ids(search, &words("sourdugh")).await, [2], "a typo");
        assert_eq!(post_ids(search, &words("crum")).await, [2], "a prefix");
        let mut by_author = post_ids(search, &words("marta")).await;
        by_author.sort_unstable();
        assert_eq!(by_author, [1, 2, 3], "the author's name");
        assert_eq!(post_ids(search, &words("paella")).await, Vec::<i64>::new());
    })
    .await;
}

#[tokio::test]
async fn posts_by_tag_come_newest_first_and_every_post_without_a_filter() {
    on_every_engine(|search| async move {
        three_posts(search.as_ref()).await;
        let search = search.as_ref();
        assert_eq!(post_ids(search, &tagged("ramen")).await, [3, 1]);
        assert_eq!(post_ids(search, &tagged("baking")).await, [2]);
        assert_eq!(post_ids(search, &tagged("bread")).await, Vec::<i64>::new());
        assert_eq!(post_ids(search, &PostQuery::newest()).await, [3, 2, 1]);
    })
    .await;
}

#[tokio::test]
async fn nearby_posts_are_those_whose_chef_works_inside_the_circle_older_than_a_cursor() {
    on_every_engine(|search| async move {
        search
            .put(Documents::Posts(vec![
                post(1, "Cataplana in Baixa", Some((38.7115, -9.1365))),
                post(2, "Francesinha", Some(PORTO)),
                post(3, "Sardines in Almada", Some((38.6790, -9.1569))),
                post(4, "No chef linked", None),
                post(5, "Bacalhau in Cascais", Some((38.6979, -9.4215))),
            ]))
            .await
            .unwrap();
        let near_lisbon = |radius_km: f64, before_id: Option<i64>| PostQuery {
            near: Some(Circle {
                center: point(LISBON.0, LISBON.1),
                radius_km,
            }),
            before_id,
            ..PostQuery::newest()
        };
        let search = search.as_ref();
        assert_eq!(post_ids(search, &near_lisbon(10.0, None)).await, [3, 1]);
        assert_eq!(post_ids(search, &near_lisbon(50.0, None)).await, [5, 3, 1]);
        assert_eq!(post_ids(search, &near_lisbon(50.0, Some(5))).await, [3, 1]);
        assert_eq!(post_ids(search, &near_lisbon(50.0, Some(3))).await, [1]);
    })
    .await;
}

#[tokio::test]
async fn a_removed_or_rewritten_post_is_found_as_it_is_now() {
    on_every_engine(|search| async move {
        three_posts(search.as_ref()).await;
        search.remove(IndexName::Posts, &[1]).await.unwrap();
        search
            .put(Documents::Posts(vec![post(3, "Miso #soup", None)]))
            .await
            .unwrap();
        let search = search.as_ref();
        assert_eq!(post_ids(search, &tagged("ramen")).await, Vec::<i64>::new());
        assert_eq!(post_ids(search, &tagged("soup")).await, [3]);
        assert_eq!(post_ids(search, &PostQuery::newest()).await, [3, 2]);
    })
    .await;
}

#[tokio::test]
async fn people_are_found_by_name_handle_and_bio() {
    on_every_engine(|search| async move {
        search
            .put(Documents::People(vec![
                person(1, "Ana Ferreira", "ana", "Home baker in Lisbon"),
                person(2, "Rui Costa", "grillmaster", "Charcoal and smoke"),
                person(3, "Anabela Sousa", "bela", "Vegan street food"),
            ]))
            .await
            .unwrap();
        let find = |text: &str| PersonQuery {
            text: Some(text.to_owned()),
            page: PageRequest::default(),
        };
        let people = |query: PersonQuery| {
            let search = search.as_ref();
            async move { ids(&search.search_people(&query).await.unwrap().items, |p| p.id) }
        };
        assert_eq!(people(find("ferreira")).await, [1]);
        assert_eq!(people(find("grillmaster")).await, [2], "the handle");
        assert_eq!(people(find("smoke")).await, [2], "the bio");
        assert_eq!(
            people(find("rui costa")).await,
            [2],
            "every word of a full name"
        );
        let mut ana = people(find("ana")).await;
        ana.sort_unstable();
        assert_eq!(ana, [1, 3], "a prefix finds Ana and Anabela");
        let everyone = PersonQuery {
            text: None,
            page: PageRequest::default(),
        };
        assert_eq!(people(everyone).await, [1, 2, 3]);
    })
    .await;
}
