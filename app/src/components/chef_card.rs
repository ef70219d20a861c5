use domain::catalog::ChefCard;
use leptos::prelude::*;

use super::icon::ChefRating;

#[component]
pub fn ChefCardView(chef: ChefCard) -> impl IntoView {
    let href = format!("/chefs/{}", chef.id);
    view! {
        <a class="chef-card" href=href data-testid="chef-card">
            <ChefAvatar name=chef.display_name.clone() photo_url=chef.photo_url />
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

/// The chef's portrait beside their name in a list, or their initials until they upload one.
/// Decorative: the name is always written next to it.
#[component]
pub fn ChefAvatar(name: String, photo_url: Option<String>) -> impl IntoView {
    match photo_url {
        Some(url) => view! {
            <img class="avatar avatar-photo" src=url alt="" loading="lazy" data-testid="chef-avatar" />
        }
        .into_any(),
        None => {
            let initials: String = name
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .take(2)
                .collect();
            view! { <div class="avatar" aria-hidden="true">{initials}</div> }.into_any()
        }
    }
}
