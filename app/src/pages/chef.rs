//! A chef's public profile. The dish chips filter the menu in the browser, with no request.

use domain::catalog::{ChefProfile, Course, DietaryFlag, Dish, DishFilter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{api::catalog::fetch_chef_profile, error::ServerError};

#[component]
pub fn ChefPage() -> impl IntoView {
    let params = use_params_map();
    let chef_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let profile = Resource::new(chef_id, |id| async move {
        match id {
            Some(id) => fetch_chef_profile(id).await,
            None => Err(ServerError::from(domain::AppError::not_found("Chef"))),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading chef…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(chef) => view! { <ChefProfileView chef /> }.into_any(),
                    Err(error) => view! { <Title text="Chef not found" /><ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChefProfileView(chef: ChefProfile) -> impl IntoView {
    let card = chef.card;
    view! {
        <Title text=card.display_name.clone() />
        <article class="chef-profile">
            <header class="profile-header">
                <div class="avatar avatar-large" aria-hidden="true">
                    {card.display_name.chars().next().map(String::from)}
                </div>
                <div>
                    <h1 data-testid="chef-name">{card.display_name.clone()}</h1>
                    <p class="headline">{card.headline}</p>
                    <p class="meta">
                        <span>{card.city}</span>
                        <span>{format!("Travels up to {} km", card.service_radius_km)}</span>
                        <span>{format!("{} years of experience", card.years_experience)}</span>
                        <span class="rate">{format!("{}/hour", card.base_rate)}</span>
                    </p>
                </div>
            </header>
            <section class="profile-facts">
                <div><h2>"About"</h2><p>{chef.bio}</p></div>
                <div>
                    <h2>"Training"</h2>
                    <ul>{chef.education.into_iter().map(|e| view! { <li>{format!("{} ({})", e.institution, e.year)}</li> }).collect_view()}</ul>
                    <h2>"Languages"</h2>
                    <p>{chef.languages.iter().map(|l| l.language.clone()).collect::<Vec<_>>().join(", ")}</p>
                    <h2>"Cuisines"</h2><p>{card.cuisines.join(", ")}</p>
                </div>
            </section>
            <DishMenu dishes=chef.dishes />
        </article>
    }
}

#[component]
fn DishMenu(dishes: Vec<Dish>) -> impl IntoView {
    let filter = RwSignal::new(DishFilter::default());
    let total = dishes.len();
    let courses: Vec<Course> = Course::ALL
        .iter()
        .copied()
        .filter(|course| dishes.iter().any(|d| d.course == *course))
        .collect();
    let dishes = StoredValue::new(dishes);
    let visible = move || {
        dishes.with_value(|all| {
            filter.with(|f| {
                all.iter()
                    .filter(|d| f.matches(d))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };

    view! {
        <section class="dishes">
            <h2>"Dishes"</h2>
            <div class="chips" role="group" aria-label="Course">
                <button
                    type="button"
                    class="chip"
                    class:selected=move || filter.with(|f| f.course.is_none())
                    on:click=move |_| filter.update(|f| f.course = None)
                >
                    "All courses"
                </button>
                {courses.into_iter().map(|course| view! {
                    <button
                        type="button"
                        class="chip"
                        data-testid=format!("chip-course-{}", course.code())
                        class:selected=move || filter.with(|f| f.course == Some(course))
                        on:click=move |_| filter.update(|f| f.course = Some(course))
                    >
                        {course.label()}
                    </button>
                }).collect_view()}
            </div>
            <div class="chips" role="group" aria-label="Diet">
                {DietaryFlag::ALL.iter().copied().map(|diet| view! {
                    <button
                        type="button"
                        class="chip chip-diet"
                        data-testid=format!("chip-diet-{}", diet.code())
                        aria-pressed=move || filter.with(|f| f.diets.contains(&diet)).to_string()
                        class:selected=move || filter.with(|f| f.diets.contains(&diet))
                        on:click=move |_| filter.update(|f| f.toggle_diet(diet))
                    >
                        {diet.label()}
                    </button>
                }).collect_view()}
            </div>
            <p class="result-count" data-testid="dish-count">
                {move || format!("Showing {} of {} dishes", visible().len(), total)}
            </p>
            <ul class="dish-list">
                {move || {
                    let shown = visible();
                    if shown.is_empty() {
                        view! { <li class="empty">"No dish matches these filters."</li> }.into_any()
                    } else {
                        shown.into_iter().map(|dish| view! { <DishItem dish /> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}

#[component]
fn DishItem(dish: Dish) -> impl IntoView {
    view! {
        <li class="dish" data-testid="dish">
            <div class="dish-head">
                <h3>{dish.name}</h3>
                <span class="price">{format!("{} per guest", dish.price_per_guest)}</span>
            </div>
            <p class="course">{dish.course.label()}{dish.organic.then_some(" · organic")}</p>
            <p>{dish.description}</p>
            <p class="badges">
                {dish.dietary.iter().map(|d| view! { <span class="badge badge-diet">{d.label()}</span> }).collect_view()}
                {dish.allergens.iter().map(|a| view! { <span class="badge badge-allergen" title="Allergen">{a.label()}</span> }).collect_view()}
            </p>
        </li>
    }
}
