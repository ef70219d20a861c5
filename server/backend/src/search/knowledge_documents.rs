//! Search documents of the knowledge section: a question while it is neither deleted nor
//! hidden, with its tags and the words of its live answers (searched, not sent back).

use domain::search::QuestionDocument;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

use crate::{
    entities::{answers, question_tags, questions},
    knowledge::{live_answers, live_questions},
    ServiceError,
};

/// Search documents for the live questions among `ids`.
pub async fn question_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<QuestionDocument>, ServiceError> {
    let rows = live_questions()
        .filter(questions::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(questions::Column::Id)
        .all(db)
        .await?;
    let found: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for tag in question_tags::Entity::find()
        .filter(question_tags::Column::QuestionId.is_in(found.clone()))
        .all(db)
        .await?
    {
        tags.entry(tag.question_id).or_default().push(tag.tag);
    }
    let mut answer_text: HashMap<i64, String> = HashMap::new();
    for answer in live_answers()
        .filter(answers::Column::QuestionId.is_in(found))
        .order_by_asc(answers::Column::Id)
        .all(db)
        .await?
    {
        let text = answer_text.entry(answer.question_id).or_default();
        text.push_str(&answer.body);
        text.push('\n');
    }
    Ok(rows
        .into_iter()
        .map(|row| QuestionDocument {
            id: row.id,
            tags: tags.remove(&row.id).unwrap_or_default(),
            votes: row.score,
            answers: u32::try_from(row.answer_count).unwrap_or(0),
            answer_text: answer_text.remove(&row.id).unwrap_or_default(),
            title: row.title,
            body: row.body,
        })
        .collect())
}
