//! `/feed`: Following (the people you follow, newest first), For you (ranked by the
//! published formula, each post with "Why am I seeing this?") and Nearby (posts linked to
//! chefs near the reader's city, through the search index), the composer, the feed
//! settings that turn the formula's weights, and "N new posts" as they are published.

use domain::{
    places::CITIES,
    search::{nearby_city, NEARBY_RADIUS_KM},
    social::feed::{FeedKind, FeedWeights, MAX_WEIGHT},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorNotice;
use crate::{
    api::social::{load_feed, PostList, SaveFeedSettings},
    components::{bell::use_live_notifications, composer::Composer, post_stream::PostStream},
};

#[component]
pub fn FeedPage() -> impl IntoView {
    let query = use_query_map();
    let kind = move || match query.read().get("tab").as_deref() {
        Some("following") => FeedKind::Following,
        Some("nearby") => FeedKind::Nearby,
        _ => FeedKind::ForYou,
    };
    let reloads = RwSignal::new(0_u32);
    let save_settings = ServerAction::<SaveFeedSettings>::new();
    let feed = Resource::new(
        move || (kind(), reloads.get(), save_settings.version().get()),
        |(kind, _, _)| load_feed(kind),
    );
    let live = use_live_notifications();
    let reload = move || {
        live.new_posts.set(Vec::new());
        reloads.update(|n| *n += 1);
    };
    view! {
        <Title text="Feed" />
        <section class="feed-page">
            <header class="feed-head">
                <h1>"Feed"</h1>
                <nav class="tabs" aria-label="Feeds">
                    <a href="/feed?tab=following" data-testid="tab-following"
                        aria-current=move || (kind() == FeedKind::Following).then_some("page")>"Following"</a>
                    <a href="/feed" data-testid="tab-for-you"
                        aria-current=move || (kind() == FeedKind::ForYou).then_some("page")>"For you"</a>
                    <a href="/feed?tab=nearby" data-testid="tab-nearby"
                        aria-current=move || (kind() == FeedKind::Nearby).then_some("page")>"Nearby"</a>
                </nav>
            </header>
            <NewPostsBanner kind=Signal::derive(kind) on_show=reload />
            <Transition fallback=|| view! { <p class="loading">"Loading the feed…"</p> }>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(view) => {
                            let signed_in = view.me.is_some();
                            let reader_id = view.me.as_ref().map(|me| me.id);
                            let kind = kind();
                            view! {
                                <div class="feed-layout">
                                    <div class="feed-main">
                                        {signed_in.then(|| view! { <Composer on_posted=reload /> })}
                                        {(kind == FeedKind::Nearby).then(|| {
                                            let city = nearby_city(view.city.as_deref());
                                            view! {
                                                <p class="notice" data-testid="nearby-place">
                                                    {format!("Posts linked to chefs who work within {NEARBY_RADIUS_KM:.0} km of {}. ", city.name)}
                                                    {if signed_in { "Change the city in feed settings." } else { "" }}
                                                </p>
                                            }
                                        })}
                                        {(kind == FeedKind::Following && !signed_in).then(|| view! {
                                            <p class="notice" data-testid="log-in-to-follow">
                                                <a href="/login">"Log in"</a>" to see the posts of the people you follow."
                                            </p>
                                        })}
                                        <PostStream list=PostList::Feed(kind) first=view.page signed_in reader_id
                                            empty=match kind {
                                                FeedKind::Following => "Nothing here yet: follow people and chefs to see their posts, newest first.",
                                                FeedKind::ForYou => "No posts in the last two weeks yet.",
                                                FeedKind::Nearby => "No posts linked to chefs near this city yet.",
                                            } />
                                    </div>
                                    <aside class="feed-side">
                                        // Above the feed and folded on phones, where the end
                                        // of an endless list is never reached.
                                        {signed_in.then(|| view! {
                                            <details class="fold-on-phones feed-settings-fold">
                                                <summary data-testid="feed-settings-toggle">"Feed settings"</summary>
                                                <FeedSettingsPanel weights=view.weights city=view.city action=save_settings />
                                            </details>
                                        })}
                                        <p><a href="/feed/how-it-works">"How For you ranks posts"</a></p>
                                    </aside>
                                </div>
                            }
                            .into_any()
                        }
                        Err(error) => {
                            super::set_status(error.error.code.http_status());
                            view! { <ErrorNotice error /> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// "3 new posts": posts published since the page loaded that belong in this feed. Shown,
/// they load on top.
#[component]
fn NewPostsBanner(
    kind: Signal<FeedKind>,
    on_show: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let live = use_live_notifications();
    let waiting = move || {
        live.new_posts.with(|posts| {
            posts
                .iter()
                .filter(|post| match kind.get() {
                    FeedKind::ForYou => true,
                    FeedKind::Following => post.following,
                    // Where a post's chef works is known once it is indexed, not from the event.
                    FeedKind::Nearby => false,
                })
                .count()
        })
    };
    view! {
        {move || (waiting() > 0).then(|| view! {
            <button type="button" class="new-posts" data-testid="new-posts" on:click=move |_| on_show()>
                {move || match waiting() {
                    1 => "1 new post".to_owned(),
                    n => format!("{n} new posts"),
                }}
            </button>
        })}
    }
    .into_any()
}

/// The For-you weights as sliders from 0 (the term is off) to 3, and the city "nearby" is
/// measured from. Saving reloads the feed in its new order.
#[component]
fn FeedSettingsPanel(
    weights: FeedWeights,
    city: Option<String>,
    action: ServerAction<SaveFeedSettings>,
) -> impl IntoView {
    let chosen = RwSignal::new(weights);
    let city = RwSignal::new(city.unwrap_or_default());
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    let slider = move |name: &'static str,
                       label: &'static str,
                       hint: &'static str,
                       get: fn(&FeedWeights) -> f64,
                       set: fn(&mut FeedWeights, f64)| {
        view! {
            <label class="weight">
                <span class="weight-name">{label}<small>{hint}</small></span>
                <input type="range" min="0" max=MAX_WEIGHT.to_string() step="0.5" name=name
                    data-testid=format!("weight-{name}")
                    prop:value=move || get(&chosen.get()).to_string()
                    on:input=move |ev| {
                        if let Ok(value) = event_target_value(&ev).parse::<f64>() {
                            chosen.update(|w| set(w, value));
                        }
                    } />
                <output>{move || format!("{:.1}", get(&chosen.get()))}</output>
            </label>
        }
    };
    view! {
        <form class="feed-settings card" data-testid="feed-settings" on:submit=move |ev| {
            ev.prevent_default();
            let city = city.get_untracked();
            action.dispatch(SaveFeedSettings {
                weights: chosen.get_untracked(),
                city: (!city.is_empty()).then_some(city),
            });
        }>
            <h2>"Your For you"</h2>
            <p class="hint">"Turn a term to 0 to leave it out."</p>
            {slider("recency", "Recency", "newer posts first", |w| w.recency, |w, v| w.recency = v)}
            {slider("popularity", "Popularity", "likes and comments", |w| w.popularity, |w, v| w.popularity = v)}
            {slider("following", "Following", "people you follow", |w| w.following, |w, v| w.following = v)}
            {slider("nearby", "Nearby chefs", "chefs close to your city", |w| w.nearby, |w, v| w.nearby = v)}
            {slider("cuisines", "Your cuisines", "tags you like", |w| w.cuisines, |w, v| w.cuisines = v)}
            <label>
                "Your city"
                <select data-testid="feed-city" on:change=move |ev| city.set(event_target_value(&ev))>
                    <option value="" selected=move || city.get().is_empty()>"Not set"</option>
                    {CITIES.iter().map(|place| view! {
                        <option value=place.name selected=move || city.get() == place.name>{place.name}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            <button type="submit" class="button button-small" data-testid="save-feed-settings"
                disabled=move || action.pending().get()>"Apply"</button>
        </form>
    }
    .into_any()
}
