use domain::{
    catalog::{ChefCard, ChefProfile},
    paging::Page,
};
use leptos::prelude::*;

use crate::error::ServerError;

#[server(endpoint = "catalog/featured_chefs")]
pub async fn featured_chefs() -> Result<Vec<ChefCard>, ServerError> {
    Ok(super::context::services()?
        .catalog
        .featured_chefs(6)
        .await?)
}

#[server(endpoint = "catalog/chefs")]
pub async fn chefs_page(
    page: i64,
    per_page: i64,
    text: Option<String>,
) -> Result<Page<ChefCard>, ServerError> {
    let request = domain::paging::PageRequest::parse(Some(page), Some(per_page))
        .map_err(domain::AppError::from)?;
    let catalog = super::context::services()?.catalog;
    Ok(catalog.chefs(request, text.as_deref()).await?)
}

#[server(endpoint = "catalog/chef")]
pub async fn fetch_chef_profile(chef_id: i64) -> Result<ChefProfile, ServerError> {
    Ok(super::context::services()?
        .catalog
        .chef_profile(chef_id)
        .await?)
}
