//! The knowledge section over JSON: questions (asked of everyone, or of one chef), answers,
//! comments, votes, accepted answers, revisions, similar questions and reputation. Reading
//! needs no account; every refusal names its field, and a privilege not earned yet is a 403
//! saying the reputation it takes.

use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection, QueryRejection},
        FromRequest, Path, Query, Request, State,
    },
    http::StatusCode,
    Json,
};
use backend::knowledge::{lists::ListFilter, photos::too_many_photos, NewQuestion};
use domain::{
    knowledge::{
        lists::{QuestionList, QuestionOrder, TopPeriod},
        questions::{question_tag, typed_tags, VoteDirection, VoteTarget, MAX_PHOTOS_PER_QUESTION},
        views::{
            AnswerView, KnowledgeComment, QuestionPage, QuestionSummary, ReputationReport, Revision,
        },
    },
    AppError, FieldError,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::photo_forms::{is_multipart, PhotoForm};
use crate::AppState;
use web::{ApiError, ErrorBody, MaybeSignedIn, SignedIn};

type Body<T> = Result<Json<T>, JsonRejection>;

const MAX_TITLE_CHARS: usize = *domain::knowledge::questions::TITLE_CHARS.end();

pub(super) fn id_of(
    path: Result<Path<i64>, PathRejection>,
    what: &'static str,
) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(AppError::not_found(what)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionForm {
    /// What is asked: 15 to 150 characters besides spaces around it.
    #[schema(pattern = "^\\s*\\S[\\s\\S]{13,}\\S\\s*$", max_length = 150)]
    pub title: String,
    /// The details, in the same Markdown subset as posts: 20 to 10,000 characters besides
    /// spaces around them.
    #[schema(pattern = "^\\s*\\S[\\s\\S]{18,}\\S\\s*$", max_length = 10000)]
    pub body: String,
    /// One to five tags: letters, digits and single hyphens (`knife-skills`).
    #[schema(min_items = 1, max_items = 5)]
    pub tags: Vec<String>,
    /// A chef's id, to ask that chef (from their page); they are told at once.
    pub asked_of: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionEdit {
    #[schema(pattern = "^\\s*\\S[\\s\\S]{13,}\\S\\s*$", max_length = 150)]
    pub title: String,
    #[schema(pattern = "^\\s*\\S[\\s\\S]{18,}\\S\\s*$", max_length = 10000)]
    pub body: String,
    #[schema(min_items = 1, max_items = 5)]
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct KnowledgeAnswerForm {
    /// Markdown, 20 to 10,000 characters.
    #[schema(pattern = "^\\s*\\S[\\s\\S]{18,}\\S\\s*$", max_length = 10000)]
    pub body: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct KnowledgeCommentForm {
    /// 10 to 600 characters.
    #[schema(pattern = "^\\s*\\S[\\s\\S]{8,}\\S\\s*$", max_length = 600)]
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptAnswerForm {
    /// One of this question's answers.
    pub answer_id: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VoteForm {
    /// 1 (up) or -1 (down; it takes reputation).
    #[schema(minimum = -1, maximum = 1)]
    pub value: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Score {
    pub score: i32,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `newest` (the default), `top` or `unanswered`.
    #[serde(default)]
    #[param(inline)]
    order: QuestionOrder,
    /// How far back `top` looks: `week`, `month` (the default), `year` or `all`.
    #[serde(default)]
    #[param(inline)]
    period: TopPeriod,
    /// Only questions with this tag.
    tag: Option<String>,
    /// Only this person's questions.
    asked_by: Option<i64>,
    /// Only questions this person answered.
    answered_by: Option<i64>,
    /// Only questions asked of this chef from their page.
    asked_of: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// The title being typed.
    #[param(max_length = 150)]
    title: String,
}

#[utoipa::path(
    get, path = "/api/v1/questions", tag = "knowledge", params(ListQuery),
    responses((status = 200, body = QuestionList), (status = 400, description = "A cursor we did not give out, or a malformed tag", body = ErrorBody))
)]
pub async fn list_questions(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<QuestionList>, ApiError> {
    let Query(query) = query?;
    let tag = match query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
    {
        Some(raw) => Some(question_tag(raw).ok_or_else(|| {
            ApiError(FieldError::new("tag", "Tags are 2 to 35 letters, digits or hyphens.").into())
        })?),
        None => None,
    };
    let filter = ListFilter {
        order: query.order,
        period: query.period,
        tag,
        asked_by: query.asked_by,
        answered_by: query.answered_by,
        asked_of: query.asked_of,
    };
    let cursor = query.cursor.as_deref().filter(|cursor| !cursor.is_empty());
    Ok(Json(state.services.knowledge.list(&filter, cursor).await?))
}

/// Asks a question; with `asked_of`, asks one chef, who is told at once. With photos, send
/// the same fields as `multipart/form-data`: `title`, `body`, `tags` (repeated, or typed
/// with commas), optional `asked_of`, and up to four `photo` files, each followed by an
/// optional `alt` saying what it shows.
#[utoipa::path(
    post, path = "/api/v1/questions", tag = "knowledge",
    request_body(content = QuestionForm, description = "JSON, or multipart/form-data with `photo` and `alt` fields"),
    responses(
        (status = 201, body = QuestionPage),
        (status = 401, body = ErrorBody),
        (status = 413, description = "A photo over 8 MB", body = ErrorBody),
        (status = 429, description = "Too many questions this hour", body = ErrorBody),
    )
)]
pub async fn ask(
    State(state): State<AppState>,
    SignedIn(asker): SignedIn,
    request: Request,
) -> Result<(StatusCode, Json<QuestionPage>), ApiError> {
    let question = if is_multipart(&request) {
        let too_many = too_many_photos().message;
        let form = PhotoForm::read(request, &state, MAX_PHOTOS_PER_QUESTION, &too_many).await?;
        NewQuestion {
            title: form.text("title"),
            body: form.text("body"),
            tags: form.all("tags").flat_map(typed_tags).collect(),
            asked_of: form.id("asked_of")?,
            photos: form.photos,
        }
    } else {
        let Json(form) = Json::<QuestionForm>::from_request(request, &state).await?;
        NewQuestion {
            title: form.title,
            body: form.body,
            tags: form.tags,
            asked_of: form.asked_of,
            photos: Vec::new(),
        }
    };
    let page = state.services.knowledge.ask(&asker, question).await?;
    Ok((StatusCode::CREATED, Json(page)))
}

/// Questions like the title being typed, best match first (at most five).
#[utoipa::path(
    get, path = "/api/v1/questions/similar", tag = "knowledge", params(SimilarQuery),
    responses((status = 200, body = Vec<QuestionSummary>))
)]
pub async fn similar(
    State(state): State<AppState>,
    query: Result<Query<SimilarQuery>, QueryRejection>,
) -> Result<Json<Vec<QuestionSummary>>, ApiError> {
    let Query(query) = query?;
    if query.title.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError(
            FieldError::new("title", "A title is at most 150 characters.").into(),
        ));
    }
    Ok(Json(state.services.knowledge.similar(&query.title).await?))
}

/// A question with its answers (accepted first, then by score), comments, each author's
/// reputation and, for chefs, their marketplace record.
#[utoipa::path(
    get, path = "/api/v1/questions/{id}", tag = "knowledge", params(("id" = i64, Path)),
    responses((status = 200, body = QuestionPage))
)]
pub async fn get_question(
    State(state): State<AppState>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<QuestionPage>, ApiError> {
    let id = id_of(path, "Question")?;
    Ok(Json(
        state.services.knowledge.page(viewer.as_ref(), id).await?,
    ))
}

/// Edits a question: its asker, or anyone with 2,000 reputation. Every version is kept.
#[utoipa::path(
    patch, path = "/api/v1/questions/{id}", tag = "knowledge", request_body = QuestionEdit,
    params(("id" = i64, Path)),
    responses((status = 200, body = QuestionPage), (status = 401, body = ErrorBody))
)]
pub async fn edit_question(
    State(state): State<AppState>,
    SignedIn(editor): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<QuestionEdit>,
) -> Result<Json<QuestionPage>, ApiError> {
    let id = id_of(path, "Question")?;
    let Json(edit) = body?;
    Ok(Json(
        state
            .services
            .knowledge
            .edit_question(&editor, id, &edit.title, &edit.body, &edit.tags)
            .await?,
    ))
}

/// Deletes a question nobody has answered yet (its asker), or any question (an admin).
#[utoipa::path(
    delete, path = "/api/v1/questions/{id}", tag = "knowledge", params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Deleted, with the reputation its votes gave"),
        (status = 401, body = ErrorBody),
        (status = 409, description = "It has answers", body = ErrorBody),
    )
)]
pub async fn delete_question(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = id_of(path, "Question")?;
    state.services.knowledge.delete_question(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/questions/{id}/answers", tag = "knowledge", request_body = KnowledgeAnswerForm,
    params(("id" = i64, Path)),
    responses(
        (status = 201, body = AnswerView),
        (status = 401, body = ErrorBody),
        (status = 409, description = "The question is closed", body = ErrorBody),
        (status = 429, description = "Too many answers this hour", body = ErrorBody),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<KnowledgeAnswerForm>,
) -> Result<(StatusCode, Json<AnswerView>), ApiError> {
    let id = id_of(path, "Question")?;
    let Json(form) = body?;
    let answer = state
        .services
        .knowledge
        .answer(&author, id, &form.body)
        .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Edits an answer: its author, or anyone with 2,000 reputation.
#[utoipa::path(
    patch, path = "/api/v1/answers/{id}", tag = "knowledge", request_body = KnowledgeAnswerForm,
    params(("id" = i64, Path)),
    responses((status = 200, body = AnswerView), (status = 401, body = ErrorBody))
)]
pub async fn edit_answer(
    State(state): State<AppState>,
    SignedIn(editor): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<KnowledgeAnswerForm>,
) -> Result<Json<AnswerView>, ApiError> {
    let id = id_of(path, "Answer")?;
    let Json(form) = body?;
    Ok(Json(
        state
            .services
            .knowledge
            .edit_answer(&editor, id, &form.body)
            .await?,
    ))
}

#[utoipa::path(
    delete, path = "/api/v1/answers/{id}", tag = "knowledge", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted, with the reputation it earned"), (status = 401, body = ErrorBody))
)]
pub async fn delete_answer(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = id_of(path, "Answer")?;
    state.services.knowledge.delete_answer(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The asker accepts one answer; accepting another moves the acceptance.
#[utoipa::path(
    post, path = "/api/v1/questions/{id}/accept", tag = "knowledge", request_body = AcceptAnswerForm,
    params(("id" = i64, Path)),
    responses((status = 200, body = QuestionPage), (status = 401, body = ErrorBody))
)]
pub async fn accept(
    State(state): State<AppState>,
    SignedIn(asker): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<AcceptAnswerForm>,
) -> Result<Json<QuestionPage>, ApiError> {
    let id = id_of(path, "Question")?;
    let Json(form) = body?;
    state
        .services
        .knowledge
        .accept(&asker, id, form.answer_id)
        .await?;
    Ok(Json(state.services.knowledge.page(Some(&asker), id).await?))
}

fn vote_target(
    path: Result<Path<(String, i64)>, PathRejection>,
) -> Result<(VoteTarget, i64), ApiError> {
    let Path((kind, id)) = path.map_err(|_| ApiError(AppError::not_found("Question or answer")))?;
    let kind = VoteTarget::parse(&kind)
        .ok_or_else(|| ApiError(AppError::not_found("Question or answer")))?;
    Ok((kind, id))
}

/// Votes on a question or an answer (`kind` is `question` or `answer`); voting again the
/// same way changes nothing, the other way changes the vote.
#[utoipa::path(
    put, path = "/api/v1/votes/{kind}/{id}", tag = "knowledge", request_body = VoteForm,
    params(("kind" = inline(VoteTarget), Path), ("id" = i64, Path)),
    responses(
        (status = 200, body = Score),
        (status = 401, body = ErrorBody),
        (status = 429, description = "Too many votes this hour", body = ErrorBody),
    )
)]
pub async fn vote(
    State(state): State<AppState>,
    SignedIn(voter): SignedIn,
    path: Result<Path<(String, i64)>, PathRejection>,
    body: Body<VoteForm>,
) -> Result<Json<Score>, ApiError> {
    let (kind, id) = vote_target(path)?;
    let Json(form) = body?;
    let direction = VoteDirection::from_value(form.value).map_err(|e| ApiError(e.into()))?;
    let score = state
        .services
        .knowledge
        .vote(&voter, kind, id, direction)
        .await?;
    Ok(Json(Score { score }))
}

#[utoipa::path(
    delete, path = "/api/v1/votes/{kind}/{id}", tag = "knowledge",
    params(("kind" = inline(VoteTarget), Path), ("id" = i64, Path)),
    responses((status = 200, body = Score), (status = 401, body = ErrorBody))
)]
pub async fn withdraw_vote(
    State(state): State<AppState>,
    SignedIn(voter): SignedIn,
    path: Result<Path<(String, i64)>, PathRejection>,
) -> Result<Json<Score>, ApiError> {
    let (kind, id) = vote_target(path)?;
    let score = state
        .services
        .knowledge
        .withdraw_vote(&voter, kind, id)
        .await?;
    Ok(Json(Score { score }))
}

/// A comment under a question. Anyone may comment on their own question; elsewhere it takes
/// 50 reputation.
#[utoipa::path(
    post, path = "/api/v1/questions/{id}/comments", tag = "knowledge", request_body = KnowledgeCommentForm,
    params(("id" = i64, Path)),
    responses((status = 201, body = KnowledgeComment), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn comment_on_question(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<KnowledgeCommentForm>,
) -> Result<(StatusCode, Json<KnowledgeComment>), ApiError> {
    comment_on(
        state,
        author,
        VoteTarget::Question,
        id_of(path, "Question")?,
        body,
    )
    .await
}

/// A comment under an answer: open to its author and the asker; elsewhere it takes 50
/// reputation.
#[utoipa::path(
    post, path = "/api/v1/answers/{id}/comments", tag = "knowledge", request_body = KnowledgeCommentForm,
    params(("id" = i64, Path)),
    responses((status = 201, body = KnowledgeComment), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn comment_on_answer(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<KnowledgeCommentForm>,
) -> Result<(StatusCode, Json<KnowledgeComment>), ApiError> {
    comment_on(
        state,
        author,
        VoteTarget::Answer,
        id_of(path, "Answer")?,
        body,
    )
    .await
}

async fn comment_on(
    state: AppState,
    author: domain::account::CurrentUser,
    on: VoteTarget,
    id: i64,
    body: Body<KnowledgeCommentForm>,
) -> Result<(StatusCode, Json<KnowledgeComment>), ApiError> {
    let Json(form) = body?;
    let comment = state
        .services
        .knowledge
        .comment(&author, on, id, &form.text)
        .await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

/// Every version of a question, the original first.
#[utoipa::path(
    get, path = "/api/v1/questions/{id}/revisions", tag = "knowledge", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Revision>))
)]
pub async fn question_revisions(
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<Vec<Revision>>, ApiError> {
    let id = id_of(path, "Question")?;
    Ok(Json(
        state
            .services
            .knowledge
            .revisions(VoteTarget::Question, id)
            .await?,
    ))
}

/// Every version of an answer, the original first.
#[utoipa::path(
    get, path = "/api/v1/answers/{id}/revisions", tag = "knowledge", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Revision>))
)]
pub async fn answer_revisions(
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<Vec<Revision>>, ApiError> {
    let id = id_of(path, "Answer")?;
    Ok(Json(
        state
            .services
            .knowledge
            .revisions(VoteTarget::Answer, id)
            .await?,
    ))
}

/// A person's reputation: the total and the ledger lines it is the sum of, newest first.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/reputation", tag = "knowledge", params(("id" = i64, Path)),
    responses((status = 200, body = ReputationReport))
)]
pub async fn reputation(
    State(state): State<AppState>,
    // The router shares `/users/{handle}` with the social profile; here it is an id.
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ReputationReport>, ApiError> {
    let id: i64 = path
        .ok()
        .and_then(|Path(id)| id.parse().ok())
        .ok_or_else(|| ApiError(AppError::not_found("Person")))?;
    Ok(Json(state.services.knowledge.reputation(id).await?))
}
