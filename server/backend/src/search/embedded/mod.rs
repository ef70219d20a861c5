//! The embedded search engine: one tantivy index per kind of document under one folder (`./data/search` by
//! default), in-process, nothing to install.
//!
//! Why this design: tantivy gives typo-tolerant (Levenshtein automata) and prefix matching,
//! BM25 relevance, term filters and a crash-safe on-disk format, in pure Rust; writing those
//! by hand is how search engines go wrong. Geo is not tantivy's strength, so each document
//! also carries the terms of the grid cells it lies in ([`super::geo_cells`]): a query lists
//! the few cells covering its circle, tantivy intersects those postings with the text and
//! filter postings, and a collector reads each candidate's coordinates from columnar fast
//! fields to keep only chefs truly inside the circle and within their own travel radius,
//! computing the exact haversine distance it sorts by. An R-tree beside the index would
//! find the candidates as fast, but it would be a second structure to keep in step with the
//! index across processes; terms live in the index and commit with it.
//!
//! Several processes share the folder (`server serve`, `server worker`, `server reindex`):
//! writers take tantivy's lock in turn, readers reload on each commit, and a rebuild writes a
//! new generation folder and then replaces the one-line `CURRENT` file, which every process
//! checks at most once a second.

mod documents;
mod query;

use async_trait::async_trait;
use domain::{
    paging::Page,
    search::{
        ChefHit, ChefQuery, DishHit, DishQuery, PersonDocument, PersonQuery, PostDocument,
        PostQuery, QuestionDocument, QuestionQuery,
    },
};
use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::{Duration, Instant},
};
use tantivy::{
    directory::error::LockError,
    schema::{
        Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
        INDEXED, STORED, STRING,
    },
    tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer},
    Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term,
};

use super::{Documents, IndexName, Rebuild, SearchEngine, SearchError, SearchResult};

const TOKENIZER: &str = "folded";
/// How often a process looks for a generation another process swapped in.
const GENERATION_CHECK: Duration = Duration::from_secs(1);
/// How long a writer waits for another process's writer before giving up (the job retries).
const LOCK_PATIENCE: Duration = Duration::from_secs(10);
const WRITER_MEMORY: usize = 32_000_000;

/// One schema serves every index; each fills the fields it needs. Filters are terms
/// of one `facet` field written `name=value` (`cuisine=japanese`, `busy=2026-12-05`).
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    facet: Field,
    geo: Field,
    lat: Field,
    lng: Field,
    reach_km: Field,
    price: Field,
    rating: Field,
    rank: Field,
    votes: Field,
    document: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fast = || NumericOptions::default().set_fast();
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | FAST | STORED),
        text: builder.add_text_field("text", text),
        facet: builder.add_text_field("facet", STRING),
        geo: builder.add_text_field("geo", STRING),
        lat: builder.add_f64_field("lat", fast()),
        lng: builder.add_f64_field("lng", fast()),
        reach_km: builder.add_u64_field("reach_km", fast()),
        price: builder.add_i64_field("price", fast()),
        rating: builder.add_f64_field("rating", fast()),
        rank: builder.add_f64_field("rank", fast()),
        votes: builder.add_i64_field("votes", fast()),
        document: builder.add_text_field("document", STORED),
    };
    (builder.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn engine_error(error: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(error.to_string())
}

/// One on-disk copy of an index, with its reader.
struct Generation {
    name: String,
    index: Index,
    reader: IndexReader,
}

impl Generation {
    fn open(folder: &Path, name: &str) -> SearchResult<Self> {
        let path = folder.join(name);
        std::fs::create_dir_all(&path).map_err(engine_error)?;
        let directory = tantivy::directory::MmapDirectory::open(&path).map_err(engine_error)?;
        let index = Index::open_or_create(directory, schema().0).map_err(engine_error)?;
        index.tokenizers().register(TOKENIZER, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(engine_error)?;
        Ok(Self {
            name: name.to_owned(),
            index,
            reader,
        })
    }

    /// A writer, waiting while another process holds the index's lock.
    fn writer(&self, memory: usize) -> SearchResult<IndexWriter> {
        let started = Instant::now();
        loop {
            match self.index.writer_with_num_threads(1, memory) {
                Ok(writer) => return Ok(writer),
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if started.elapsed() < LOCK_PATIENCE =>
                {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => return Err(engine_error(error)),
            }
        }
    }
}

/// An index's folder: generation folders and the `CURRENT` file naming the live one.
struct Store {
    folder: PathBuf,
    created_empty: bool,
    fields: Fields,
    live: RwLock<Arc<Generation>>,
    checked_at: Mutex<Instant>,
}

impl Store {
    fn open(folder: PathBuf) -> SearchResult<Self> {
        std::fs::create_dir_all(&folder).map_err(engine_error)?;
        let existing = read_current(&folder);
        let created_empty = existing.is_none();
        let name = match existing {
            Some(name) => name,
            None => {
                let name = new_generation_name();
                write_current(&folder, &name)?;
                name
            }
        };
        let generation = Generation::open(&folder, &name)?;
        Ok(Self {
            folder,
            created_empty,
            fields: schema().1,
            live: RwLock::new(Arc::new(generation)),
            checked_at: Mutex::new(Instant::now()),
        })
    }

    /// The live generation, switching to one another process swapped in. `force` checks now
    /// rather than at most once a second (writers must not write to a retired copy).
    fn live(&self, force: bool) -> SearchResult<Arc<Generation>> {
        let due = {
            let mut checked_at = self.checked_at.lock().expect("not poisoned");
            let due = force || checked_at.elapsed() >= GENERATION_CHECK;
            if due {
                *checked_at = Instant::now();
            }
            due
        };
        let live = self.live.read().expect("not poisoned").clone();
        if !due {
            return Ok(live);
        }
        match read_current(&self.folder) {
            Some(name) if name != live.name => {
                let generation = Arc::new(Generation::open(&self.folder, &name)?);
                *self.live.write().expect("not poisoned") = generation.clone();
                Ok(generation)
            }
            _ => Ok(live),
        }
    }

    fn write(
        &self,
        change: impl FnOnce(&IndexWriter, Fields) -> SearchResult<()>,
    ) -> SearchResult<()> {
        let generation = self.live(true)?;
        let mut writer = generation.writer(WRITER_MEMORY)?;
        change(&writer, self.fields)?;
        writer.commit().map_err(engine_error)?;
        writer.wait_merging_threads().map_err(engine_error)?;
        // Read-your-writes in this process; other processes reload on the commit.
        generation.reader.reload().map_err(engine_error)
    }
}

fn new_generation_name() -> String {
    // Real time on purpose: generation folders sort by when they were built.
    let millis = crate::Clock::system().now().timestamp_millis();
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..6];
    format!("g-{millis}-{suffix}")
}

fn read_current(folder: &Path) -> Option<String> {
    let name = std::fs::read_to_string(folder.join("CURRENT")).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Replaces `CURRENT` atomically: a reader sees the old name or the new, never half.
fn write_current(folder: &Path, name: &str) -> SearchResult<()> {
    let staged = folder.join(format!("CURRENT.{}", uuid::Uuid::new_v4().simple()));
    std::fs::write(&staged, format!("{name}\n")).map_err(engine_error)?;
    std::fs::rename(&staged, folder.join("CURRENT")).map_err(engine_error)
}

fn id_term(fields: Fields, id: i64) -> Term {
    Term::from_field_i64(fields.id, id)
}

struct Stores {
    chefs: Store,
    dishes: Store,
    questions: Store,
    posts: Store,
    people: Store,
}

impl Stores {
    fn get(&self, index: IndexName) -> &Store {
        match index {
            IndexName::Chefs => &self.chefs,
            IndexName::Dishes => &self.dishes,
            IndexName::Questions => &self.questions,
            IndexName::Posts => &self.posts,
            IndexName::People => &self.people,
        }
    }
}

/// The default engine; see the module documentation.
#[derive(Clone)]
pub struct EmbeddedSearch {
    stores: Arc<Stores>,
}

impl EmbeddedSearch {
    /// Opens (creating when missing) the indexes under `folder`.
    pub fn open(folder: impl AsRef<Path>) -> SearchResult<Self> {
        let folder = folder.as_ref();
        let store = |index: IndexName| Store::open(folder.join(index.code()));
        Ok(Self {
            stores: Arc::new(Stores {
                chefs: store(IndexName::Chefs)?,
                dishes: store(IndexName::Dishes)?,
                questions: store(IndexName::Questions)?,
                posts: store(IndexName::Posts)?,
                people: store(IndexName::People)?,
            }),
        })
    }

    /// Runs blocking index work off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Stores) -> SearchResult<T> + Send + 'static,
    ) -> SearchResult<T> {
        let stores = self.stores.clone();
        tokio::task::spawn_blocking(move || work(&stores))
            .await
            .map_err(engine_error)?
    }
}

#[async_trait]
impl SearchEngine for EmbeddedSearch {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn created_empty(&self) -> Vec<IndexName> {
        IndexName::ALL
            .into_iter()
            .filter(|&index| self.stores.get(index).created_empty)
            .collect()
    }

    async fn put(&self, documents: Documents) -> SearchResult<()> {
        if documents.is_empty() {
            return Ok(());
        }
        self.blocking(move |stores| {
            let store = stores.get(documents.index());
            let prepared = documents::tantivy_documents(&documents, store.fields)?;
            store.write(|writer, fields| {
                for (id, document) in prepared {
                    writer.delete_term(id_term(fields, id));
                    writer.add_document(document).map_err(engine_error)?;
                }
                Ok(())
            })
        })
        .await
    }

    async fn remove(&self, index: IndexName, ids: &[i64]) -> SearchResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids.to_vec();
        self.blocking(move |stores| {
            stores.get(index).write(|writer, fields| {
                for id in ids {
                    writer.delete_term(id_term(fields, id));
                }
                Ok(())
            })
        })
        .await
    }

    async fn rebuild(&self, index: IndexName) -> SearchResult<Box<dyn Rebuild>> {
        let stores = self.stores.clone();
        let rebuild = self
            .blocking(move |stores| {
                let store = stores.get(index);
                let name = new_generation_name();
                let generation = Generation::open(&store.folder, &name)?;
                let writer = generation.writer(WRITER_MEMORY * 4)?;
                Ok((generation, writer))
            })
            .await?;
        Ok(Box::new(EmbeddedRebuild {
            stores,
            index,
            generation: Some(rebuild.0),
            writer: Some(rebuild.1),
        }))
    }

    async fn search_chefs(&self, query: &ChefQuery) -> SearchResult<Page<ChefHit>> {
        let query = query.clone();
        self.blocking(move |stores| {
            let generation = stores.chefs.live(false)?;
            query::chefs(&generation, stores.chefs.fields, &query)
        })
        .await
    }

    async fn search_dishes(&self, query: &DishQuery) -> SearchResult<Page<DishHit>> {
        let query = query.clone();
        self.blocking(move |stores| {
            let generation = stores.dishes.live(false)?;
            query::dishes(&generation, stores.dishes.fields, &query)
        })
        .await
    }

    async fn search_questions(
        &self,
        query: &QuestionQuery,
    ) -> SearchResult<Page<QuestionDocument>> {
        let query = query.clone();
        self.blocking(move |stores| {
            let generation = stores.questions.live(false)?;
            query::questions(&generation, stores.questions.fields, &query)
        })
        .await
    }

    async fn search_posts(&self, query: &PostQuery) -> SearchResult<Page<PostDocument>> {
        let query = query.clone();
        self.blocking(move |stores| {
            let generation = stores.posts.live(false)?;
            query::posts(&generation, stores.posts.fields, &query)
        })
        .await
    }

    async fn search_people(&self, query: &PersonQuery) -> SearchResult<Page<PersonDocument>> {
        let query = query.clone();
        self.blocking(move |stores| {
            let generation = stores.people.live(false)?;
            query::people(&generation, stores.people.fields, &query)
        })
        .await
    }
}

struct EmbeddedRebuild {
    stores: Arc<Stores>,
    index: IndexName,
    generation: Option<Generation>,
    writer: Option<IndexWriter>,
}

#[async_trait]
impl Rebuild for EmbeddedRebuild {
    async fn add(&mut self, documents: Documents) -> SearchResult<()> {
        if documents.index() != self.index {
            return Err(SearchError::WrongIndex(documents.index(), self.index));
        }
        let fields = self.stores.get(self.index).fields;
        let writer = self.writer.as_ref().expect("open until finished");
        for (_, document) in documents::tantivy_documents(&documents, fields)? {
            writer.add_document(document).map_err(engine_error)?;
        }
        Ok(())
    }

    async fn finish(mut self: Box<Self>) -> SearchResult<()> {
        let mut writer = self.writer.take().expect("finished once");
        let generation = self.generation.take().expect("finished once");
        let (stores, index) = (self.stores.clone(), self.index);
        tokio::task::spawn_blocking(move || {
            writer.commit().map_err(engine_error)?;
            writer.wait_merging_threads().map_err(engine_error)?;
            generation.reader.reload().map_err(engine_error)?;
            let store = stores.get(index);
            write_current(&store.folder, &generation.name)?;
            let retired = std::mem::replace(
                &mut *store.live.write().expect("not poisoned"),
                Arc::new(generation),
            );
            // Searches still holding the old copy finish on it (its files stay mapped).
            remove_generations_except(
                &store.folder,
                &read_current(&store.folder).unwrap_or_default(),
            );
            drop(retired);
            Ok(())
        })
        .await
        .map_err(engine_error)?
    }
}

fn remove_generations_except(folder: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("g-") && name != keep {
            if let Err(error) = std::fs::remove_dir_all(entry.path()) {
                tracing::warn!(%error, generation = name, "could not remove an old search index");
            }
        }
    }
}
