//! `/search`: chefs near the event's place, on a map and in a list side by side. The address
//! holds the whole search (`/search?q=sushi&city=Lisbon&radius_km=25`), so a search can be
//! shared; the first page is rendered on the server, and after hydration every change of the
//! text or a filter updates the address and the results without reloading the page. Before
//! hydration (or without WASM) the filters are a plain GET form to the same address.

use domain::{
    catalog::{DietaryFlag, RatingSummary},
    chef_profile::CUISINES,
    places::{city_named, CITIES},
    search::{ChefSearchParams, ChefSort, DEFAULT_RADIUS_KM},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
    NavigateOptions,
};
use std::time::Duration;

use super::{
    search_social::{SearchProblems, SearchTabs},
    ErrorNotice,
};
use crate::{
    api::search::{search_chefs, ChefSearchOutcome},
    components::{chef_card::ChefAvatar, icon::ChefRating, search_map::SearchMap},
};

const RADII_KM: [u32; 7] = [5, 10, 25, 50, 100, 250, 500];
const LANGUAGES: [&str; 10] = [
    "English",
    "French",
    "German",
    "Italian",
    "Spanish",
    "Portuguese",
    "Dutch",
    "Japanese",
    "Hindi",
    "Arabic",
];

/// The search in the address; without a place it searches around the first city we serve.
fn params_from(query: &ParamsMap) -> ChefSearchParams {
    let mut params = ChefSearchParams {
        q: query.get("q"),
        city: query.get("city"),
        lat: query.get("lat"),
        lng: query.get("lng"),
        radius_km: query.get("radius_km"),
        cuisine: query.get("cuisine"),
        language: query.get("language"),
        diet: query.get("diet"),
        min_price: query.get("min_price"),
        max_price: query.get("max_price"),
        min_rating: query.get("min_rating"),
        min_rank: query.get("min_rank"),
        date: query.get("date"),
        sort: query.get("sort"),
        page: query.get("page"),
        per_page: query.get("per_page"),
    };
    let has_point = params.lat.is_some() || params.lng.is_some();
    if !has_point
        && params
            .city
            .as_deref()
            .is_none_or(|city| city.trim().is_empty())
    {
        params.city = Some(CITIES[0].name.to_owned());
    }
    params
}

/// The search with one field changed, back on the first page.
fn with_field(mut params: ChefSearchParams, field: &str, value: String) -> ChefSearchParams {
    let value = Some(value).filter(|value| !value.trim().is_empty());
    match field {
        "q" => params.q = value,
        "city" => {
            params.city = value;
            // A city chosen from the list replaces a point given in the address.
            params.lat = None;
            params.lng = None;
        }
        "radius_km" => params.radius_km = value,
        "cuisine" => params.cuisine = value,
        "language" => params.language = value,
        "diet" => params.diet = value,
        "max_price" => params.max_price = value,
        "date" => params.date = value,
        "sort" => params.sort = value,
        _ => {}
    }
    params.page = None;
    params
}

fn href(params: &ChefSearchParams) -> String {
    format!("/search?{}", params.to_query_string())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| params_from(&query.read()));
    let results = Resource::new(move || params.get(), search_chefs);
    let navigate = use_navigate();
    let go = move |next: ChefSearchParams| {
        navigate(
            &href(&next),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        )
    };
    let set = {
        let go = go.clone();
        move |field: &'static str, value: String| {
            go(with_field(params.get_untracked(), field, value))
        }
    };
    let text_input = NodeRef::<leptos::html::Input>::new();
    let submit_text = {
        let set = set.clone();
        move |text: String| set("q", text)
    };
    let set_from_text = set.clone();
    let mut typed = debounce(Duration::from_millis(300), move |text: String| {
        set_from_text("q", text)
    });
    let on_select = move |field: &'static str| {
        let set = set.clone();
        move |event: leptos::ev::Event| set(field, event_target_value(&event))
    };
    // What each control shows: the address's value, or the default the search uses.
    let value_of = move |field: &'static str| {
        Signal::derive(move || {
            let params = params.read();
            let value = match field {
                "city" => params.city.clone(),
                "radius_km" => params.radius_km.clone(),
                "cuisine" => params.cuisine.clone(),
                "language" => params.language.clone(),
                "diet" => params.diet.clone(),
                "max_price" => params.max_price.clone(),
                "date" => params.date.clone(),
                "sort" => params.sort.clone(),
                _ => None,
            };
            value.unwrap_or_else(|| match field {
                "radius_km" => (DEFAULT_RADIUS_KM as u32).to_string(),
                "sort" => ChefSort::default().code().to_owned(),
                _ => String::new(),
            })
        })
    };
    let any = |label: &str| std::iter::once((String::new(), label.to_owned()));
    let initial_text = params.get_untracked().q.unwrap_or_default();

    view! {
        <Title text="Find a chef near you" />
        <SearchTabs active="chefs" q=Signal::derive(move || params.read().q.clone()) />
        <h1>"Find a chef near your event"</h1>
        <form class="search-filters" action="/search" method="get" data-testid="search-filters"
            on:submit=move |event| {
                // Enter searches at once; typing searches after a pause.
                event.prevent_default();
                if let Some(input) = text_input.get() {
                    submit_text(input.value());
                }
            }>
            <label class="filter filter-text">
                <span>"Cuisine, dish or chef"</span>
                <input type="search" name="q" value=initial_text placeholder="Try “sushi” or “vegan wedding”"
                    node_ref=text_input data-testid="search-q"
                    on:input=move |event| typed(event_target_value(&event)) />
            </label>
            <FilterSelect label="Near" name="city" value=value_of("city") on_change=on_select("city")
                options=CITIES.iter().map(|city| (city.name.to_owned(), city.name.to_owned())).collect() />
            <FilterSelect label="Within" name="radius_km" value=value_of("radius_km") on_change=on_select("radius_km")
                options=RADII_KM.iter().map(|km| (km.to_string(), format!("{km} km"))).collect() />
            <FilterSelect label="Cuisine" name="cuisine" value=value_of("cuisine") on_change=on_select("cuisine")
                options=any("Any").chain(CUISINES.iter().map(|c| (c.to_string(), c.to_string()))).collect() />
            <FilterSelect label="Speaks" name="language" value=value_of("language") on_change=on_select("language")
                options=any("Any language").chain(LANGUAGES.iter().map(|l| (l.to_string(), l.to_string()))).collect() />
            <FilterSelect label="Cooks" name="diet" value=value_of("diet") on_change=on_select("diet")
                options=any("Any diet").chain(DietaryFlag::ALL.iter().map(|d| (d.code().to_owned(), d.label().to_owned()))).collect() />
            <label class="filter">
                <span>"Up to (per hour)"</span>
                <input type="number" name="max_price" min="0" step="5" data-testid="search-max-price"
                    prop:value=value_of("max_price") on:change=on_select("max_price") />
            </label>
            <label class="filter">
                <span>"Free on"</span>
                <input type="date" name="date" data-testid="search-date"
                    prop:value=value_of("date") on:change=on_select("date") />
            </label>
            <FilterSelect label="Sort" name="sort" value=value_of("sort") on_change=on_select("sort")
                options=ChefSort::ALL.iter().map(|sort| (sort.code().to_owned(), sort.label().to_owned())).collect() />
            <button type="submit" class="button search-submit">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(ChefSearchOutcome::Found(page)) => {
                        let searched = params.get_untracked();
                        let query = searched.validate().ok();
                        let (lat, lng, radius_km) = query
                            .as_ref()
                            .map(|q| (q.near.center.lat(), q.near.center.lng(), q.near.radius_km))
                            .unwrap_or((0.0, 0.0, DEFAULT_RADIUS_KM));
                        let place = searched
                            .city
                            .as_deref()
                            .and_then(city_named)
                            .map(|city| city.name.to_owned())
                            .unwrap_or_else(|| format!("{lat:.3}, {lng:.3}"));
                        let first_number = (page.page - 1) * page.per_page + 1;
                        let pager = |page_number: u64| {
                            let mut next = searched.clone();
                            next.page = Some(page_number.to_string());
                            href(&next)
                        };
                        let previous = page.has_previous().then(|| pager(page.page - 1));
                        let next = page.has_next().then(|| pager(page.page + 1));
                        view! {
                            <p class="result-count" data-testid="search-count">
                                {format!(
                                    "{} {} within {radius_km} km of {place}",
                                    page.total,
                                    if page.total == 1 { "chef" } else { "chefs" },
                                )}
                            </p>
                            <div class="search-layout">
                                <SearchMap lat lng radius_km hits=page.items.clone() first_number />
                                <div class="search-list">
                                    {(page.total == 0).then(|| view! {
                                        <p class="empty-state">"No chef reaches this place with these filters. Try a wider radius or fewer filters."</p>
                                    })}
                                    <ol class="search-results" start=first_number.to_string()>
                                        {page.items.into_iter().map(|hit| view! {
                                            <li class="search-hit" data-testid="search-hit" data-chef-id=hit.id.to_string()>
                                                <ChefAvatar name=hit.display_name.clone() photo_url=hit.photo_url />
                                                <div class="search-hit-body">
                                                <a href=format!("/chefs/{}", hit.id) class="search-hit-name">{hit.display_name}</a>
                                                <span class="distance" data-testid="hit-distance">{format!("{:.1} km", hit.distance_km)}</span>
                                                <ChefRating rating=hit.rating.map(|average| RatingSummary { average, count: hit.review_count }) />
                                                <p class="headline">{hit.headline}</p>
                                                <p class="meta">
                                                    <span>{hit.city}</span>
                                                    <span>{format!("{} yrs", hit.years_experience)}</span>
                                                    <span>{format!("from {}/h", hit.base_rate)}</span>
                                                </p>
                                                <p class="tags">
                                                    {hit.cuisines.into_iter().map(|c| view! { <span class="tag">{c}</span> }).collect_view()}
                                                </p>
                                                </div>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                    <nav class="pager" aria-label="Pages">
                                        {previous.map(|p| view! { <a rel="prev" href=p>"← Previous"</a> })}
                                        {next.map(|p| view! { <a rel="next" href=p>"Next →"</a> })}
                                    </nav>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Ok(ChefSearchOutcome::Invalid(problems)) => view! { <SearchProblems problems /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A labelled drop-down whose choice is `value`; `on_change` hears the change.
#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    value: Signal<String>,
    on_change: impl FnMut(leptos::ev::Event) + 'static,
) -> impl IntoView {
    view! {
        <label class="filter">
            <span>{label}</span>
            <select name=name data-testid=format!("search-{}", name.replace('_', "-")) on:change=on_change prop:value=value>
                {options.into_iter().map(|(option, text)| {
                    let chosen = option.clone();
                    // `selected` for the server's HTML (and no-script forms); `prop:value` after.
                    view! { <option value=option selected=move || value.read().eq_ignore_ascii_case(&chosen)>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_without_a_place_looks_around_the_first_city() {
        let params = params_from(&ParamsMap::new());
        assert_eq!(params.city.as_deref(), Some(CITIES[0].name));
    }

    #[test]
    fn changing_a_filter_goes_back_to_the_first_page_and_keeps_the_rest() {
        let params = ChefSearchParams {
            q: Some("sushi".into()),
            city: Some("Lisbon".into()),
            page: Some("3".into()),
            ..Default::default()
        };
        let next = with_field(params, "cuisine", "Japanese".into());
        assert_eq!(href(&next), "/search?q=sushi&city=Lisbon&cuisine=Japanese");
        let cleared = with_field(next, "cuisine", String::new());
        assert_eq!(href(&cleared), "/search?q=sushi&city=Lisbon");
    }
}
