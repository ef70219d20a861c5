//! Turning checked searches into tantivy queries, and the collector that keeps what is truly
//! inside the circle, measures it and orders it.

use domain::{
    paging::{Page, PageRequest},
    search::{
        typos_allowed, ChefDocument, ChefHit, ChefQuery, ChefSort, Circle, DishDocument, DishHit,
        DishQuery, DishSort, PersonDocument, PersonQuery, PostDocument, PostQuery,
        QuestionDocument, QuestionQuery,
    },
};
use std::cmp::Ordering;
use tantivy::{
    collector::{
        sort_key::{SortBySimilarityScore, SortByStaticFastValue},
        Collector, Count, SegmentCollector, TopDocs,
    },
    columnar::Column,
    query::{
        AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery, TermSetQuery,
    },
    schema::{IndexRecordOption, Value},
    DocAddress, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument,
    Term,
};

use super::{analyzer, engine_error, Fields, Generation};
use crate::search::{geo_cells, SearchResult};

fn facet_term(fields: Fields, name: &str, value: &str) -> Term {
    Term::from_field_text(fields.facet, &format!("{name}={}", value.to_lowercase()))
}

fn facet_query(fields: Fields, name: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        facet_term(fields, name, value),
        IndexRecordOption::Basic,
    ))
}

fn near_query(fields: Fields, circle: &Circle) -> Box<dyn Query> {
    let terms = geo_cells::covering_terms(circle)
        .into_iter()
        .map(|cell| Term::from_field_text(fields.geo, &cell));
    Box::new(TermSetQuery::new(terms))
}

/// Every word must match, exactly, with the typos its length allows, or — the last word,
/// which may still be being typed — as a prefix. Exact matches score higher.
fn text_query(fields: Fields, text: &str) -> Option<Box<dyn Query>> {
    let mut words = Vec::new();
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    let last = words.len().checked_sub(1)?;
    let clauses = words
        .iter()
        .enumerate()
        .map(|(position, word)| {
            let term = Term::from_field_text(fields.text, word);
            let typos = typos_allowed(word);
            let mut ways: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    2.0,
                )),
            )];
            if typos > 0 {
                ways.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(term.clone(), typos, true)),
                ));
            }
            if position == last {
                ways.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new_prefix(term, typos, true)),
                ));
            }
            (
                Occur::Must,
                Box::new(BooleanQuery::new(ways)) as Box<dyn Query>,
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The conjunction of `musts`, minus `must_nots`; everything when there is nothing to match.
fn all_of(musts: Vec<Box<dyn Query>>, must_nots: Vec<Box<dyn Query>>) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = musts
        .into_iter()
        .map(|query| (Occur::Must, query))
        .collect();
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    clauses.extend(must_nots.into_iter().map(|query| (Occur::MustNot, query)));
    BooleanQuery::new(clauses)
}

/// A document that matched, with what ordering and filtering need.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    address: DocAddress,
    id: i64,
    score: Score,
    distance_km: Option<f64>,
    price: i64,
    rank: f64,
}

/// Limits read from fast fields rather than postings.
#[derive(Debug, Clone, Copy, Default)]
struct Bounds {
    near: Option<Circle>,
    min_price: Option<i64>,
    max_price: Option<i64>,
    min_rating: Option<f64>,
    min_rank: Option<f64>,
    /// Only documents with a lower id (posts older than a cursor).
    below_id: Option<i64>,
}

struct Gather {
    fields: Fields,
    bounds: Bounds,
    scoring: bool,
}

struct Columns {
    id: Column<i64>,
    lat: Column<f64>,
    lng: Column<f64>,
    reach_km: Column<u64>,
    price: Column<i64>,
    rating: Column<f64>,
    rank: Column<f64>,
}

struct SegmentGather {
    segment: SegmentOrdinal,
    bounds: Bounds,
    columns: Columns,
    found: Vec<Candidate>,
}

impl Collector for Gather {
    type Fruit = Vec<Candidate>;
    type Child = SegmentGather;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGather> {
        let fast = reader.fast_fields();
        let name = |field| reader.schema().get_field_name(field).to_owned();
        let fields = self.fields;
        Ok(SegmentGather {
            segment,
            bounds: self.bounds,
            columns: Columns {
                id: fast.i64(&name(fields.id))?,
                lat: fast.f64(&name(fields.lat))?,
                lng: fast.f64(&name(fields.lng))?,
                reach_km: fast.u64(&name(fields.reach_km))?,
                price: fast.i64(&name(fields.price))?,
                rating: fast.f64(&name(fields.rating))?,
                rank: fast.f64(&name(fields.rank))?,
            },
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Candidate>>) -> tantivy::Result<Vec<Candidate>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentGather {
    type Fruit = Vec<Candidate>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let columns = &self.columns;
        let bounds = &self.bounds;
        let id = columns.id.first(doc).unwrap_or_default();
        if bounds.below_id.is_some_and(|below| id >= below) {
            return;
        }
        let price = columns.price.first(doc).unwrap_or_default();
        if bounds.min_price.is_some_and(|min| price < min)
            || bounds.max_price.is_some_and(|max| price > max)
        {
            return;
        }
        let rating = columns.rating.first(doc).unwrap_or_default();
        let rank = columns.rank.first(doc).unwrap_or_default();
        if bounds.min_rating.is_some_and(|min| rating < min)
            || bounds.min_rank.is_some_and(|min| rank < min)
        {
            return;
        }
        let distance_km = match &bounds.near {
            Some(circle) => {
                let (Some(lat), Some(lng)) = (columns.lat.first(doc), columns.lng.first(doc))
                else {
                    return;
                };
                let reach = columns.reach_km.first(doc).unwrap_or_default();
                let reach = u16::try_from(reach).unwrap_or(u16::MAX);
                match circle.reach(lat, lng, reach) {
                    Some(distance) => Some(distance),
                    None => return,
                }
            }
            None => None,
        };
        self.found.push(Candidate {
            address: DocAddress::new(self.segment, doc),
            id,
            score,
            distance_km,
            price,
            rank,
        });
    }

    fn harvest(self) -> Vec<Candidate> {
        self.found
    }
}

fn nearest(a: &Candidate, b: &Candidate) -> Ordering {
    let far = f64::INFINITY;
    a.distance_km
        .unwrap_or(far)
        .total_cmp(&b.distance_km.unwrap_or(far))
}

fn best_score(a: &Candidate, b: &Candidate) -> Ordering {
    b.score.total_cmp(&a.score)
}

/// Runs `query`, orders the candidates and loads the requested page of documents.
fn run<T: serde::de::DeserializeOwned>(
    generation: &Generation,
    fields: Fields,
    query: &dyn Query,
    bounds: Bounds,
    scoring: bool,
    order: impl Fn(&Candidate, &Candidate) -> Ordering,
    request: PageRequest,
) -> SearchResult<Page<(T, Candidate)>> {
    let searcher = generation.reader.searcher();
    let collector = Gather {
        fields,
        bounds,
        scoring,
    };
    let mut found = searcher.search(query, &collector).map_err(engine_error)?;
    // Ids are unique, so ending every order with the id makes it total and pages stable.
    let order = |a: &Candidate, b: &Candidate| order(a, b).then(a.id.cmp(&b.id));
    let total = found.len();
    let start = usize::try_from(request.offset())
        .unwrap_or(usize::MAX)
        .min(total);
    let end = start.saturating_add(request.per_page() as usize).min(total);
    if end > start {
        // Only the first `end` need ordering among themselves.
        if end < total {
            found.select_nth_unstable_by(end - 1, order);
            found.truncate(end);
        }
        found.sort_unstable_by(order);
    }
    let items = found
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|candidate| Ok((stored(&searcher, fields, candidate.address)?, *candidate)))
        .collect::<SearchResult<Vec<_>>>()?;
    Ok(page_of(items, total, request))
}

fn page_of<T>(items: Vec<T>, total: usize, request: PageRequest) -> Page<T> {
    Page {
        items,
        total: total as u64,
        page: request.page(),
        per_page: request.per_page(),
    }
}

/// The document as it was indexed, from the index's own stored copy.
fn stored<T: serde::de::DeserializeOwned>(
    searcher: &Searcher,
    fields: Fields,
    address: DocAddress,
) -> SearchResult<T> {
    let document: TantivyDocument = searcher.doc(address).map_err(engine_error)?;
    let json = document
        .get_first(fields.document)
        .and_then(|value| value.as_str())
        .ok_or_else(|| engine_error("a search document lost its stored copy"))?;
    serde_json::from_str(json).map_err(engine_error)
}

fn map_page<A, B>(page: Page<A>, f: impl FnMut(A) -> B) -> Page<B> {
    Page {
        items: page.items.into_iter().map(f).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }
}

pub(super) fn chefs(
    generation: &Generation,
    fields: Fields,
    query: &ChefQuery,
) -> SearchResult<Page<ChefHit>> {
    let mut musts = vec![near_query(fields, &query.near)];
    let mut must_nots = Vec::new();
    let text = query
        .text
        .as_deref()
        .and_then(|text| text_query(fields, text));
    let scoring = text.is_some() && query.sort == ChefSort::Relevance;
    musts.extend(text);
    if let Some(cuisine) = &query.cuisine {
        musts.push(facet_query(fields, "cuisine", cuisine));
    }
    if let Some(language) = &query.language {
        musts.push(facet_query(fields, "language", language));
    }
    if let Some(diet) = query.diet {
        musts.push(facet_query(fields, "diet", diet.code()));
    }
    if let Some(date) = query.available_on {
        use chrono::Datelike;
        let weekday = date.weekday().number_from_monday().to_string();
        musts.push(facet_query(fields, "works", &weekday));
        must_nots.push(facet_query(fields, "busy", &date.to_string()));
    }
    let bounds = Bounds {
        near: Some(query.near),
        min_price: query.min_price_minor,
        max_price: query.max_price_minor,
        min_rating: query.min_rating,
        min_rank: query.min_rank,
        below_id: None,
    };
    let sort = query.sort;
    let order = move |a: &Candidate, b: &Candidate| match sort {
        ChefSort::Distance => nearest(a, b),
        ChefSort::Relevance => best_score(a, b).then_with(|| nearest(a, b)),
        ChefSort::Rank => b.rank.total_cmp(&a.rank).then_with(|| nearest(a, b)),
        ChefSort::Price => a.price.cmp(&b.price).then_with(|| nearest(a, b)),
    };
    let page = run::<ChefDocument>(
        generation,
        fields,
        &all_of(musts, must_nots),
        bounds,
        scoring,
        order,
        query.page,
    )?;
    Ok(map_page(page, |(chef, found)| {
        ChefHit::new(chef, found.distance_km.unwrap_or_default())
    }))
}

pub(super) fn dishes(
    generation: &Generation,
    fields: Fields,
    query: &DishQuery,
) -> SearchResult<Page<DishHit>> {
    let mut musts = Vec::new();
    if let Some(circle) = &query.near {
        musts.push(near_query(fields, circle));
    }
    let text = query
        .text
        .as_deref()
        .and_then(|text| text_query(fields, text));
    let scoring = text.is_some() && query.sort == DishSort::Relevance;
    musts.extend(text);
    musts.extend(
        query
            .diets
            .iter()
            .map(|diet| facet_query(fields, "diet", diet.code())),
    );
    if let Some(course) = query.course {
        musts.push(facet_query(fields, "course", course.code()));
    }
    let must_nots = query
        .free_of
        .iter()
        .map(|allergen| facet_query(fields, "allergen", allergen.code()))
        .collect();
    let bounds = Bounds {
        near: query.near,
        ..Bounds::default()
    };
    let sort = query.sort;
    let order = move |a: &Candidate, b: &Candidate| match sort {
        DishSort::Relevance => best_score(a, b).then_with(|| nearest(a, b)),
        DishSort::Distance => nearest(a, b),
        DishSort::Price => a.price.cmp(&b.price).then_with(|| nearest(a, b)),
    };
    let page = run::<DishDocument>(
        generation,
        fields,
        &all_of(musts, must_nots),
        bounds,
        scoring,
        order,
        query.page,
    )?;
    Ok(map_page(page, |(dish, found)| DishHit {
        dish,
        distance_km: found.distance_km,
    }))
}

pub(super) fn questions(
    generation: &Generation,
    fields: Fields,
    query: &QuestionQuery,
) -> SearchResult<Page<QuestionDocument>> {
    let mut musts = Vec::new();
    let text = query
        .text
        .as_deref()
        .and_then(|text| text_query(fields, text));
    let scoring = text.is_some();
    musts.extend(text);
    if let Some(tag) = &query.tag {
        musts.push(facet_query(fields, "tag", tag));
    }
    let query_tree = all_of(musts, Vec::new());
    let searcher = generation.reader.searcher();
    let schema = searcher.schema();
    // Questions filter on nothing but postings, so tantivy's own top-k collector can order
    // them, reading the id (the last tie-break) only on a tie: no column per match, no list
    // of every match. Without words, the most useful (most voted) questions come first.
    let by_id = (
        SortByStaticFastValue::<i64>::for_field(schema.get_field_name(fields.id)),
        Order::Asc,
    );
    let request = query.page;
    let offset = usize::try_from(request.offset()).unwrap_or(usize::MAX);
    let wanted = offset < usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let top = TopDocs::with_limit(request.per_page() as usize).and_offset(offset);
    let (total, addresses): (usize, Vec<DocAddress>) = match (scoring, wanted) {
        (_, false) => (
            searcher.search(&query_tree, &Count).map_err(engine_error)?,
            Vec::new(),
        ),
        (true, true) => {
            let order = ((SortBySimilarityScore, Order::Desc), by_id);
            let (total, top) = searcher
                .search(&query_tree, &(Count, top.order_by(order)))
                .map_err(engine_error)?;
            (total, top.into_iter().map(|(_, address)| address).collect())
        }
        (false, true) => {
            let by_votes = (
                SortByStaticFastValue::<i64>::for_field(schema.get_field_name(fields.votes)),
                Order::Desc,
            );
            let (total, top) = searcher
                .search(&query_tree, &(Count, top.order_by((by_votes, by_id))))
                .map_err(engine_error)?;
            (total, top.into_iter().map(|(_, address)| address).collect())
        }
    };
    let items = addresses
        .into_iter()
        .map(|address| stored(&searcher, fields, address))
        .collect::<SearchResult<Vec<_>>>()?;
    Ok(page_of(items, total, request))
}

/// Newest (highest id) first.
fn newest(a: &Candidate, b: &Candidate) -> Ordering {
    b.id.cmp(&a.id)
}

pub(super) fn posts(
    generation: &Generation,
    fields: Fields,
    query: &PostQuery,
) -> SearchResult<Page<PostDocument>> {
    let mut musts = Vec::new();
    if let Some(circle) = &query.near {
        musts.push(near_query(fields, circle));
    }
    let text = query
        .text
        .as_deref()
        .and_then(|text| text_query(fields, text));
    let scoring = text.is_some();
    musts.extend(text);
    if let Some(tag) = &query.tag {
        musts.push(facet_query(fields, "tag", tag));
    }
    let bounds = Bounds {
        near: query.near,
        below_id: query.before_id,
        ..Bounds::default()
    };
    let order = move |a: &Candidate, b: &Candidate| {
        if scoring {
            best_score(a, b).then_with(|| newest(a, b))
        } else {
            newest(a, b)
        }
    };
    let page = run::<PostDocument>(
        generation,
        fields,
        &all_of(musts, Vec::new()),
        bounds,
        scoring,
        order,
        query.page,
    )?;
    Ok(map_page(page, |(post, _)| post))
}

pub(super) fn people(
    generation: &Generation,
    fields: Fields,
    query: &PersonQuery,
) -> SearchResult<Page<PersonDocument>> {
    let text = query
        .text
        .as_deref()
        .and_then(|text| text_query(fields, text));
    let scoring = text.is_some();
    // Without words, the earliest members first (the id ends every order).
    let order = move |a: &Candidate, b: &Candidate| {
        if scoring {
            best_score(a, b)
        } else {
            Ordering::Equal
        }
    };
    let page = run::<PersonDocument>(
        generation,
        fields,
        &all_of(text.into_iter().collect(), Vec::new()),
        Bounds::default(),
        scoring,
        order,
        query.page,
    )?;
    Ok(map_page(page, |(person, _)| person))
}
