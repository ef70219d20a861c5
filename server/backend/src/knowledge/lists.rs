//! Lists of questions, paged by keyset cursor (never by offset): newest, top over a period,
//! unanswered; each optionally by tag, by asker, by answerer or by the chef it was asked of.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    knowledge::{
        lists::{ListCursor, QuestionList, QuestionOrder, TopPeriod, LIST_PAGE_SIZE},
        views::QuestionSummary,
    },
    FieldError,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

use super::{live_questions, Knowledge};
use crate::{
    entities::{answers, question_tags, questions},
    social::views::people,
    ServiceError,
};

/// Which questions a list holds.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub order: QuestionOrder,
    pub period: TopPeriod,
    /// Lower-case tag.
    pub tag: Option<String>,
    pub asked_by: Option<i64>,
    /// Questions this person answered (with an answer still live).
    pub answered_by: Option<i64>,
    /// Questions asked of this chef from their page.
    pub asked_of: Option<i64>,
}

impl Knowledge {
    pub async fn list(
        &self,
        filter: &ListFilter,
        cursor: Option<&str>,
    ) -> Result<QuestionList, ServiceError> {
        let after = cursor.map(ListCursor::parse).transpose()?;
        let mut query = live_questions();
        if let Some(tag) = &filter.tag {
            query = query.filter(
                questions::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(question_tags::Column::QuestionId)
                        .from(question_tags::Entity)
                        .and_where(question_tags::Column::Tag.eq(tag.as_str()))
                        .to_owned(),
                ),
            );
        }
        if let Some(asker) = filter.asked_by {
            query = query.filter(questions::Column::AuthorId.eq(asker));
        }
        if let Some(chef) = filter.asked_of {
            query = query.filter(questions::Column::DirectedToId.eq(chef));
        }
        if let Some(answerer) = filter.answered_by {
            query = query.filter(
                questions::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(answers::Column::QuestionId)
                        .from(answers::Entity)
                        .and_where(answers::Column::AuthorId.eq(answerer))
                        .and_where(answers::Column::DeletedAt.is_null())
                        .and_where(answers::Column::HiddenAt.is_null())
                        .to_owned(),
                ),
            );
        }
        query = match filter.order {
            QuestionOrder::Newest => {
                if let Some(after) = after {
                    query = query.filter(before_time(questions::Column::CreatedAt, after, true)?);
                }
                query
                    .order_by_desc(questions::Column::CreatedAt)
                    .order_by_desc(questions::Column::Id)
            }
            QuestionOrder::Unanswered => {
                query = query.filter(questions::Column::AnswerCount.eq(0));
                if let Some(after) = after {
                    query = query.filter(before_time(questions::Column::CreatedAt, after, false)?);
                }
                query
                    .order_by_asc(questions::Column::CreatedAt)
                    .order_by_asc(questions::Column::Id)
            }
            QuestionOrder::Top => {
                if let Some(days) = filter.period.days() {
                    query = query.filter(
                        questions::Column::CreatedAt.gt(self.clock.now() - Duration::days(days)),
                    );
                }
                if let Some(after) = after {
                    let score = after.key as i32;
                    query = query.filter(
                        Condition::any()
                            .add(questions::Column::Score.lt(score))
                            .add(
                                Condition::all()
                                    .add(questions::Column::Score.eq(score))
                                    .add(questions::Column::Id.lt(after.id)),
                            ),
                    );
                }
                query
                    .order_by_desc(questions::Column::Score)
                    .order_by_desc(questions::Column::Id)
            }
        };
        let mut rows = query.limit(LIST_PAGE_SIZE + 1).all(&self.db).await?;
        let more = rows.len() as u64 > LIST_PAGE_SIZE;
        rows.truncate(LIST_PAGE_SIZE as usize);
        let next_cursor = more.then(|| {
            let last = rows.last().expect("a full page has a last question");
            let key = match filter.order {
                QuestionOrder::Top => i64::from(last.score),
                _ => last.created_at.timestamp_micros(),
            };
            ListCursor { key, id: last.id }.encode()
        });
        Ok(QuestionList {
            items: self.summaries(rows).await?,
            next_cursor,
        })
    }

    /// Questions as lists show them, in the order given.
    pub(super) async fn summaries(
        &self,
        rows: Vec<questions::Model>,
    ) -> Result<Vec<QuestionSummary>, ServiceError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let everyone: HashSet<i64> = rows
            .iter()
            .flat_map(|row| [Some(row.author_id), row.directed_to_id])
            .flatten()
            .collect();
        let tag_rows = async {
            Ok::<_, ServiceError>(
                question_tags::Entity::find()
                    .filter(question_tags::Column::QuestionId.is_in(ids))
                    .all(&self.db)
                    .await?,
            )
        };
        let (tag_rows, named) = tokio::try_join!(tag_rows, people(&self.db, everyone))?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for tag in tag_rows {
            tags.entry(tag.question_id).or_default().push(tag.tag);
        }
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(QuestionSummary {
                    id: row.id,
                    tags: tags.remove(&row.id).unwrap_or_default(),
                    score: row.score,
                    answer_count: u32::try_from(row.answer_count).unwrap_or(0),
                    has_accepted_answer: row.accepted_answer_id.is_some(),
                    closed: row.closed_at.is_some(),
                    asked_by: named.get(&row.author_id)?.clone(),
                    asked_of: row.directed_to_id.and_then(|id| named.get(&id).cloned()),
                    created_at: row.created_at,
                    title: row.title,
                })
            })
            .collect())
    }
}

/// Rows after the cursor's question in time order (`newest_first` or oldest first).
fn before_time(
    column: questions::Column,
    after: ListCursor,
    newest_first: bool,
) -> Result<Condition, ServiceError> {
    let at: DateTime<Utc> = Utc
        .timestamp_micros(after.key)
        .single()
        .ok_or_else(|| FieldError::new("cursor", "This cursor is not one we gave out."))?;
    let (beyond, id_beyond) = if newest_first {
        (column.lt(at), questions::Column::Id.lt(after.id))
    } else {
        (column.gt(at), questions::Column::Id.gt(after.id))
    };
    Ok(Condition::any()
        .add(beyond)
        .add(Condition::all().add(column.eq(at)).add(id_beyond)))
}
