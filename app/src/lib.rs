//! Chef Galaxy's pages and components. Rendered on the server (feature `ssr`), then hydrated
//! in the browser (feature `hydrate`). Server functions live in [`api`]; they stay thin and
//! call the backend services, which only the server build links.

pub mod api;
mod clock;
mod components;
pub mod error;
mod pages;
mod routes;

pub use components::street_map::MapTiles;
use leptos::{nonce::use_nonce, prelude::*};
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};
#[cfg(feature = "hydrate")]
pub use routes::preload_pages_behind_links;

use components::{
    bell::provide_live_notifications,
    header::{provide_session, SiteHeader},
};
use pages::{home::HomePage, not_found::NotFound};
use routes::*;

/// The HTML document around the app; only the server renders it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let tiles = use_context::<MapTiles>().unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Inline scripts run only with this response's nonce (the HTTP header's
                // policy allows inline scripts; both policies must pass).
                {use_nonce().map(|nonce| view! {
                    <meta
                        http-equiv="Content-Security-Policy"
                        content=format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval' https://js.stripe.com")
                    />
                })}
                // The bridge to Stripe's card form; it loads Stripe.js only when a payment
                // form asks for it.
                <script src="/stripe-checkout.js" defer></script>
                // Street maps: Leaflet loads when a page shows a map, with these tiles.
                <meta name="chef-galaxy:map-tiles" content=tiles.url />
                <meta name="chef-galaxy:map-attribution" content=tiles.attribution />
                <script src="/map.js" defer></script>
                // The stylesheet under its hashed name, which only the server knows.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    provide_live_notifications();
    let (is_routing, set_is_routing) = signal(false);

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="description" content="Hire a private chef for your wedding, birthday or dinner party." />
        <Title formatter=|page: String| {
            if page.is_empty() { "Chef Galaxy".to_owned() } else { format!("{page} · Chef Galaxy") }
        } />
        // While a new page's data loads, the current page stays and a bar says so; the router
        // swaps pages once the new one is ready, so no page goes blank in between.
        <Router set_is_routing>
            <div class="route-progress" class:active=move || is_routing.get() aria-hidden="true"></div>
            <SiteHeader />
            <main class="page">
                <Routes fallback=NotFound>
                    // Async: the whole page is rendered before the first byte, so titles and
                    // status codes (404 for a missing chef) are right for every client.
                    // Every page but the home page is loaded by the browser on navigation
                    // (its group of pages is a separate piece of the WASM: routes.rs).
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/chefs") view={Lazy::<ChefsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/chefs/:id") view={Lazy::<ChefRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/search/posts") view={Lazy::<PostSearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/search/people") view={Lazy::<PeopleSearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cancellation-policy") view={Lazy::<CancellationPolicyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/disputes") view={Lazy::<DisputeRulesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/rank") view={Lazy::<RankRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/kitchen") view={Lazy::<KitchenRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/kitchen/earnings") view={Lazy::<EarningsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bookings") view={Lazy::<BookingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bookings/:id") view={Lazy::<BookingDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/requests") view={Lazy::<RequestsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/requests/:id") view={Lazy::<RequestDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feed") view={Lazy::<FeedRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feed/how-it-works") view={Lazy::<FeedFormulaRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/p/:id") view={Lazy::<PostRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/u/:handle") view={Lazy::<PersonRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/t/:tag") view={Lazy::<TagRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/moderation/:id") view={Lazy::<DecisionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge") view={Lazy::<KnowledgeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge/ask") view={Lazy::<AskRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge/reputation") view={Lazy::<ReputationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge/t/:tag") view={Lazy::<KnowledgeTagRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge/q/:id") view={Lazy::<QuestionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/knowledge/revisions/:kind/:id") view={Lazy::<RevisionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/search/questions") view={Lazy::<QuestionSearchRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Chef Galaxy — private chefs for every occasion."</p>
                <p><a href="/cancellation-policy">"Cancellation policy"</a>" · "<a href="/api/docs">"API"</a></p>
            </footer>
        </Router>
    }
}
