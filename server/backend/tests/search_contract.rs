//! The contract every search engine keeps. Each test runs on the embedded engine, and on
//! Meilisearch when `MEILI_URL` is set (skipped with a message otherwise), unchanged.

mod engines;

use backend::search::{Documents, IndexName};
use chrono::NaiveDate;
use domain::{
    catalog::{Allergen, Course, DietaryFlag},
    money::{Currency, Money},
    paging::PageRequest,
    search::{
        ChefQuery, ChefSort, Circle, DishDocument, DishQuery, DishSort, QuestionDocument,
        QuestionQuery,
    },
};
use engines::*;

#[tokio::test]
async fn chefs_near_a_place_come_nearest_first_with_their_distances() {
    on_every_engine(|search| async move {
        // Cascais ~25 km west of Lisbon, Sintra ~24 km, Almada ~5 km across the river.
        search
            .put(Documents::Chefs(vec![
                chef(1, "Cascais", (38.6979, -9.4215)),
                chef(2, "Almada", (38.6790, -9.1569)),
                chef(3, "Porto", PORTO),
                chef(4, "Baixa", (38.7115, -9.1365)),
            ]))
            .await
            .unwrap();
        let page = search.search_chefs(&around(LISBON, 30.0)).await.unwrap();
        assert_eq!(ids(&page.items, |hit| hit.id), [4, 2, 1]);
        assert_eq!(page.total, 3);
        let lisbon = point(LISBON.0, LISBON.1);
        for hit in &page.items {
            let expected = lisbon.distance_km(&point(hit.lat, hit.lng));
            assert!(
                (hit.distance_km - expected).abs() < 0.01,
                "{} km reported for {}, {expected} expected",
                hit.distance_km,
                hit.display_name
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_chef_whose_own_radius_does_not_reach_the_event_is_left_out() {
    on_every_engine(|search| async move {
        let mut stays_home = chef(1, "Stays home", (38.6979, -9.4215)); // ~25 km out
        stays_home.service_radius_km = 10;
        let mut travels = chef(2, "Travels", (38.6979, -9.4210));
        travels.service_radius_km = 30;
        search
            .put(Documents::Chefs(vec![stays_home, travels]))
            .await
            .unwrap();
        assert_eq!(chef_ids(search.as_ref(), &around(LISBON, 50.0)).await, [2]);
    })
    .await;
}

/// Chefs within 10 km of Lisbon whose text matches `text`.
fn text_near_lisbon(text: &str) -> ChefQuery {
    let mut query = around(LISBON, 10.0);
    query.text = Some(text.to_owned());
    query
}

#[tokio::test]
async fn text_matches_whole_words_typos_and_the_prefix_being_typed() {
    on_every_engine(|search| async move {
        let mut sushi = chef(1, "Kenji Sato", LISBON);
        sushi.headline = "Sushi and sashimi for weddings".to_owned();
        sushi.cuisines = vec!["Japanese".to_owned()];
        let mut vegan = chef(2, "Rita Sousa", LISBON);
        vegan.headline = "Vegan tasting menus".to_owned();
        vegan.bio = "Plant-based wedding feasts.".to_owned();
        let mut grill = chef(3, "Rui Costa", LISBON);
        grill.headline = "Charcoal grill for big weddings".to_owned();
        search
            .put(Documents::Chefs(vec![sushi, vegan, grill]))
            .await
            .unwrap();
        let find = text_near_lisbon;
        let search = search.as_ref();
        assert_eq!(chef_ids(search, &find("sushi")).await, [1]);
        assert_eq!(
            chef_ids(search, &find("SUSHI")).await,
            [1],
            "case is ignored"
        );
        assert_eq!(
            chef_ids(search, &find("sashmi")).await,
            [1],
            "one typo in 7 letters"
        );
        assert_eq!(
            chef_ids(search, &find("japan")).await,
            [1],
            "a prefix of the last word"
        );
        assert_eq!(
            chef_ids(search, &find("vegan wedding")).await,
            [2],
            "every word"
        );
        assert_eq!(chef_ids(search, &find("kimchi")).await, Vec::<i64>::new());
        assert_eq!(
            chef_ids(search, &find("rata")).await,
            Vec::<i64>::new(),
            "no typo under 5 letters"
        );
    })
    .await;
}

#[tokio::test]
async fn a_chef_is_found_by_the_names_ingredients_and_descriptions_of_their_dishes() {
    on_every_engine(|search| async move {
        let mut french = chef(1, "Claire Martin", LISBON);
        french.dishes = vec![
            "Boeuf bourguignon: beef, red wine, shallots. Braised for six hours.".to_owned(),
            "Endive salad: endive, roquefort, walnut".to_owned(),
        ];
        let mut grill = chef(2, "Rui Costa", LISBON);
        grill.dishes = vec!["Picanha: beef, rock salt".to_owned()];
        search
            .put(Documents::Chefs(vec![french, grill]))
            .await
            .unwrap();
        let find = text_near_lisbon;
        let search = search.as_ref();
        assert_eq!(
            chef_ids(search, &find("bourguignon")).await,
            [1],
            "a dish name"
        );
        assert_eq!(
            chef_ids(search, &find("walnut")).await,
            [1],
            "an ingredient"
        );
        assert_eq!(
            chef_ids(search, &find("braised")).await,
            [1],
            "a description"
        );
        assert_eq!(chef_ids(search, &find("picanha")).await, [2]);
        let mut both = chef_ids(search, &find("beef")).await;
        both.sort_unstable();
        assert_eq!(both, [1, 2]);
    })
    .await;
}

#[tokio::test]
async fn the_best_text_match_comes_first_when_sorting_by_relevance() {
    on_every_engine(|search| async move {
        let mut exact = chef(1, "Ana", LISBON);
        exact.headline = "Seafood cataplana".to_owned();
        let mut typo = chef(2, "Bea", LISBON);
        typo.headline = "Seafood cataplano".to_owned();
        search
            .put(Documents::Chefs(vec![typo, exact]))
            .await
            .unwrap();
        let mut query = around(LISBON, 10.0);
        query.text = Some("cataplana".to_owned());
        query.sort = ChefSort::Relevance;
        assert_eq!(chef_ids(search.as_ref(), &query).await, [1, 2]);
    })
    .await;
}

#[tokio::test]
async fn filters_narrow_by_cuisine_language_diet_price_rating_rank_and_free_date() {
    on_every_engine(|search| async move {
        let saturday = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let mut a = chef(1, "A", LISBON);
        a.cuisines = vec!["Japanese".to_owned(), "Fusion".to_owned()];
        a.languages = vec!["English".to_owned()];
        a.dietary = vec![DietaryFlag::Vegan];
        a.base_rate = Money::new(3000, Currency::EUR);
        a.rating = Some(4.8);
        a.rank = 70.0;
        let mut b = chef(2, "B", LISBON);
        b.cuisines = vec!["Japanese".to_owned()];
        b.base_rate = Money::new(9000, Currency::EUR);
        b.rating = Some(3.9);
        b.rank = 20.0;
        b.busy_on = vec![saturday];
        let mut c = chef(3, "C", LISBON);
        c.works_on = vec![1, 2, 3, 4, 5];
        search.put(Documents::Chefs(vec![a, b, c])).await.unwrap();
        let search = search.as_ref();
        let base = around(LISBON, 10.0);
        let with = |change: &dyn Fn(&mut ChefQuery)| {
            let mut query = base.clone();
            change(&mut query);
            query
        };
        assert_eq!(
            chef_ids(search, &with(&|q| q.cuisine = Some("japanese".into()))).await,
            [1, 2]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.language = Some("english".into()))).await,
            [1]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.diet = Some(DietaryFlag::Vegan))).await,
            [1]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.max_price_minor = Some(4000))).await,
            [1, 3]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.min_price_minor = Some(4000))).await,
            [2, 3]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.min_rating = Some(4.0))).await,
            [1],
            "unrated chefs fail a minimum"
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.min_rank = Some(50.0))).await,
            [1]
        );
        assert_eq!(
            chef_ids(search, &with(&|q| q.available_on = Some(saturday))).await,
            [1]
        );
        let friday = saturday.pred_opt().unwrap();
        assert_eq!(
            chef_ids(search, &with(&|q| q.available_on = Some(friday))).await,
            [1, 2, 3]
        );
    })
    .await;
}

#[tokio::test]
async fn sorting_by_rank_or_price_breaks_ties_by_distance() {
    on_every_engine(|search| async move {
        let mut near_cheap = chef(1, "Near", (38.72, -9.14));
        near_cheap.base_rate = Money::new(3000, Currency::EUR);
        near_cheap.rank = 10.0;
        let mut far_cheap = chef(2, "Far", (38.80, -9.30));
        far_cheap.base_rate = Money::new(3000, Currency::EUR);
        far_cheap.rank = 90.0;
        let mut mid_dear = chef(3, "Mid", (38.75, -9.20));
        mid_dear.base_rate = Money::new(8000, Currency::EUR);
        mid_dear.rank = 10.0;
        search
            .put(Documents::Chefs(vec![near_cheap, far_cheap, mid_dear]))
            .await
            .unwrap();
        let mut query = around(LISBON, 50.0);
        query.sort = ChefSort::Price;
        assert_eq!(chef_ids(search.as_ref(), &query).await, [1, 2, 3]);
        query.sort = ChefSort::Rank;
        assert_eq!(chef_ids(search.as_ref(), &query).await, [2, 1, 3]);
    })
    .await;
}

#[tokio::test]
async fn pages_cover_every_chef_once_in_one_order() {
    on_every_engine(|search| async move {
        // Many chefs at the very same spot: only the id can order them.
        let chefs: Vec<_> = (1..=57)
            .map(|id| {
                chef(
                    id,
                    &format!("Chef {id}"),
                    if id % 3 == 0 { PORTO } else { LISBON },
                )
            })
            .collect();
        search.put(Documents::Chefs(chefs)).await.unwrap();
        let mut seen = Vec::new();
        let mut query = around(LISBON, 10.0);
        for page in 1..=5 {
            query.page = PageRequest::parse(Some(page), Some(10)).unwrap();
            let found = search.search_chefs(&query).await.unwrap();
            assert_eq!(found.total, 38);
            seen.extend(ids(&found.items, |hit| hit.id));
        }
        let expected: Vec<i64> = (1..=57).filter(|id| id % 3 != 0).collect();
        assert_eq!(seen, expected);
    })
    .await;
}

#[tokio::test]
async fn a_document_put_again_replaces_the_old_one_and_removed_ones_are_gone() {
    on_every_engine(|search| async move {
        search
            .put(Documents::Chefs(vec![
                chef(1, "Old name", LISBON),
                chef(2, "Other", LISBON),
            ]))
            .await
            .unwrap();
        let mut moved = chef(1, "New name", PORTO);
        moved.headline = "Francesinha".to_owned();
        search.put(Documents::Chefs(vec![moved])).await.unwrap();
        search.remove(IndexName::Chefs, &[2, 99]).await.unwrap();
        assert!(chef_ids(search.as_ref(), &around(LISBON, 10.0))
            .await
            .is_empty());
        let page = search.search_chefs(&around(PORTO, 10.0)).await.unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].display_name, "New name");
    })
    .await;
}

fn dish(id: i64, name: &str, at: (f64, f64)) -> DishDocument {
    DishDocument {
        id,
        chef_id: id * 10,
        chef_name: "Chef".to_owned(),
        name: name.to_owned(),
        description: String::new(),
        ingredients: vec![],
        course: Course::Main,
        organic: false,
        dietary: vec![],
        allergens: vec![],
        price_per_guest: Money::new(2000, Currency::EUR),
        lat: at.0,
        lng: at.1,
        service_radius_km: 50,
    }
}

#[tokio::test]
async fn dishes_are_found_by_text_diet_allergens_course_and_place() {
    on_every_engine(|search| async move {
        let mut risotto = dish(1, "Mushroom risotto", LISBON);
        risotto.dietary = vec![DietaryFlag::Vegetarian, DietaryFlag::GlutenFree];
        risotto.allergens = vec![Allergen::Milk];
        risotto.ingredients = vec!["arborio rice".to_owned(), "porcini".to_owned()];
        let mut curry = dish(2, "Chickpea curry", LISBON);
        curry.dietary = vec![
            DietaryFlag::Vegan,
            DietaryFlag::Vegetarian,
            DietaryFlag::GlutenFree,
        ];
        let mut tart = dish(3, "Almond tart", PORTO);
        tart.course = Course::Dessert;
        tart.allergens = vec![Allergen::TreeNuts, Allergen::Eggs];
        tart.dietary = vec![DietaryFlag::Vegetarian];
        tart.price_per_guest = Money::new(900, Currency::EUR);
        search
            .put(Documents::Dishes(vec![risotto, curry, tart]))
            .await
            .unwrap();
        let search = search.as_ref();
        let run = |query: DishQuery| async move {
            let page = search.search_dishes(&query).await.unwrap();
            (ids(&page.items, |hit| hit.dish.id), page.items)
        };
        let everything = DishQuery {
            text: None,
            near: None,
            diets: vec![],
            free_of: vec![],
            course: None,
            sort: DishSort::Relevance,
            page: PageRequest::default(),
        };
        let (found, _) = run(DishQuery {
            text: Some("porcini".into()),
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [1], "ingredients are searched");
        let (found, _) = run(DishQuery {
            diets: vec![DietaryFlag::Vegetarian, DietaryFlag::GlutenFree],
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [1, 2]);
        let (found, _) = run(DishQuery {
            free_of: vec![Allergen::Milk, Allergen::Eggs],
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [2]);
        let (found, _) = run(DishQuery {
            course: Some(Course::Dessert),
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [3]);
        let lisbon = Circle {
            center: point(LISBON.0, LISBON.1),
            radius_km: 20.0,
        };
        let (found, hits) = run(DishQuery {
            near: Some(lisbon),
            sort: DishSort::Distance,
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [1, 2]);
        assert!(hits
            .iter()
            .all(|hit| hit.distance_km.is_some_and(|km| km < 0.01)));
        let (found, _) = run(DishQuery {
            sort: DishSort::Price,
            ..everything.clone()
        })
        .await;
        assert_eq!(found, [3, 1, 2]);
    })
    .await;
}

#[tokio::test]
async fn questions_are_found_by_their_words_or_their_answers_and_by_tag_most_voted_first_without_text(
) {
    on_every_engine(|search| async move {
        let question = |id: i64, title: &str, tags: &[&str], votes: i32| QuestionDocument {
            id,
            title: title.to_owned(),
            body: "Any tips from chefs?".to_owned(),
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            votes,
            answers: 0,
            answer_text: String::new(),
        };
        let answered = QuestionDocument {
            answers: 1,
            answer_text: "Use a banneton and a longer cold retard.".to_owned(),
            ..question(4, "My loaf spreads flat", &["bread"], 1)
        };
        search
            .put(Documents::Questions(vec![
                answered,
                question(
                    1,
                    "Why does my sourdough collapse?",
                    &["Baking", "bread"],
                    3,
                ),
                question(2, "How long to rest a steak?", &["meat"], 12),
                question(3, "Best flour for pizza dough?", &["baking"], 7),
            ]))
            .await
            .unwrap();
        let find = |text: Option<&str>, tag: Option<&str>| QuestionQuery {
            text: text.map(str::to_owned),
            tag: tag.map(str::to_owned),
            page: PageRequest::default(),
        };
        let questions = |query: QuestionQuery| {
            let search = search.as_ref();
            async move {
                ids(&search.search_questions(&query).await.unwrap().items, |q| {
                    q.id
                })
            }
        };
        assert_eq!(questions(find(Some("sourdough"), None)).await, [1]);
        assert_eq!(questions(find(None, Some("baking"))).await, [3, 1]);
        assert_eq!(questions(find(None, None)).await, [2, 3, 1, 4]);
        // Words only an answer holds find its question; the hit does not carry them.
        let found = search
            .search_questions(&find(Some("banneton"), None))
            .await
            .unwrap();
        assert_eq!(ids(&found.items, |q| q.id), [4]);
        assert_eq!(found.items[0].answer_text, "");
    })
    .await;
}

#[tokio::test]
async fn question_pages_break_equal_matches_by_id_count_every_match_and_end_empty() {
    on_every_engine(|search| async move {
        // Seven questions alike in words and votes: only the id tells them apart.
        let alike = (1..=7)
            .rev()
            .map(|id| QuestionDocument {
                id,
                title: "How do I keep risotto creamy?".to_owned(),
                body: "For twelve guests.".to_owned(),
                tags: vec!["italian".to_owned()],
                votes: 2,
                answers: 0,
                answer_text: String::new(),
            })
            .collect();
        search.put(Documents::Questions(alike)).await.unwrap();
        for text in [Some("risotto creamy"), None] {
            let mut seen = Vec::new();
            for page in 1..=4 {
                let query = QuestionQuery {
                    text: text.map(str::to_owned),
                    tag: None,
                    page: PageRequest::parse(Some(page), Some(3)).unwrap(),
                };
                let found = search.search_questions(&query).await.unwrap();
                assert_eq!(found.total, 7, "{text:?} page {page}");
                seen.extend(ids(&found.items, |q| q.id));
            }
            assert_eq!(seen, [1, 2, 3, 4, 5, 6, 7], "{text:?}");
        }
    })
    .await;
}
#[tokio::test]
async fn a_rebuild_answers_from_the_old_copy_until_it_is_swapped_in() {
    on_every_engine(|search| async move {
        search
            .put(Documents::Chefs(vec![chef(1, "Before", LISBON)]))
            .await
            .unwrap();
        let mut rebuild = search.rebuild(IndexName::Chefs).await.unwrap();
        rebuild
            .add(Documents::Chefs(vec![
                chef(2, "After", LISBON),
                chef(3, "Also after", LISBON),
            ]))
            .await
            .unwrap();
        assert_eq!(chef_ids(search.as_ref(), &around(LISBON, 5.0)).await, [1]);
        rebuild.finish().await.unwrap();
        assert_eq!(
            chef_ids(search.as_ref(), &around(LISBON, 5.0)).await,
            [2, 3]
        );
    })
    .await;
}
