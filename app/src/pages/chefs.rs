use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorNotice;
use crate::{api::catalog::chefs_page, components::chef_card::ChefCardView};

const CHEFS_PER_PAGE: i64 = 24;

#[component]
pub fn ChefsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    let chefs = Resource::new(page, |page| chefs_page(page, CHEFS_PER_PAGE));
    view! {
        <Title text="Chefs" />
        <h1>"Private chefs"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading chefs…"</p> }>
            {move || Suspend::new(async move {
                match chefs.await {
                    Ok(page) => {
                        let previous = page.has_previous().then(|| page.page - 1);
                        let next = page.has_next().then(|| page.page + 1);
                        view! {
                            <p class="result-count">
                                {format!("{} chefs · page {} of {}", page.total, page.page, page.page_count())}
                            </p>
                            <div class="chef-grid">
                                {page.items.into_iter().map(|chef| view! { <ChefCardView chef /> }).collect_view()}
                            </div>
                            <nav class="pager" aria-label="Pages">
                                {previous.map(|p| view! { <a rel="prev" href=format!("/chefs?page={p}")>"← Previous"</a> })}
                                {next.map(|p| view! { <a rel="next" href=format!("/chefs?page={p}")>"Next →"</a> })}
                            </nav>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
