//! Search: chefs near an event, dishes, knowledge questions, posts and people. Parameters
//! arrive as strings and
//! are checked by the domain, so a bad one gets a 400 naming it, whatever its type.

use axum::extract::{Query, State};
use axum::Json;
use domain::{
    paging::Page,
    search::{
        ChefHit, ChefSearchParams, DishHit, DishSearchParams, PersonSearchParams, PostSearchParams,
        QuestionDocument, QuestionSearchParams,
    },
    social::posts::{PersonRef, Post},
    FieldError,
};

use crate::AppState;
use web::{ApiError, ErrorBody, MaybeSignedIn};

/// The first problem, which the API names; the search page shows them all.
fn first_problem(problems: Vec<FieldError>) -> ApiError {
    backend::ServiceError::Invalid(problems).into()
}

/// Chefs who reach a place: within `radius_km` of it and within their own travel radius.
/// Every item carries `distance_km`.
#[utoipa::path(
    get, path = "/api/v1/search/chefs", tag = "search", params(ChefSearchParams),
    responses(
        (status = 200, body = Page<ChefHit>),
        (status = 400, description = "An invalid parameter; `field` names it", body = ErrorBody),
    )
)]
pub async fn chefs(
    State(state): State<AppState>,
    query: Result<Query<ChefSearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<ChefHit>>, ApiError> {
    let Query(params) = query?;
    let query = params.validate().map_err(first_problem)?;
    Ok(Json(
        state
            .services
            .search
            .search_chefs(&query)
            .await
            .map_err(backend::ServiceError::from)?,
    ))
}

/// Dishes by text, diets, allergens they are free of, course, and place.
#[utoipa::path(
    get, path = "/api/v1/search/dishes", tag = "search", params(DishSearchParams),
    responses(
        (status = 200, body = Page<DishHit>),
        (status = 400, description = "An invalid parameter; `field` names it", body = ErrorBody),
    )
)]
pub async fn dishes(
    State(state): State<AppState>,
    query: Result<Query<DishSearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<DishHit>>, ApiError> {
    let Query(params) = query?;
    let query = params.validate().map_err(first_problem)?;
    Ok(Json(
        state
            .services
            .search
            .search_dishes(&query)
            .await
            .map_err(backend::ServiceError::from)?,
    ))
}

/// Knowledge questions by text and tag; most voted first when no text is given.
#[utoipa::path(
    get, path = "/api/v1/search/questions", tag = "search", params(QuestionSearchParams),
    responses(
        (status = 200, body = Page<QuestionDocument>),
        (status = 400, description = "An invalid parameter; `field` names it", body = ErrorBody),
    )
)]
pub async fn questions(
    State(state): State<AppState>,
    query: Result<Query<QuestionSearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<QuestionDocument>>, ApiError> {
    let Query(params) = query?;
    let query = params.validate().map_err(first_problem)?;
    Ok(Json(
        state
            .services
            .search
            .search_questions(&query)
            .await
            .map_err(backend::ServiceError::from)?,
    ))
}

/// Posts by their words, author and hashtag: best match first, newest first without words.
/// Deleted and hidden posts, and posts across a block from the reader, are never found.
#[utoipa::path(
    get, path = "/api/v1/search/posts", tag = "search", params(PostSearchParams),
    responses(
        (status = 200, body = Page<Post>),
        (status = 400, description = "An invalid parameter; `field` names it", body = ErrorBody),
    )
)]
pub async fn posts(
    State(state): State<AppState>,
    MaybeSignedIn(reader): MaybeSignedIn,
    query: Result<Query<PostSearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<Post>>, ApiError> {
    let Query(params) = query?;
    let query = params.validate().map_err(first_problem)?;
    let page = state
        .services
        .social_search
        .posts(reader.as_ref(), &query)
        .await?;
    Ok(Json(page))
}

/// People by name, handle (`@ana` or `ana`) and bio. Suspended accounts and people across a
/// block from the reader are never found.
#[utoipa::path(
    get, path = "/api/v1/search/people", tag = "search", params(PersonSearchParams),
    responses(
        (status = 200, body = Page<PersonRef>),
        (status = 400, description = "An invalid parameter; `field` names it", body = ErrorBody),
    )
)]
pub async fn people(
    State(state): State<AppState>,
    MaybeSignedIn(reader): MaybeSignedIn,
    query: Result<Query<PersonSearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<PersonRef>>, ApiError> {
    let Query(params) = query?;
    let query = params.validate().map_err(first_problem)?;
    let page = state
        .services
        .social_search
        .people(reader.as_ref(), &query)
        .await?;
    Ok(Json(page))
}
