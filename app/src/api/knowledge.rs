//! Server functions behind the knowledge pages: the lists, a question's page and what people
//! do on it (answer, vote, accept, comment), asking (with similar questions while the title
//! is typed), revisions, and the search page's Knowledge tab. Each calls the same service as
//! the JSON API (`/api/v1/questions…`), so a page and an endpoint refuse alike.

use domain::{
    knowledge::{
        lists::{QuestionList, QuestionOrder, TopPeriod},
        questions::VoteTarget,
        views::{AnswerView, KnowledgeComment, QuestionPage, QuestionSummary, Revision},
    },
    paging::Page,
    search::QuestionSearchParams,
    social::posts::PersonRef,
    FieldError,
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// Which questions a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionListing {
    pub order: QuestionOrder,
    pub period: TopPeriod,
    pub tag: Option<String>,
    pub asked_by: Option<i64>,
    pub answered_by: Option<i64>,
    pub asked_of: Option<i64>,
}

#[server(input = Json, endpoint = "knowledge/questions")]
pub async fn load_questions(
    listing: QuestionListing,
    cursor: Option<String>,
) -> Result<QuestionList, ServerError> {
    use domain::knowledge::questions::question_tag;
    let services = super::context::services()?;
    let tag = match listing.tag.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => Some(question_tag(raw).ok_or_else(|| {
            FieldError::new("tag", "Tags are 2 to 35 letters, digits or hyphens.")
        })?),
        _ => None,
    };
    let filter = backend::knowledge::lists::ListFilter {
        order: listing.order,
        period: listing.period,
        tag,
        asked_by: listing.asked_by,
        answered_by: listing.answered_by,
        asked_of: listing.asked_of,
    };
    Ok(services.knowledge.list(&filter, cursor.as_deref()).await?)
}

/// Questions like the title being typed, best match first.
#[server(endpoint = "knowledge/similar")]
pub async fn similar_questions(title: String) -> Result<Vec<QuestionSummary>, ServerError> {
    let services = super::context::services()?;
    Ok(services.knowledge.similar(&title).await?)
}

/// One person as lists and the ask form name them (a list's "asked by", a chef to ask).
#[server(endpoint = "knowledge/person")]
pub async fn load_person(id: i64) -> Result<PersonRef, ServerError> {
    let services = super::context::services()?;
    let mut people = backend::social::views::people(&services.db, [id].into()).await?;
    people
        .remove(&id)
        .ok_or_else(|| domain::AppError::not_found("Person").into())
}

/// Asks a question; its id, for the page to open. `tags` is what was typed in the tags box.
#[server(endpoint = "knowledge/ask")]
pub async fn ask_question(
    title: String,
    body: String,
    tags: String,
    asked_of: Option<i64>,
) -> Result<i64, ServerError> {
    let (services, asker) = super::context::signed_in().await?;
    let question = backend::knowledge::NewQuestion {
        title,
        body,
        tags: domain::knowledge::questions::typed_tags(&tags),
        asked_of,
        photos: Vec::new(),
    };
    Ok(services.knowledge.ask(&asker, question).await?.id)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub question: QuestionPage,
    /// The reader; None for visitors.
    pub me: Option<PersonRef>,
}

#[server(endpoint = "knowledge/question")]
pub async fn load_question(id: i64) -> Result<QuestionView, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let question = services.knowledge.page(reader.as_ref(), id).await?;
    let me = super::social::reader_ref(&services, reader.as_ref()).await?;
    Ok(QuestionView { question, me })
}

#[server(endpoint = "knowledge/answer")]
pub async fn post_answer(question_id: i64, body: String) -> Result<AnswerView, ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services
        .knowledge
        .answer(&author, question_id, &body)
        .await?)
}

/// Votes 1 (up) or -1 (down), or takes the vote back with 0; the score after.
#[server(input = Json, endpoint = "knowledge/vote")]
pub async fn cast_vote(on: VoteTarget, id: i64, value: i32) -> Result<i32, ServerError> {
    use domain::knowledge::questions::VoteDirection;
    let (services, voter) = super::context::signed_in().await?;
    let knowledge = &services.knowledge;
    Ok(match value {
        0 => knowledge.withdraw_vote(&voter, on, id).await?,
        value => {
            let direction = VoteDirection::from_value(value)?;
            knowledge.vote(&voter, on, id, direction).await?
        }
    })
}

#[server(endpoint = "knowledge/accept")]
pub async fn accept_answer(question_id: i64, answer_id: i64) -> Result<(), ServerError> {
    let (services, asker) = super::context::signed_in().await?;
    Ok(services
        .knowledge
        .accept(&asker, question_id, answer_id)
        .await?)
}

#[server(input = Json, endpoint = "knowledge/comment")]
pub async fn comment_on(
    on: VoteTarget,
    id: i64,
    text: String,
) -> Result<KnowledgeComment, ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services.knowledge.comment(&author, on, id, &text).await?)
}

/// Changes a question's words and tags (its asker, or someone trusted to edit); the old
/// version stays in its revisions.
#[server(endpoint = "knowledge/edit_question")]
pub async fn edit_question(
    question_id: i64,
    title: String,
    body: String,
    tags: String,
) -> Result<(), ServerError> {
    let (services, editor) = super::context::signed_in().await?;
    let tags = domain::knowledge::questions::typed_tags(&tags);
    services
        .knowledge
        .edit_question(&editor, question_id, &title, &body, &tags)
        .await?;
    Ok(())
}

#[server(endpoint = "knowledge/edit_answer")]
pub async fn edit_answer(answer_id: i64, body: String) -> Result<(), ServerError> {
    let (services, editor) = super::context::signed_in().await?;
    services
        .knowledge
        .edit_answer(&editor, answer_id, &body)
        .await?;
    Ok(())
}

/// Votes to close a question; `duplicate_of` is what was typed (a number or an address).
#[server(input = Json, endpoint = "knowledge/close")]
pub async fn close_question(
    question_id: i64,
    reason: domain::knowledge::questions::CloseReason,
    duplicate_of: String,
) -> Result<(), ServerError> {
    use domain::knowledge::questions::{question_pointed_to, CloseReason};
    let (services, voter) = super::context::signed_in().await?;
    let original = match (reason, duplicate_of.trim()) {
        (CloseReason::Duplicate, typed) => Some(question_pointed_to(typed).ok_or_else(|| {
            FieldError::new(
                "duplicate_of",
                "Paste the address of the earlier question, or its number.",
            )
        })?),
        _ => None,
    };
    services
        .knowledge
        .vote_to_close(&voter, question_id, reason, original)
        .await?;
    Ok(())
}

#[server(endpoint = "knowledge/reopen")]
pub async fn reopen_question(question_id: i64) -> Result<(), ServerError> {
    let (services, voter) = super::context::signed_in().await?;
    services
        .knowledge
        .vote_to_reopen(&voter, question_id)
        .await?;
    Ok(())
}

/// Every version of a question or an answer, the original first, and the question's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionHistory {
    pub question_id: i64,
    pub revisions: Vec<Revision>,
}

#[server(input = Json, endpoint = "knowledge/revisions")]
pub async fn load_revisions(of: VoteTarget, id: i64) -> Result<RevisionHistory, ServerError> {
    let services = super::context::services()?;
    Ok(RevisionHistory {
        question_id: services.knowledge.question_of(of, id).await?,
        revisions: services.knowledge.revisions(of, id).await?,
    })
}

/// A knowledge search's answer, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionSearchOutcome {
    Found(Page<QuestionSummary>),
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "search/questions")]
pub async fn search_questions(
    params: QuestionSearchParams,
) -> Result<QuestionSearchOutcome, ServerError> {
    let query = match params.validate() {
        Ok(query) => query,
        Err(problems) => return Ok(QuestionSearchOutcome::Invalid(problems)),
    };
    let services = super::context::services()?;
    let page = services.knowledge.search_questions(&query).await?;
    Ok(QuestionSearchOutcome::Found(page))
}

/// The reader's reputation and the ledger lines it sums; None for visitors.
#[server(endpoint = "knowledge/my_reputation")]
pub async fn load_my_reputation(
) -> Result<Option<domain::knowledge::views::ReputationReport>, ServerError> {
    let services = super::context::services()?;
    let Some(reader) = super::context::visitor().await? else {
        return Ok(None);
    };
    Ok(Some(services.knowledge.reputation(reader.id).await?))
}
