//! A chef's public profile: photos, training, languages, service area, hours, menus and
//! dishes. The dish chips filter the dishes in the browser, with no request.

use domain::{
    availability::{WorkingHours, WEEKDAY_NAMES},
    catalog::{ChefProfile, Course, DietaryFlag, Dish, DishFilter, Menu, RatingSummary},
    chef_profile::{EducationLevel, Proficiency},
    photos::Photo,
    rank::Rank,
    reviews::ReviewView,
    words::plural,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{
    api::{
        catalog::fetch_chef_profile,
        notifications::{is_chef_saved, SetChefSaved},
        ranks::load_rank,
    },
    components::{
        header::use_session,
        icon::{ChefRating, Icon, IconSvg},
        quote_builder::QuoteBuilder,
        review::ReviewCard,
        service_map::ServiceAreaMap,
    },
    error::ServerError,
};

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
    let toggle_saved = ServerAction::<SetChefSaved>::new();
    let saved = Resource::new(
        move || (chef_id(), toggle_saved.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => is_chef_saved(id).await,
                None => Ok(false),
            }
        },
    );
    let save = SaveState {
        toggle: toggle_saved,
        saved,
    };
    let rank = Resource::new(chef_id, |id| async move {
        match id {
            Some(id) => load_rank(id).await,
            None => Err(ServerError::from(domain::AppError::not_found("Chef"))),
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading chef…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(chef) => view! { <ChefProfileView chef save rank /> }.into_any(),
                    Err(error) => view! { <Title text="Chef not found" /><ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Whether the visitor saved this chef, and the action that changes it. Made with the page,
/// outside its Suspense, so the server's answer is the one the browser hydrates with.
#[derive(Clone, Copy)]
struct SaveState {
    toggle: ServerAction<SetChefSaved>,
    saved: Resource<Result<bool, ServerError>>,
}

#[component]
fn ChefProfileView(
    chef: ChefProfile,
    save: SaveState,
    rank: Resource<Result<Rank, ServerError>>,
) -> impl IntoView {
    let name = chef.card.display_name.clone();
    let menus = chef.menus.clone();
    let dishes = chef.dishes.clone();
    let quoted = chef.clone();
    view! {
        <Title text=name.clone() />
        <article class="chef-profile">
            <ProfileHeader chef=chef.clone() save />
            <RankSection chef_id=chef.card.id rank />
            <Gallery photos=chef.gallery.clone() chef_name=name />
            <ProfileFacts chef=chef.clone() />
            <Menus menus />
            <DishMenu dishes />
            <ChefReviews rating=chef.card.rating reviews=chef.reviews.clone() />
            <QuoteBuilder chef=quoted />
        </article>
    }
    .into_any()
}

#[component]
fn ProfileHeader(chef: ChefProfile, save: SaveState) -> impl IntoView {
    let card = chef.card;
    view! {
        <header class="profile-header">
            {match &chef.photo {
                Some(photo) => view! {
                    <img class="avatar avatar-large avatar-photo" src=photo.thumbnail_url.clone()
                        alt=card.display_name.clone() data-testid="profile-photo" />
                }.into_any(),
                None => view! {
                    <div class="avatar avatar-large" aria-hidden="true">
                        {card.display_name.chars().next().map(String::from)}
                    </div>
                }.into_any(),
            }}
            <div>
                <h1 data-testid="chef-name">{card.display_name.clone()}</h1>
                <ChefRating rating=card.rating />
                <p class="headline" data-testid="chef-headline">{card.headline.clone()}</p>
                <p class="meta">
                    <span>{card.city.clone()}</span>
                    <span>{format!("{} years of experience", card.years_experience)}</span>
                    <span>{format!("{} to {} guests", chef.min_guests, chef.max_guests)}</span>
                    <span class="rate">{format!("{}/hour", card.base_rate)}</span>
                </p>
                <div class="profile-actions">
                    <SaveChefButton chef_id=card.id save />
                    <AskChefLink chef_id=card.id />
                </div>
            </div>
        </header>
    }
    .into_any()
}

/// The chef's tier and score for everyone; for the chef themself, every component with
/// what it was computed from, and what would raise it.
#[component]
fn RankSection(chef_id: i64, rank: Resource<Result<Rank, ServerError>>) -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(rank) = rank.await else { return ().into_any() };
                let own = session.user.await.ok().flatten().is_some_and(|user| user.id == chef_id);
                view! {
                    <section class="rank" data-testid="rank">
                        <p>
                            <span class=format!("badge tier-{}", rank.tier.code()) data-testid="rank-tier-badge">{rank.tier.label()}</span>
                            " "<span data-testid="rank-score">{format!("Rank {:.1} of 100", rank.score)}</span>
                            " "<a href="/rank">"How ranks work"</a>
                        </p>
                        {own.then(|| view! {
                            <table class="quote-lines" data-testid="rank-breakdown">
                                <tbody>
                                    {rank.components.iter().map(|c| view! {
                                        <tr data-testid="rank-component" data-name=c.name.clone()>
                                            <th scope="row">{c.label.clone()}<small>{c.input_summary.clone()}</small></th>
                                            <td data-testid="rank-points">{format!("{:.1} / {:.0}", c.points, c.max_points)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <ul class="rank-tips" data-testid="rank-tips">
                                {rank.tips.iter().map(|tip| view! { <li>{tip.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Transition>
    }
}

/// Lets a logged-in visitor keep the chef in their favourites (the chef is told). Hidden for
/// visitors who are logged out and on the chef's own page.
#[component]
fn SaveChefButton(chef_id: i64, save: SaveState) -> impl IntoView {
    let session = use_session();
    let SaveState { toggle, saved } = save;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let visitor = session.user.await.ok().flatten();
                let is_saved = saved.await.unwrap_or(false);
                visitor.filter(|user| user.id != chef_id).map(|_| view! {
                    <button
                        type="button"
                        class="button button-small button-secondary save-chef"
                        class:saved=is_saved
                        aria-pressed=is_saved.to_string()
                        data-testid="save-chef"
                        on:click=move |_| { toggle.dispatch(SetChefSaved { chef_id, saved: !is_saved }); }
                    >
                        {if is_saved {
                            view! { <IconSvg icon=Icon::Heart />"Saved" }.into_any()
                        } else {
                            view! { <IconSvg icon=Icon::HeartOutline />"Save chef" }.into_any()
                        }}
                    </button>
                })
            })}
        </Transition>
    }
}

/// "Ask this chef": a food question that goes to this chef (they are told at once) and that
/// everyone can read. Not on the chef's own page.
#[component]
fn AskChefLink(chef_id: i64) -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let visitor = session.user.await.ok().flatten();
                (visitor.is_none_or(|user| user.id != chef_id)).then(|| view! {
                    <a class="button button-small button-secondary" href=format!("/knowledge/ask?chef={chef_id}")
                        data-testid="ask-chef">"Ask this chef"</a>
                })
            })}
        </Transition>
    }
}

/// What customers said after their events, newest first; the average with its count.
const REVIEWS_SHOWN_FIRST: usize = 3;

#[component]
fn ChefReviews(rating: Option<RatingSummary>, reviews: Vec<ReviewView>) -> impl IntoView {
    view! {
        <section class="chef-reviews" data-testid="chef-reviews" aria-labelledby="reviews-heading">
            <div class="chef-reviews-summary">
                <h2 id="reviews-heading">"Reviews"</h2>
                <ChefRating rating />
            </div>
            {if reviews.is_empty() {
                view! { <p class="muted">"No reviews yet: reviews show once both sides have written theirs after an event."</p> }.into_any()
            } else {
                // The newest few, the rest folded away: the price and booking form stay near.
                let mut first = reviews;
                let more = first.split_off(first.len().min(REVIEWS_SHOWN_FIRST));
                let card = |review| view! { <ReviewCard review testid="chef-review" /> };
                view! {
                    {first.into_iter().map(card).collect_view()}
                    {(!more.is_empty()).then(|| view! {
                        <details class="more-reviews">
                            <summary data-testid="more-reviews">{format!("Read {} more {}", more.len(), if more.len() == 1 { "review" } else { "reviews" })}</summary>
                            {more.into_iter().map(card).collect_view()}
                        </details>
                    })}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Gallery(photos: Vec<Photo>, chef_name: String) -> impl IntoView {
    if photos.is_empty() {
        return ().into_any();
    }
    let count = photos.len();
    view! {
        <section class="gallery" aria-label="Gallery">
            {photos.into_iter().enumerate().map(|(n, photo)| view! {
                <a href=photo.url class="gallery-item">
                    <img src=photo.thumbnail_url loading="lazy" data-testid="gallery-photo"
                        alt=format!("{chef_name}'s cooking, photo {} of {count}", n + 1) />
                </a>
            }).collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn Menus(menus: Vec<Menu>) -> impl IntoView {
    if menus.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="menus">
            <h2>"Menus"</h2>
            <div class="menu-grid">
                {menus.into_iter().map(|menu| view! { <MenuCard menu /> }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ProfileFacts(chef: ChefProfile) -> impl IntoView {
    let card = chef.card.clone();
    let today = crate::clock::today();
    view! {
            <section class="profile-facts">
                <div>
                    <h2>"About"</h2>
                    <p class="bio">{chef.bio.clone()}</p>
                    <h2>"Where"</h2>
                    <ServiceAreaMap lat=card.lat lng=card.lng radius_km=card.service_radius_km place=card.city.clone() />
                </div>
                <div>
                    <h2>"Cuisines"</h2>
                    <p class="tags">{card.cuisines.iter().map(|c| view! { <span class="tag">{c.clone()}</span> }).collect_view()}</p>
                    // Long on a phone, and read by few before pricing: folded there, open on wider screens.
                    <details class="profile-more fold-on-phones" data-testid="profile-more">
                    <summary>"Languages, training and working hours"</summary>
                    <h2>"Languages"</h2>
                    <ul class="plain" data-testid="languages">
                        {chef.languages.iter().map(|skill| view! {
                            <li>{skill.language.clone()}" "<span class="muted">{proficiency_label(skill.proficiency)}</span></li>
                        }).collect_view()}
                    </ul>
                    {(!chef.education.is_empty()).then(|| view! {
                        <h2>"Training"</h2>
                        <ul class="plain" data-testid="education">
                            {chef.education.iter().map(|entry| view! {
                                <li><span>{entry.institution.clone()}</span>" "
                                    <span class="muted">{format!("{}, {}", education_label(entry.level), entry.year)}</span></li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!chef.certifications.is_empty()).then(|| view! {
                        <h2>"Certificates"</h2>
                        <ul class="plain" data-testid="certifications">
                            {chef.certifications.iter().map(|certificate| {
                                let expired = certificate.is_expired(today);
                                view! {
                                    <li class:expired=expired><span>{certificate.name.clone()}</span>" "
                                        <span class="muted">{match (certificate.expires_on, expired) {
                                            (Some(date), true) => format!("expired {}", date.format("%b %Y")),
                                            (Some(date), false) => format!("valid until {}", date.format("%b %Y")),
                                            (None, _) => certificate.issuer.clone(),
                                        }}</span></li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    <h2>"Working hours"</h2>
                    <WeeklyHoursSummary hours=chef.weekly_hours.clone() />
                    <h2>"Unavailable"</h2>
                    {if chef.busy.is_empty() {
                        view! { <p class="muted">"No dates blocked in the coming months."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain" data-testid="busy">
                                {chef.busy.iter().map(|busy| view! { <li>{busy.label.clone()}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    </details>
                </div>
            </section>
    }
    .into_any()
}

#[component]
fn MenuCard(menu: Menu) -> impl IntoView {
    let one_by_one = menu.dishes_price_per_guest(
        menu.dishes
            .first()
            .map(|d| d.price_per_guest.currency)
            .unwrap_or(domain::money::Currency::EUR),
    );
    view! {
        <article class="menu-card" data-testid="menu">
            <h3>{menu.name}</h3>
            {(!menu.description.is_empty()).then(|| view! { <p class="muted">{menu.description}</p> })}
            <ol>
                {menu.dishes.into_iter().map(|dish| view! {
                    <li><span class="muted">{dish.course.label()}": "</span>{dish.name}</li>
                }).collect_view()}
            </ol>
            <p class="price">
                {match menu.price_per_guest {
                    Some(price) => format!("{price} per guest (dishes separately {one_by_one})"),
                    None => format!("{one_by_one} per guest"),
                }}
            </p>
        </article>
    }
}

#[component]
fn WeeklyHoursSummary(hours: Vec<WorkingHours>) -> impl IntoView {
    if hours.is_empty() {
        return view! { <p class="muted">"Takes requests for any day and time."</p> }.into_any();
    }
    view! {
        <ul class="plain hours">
            {(1..=7u8).filter_map(|weekday| {
                let shifts: Vec<String> = hours
                    .iter()
                    .filter(|h| h.weekday == weekday)
                    .map(|h| format!("{}–{}", h.starts, h.ends))
                    .collect();
                (!shifts.is_empty()).then(|| view! {
                    <li><span class="weekday">{WEEKDAY_NAMES[usize::from(weekday - 1)]}</span>" "{shifts.join(", ")}</li>
                })
            }).collect_view()}
        </ul>
    }
    .into_any()
}

pub fn proficiency_label(level: Proficiency) -> &'static str {
    match level {
        Proficiency::A1 => "A1 · beginner",
        Proficiency::A2 => "A2 · elementary",
        Proficiency::B1 => "B1 · intermediate",
        Proficiency::B2 => "B2 · upper intermediate",
        Proficiency::C1 => "C1 · advanced",
        Proficiency::C2 => "C2 · proficient",
        Proficiency::Native => "native",
    }
}

pub fn education_label(level: EducationLevel) -> &'static str {
    match level {
        EducationLevel::None => "No formal qualification",
        EducationLevel::Certificate => "Certificate",
        EducationLevel::Diploma => "Diploma",
        EducationLevel::Degree => "Degree",
        EducationLevel::Master => "Master",
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
            {move || {
                let shown = visible();
                if shown.is_empty() {
                    return view! { <p class="empty">"No dish matches these filters."</p> }.into_any();
                }
                // On a phone only the first course is open (the rest are a tap away), unless
                // the visitor filtered: then everything that matched is shown.
                let filtered = filter.with(|f| *f != DishFilter::default());
                let mut first = true;
                Course::ALL.iter().filter_map(|course| {
                    let in_course: Vec<Dish> = shown.iter().filter(|d| d.course == *course).cloned().collect();
                    if in_course.is_empty() {
                        return None;
                    }
                    let open = filtered || std::mem::take(&mut first);
                    let count = in_course.len();
                    Some(view! {
                        <details class="course-group fold-on-phones" open=open data-testid="course-group">
                            <summary class="course-heading">
                                {course.label()}
                                <span class="course-count">{format!(" · {}", plural(count, "dish", "dishes"))}</span>
                            </summary>
                            <ul class="dish-list">
                                {in_course.into_iter().map(|dish| view! { <DishItem dish /> }).collect_view()}
                            </ul>
                        </details>
                    })
                }).collect_view().into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn DishItem(dish: Dish) -> impl IntoView {
    view! {
        <li class="dish" data-testid="dish">
            <div class="dish-head">
                <h3>{dish.name}</h3>
                <span class="price">{format!("{} per guest", dish.price_per_guest)}</span>
            </div>
            <p class="course">
                {format!("From {} guests · {} min preparation", dish.min_guests, dish.prep_minutes)}
                {dish.organic.then_some(" · organic")}
            </p>
            <p>{dish.description}</p>
            <p class="ingredients muted">{dish.ingredients.join(", ")}</p>
            <p class="badges">
                {dish.dietary.iter().map(|d| view! { <span class="badge badge-diet">{d.label()}</span> }).collect_view()}
                {dish.allergens.iter().map(|a| view! { <span class="badge badge-allergen" title="Allergen">{a.label()}</span> }).collect_view()}
            </p>
        </li>
    }
}
