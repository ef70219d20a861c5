use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{hooks::use_query_map, location::Url};

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
    let text = move || query.read().get("q").filter(|q| !q.trim().is_empty());
    let chefs = Resource::new(
        move || (page(), text()),
        |(page, text)| chefs_page(page, CHEFS_PER_PAGE, text),
    );
    // Pager links keep the search text.
    let page_href = move |page: u64| match text() {
        Some(q) => format!("/chefs?q={}&page={page}", Url::escape(&q)),
        None => format!("/chefs?page={page}"),
    };
    view! {
        <Title text="Chefs" />
        <h1>"Private chefs"</h1>
        <form class="hero-search list-search" action="/chefs" method="get">
            <label class="visually-hidden" for="chef-q">"Name, cuisine or city"</label>
            <input id="chef-q" name="q" type="search" placeholder="Name, cuisine or city"
                prop:value=move || text().unwrap_or_default() />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading chefs…"</p> }>
            {move || Suspend::new(async move {
                match chefs.await {
                    Ok(page) => {
                        let previous = page.has_previous().then(|| page.page - 1);
                        let next = page.has_next().then(|| page.page + 1);
                        view! {
                            <p class="result-count" data-testid="result-count">
                                {match text() {
                                    Some(q) => format!("{} chefs matching “{q}” · page {} of {}", page.total, page.page, page.page_count()),
                                    None => format!("{} chefs · page {} of {}", page.total, page.page, page.page_count()),
                                }}
                            </p>
                            {(page.total == 0).then(|| view! {
                                <p class="empty-state">"No chef matches this search yet. Try a city or a cuisine."</p>
                            })}
                            <div class="chef-grid">
                                {page.items.into_iter().map(|chef| view! { <ChefCardView chef /> }).collect_view()}
                            </div>
                            <nav class="pager" aria-label="Pages">
                                {previous.map(|p| view! { <a rel="prev" href=page_href(p)>"← Previous"</a> })}
                                {next.map(|p| view! { <a rel="next" href=page_href(p)>"Next →"</a> })}
                            </nav>
                        }.into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice error />
                        <nav class="pager" aria-label="Pages">
                            <a href=page_href(1) data-testid="first-page">"← Back to the first page"</a>
                        </nav>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
