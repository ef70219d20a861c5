//! The social network over JSON: posts (with photos by multipart), likes, comments, the two
//! feeds, feed settings, follows and blocks. Reading public posts needs no account; a blocked
//! person gets 404 as if the other did not exist.

use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection, QueryRejection},
        FromRequest, Path, Query, Request, State,
    },
    http::StatusCode,
    Json,
};
use backend::social::posts::NewPost;
use domain::{
    social::{
        feed::{FeedKind, FeedPage, FeedWeights},
        posts::{Comment, Post, Profile},
        text::MAX_PHOTOS_PER_POST,
    },
    AppError, ErrorCode,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::photo_forms::{is_multipart, PhotoForm};
use crate::AppState;
use web::{ApiError, ErrorBody, MaybeSignedIn, SignedIn};

type Body<T> = Result<Json<T>, JsonRejection>;

fn post_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError(AppError::not_found("Post")))
}

fn handle(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(handle)| handle)
        .map_err(|_| ApiError(AppError::not_found("Person")))
}

/// A post without photos, as JSON. With photos, send the same fields as
/// `multipart/form-data`: `text`, optional `dish_id` and `booking_id`, up to six `photo`
/// files, each followed by an optional `alt` describing it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostForm {
    /// Markdown; something besides spaces, at most 5,000 characters.
    #[schema(pattern = "\\S", max_length = 5000)]
    pub text: String,
    pub dish_id: Option<i64>,
    pub booking_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PostEdit {
    /// Markdown; something besides spaces, at most 5,000 characters.
    #[schema(pattern = "\\S", max_length = 5000)]
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentForm {
    /// Something besides spaces, at most 1,000 characters.
    #[schema(pattern = "\\S", max_length = 1000)]
    pub text: String,
    /// A comment of the same post to answer; a reply to a reply joins its first-level thread.
    pub reply_to: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LikeCount {
    pub like_count: u32,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// `following` (needs an account), `for_you` (the default), or `nearby` (posts linked to
    /// chefs within 50 km of the city in the reader's feed settings).
    #[serde(default)]
    #[param(inline)]
    kind: FeedKind,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A person's feed settings: how much each term of the For-you formula counts (0 to 3), and
/// the city "nearby" is measured from.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedSettingsBody {
    pub weights: FeedWeights,
    pub city: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/posts", tag = "social",
    request_body(content = PostForm, description = "JSON, or multipart/form-data with `photo` and `alt` fields"),
    responses(
        (status = 201, body = Post),
        (status = 401, body = ErrorBody),
        (status = 413, description = "A photo over 8 MB", body = ErrorBody),
        (status = 429, description = "Too many posts this hour", body = ErrorBody),
    )
)]
pub async fn create_post(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    request: Request,
) -> Result<(StatusCode, Json<Post>), ApiError> {
    let post = if is_multipart(&request) {
        let too_many = format!("A post holds at most {MAX_PHOTOS_PER_POST} photos.");
        let form = PhotoForm::read(request, &state, MAX_PHOTOS_PER_POST, &too_many).await?;
        NewPost {
            text: form.text("text"),
            dish_id: form.id("dish_id")?,
            booking_id: form.id("booking_id")?,
            photos: form.photos,
        }
    } else {
        let Json(form) = Json::<PostForm>::from_request(request, &state).await?;
        NewPost {
            text: form.text,
            photos: Vec::new(),
            dish_id: form.dish_id,
            booking_id: form.booking_id,
        }
    };
    let post = state.services.posts.create(&author, post).await?;
    Ok((StatusCode::CREATED, Json(post)))
}

#[utoipa::path(
    get, path = "/api/v1/posts/{id}", tag = "social",
    params(("id" = i64, Path)),
    responses((status = 200, body = Post))
)]
pub async fn get_post(
    State(state): State<AppState>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<Post>, ApiError> {
    let id = post_id(path)?;
    Ok(Json(state.services.posts.get(viewer.as_ref(), id).await?))
}

/// Changes a post's text within 24 hours of writing it; the earlier words are kept.
#[utoipa::path(
    patch, path = "/api/v1/posts/{id}", tag = "social", request_body = PostEdit,
    params(("id" = i64, Path)),
    responses((status = 200, body = Post), (status = 401, body = ErrorBody))
)]
pub async fn edit_post(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<PostEdit>,
) -> Result<Json<Post>, ApiError> {
    let id = post_id(path)?;
    let Json(edit) = body?;
    Ok(Json(
        state.services.posts.edit(&author, id, &edit.text).await?,
    ))
}

#[utoipa::path(
    delete, path = "/api/v1/posts/{id}", tag = "social",
    params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted: gone from every feed"), (status = 401, body = ErrorBody))
)]
pub async fn delete_post(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = post_id(path)?;
    state.services.posts.delete(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/posts/{id}/like", tag = "social",
    params(("id" = i64, Path)),
    responses((status = 200, body = LikeCount), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn like_post(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<LikeCount>, ApiError> {
    let id = post_id(path)?;
    let like_count = state.services.reactions.like(&reader, id).await?;
    Ok(Json(LikeCount { like_count }))
}

#[utoipa::path(
    delete, path = "/api/v1/posts/{id}/like", tag = "social",
    params(("id" = i64, Path)),
    responses((status = 200, body = LikeCount), (status = 401, body = ErrorBody))
)]
pub async fn unlike_post(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<LikeCount>, ApiError> {
    let id = post_id(path)?;
    let like_count = state.services.reactions.unlike(&reader, id).await?;
    Ok(Json(LikeCount { like_count }))
}

#[utoipa::path(
    get, path = "/api/v1/posts/{id}/comments", tag = "social",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Comment>))
)]
pub async fn comments(
    State(state): State<AppState>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<Vec<Comment>>, ApiError> {
    let id = post_id(path)?;
    Ok(Json(
        state.services.comments.of_post(viewer.as_ref(), id).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/posts/{id}/comments", tag = "social", request_body = CommentForm,
    params(("id" = i64, Path)),
    responses((status = 201, body = Comment), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn add_comment(
    State(state): State<AppState>,
    SignedIn(author): SignedIn,
    path: Result<Path<i64>, PathRejection>,
    body: Body<CommentForm>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    let id = post_id(path)?;
    let Json(form) = body?;
    let comment = state
        .services
        .comments
        .add(&author, id, form.reply_to, &form.text)
        .await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

/// A page of a feed. Each For-you item carries its `score` and `why` (the formula's terms).
#[utoipa::path(
    get, path = "/api/v1/feed", tag = "social", params(FeedQuery),
    responses(
        (status = 200, body = FeedPage),
        (status = 400, description = "A cursor we did not give out", body = ErrorBody),
        (status = 401, description = "Following needs an account", body = ErrorBody),
    )
)]
pub async fn feed(
    State(state): State<AppState>,
    MaybeSignedIn(reader): MaybeSignedIn,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Json<FeedPage>, ApiError> {
    let Query(query) = query?;
    // `?cursor=` (as a form with an empty field sends it) asks for the first page.
    let cursor = query.cursor.as_deref().filter(|cursor| !cursor.is_empty());
    let page = match query.kind {
        FeedKind::ForYou => {
            state
                .services
                .feeds
                .for_you(reader.as_ref(), cursor)
                .await?
        }
        FeedKind::Nearby => {
            state
                .services
                .social_search
                .nearby(reader.as_ref(), cursor)
                .await?
        }
        FeedKind::Following => {
            let reader = reader.ok_or_else(|| {
                ApiError(AppError::new(
                    ErrorCode::Unauthorized,
                    "Log in to see the people you follow.",
                ))
            })?;
            state.services.feeds.following(&reader, cursor).await?
        }
    };
    Ok(Json(page))
}

#[utoipa::path(
    get, path = "/api/v1/me/feed-settings", tag = "social",
    responses((status = 200, body = FeedSettingsBody), (status = 401, body = ErrorBody))
)]
pub async fn feed_settings(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
) -> Result<Json<FeedSettingsBody>, ApiError> {
    let settings = state.services.feeds.settings(reader.id).await?;
    Ok(Json(FeedSettingsBody {
        weights: settings.weights,
        city: settings.city,
    }))
}

#[utoipa::path(
    put, path = "/api/v1/me/feed-settings", tag = "social", request_body = FeedSettingsBody,
    responses(
        (status = 200, body = FeedSettingsBody),
        (status = 400, description = "A weight out of range, or a city we do not serve", body = ErrorBody),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn save_feed_settings(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
    body: Body<FeedSettingsBody>,
) -> Result<Json<FeedSettingsBody>, ApiError> {
    let Json(body) = body?;
    let saved = state
        .services
        .feeds
        .save_settings(&reader, body.weights, body.city.as_deref())
        .await?;
    Ok(Json(FeedSettingsBody {
        weights: saved.weights,
        city: saved.city,
    }))
}

#[utoipa::path(
    put, path = "/api/v1/users/{handle}/follow", tag = "social",
    params(("handle" = String, Path)),
    responses((status = 204, description = "Following"), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn follow(
    State(state): State<AppState>,
    SignedIn(follower): SignedIn,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .graph
        .follow(&follower, &handle(path)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/api/v1/users/{handle}/follow", tag = "social",
    params(("handle" = String, Path)),
    responses((status = 204, description = "No longer following"), (status = 401, body = ErrorBody))
)]
pub async fn unfollow(
    State(state): State<AppState>,
    SignedIn(follower): SignedIn,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .graph
        .unfollow(&follower, &handle(path)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put, path = "/api/v1/users/{handle}/block", tag = "social",
    params(("handle" = String, Path)),
    responses((status = 204, description = "Blocked: neither sees the other"), (status = 401, body = ErrorBody))
)]
pub async fn block(
    State(state): State<AppState>,
    SignedIn(blocker): SignedIn,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    state.services.graph.block(&blocker, &handle(path)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/api/v1/users/{handle}/block", tag = "social",
    params(("handle" = String, Path)),
    responses((status = 204, description = "Block lifted"), (status = 401, body = ErrorBody))
)]
pub async fn unblock(
    State(state): State<AppState>,
    SignedIn(blocker): SignedIn,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .graph
        .unblock(&blocker, &handle(path)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/api/v1/users/{handle}", tag = "social",
    params(("handle" = String, Path)),
    responses((status = 200, body = Profile))
)]
pub async fn profile(
    State(state): State<AppState>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(
        state
            .services
            .graph
            .profile(viewer.as_ref(), &handle(path)?)
            .await?,
    ))
}
