use domain::{
    paging::Page,
    search::{ChefHit, ChefSearchParams, PersonSearchParams, PostSearchParams},
    social::posts::{PersonRef, Post},
    FieldError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// A search's answer, or what is wrong with it: the page shows every problem beside the
/// form rather than an error page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ChefSearchOutcome {
    Found(Page<ChefHit>),
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "search/chefs")]
pub async fn search_chefs(params: ChefSearchParams) -> Result<ChefSearchOutcome, ServerError> {
    let query = match params.validate() {
        Ok(query) => query,
        Err(problems) => return Ok(ChefSearchOutcome::Invalid(problems)),
    };
    let search = super::context::services()?.search;
    let page = search
        .search_chefs(&query)
        .await
        .map_err(backend::ServiceError::from)?;
    Ok(ChefSearchOutcome::Found(page))
}

/// A post search's answer, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PostSearchOutcome {
    Found(Page<Post>),
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "search/posts")]
pub async fn search_posts(params: PostSearchParams) -> Result<PostSearchOutcome, ServerError> {
    let query = match params.validate() {
        Ok(query) => query,
        Err(problems) => return Ok(PostSearchOutcome::Invalid(problems)),
    };
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let page = services
        .social_search
        .posts(reader.as_ref(), &query)
        .await?;
    Ok(PostSearchOutcome::Found(page))
}

/// A people search's answer, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PersonSearchOutcome {
    Found(Page<PersonRef>),
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "search/people")]
pub async fn search_people(params: PersonSearchParams) -> Result<PersonSearchOutcome, ServerError> {
    let query = match params.validate() {
        Ok(query) => query,
        Err(problems) => return Ok(PersonSearchOutcome::Invalid(problems)),
    };
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let page = services
        .social_search
        .people(reader.as_ref(), &query)
        .await?;
    Ok(PersonSearchOutcome::Found(page))
}
