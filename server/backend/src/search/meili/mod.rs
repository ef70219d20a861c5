//! The Meilisearch engine, used when `MEILI_URL` is set: several app servers share one index
//! and the search load moves off them.
//!
//! Documents carry `_geo`; searches filter with `_geoRadius`, sort with
//! `_geoPoint(lat,lng):asc` and read `_geoDistance` back. Meilisearch cannot compare a
//! distance with a field, so "the chef's own radius reaches the event" is written as a
//! union: chefs travelling at least the search radius inside the search circle, and for
//! each shorter radius `s` the index holds (a facet count tells which), chefs with exactly
//! `s` inside a circle of `s`. Radii are whole kilometres, so this is exact.
//! Settings (searchable, filterable, sortable attributes, ranking rules, typo sizes) are
//! applied at start-up, and every write waits for its task, so a search after a write sees it.

use async_trait::async_trait;
use domain::{
    geo::Coordinates,
    paging::{Page, PageRequest},
    search::{
        ChefDocument, ChefHit, ChefQuery, ChefSort, Circle, DishDocument, DishHit, DishQuery,
        DishSort, PersonDocument, PersonQuery, PostDocument, PostQuery, QuestionDocument,
        QuestionQuery,
    },
};
use meilisearch_sdk::{
    client::{Client, SwapIndexes},
    errors::Error as MeiliError,
    indexes::Index,
    search::{MatchingStrategies, SearchResults, Selectors},
    task_info::TaskInfo,
};
use serde::de::DeserializeOwned;
use std::time::Duration;

mod documents;

use super::{Documents, IndexName, Rebuild, SearchEngine, SearchError, SearchResult};
use documents::{
    chef_entry, dish_entry, person_entry, post_entry, question_entry, settings, Found,
};

const TASK_POLL: Duration = Duration::from_millis(25);
const TASK_TIMEOUT: Duration = Duration::from_secs(120);

fn engine_error(error: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(format!("meilisearch: {error}"))
}

/// A Meilisearch server's indexes, named `{prefix}chefs`, `{prefix}dishes` and so on.
#[derive(Clone)]
pub struct MeiliSearch {
    client: Client,
    prefix: String,
    /// Indexes this connection had to create, for `serve` to fill.
    created: Vec<IndexName>,
}

impl MeiliSearch {
    /// Connects and applies the index settings, waiting until they are in force.
    pub async fn connect(url: &str, key: Option<&str>, prefix: &str) -> SearchResult<Self> {
        let client = Client::new(url, key).map_err(engine_error)?;
        let mut engine = Self {
            client,
            prefix: prefix.to_owned(),
            created: Vec::new(),
        };
        for index in IndexName::ALL {
            if engine.prepare(&engine.uid(index)).await? {
                engine.created.push(index);
            }
            engine.configure(&engine.uid(index), index).await?;
        }
        Ok(engine)
    }

    fn uid(&self, index: IndexName) -> String {
        format!("{}{}", self.prefix, index.code())
    }

    fn index(&self, index: IndexName) -> Index {
        self.client.index(self.uid(index))
    }

    async fn wait(&self, task: Result<TaskInfo, MeiliError>) -> SearchResult<()> {
        let task = task
            .map_err(engine_error)?
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
            .await
            .map_err(engine_error)?;
        if task.is_failure() {
            return Err(engine_error(task.unwrap_failure()));
        }
        Ok(())
    }

    /// Creates the index unless it exists; true when it had to.
    async fn prepare(&self, uid: &str) -> SearchResult<bool> {
        if self.client.get_index(uid).await.is_ok() {
            return Ok(false);
        }
        self.wait(self.client.create_index(uid, Some("id")).await)
            .await?;
        Ok(true)
    }

    async fn configure(&self, uid: &str, index: IndexName) -> SearchResult<()> {
        let settings = settings(index);
        self.wait(self.client.index(uid).set_settings(&settings).await)
            .await
    }

    /// Deletes every index under this engine's prefix (test clean-up).
    pub async fn delete_all(&self) -> SearchResult<()> {
        for index in IndexName::ALL {
            self.wait(self.client.delete_index(self.uid(index)).await)
                .await?;
        }
        Ok(())
    }

    async fn add(&self, uid: &str, documents: &Documents) -> SearchResult<()> {
        let index = self.client.index(uid);
        let task = match documents {
            Documents::Chefs(chefs) => {
                let entries: Vec<_> = chefs.iter().map(chef_entry).collect();
                index.add_or_replace(&entries, Some("id")).await
            }
            Documents::Dishes(dishes) => {
                let entries: Vec<_> = dishes.iter().map(dish_entry).collect();
                index.add_or_replace(&entries, Some("id")).await
            }
            Documents::Questions(questions) => {
                let entries: Vec<_> = questions.iter().map(question_entry).collect();
                index.add_or_replace(&entries, Some("id")).await
            }
            Documents::Posts(posts) => {
                let entries: Vec<_> = posts.iter().map(post_entry).collect();
                index.add_or_replace(&entries, Some("id")).await
            }
            Documents::People(people) => {
                let entries: Vec<_> = people.iter().map(person_entry).collect();
                index.add_or_replace(&entries, Some("id")).await
            }
        };
        self.wait(task).await
    }

    /// Runs a search for the page asked, with `filter` and `sort`.
    async fn page<T: DeserializeOwned + Send + Sync + 'static>(
        &self,
        index: IndexName,
        text: Option<&str>,
        filter: &str,
        sort: &[&str],
        request: PageRequest,
    ) -> SearchResult<SearchResults<Found<T>>> {
        let index = self.index(index);
        let mut search = index.search();
        search
            .with_query(text.unwrap_or_default())
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_page(request.page() as usize)
            .with_hits_per_page(request.per_page() as usize);
        if !filter.is_empty() {
            search.with_filter(filter);
        }
        if !sort.is_empty() {
            search.with_sort(sort);
        }
        search.execute().await.map_err(engine_error)
    }

    /// The filter for "inside `circle` and within the travel radius of the document", given
    /// the other conditions `base` (see the module documentation).
    async fn reach_filter(
        &self,
        index: IndexName,
        circle: &Circle,
        base: &[String],
    ) -> SearchResult<String> {
        let outer = geo_radius(circle.center, circle.radius_km);
        let mut around = base.to_vec();
        around.push(outer.clone());
        let around = around.join(" AND ");
        let index_handle = self.index(index);
        let mut search = index_handle.search();
        search
            .with_filter(&around)
            .with_limit(0)
            .with_facets(Selectors::Some(&["service_radius_km"]));
        let counts: SearchResults<serde_json::Value> =
            search.execute().await.map_err(engine_error)?;
        let radii = counts
            .facet_distribution
            .and_then(|mut facets| facets.remove("service_radius_km"))
            .unwrap_or_default();
        let full = circle.radius_km.ceil() as i64;
        let mut reaches = vec![format!("({outer} AND service_radius_km >= {full})")];
        let mut shorter: Vec<i64> = radii
            .keys()
            .filter_map(|radius| radius.parse::<f64>().ok())
            .map(|radius| radius as i64)
            .filter(|&radius| radius < full && (radius as f64) < circle.radius_km)
            .collect();
        shorter.sort_unstable();
        for radius in shorter {
            reaches.push(format!(
                "({} AND service_radius_km = {radius})",
                geo_radius(circle.center, radius as f64)
            ));
        }
        let mut all = base.to_vec();
        all.push(format!("({})", reaches.join(" OR ")));
        Ok(all.join(" AND "))
    }
}

fn geo_radius(center: Coordinates, radius_km: f64) -> String {
    format!(
        "_geoRadius({}, {}, {})",
        center.lat(),
        center.lng(),
        radius_km * 1000.0
    )
}

fn geo_point(center: Coordinates) -> String {
    format!("_geoPoint({}, {}):asc", center.lat(), center.lng())
}

fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn distance_km(found_m: Option<f64>, center: Coordinates, lat: f64, lng: f64) -> f64 {
    found_m.map(|meters| meters / 1000.0).unwrap_or_else(|| {
        Coordinates::parse(lat, lng)
            .map(|point| center.distance_km(&point))
            .unwrap_or_default()
    })
}

fn page_of<T, U>(
    results: SearchResults<Found<T>>,
    request: PageRequest,
    f: impl FnMut(Found<T>) -> U,
) -> Page<U> {
    Page {
        total: results.total_hits.unwrap_or_default() as u64,
        items: results
            .hits
            .into_iter()
            .map(|hit| hit.result)
            .map(f)
            .collect(),
        page: request.page(),
        per_page: request.per_page(),
    }
}

#[async_trait]
impl SearchEngine for MeiliSearch {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    fn created_empty(&self) -> Vec<IndexName> {
        self.created.clone()
    }

    async fn put(&self, documents: Documents) -> SearchResult<()> {
        if documents.is_empty() {
            return Ok(());
        }
        self.add(&self.uid(documents.index()), &documents).await
    }

    async fn remove(&self, index: IndexName, ids: &[i64]) -> SearchResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.wait(self.index(index).delete_documents(ids).await)
            .await
    }

    async fn rebuild(&self, index: IndexName) -> SearchResult<Box<dyn Rebuild>> {
        let staging = format!(
            "{}__rebuild_{}",
            self.uid(index),
            uuid::Uuid::new_v4().simple()
        );
        self.prepare(&staging).await?;
        self.configure(&staging, index).await?;
        Ok(Box::new(MeiliRebuild {
            engine: self.clone(),
            index,
            staging,
        }))
    }

    async fn search_chefs(&self, query: &ChefQuery) -> SearchResult<Page<ChefHit>> {
        let mut base = Vec::new();
        if let Some(cuisine) = &query.cuisine {
            base.push(format!("cuisine = {}", quoted(cuisine)));
        }
        if let Some(language) = &query.language {
            base.push(format!("language = {}", quoted(language)));
        }
        if let Some(diet) = query.diet {
            base.push(format!("diet = {}", quoted(diet.code())));
        }
        if let Some(min) = query.min_price_minor {
            base.push(format!("price >= {min}"));
        }
        if let Some(max) = query.max_price_minor {
            base.push(format!("price <= {max}"));
        }
        if let Some(min) = query.min_rating {
            base.push(format!("rating >= {min}"));
        }
        if let Some(min) = query.min_rank {
            base.push(format!("rank >= {min}"));
        }
        if let Some(date) = query.available_on {
            use chrono::Datelike;
            base.push(format!("works = {}", date.weekday().number_from_monday()));
            base.push(format!("NOT busy = {}", quoted(&date.to_string())));
        }
        let filter = self
            .reach_filter(IndexName::Chefs, &query.near, &base)
            .await?;
        let nearest = geo_point(query.near.center);
        let sort: Vec<&str> = match query.sort {
            ChefSort::Distance => vec![&nearest],
            ChefSort::Relevance if query.text.is_some() => vec![],
            ChefSort::Relevance => vec![&nearest],
            ChefSort::Rank => vec!["rank:desc", &nearest],
            ChefSort::Price => vec!["price:asc", &nearest],
        };
        let results = self
            .page::<ChefDocument>(
                IndexName::Chefs,
                query.text.as_deref(),
                &filter,
                &sort,
                query.page,
            )
            .await?;
        let center = query.near.center;
        Ok(page_of(results, query.page, |found| {
            let distance = distance_km(
                found.geo_distance_m,
                center,
                found.document.lat,
                found.document.lng,
            );
            ChefHit::new(found.document, distance)
        }))
    }

    async fn search_dishes(&self, query: &DishQuery) -> SearchResult<Page<DishHit>> {
        let mut base: Vec<String> = query
            .diets
            .iter()
            .map(|diet| format!("diet = {}", quoted(diet.code())))
            .collect();
        base.extend(
            query
                .free_of
                .iter()
                .map(|allergen| format!("NOT allergen = {}", quoted(allergen.code()))),
        );
        if let Some(course) = query.course {
            base.push(format!("course = {}", quoted(course.code())));
        }
        let filter = match &query.near {
            Some(circle) => self.reach_filter(IndexName::Dishes, circle, &base).await?,
            None => base.join(" AND "),
        };
        let nearest = query.near.map(|circle| geo_point(circle.center));
        let mut sort: Vec<&str> = Vec::new();
        match (query.sort, query.text.is_some()) {
            (DishSort::Relevance, true) => {}
            (DishSort::Price, _) => {
                sort.push("price:asc");
                sort.extend(nearest.as_deref());
            }
            _ => sort.extend(nearest.as_deref()),
        }
        let results = self
            .page::<DishDocument>(
                IndexName::Dishes,
                query.text.as_deref(),
                &filter,
                &sort,
                query.page,
            )
            .await?;
        let center = query.near.map(|circle| circle.center);
        Ok(page_of(results, query.page, |found| {
            let distance_km = center.map(|center| {
                distance_km(
                    found.geo_distance_m,
                    center,
                    found.document.lat,
                    found.document.lng,
                )
            });
            DishHit {
                dish: found.document,
                distance_km,
            }
        }))
    }

    async fn search_questions(
        &self,
        query: &QuestionQuery,
    ) -> SearchResult<Page<QuestionDocument>> {
        let filter = query
            .tag
            .as_ref()
            .map(|tag| format!("tag = {}", quoted(tag)))
            .unwrap_or_default();
        let sort: &[&str] = if query.text.is_some() {
            &[]
        } else {
            &["votes:desc"]
        };
        let results = self
            .page::<QuestionDocument>(
                IndexName::Questions,
                query.text.as_deref(),
                &filter,
                sort,
                query.page,
            )
            .await?;
        Ok(page_of(results, query.page, |found| found.document))
    }

    async fn search_posts(&self, query: &PostQuery) -> SearchResult<Page<PostDocument>> {
        let mut filter = Vec::new();
        if let Some(tag) = &query.tag {
            filter.push(format!("tag = {}", quoted(tag)));
        }
        if let Some(circle) = &query.near {
            filter.push(geo_radius(circle.center, circle.radius_km));
        }
        if let Some(before) = query.before_id {
            filter.push(format!("id < {before}"));
        }
        let sort: &[&str] = if query.text.is_some() {
            &[]
        } else {
            &["id:desc"]
        };
        let results = self
            .page::<PostDocument>(
                IndexName::Posts,
                query.text.as_deref(),
                &filter.join(" AND "),
                sort,
                query.page,
            )
            .await?;
        Ok(page_of(results, query.page, |found| found.document))
    }

    async fn search_people(&self, query: &PersonQuery) -> SearchResult<Page<PersonDocument>> {
        let results = self
            .page::<PersonDocument>(
                IndexName::People,
                query.text.as_deref(),
                "",
                &[],
                query.page,
            )
            .await?;
        Ok(page_of(results, query.page, |found| found.document))
    }
}

struct MeiliRebuild {
    engine: MeiliSearch,
    index: IndexName,
    staging: String,
}

#[async_trait]
impl Rebuild for MeiliRebuild {
    async fn add(&mut self, documents: Documents) -> SearchResult<()> {
        if documents.index() != self.index {
            return Err(SearchError::WrongIndex(documents.index(), self.index));
        }
        self.engine.add(&self.staging, &documents).await
    }

    async fn finish(self: Box<Self>) -> SearchResult<()> {
        let live = self.engine.uid(self.index);
        let swap = SwapIndexes {
            indexes: (live, self.staging.clone()),
            rename: None,
        };
        self.engine
            .wait(self.engine.client.swap_indexes([&swap]).await)
            .await?;
        // After the swap the staging name holds the old documents.
        self.engine
            .wait(self.engine.client.delete_index(&self.staging).await)
            .await
    }
}
