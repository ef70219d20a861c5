//! Search over chefs (by distance from an event), dishes, knowledge questions, posts and
//! people, behind one
//! interface with two engines that pass the same contract suite (`tests/search_contract.rs`):
//!
//! - [`EmbeddedSearch`], the default: tantivy indexes under `./data/search`, in-process, no
//!   server to run. See its module for how geo, text and filters combine.
//! - [`MeiliSearch`], when `MEILI_URL` is set: a Meilisearch server, for several app servers
//!   sharing one index and for scale.
//!
//! The database stays the source of truth. Every change to what an index shows enqueues a job
//! in the change's own transaction ([`sync`]); the job reads the current rows and writes the
//! document, so a retried or repeated job leaves the same index. `server reindex` rebuilds an
//! index from the database beside the live one and swaps it in.

pub mod documents;
pub mod embedded;
mod geo_cells;
pub mod knowledge_documents;
pub mod meili;
pub mod outbox;
pub mod social_documents;
pub mod sync;

use async_trait::async_trait;
use domain::{
    paging::Page,
    search::{
        ChefDocument, ChefHit, ChefQuery, DishDocument, DishHit, DishQuery, PersonDocument,
        PersonQuery, PostDocument, PostQuery, QuestionDocument, QuestionQuery,
    },
};
use std::{fmt, sync::Arc};

pub use embedded::EmbeddedSearch;
pub use meili::MeiliSearch;

/// The indexes every engine keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexName {
    Chefs,
    Dishes,
    Questions,
    Posts,
    People,
}

impl IndexName {
    pub const ALL: [IndexName; 5] = [
        Self::Chefs,
        Self::Dishes,
        Self::Questions,
        Self::Posts,
        Self::People,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Chefs => "chefs",
            Self::Dishes => "dishes",
            Self::Questions => "questions",
            Self::Posts => "posts",
            Self::People => "people",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|index| index.code() == code)
    }
}

impl fmt::Display for IndexName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Documents for one index, added or replaced by id.
#[derive(Debug, Clone, PartialEq)]
pub enum Documents {
    Chefs(Vec<ChefDocument>),
    Dishes(Vec<DishDocument>),
    Questions(Vec<QuestionDocument>),
    Posts(Vec<PostDocument>),
    People(Vec<PersonDocument>),
}

impl Documents {
    pub fn index(&self) -> IndexName {
        match self {
            Self::Chefs(_) => IndexName::Chefs,
            Self::Dishes(_) => IndexName::Dishes,
            Self::Questions(_) => IndexName::Questions,
            Self::Posts(_) => IndexName::Posts,
            Self::People(_) => IndexName::People,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Self::Chefs(chefs) => chefs.len(),
            Self::Dishes(dishes) => dishes.len(),
            Self::Questions(questions) => questions.len(),
            Self::Posts(posts) => posts.len(),
            Self::People(people) => people.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn ids(&self) -> Vec<i64> {
        match self {
            Self::Chefs(chefs) => chefs.iter().map(|chef| chef.id).collect(),
            Self::Dishes(dishes) => dishes.iter().map(|dish| dish.id).collect(),
            Self::Questions(questions) => questions.iter().map(|question| question.id).collect(),
            Self::Posts(posts) => posts.iter().map(|post| post.id).collect(),
            Self::People(people) => people.iter().map(|person| person.id).collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search engine failed: {0}")]
    Engine(String),
    #[error("{0} cannot go into the {1} index")]
    WrongIndex(IndexName, IndexName),
}

impl From<SearchError> for crate::ServiceError {
    fn from(error: SearchError) -> Self {
        crate::ServiceError::Search(error.to_string())
    }
}

pub type SearchResult<T> = Result<T, SearchError>;

/// What every search engine does. Writes are visible to searches once they return.
#[async_trait]
pub trait SearchEngine: Send + Sync {
    /// "embedded" or "meilisearch", for logs and the benchmark.
    fn name(&self) -> &'static str;

    /// Indexes this engine created empty when it opened (a first start, a deleted search
    /// folder, a new Meilisearch server): `serve` fills them from the database.
    fn created_empty(&self) -> Vec<IndexName> {
        Vec::new()
    }

    /// Adds documents, replacing any with the same id.
    async fn put(&self, documents: Documents) -> SearchResult<()>;

    /// Removes documents by id; ids not in the index are ignored.
    async fn remove(&self, index: IndexName, ids: &[i64]) -> SearchResult<()>;

    /// Starts building a fresh copy of `index` beside the live one, which keeps answering
    /// until [`Rebuild::finish`] swaps the copy in.
    async fn rebuild(&self, index: IndexName) -> SearchResult<Box<dyn Rebuild>>;

    async fn search_chefs(&self, query: &ChefQuery) -> SearchResult<Page<ChefHit>>;
    async fn search_dishes(&self, query: &DishQuery) -> SearchResult<Page<DishHit>>;
    async fn search_questions(&self, query: &QuestionQuery)
        -> SearchResult<Page<QuestionDocument>>;
    async fn search_posts(&self, query: &PostQuery) -> SearchResult<Page<PostDocument>>;
    async fn search_people(&self, query: &PersonQuery) -> SearchResult<Page<PersonDocument>>;
}

/// A fresh copy of an index being filled.
#[async_trait]
pub trait Rebuild: Send {
    async fn add(&mut self, documents: Documents) -> SearchResult<()>;
    /// Makes the copy the live index; the old one is dropped.
    async fn finish(self: Box<Self>) -> SearchResult<()>;
}

pub type Search = Arc<dyn SearchEngine>;
