//! Finding questions through the search engine (embedded or Meilisearch alike): the similar
//! questions shown while someone types a title, and the "Knowledge" tab of the search page.
//! The engine finds ids; the rows are read back so a question deleted or hidden since it was
//! indexed never shows.

use domain::{
    knowledge::views::QuestionSummary,
    paging::{Page, PageRequest},
    search::{normalise_text, QuestionQuery},
};
use sea_orm::{ColumnTrait, QueryFilter};
use std::collections::HashMap;

use super::{live_questions, Knowledge};
use crate::{entities::questions, ServiceError};

/// How many similar questions a title brings up.
pub const SIMILAR_QUESTIONS: u64 = 5;
/// Titles shorter than this say too little to compare.
const SIMILAR_MIN_CHARS: usize = 8;

/// What the engine is asked for the questions like a title being typed; `None` when the
/// title says too little to compare.
pub fn similar_query(title: &str) -> Option<QuestionQuery> {
    let text = normalise_text(title).filter(|text| text.chars().count() >= SIMILAR_MIN_CHARS)?;
    Some(QuestionQuery {
        text: Some(text),
        tag: None,
        page: PageRequest::first(SIMILAR_QUESTIONS),
    })
}

impl Knowledge {
    /// Questions like the one being typed, best match first.
    pub async fn similar(&self, title: &str) -> Result<Vec<QuestionSummary>, ServiceError> {
        match similar_query(title) {
            Some(query) => Ok(self.search_questions(&query).await?.items),
            None => Ok(Vec::new()),
        }
    }

    /// Questions and answers matching `query`, in the engine's order.
    pub async fn search_questions(
        &self,
        query: &QuestionQuery,
    ) -> Result<Page<QuestionSummary>, ServiceError> {
        let found = self.search.search_questions(query).await?;
        let ids: Vec<i64> = found.items.iter().map(|hit| hit.id).collect();
        if ids.is_empty() {
            return Ok(Page {
                items: Vec::new(),
                total: found.total,
                page: found.page,
                per_page: found.per_page,
            });
        }
        let mut rows: HashMap<i64, questions::Model> = live_questions()
            .filter(questions::Column::Id.is_in(ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let in_order = ids.iter().filter_map(|id| rows.remove(id)).collect();
        Ok(Page {
            items: self.summaries(in_order).await?,
            total: found.total,
            page: found.page,
            per_page: found.per_page,
        })
    }
}
