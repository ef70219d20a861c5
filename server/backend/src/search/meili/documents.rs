//! What the Meilisearch indexes hold (searchable text, filter and sort fields, and the
//! whole document to read back), and each index's settings.

use domain::search::{ChefDocument, DishDocument, PersonDocument, PostDocument, QuestionDocument};
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use serde::{Deserialize, Serialize};

use crate::search::IndexName;

/// Enough for every chef in reach of one event; Meilisearch's default stops at 1,000.
const MAX_TOTAL_HITS: usize = 100_000;

#[derive(Serialize)]
pub(super) struct Geo {
    lat: f64,
    lng: f64,
}

/// What the `chefs` index holds: searchable text, filter and sort fields, and the document.
#[derive(Serialize)]
pub(super) struct ChefEntry<'a> {
    id: i64,
    display_name: &'a str,
    headline: &'a str,
    city: &'a str,
    cuisines: &'a [String],
    languages: &'a [String],
    bio: &'a str,
    dishes: &'a [String],
    _geo: Geo,
    service_radius_km: u16,
    cuisine: Vec<String>,
    language: Vec<String>,
    diet: Vec<&'static str>,
    works: &'a [u8],
    busy: Vec<String>,
    price: i64,
    rating: f64,
    rank: f64,
    document: &'a ChefDocument,
}

#[derive(Serialize)]
pub(super) struct DishEntry<'a> {
    id: i64,
    name: &'a str,
    description: &'a str,
    ingredients: &'a [String],
    chef_name: &'a str,
    course_label: &'static str,
    _geo: Geo,
    service_radius_km: u16,
    course: &'static str,
    diet: Vec<&'static str>,
    allergen: Vec<&'static str>,
    price: i64,
    document: &'a DishDocument,
}

#[derive(Serialize)]
pub(super) struct QuestionEntry<'a> {
    id: i64,
    title: &'a str,
    body: &'a str,
    tags: &'a [String],
    answers: &'a str,
    tag: Vec<String>,
    votes: i32,
    document: &'a QuestionDocument,
}

#[derive(Serialize)]
pub(super) struct PostEntry<'a> {
    id: i64,
    text: &'a str,
    tags: &'a [String],
    author_name: &'a str,
    author_handle: &'a str,
    tag: Vec<String>,
    /// Only posts linked to a chef have a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    _geo: Option<Geo>,
    document: &'a PostDocument,
}

#[derive(Serialize)]
pub(super) struct PersonEntry<'a> {
    id: i64,
    display_name: &'a str,
    handle: &'a str,
    bio: &'a str,
    document: &'a PersonDocument,
}

/// A hit as read back: the stored document and, when sorted by distance, `_geoDistance`.
#[derive(Deserialize)]
pub(super) struct Found<T> {
    pub(super) document: T,
    #[serde(rename = "_geoDistance")]
    pub(super) geo_distance_m: Option<f64>,
}

pub(super) fn lower(values: &[String]) -> Vec<String> {
    values.iter().map(|value| value.to_lowercase()).collect()
}

pub(super) fn settings(index: IndexName) -> Settings {
    let (searchable, filterable, sortable): (&[&str], &[&str], &[&str]) = match index {
        IndexName::Chefs => (
            &[
                "display_name",
                "headline",
                "cuisines",
                "city",
                "languages",
                "bio",
                "dishes",
            ],
            &[
                "_geo",
                "service_radius_km",
                "cuisine",
                "language",
                "diet",
                "works",
                "busy",
                "price",
                "rating",
                "rank",
            ],
            &["_geo", "price", "rank", "id"],
        ),
        IndexName::Dishes => (
            &[
                "name",
                "description",
                "ingredients",
                "chef_name",
                "course_label",
            ],
            &[
                "_geo",
                "service_radius_km",
                "course",
                "diet",
                "allergen",
                "price",
            ],
            &["_geo", "price", "id"],
        ),
        IndexName::Questions => (
            &["title", "tags", "body", "answers"],
            &["tag", "votes"],
            &["votes", "id"],
        ),
        IndexName::Posts => (
            &["text", "tags", "author_name", "author_handle"],
            &["tag", "_geo", "id"],
            &["id"],
        ),
        IndexName::People => (&["display_name", "handle", "bio"], &[], &["id"]),
    };
    // Equal posts come newest first; everything else in id order.
    let last_rule = match index {
        IndexName::Posts => "id:desc",
        _ => "id:asc",
    };
    Settings::new()
        .with_searchable_attributes(searchable)
        .with_filterable_attributes(filterable)
        .with_sortable_attributes(sortable)
        // An explicit sort comes first (nearest, cheapest, best ranked); then relevance;
        // the id last, so equal hits keep one order across pages.
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness",
            last_rule,
        ])
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: None,
            disable_on_words: None,
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        .with_pagination(PaginationSetting {
            max_total_hits: MAX_TOTAL_HITS,
        })
        .with_faceting(FacetingSettings {
            // Every distinct travel radius (1 to 500 km) must come back in the facet count.
            max_values_per_facet: 500,
            sort_facet_values_by: None,
        })
}

pub(super) fn chef_entry(chef: &ChefDocument) -> ChefEntry<'_> {
    ChefEntry {
        id: chef.id,
        display_name: &chef.display_name,
        headline: &chef.headline,
        city: &chef.city,
        cuisines: &chef.cuisines,
        languages: &chef.languages,
        bio: &chef.bio,
        dishes: &chef.dishes,
        _geo: Geo {
            lat: chef.lat,
            lng: chef.lng,
        },
        service_radius_km: chef.service_radius_km,
        cuisine: lower(&chef.cuisines),
        language: lower(&chef.languages),
        diet: chef.dietary.iter().map(|diet| diet.code()).collect(),
        works: &chef.works_on,
        busy: chef.busy_on.iter().map(|date| date.to_string()).collect(),
        price: chef.base_rate.amount_minor,
        rating: chef.rating.unwrap_or(0.0),
        rank: chef.rank,
        document: chef,
    }
}

pub(super) fn dish_entry(dish: &DishDocument) -> DishEntry<'_> {
    DishEntry {
        id: dish.id,
        name: &dish.name,
        description: &dish.description,
        ingredients: &dish.ingredients,
        chef_name: &dish.chef_name,
        course_label: dish.course.label(),
        _geo: Geo {
            lat: dish.lat,
            lng: dish.lng,
        },
        service_radius_km: dish.service_radius_km,
        course: dish.course.code(),
        diet: dish.dietary.iter().map(|diet| diet.code()).collect(),
        allergen: dish
            .allergens
            .iter()
            .map(|allergen| allergen.code())
            .collect(),
        price: dish.price_per_guest.amount_minor,
        document: dish,
    }
}

pub(super) fn question_entry(question: &QuestionDocument) -> QuestionEntry<'_> {
    QuestionEntry {
        id: question.id,
        title: &question.title,
        body: &question.body,
        tags: &question.tags,
        answers: &question.answer_text,
        tag: lower(&question.tags),
        votes: question.votes,
        document: question,
    }
}

pub(super) fn post_entry(post: &PostDocument) -> PostEntry<'_> {
    PostEntry {
        id: post.id,
        text: &post.text,
        tags: &post.tags,
        author_name: &post.author_name,
        author_handle: &post.author_handle,
        tag: lower(&post.tags),
        _geo: post.lat.zip(post.lng).map(|(lat, lng)| Geo { lat, lng }),
        document: post,
    }
}

pub(super) fn person_entry(person: &PersonDocument) -> PersonEntry<'_> {
    PersonEntry {
        id: person.id,
        display_name: &person.display_name,
        handle: &person.handle,
        bio: &person.bio,
        document: person,
    }
}
