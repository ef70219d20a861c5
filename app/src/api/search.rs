use domain::{
    paging::Page,
    search::{ChefHit, ChefSearchParams},
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
