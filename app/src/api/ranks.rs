//! The chef rank, for the chef's page.

use domain::rank::Rank;
use leptos::prelude::*;

use crate::error::ServerError;

#[server(endpoint = "ranks/load")]
pub async fn load_rank(chef_id: i64) -> Result<Rank, ServerError> {
    let services = super::context::services()?;
    Ok(services.ranks.of(chef_id).await?)
}
