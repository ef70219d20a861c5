//! Which pages arrive with a first visit and which load on navigation.
//!
//! The release build splits the browser's WASM (`cargo leptos build --split`). The home page and
//! the not-found page stay in the main module; every other page belongs to one of three groups,
//! each loaded as its own piece the first time a page of it is shown — or earlier, when a link to
//! it is hovered, focused or touched ([`preload_pages_behind_links`]).
//!
//! Why groups and not one piece per page: wasm-split puts code shared by several split points in
//! one piece per *combination* of them, so thirty split points made a thousand pieces (and a chef
//! page fetched five hundred). Pages that people visit together share a group.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::pages::{
    account::AccountPage,
    admin::AdminPage,
    bookings::{BookingDetailPage, BookingsPage},
    chef::ChefPage,
    chefs::ChefsPage,
    earnings::EarningsRoute,
    feed::FeedPage,
    feed_formula::FeedFormulaPage,
    kitchen::KitchenPage,
    knowledge::{
        ask::AskPage, question::QuestionPage, reputation::ReputationPage, revisions::RevisionsPage,
        KnowledgePage, KnowledgeTagPage,
    },
    login::LoginPage,
    moderation::DecisionPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    person::PersonPage,
    policies::{CancellationPolicyPage, DisputeRulesPage},
    post::PostPage,
    rank::RankPage,
    requests::{RequestDetailPage, RequestsPage},
    search::SearchPage,
    search_social::{PeopleSearchPage, PostSearchPage, QuestionSearchPage},
    signup::SignupPage,
    tag::TagPage,
};

/// For each group: one lazily loaded function that shows any of its pages by route path, and for
/// each page a [`LazyRoute`] for `lib.rs`'s `<Routes>` (`Lazy::<ChefRoute>::new()`).
/// `PAGE_GROUPS` lists every path with the group that holds it, for preloading behind links.
macro_rules! lazy_page_groups {
    ($( $group:ident / $preload_group:ident {
        $( $route:ident : $path:literal => $page:ident ),* $(,)?
    } )*) => {
        $(
            #[leptos::lazy]
            fn $group(path: &'static str) -> AnyView {
                match path {
                    $( $path => view! { <$page /> }.into_any(), )*
                    _ => view! { <NotFound /> }.into_any(),
                }
            }

            $(
                pub struct $route;

                impl LazyRoute for $route {
                    fn data() -> Self {
                        Self
                    }

                    async fn view(_: Self) -> AnyView {
                        $group($path).await
                    }

                    async fn preload() {
                        #[cfg(feature = "hydrate")]
                        $preload_group().await;
                    }
                }
            )*
        )*

        /// Every lazily loaded path pattern, with its group's name and a function that loads it.
        #[cfg(feature = "hydrate")]
        const PAGE_GROUPS: &[(&str, &str, fn())] = &[
            $( $( ($path, stringify!($group), || leptos::task::spawn_local($preload_group())), )* )*
        ];

        /// Every lazily loaded route with the path its group matches on.
        #[cfg(test)]
        const LAZY_ROUTES: &[(&str, &str)] = &[ $( $( (stringify!($route), $path), )* )* ];
    };
}

lazy_page_groups! {
    // What a visitor looking for a chef walks through.
    marketplace / __preload_marketplace {
        ChefsRoute: "/chefs" => ChefsPage,
        SearchRoute: "/search" => SearchPage,
        ChefRoute: "/chefs/:id" => ChefPage,
    }
    // Joining and signed-in work: accounts, the rules pages they link, the kitchen, bookings,
    // requests, notifications, administration.
    member / __preload_member {
        SignupRoute: "/signup" => SignupPage,
        LoginRoute: "/login" => LoginPage,
        AccountRoute: "/account" => AccountPage,
        CancellationPolicyRoute: "/cancellation-policy" => CancellationPolicyPage,
        DisputeRulesRoute: "/disputes" => DisputeRulesPage,
        RankRoute: "/rank" => RankPage,
        KitchenRoute: "/kitchen" => KitchenPage,
        EarningsPageRoute: "/kitchen/earnings" => EarningsRoute,
        BookingsRoute: "/bookings" => BookingsPage,
        BookingDetailRoute: "/bookings/:id" => BookingDetailPage,
        RequestsRoute: "/requests" => RequestsPage,
        RequestDetailRoute: "/requests/:id" => RequestDetailPage,
        NotificationsRoute: "/notifications" => NotificationsPage,
        AdminRoute: "/admin" => AdminPage,
        DecisionRoute: "/moderation/:id" => DecisionPage,
    }
    // The social network and the knowledge engine.
    community / __preload_community {
        FeedRoute: "/feed" => FeedPage,
        FeedFormulaRoute: "/feed/how-it-works" => FeedFormulaPage,
        PostRoute: "/p/:id" => PostPage,
        PersonRoute: "/u/:handle" => PersonPage,
        TagRoute: "/t/:tag" => TagPage,
        PostSearchRoute: "/search/posts" => PostSearchPage,
        PeopleSearchRoute: "/search/people" => PeopleSearchPage,
        KnowledgeRoute: "/knowledge" => KnowledgePage,
        AskRoute: "/knowledge/ask" => AskPage,
        ReputationRoute: "/knowledge/reputation" => ReputationPage,
        KnowledgeTagRoute: "/knowledge/t/:tag" => KnowledgeTagPage,
        QuestionRoute: "/knowledge/q/:id" => QuestionPage,
        RevisionsRoute: "/knowledge/revisions/:kind/:id" => RevisionsPage,
        QuestionSearchRoute: "/search/questions" => QuestionSearchPage,
    }
}

/// Whether a URL path is one the route pattern shows: `:name` stands for any one segment.
#[cfg(any(feature = "hydrate", test))]
fn path_matches(pattern: &str, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with(':') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// Starts loading the piece that shows `path`, unless it is in the main module or already asked
/// for (loading twice costs nothing, but a hover repeats many times).
#[cfg(feature = "hydrate")]
fn preload_page(path: &str) {
    use std::{cell::RefCell, collections::HashSet};
    thread_local! {
        static ASKED: RefCell<HashSet<&'static str>> = RefCell::default();
    }
    let Some((_, group, load)) = PAGE_GROUPS
        .iter()
        .find(|(pattern, _, _)| path_matches(pattern, path))
    else {
        return;
    };
    if ASKED.with(|asked| asked.borrow_mut().insert(group)) {
        load();
    }
}

/// Loads a page's piece as soon as a pointer rests on, a finger touches or the keyboard focuses
/// a link to it on this site, so that the click usually finds it already there.
#[cfg(feature = "hydrate")]
pub fn preload_pages_behind_links() {
    use leptos::{ev, wasm_bindgen::JsCast};

    fn preload_link_target(event: &web_sys::Event) {
        let Some(link) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if window().location().origin().ok() == Some(link.origin()) {
            preload_page(&link.pathname());
        }
    }

    // The listeners live as long as the page; their handles are not needed.
    let _ = window_event_listener(ev::pointerover, |event| preload_link_target(&event));
    let _ = window_event_listener(ev::focusin, |event| preload_link_target(&event));
    let _ = window_event_listener(ev::touchstart, |event| preload_link_target(&event));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_its_own_path_with_any_value_for_each_parameter() {
        assert!(path_matches("/chefs", "/chefs"));
        assert!(path_matches("/chefs/:id", "/chefs/42"));
        assert!(path_matches("/chefs/:id", "/chefs/42/"));
        assert!(path_matches(
            "/knowledge/revisions/:kind/:id",
            "/knowledge/revisions/answer/7"
        ));
    }

    #[test]
    fn a_pattern_does_not_match_a_longer_shorter_or_different_path() {
        assert!(!path_matches("/chefs", "/chefs/42"));
        assert!(!path_matches("/chefs/:id", "/chefs"));
        assert!(!path_matches("/chefs/:id", "/chefs/"));
        assert!(!path_matches("/search", "/search/posts"));
        assert!(!path_matches("/kitchen", "/kitchens"));
    }

    /// The `<Routes>` in lib.rs, as (route, path) pairs: `path!("/chefs") view={Lazy::<ChefsRoute>`.
    fn routes_declared_in_the_app() -> Vec<(&'static str, &'static str)> {
        include_str!("lib.rs")
            .lines()
            .filter_map(|line| {
                let (_, path) = line.split_once("path!(\"")?;
                let (path, rest) = path.split_once('"')?;
                let (_, route) = rest.split_once("Lazy::<")?;
                let (route, _) = route.split_once('>')?;
                Some((route, path))
            })
            .collect()
    }

    #[test]
    fn every_lazy_route_of_the_app_is_shown_by_its_group_under_the_same_path() {
        let mut declared = routes_declared_in_the_app();
        let mut grouped = LAZY_ROUTES.to_vec();
        declared.sort();
        grouped.sort();
        assert!(declared.len() > 20, "lib.rs was not read: {declared:?}");
        assert_eq!(declared, grouped);
    }
}
