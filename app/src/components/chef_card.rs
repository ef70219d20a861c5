use domain::catalog::ChefCard;
use leptos::prelude::*;

use super::icon::ChefRating;

#[component]
pub fn ChefCardView(chef: ChefCard) -> impl IntoView {
    let href = format!("/chefs/{}", chef.id);
    let initials: String = chef
        .display_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect();
    view! {
        <a class="chef-card" href=href data-testid="chef-card">
            {match chef.photo_url {
                Some(url) => view! { <img class="avatar avatar-photo" src=url alt="" loading="lazy" /> }.into_any(),
                None => view! { <div class="avatar" aria-hidden="true">{initials}</div> }.into_any(),
            }}
            <div class="chef-card-body">
                <h3>{chef.display_name}</h3>
                <ChefRating rating=chef.rating />
                <p class="headline">{chef.headline}</p>
                <p class="meta">
                    <span>{chef.city}</span>
                    <span>{format!("{} yrs", chef.years_experience)}</span>
                    <span>{format!("from {}/h", chef.base_rate)}</span>
                </p>
                <p class="tags">
                    {chef.cuisines.into_iter().map(|c| view! { <span class="tag">{c}</span> }).collect_view()}
                </p>
            </div>
        </a>
    }
}
