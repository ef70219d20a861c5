use domain::places::CITIES;
use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorNotice;
use crate::{api::catalog::featured_chefs, components::chef_card::ChefCardView};

#[component]
pub fn HomePage() -> impl IntoView {
    let featured = Resource::new(|| (), |_| featured_chefs());
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"A private chef for every occasion"</h1>
            <p class="lead">
                "Weddings, birthdays, dinners for two: book a professional chef who cooks at your place, "
                "with a menu made for your guests."
            </p>
            <form class="hero-search" action="/search" method="get" data-testid="hero-search">
                <label class="visually-hidden" for="hero-q">"Cuisine, dish or chef"</label>
                <input id="hero-q" name="q" type="search" placeholder="Try “sushi” or “vegan wedding”" />
                <label class="visually-hidden" for="hero-city">"Near"</label>
                <select id="hero-city" name="city">
                    {CITIES.iter().map(|city| view! { <option value=city.name>{city.name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button">"Find a chef"</button>
            </form>
        </section>
        <section>
            <h2>"Featured chefs"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading chefs…"</p> }>
                {move || Suspend::new(async move {
                    match featured.await {
                        Ok(chefs) => view! {
                            <div class="chef-grid">
                                {chefs.into_iter().map(|chef| view! { <ChefCardView chef /> }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <p class="more"><a href="/chefs">"See all chefs →"</a></p>
        </section>
    }
}
