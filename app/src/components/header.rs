//! The site header, and the session state every page shares: who is logged in, and the
//! log-in, sign-up and log-out actions whose completion refreshes it.

use domain::account::CurrentUser;
use leptos::prelude::*;

use super::{
    bell::NotificationBell,
    icon::{Icon, IconSvg},
};
use crate::{
    api::{
        accounts::{fetch_current_user, BecomeChef, LogIn, LogOut, SignUp},
        notifications::unread_count,
    },
    error::ServerError,
};

#[derive(Clone, Copy)]
pub struct SessionState {
    pub log_in: ServerAction<LogIn>,
    pub sign_up: ServerAction<SignUp>,
    pub log_out: ServerAction<LogOut>,
    pub become_chef: ServerAction<BecomeChef>,
    pub user: Resource<Result<Option<CurrentUser>, ServerError>>,
    /// The bell's count as the page is rendered; live updates come from the stream.
    pub unread: Resource<Result<u64, ServerError>>,
}

pub fn provide_session() {
    let log_in = ServerAction::<LogIn>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let log_out = ServerAction::<LogOut>::new();
    let become_chef = ServerAction::<BecomeChef>::new();
    // Any of these changes who is logged in, or as what: ask the server again.
    let who_changed = move || {
        (
            log_in.version().get(),
            sign_up.version().get(),
            log_out.version().get(),
            become_chef.version().get(),
        )
    };
    // Who the last finished action says is signed in, when it says: the header and the page
    // follow at once, without asking the server again (a log-in answers with the account).
    let seen_versions = StoredValue::new((0, 0, 0, 0));
    let said_by_action = move |versions: (usize, usize, usize, usize)| {
        let before = seen_versions.get_value();
        seen_versions.set_value(versions);
        let signed_in = |value: Option<Result<CurrentUser, ServerError>>| match value {
            Some(Ok(user)) => Some(Some(user)),
            _ => None,
        };
        if versions.0 > before.0 {
            signed_in(log_in.value().get_untracked())
        } else if versions.1 > before.1 {
            signed_in(sign_up.value().get_untracked())
        } else if versions.2 > before.2 {
            matches!(log_out.value().get_untracked(), Some(Ok(()))).then_some(None)
        } else if versions.3 > before.3 {
            signed_in(become_chef.value().get_untracked())
        } else {
            None
        }
    };
    let user = Resource::new(who_changed, move |versions| {
        let known = said_by_action(versions);
        async move {
            match known {
                Some(user) => Ok(user),
                None => fetch_current_user().await,
            }
        }
    });
    let unread = Resource::new(who_changed, |_| unread_count());
    provide_context(SessionState {
        log_in,
        sign_up,
        log_out,
        become_chef,
        user,
        unread,
    });
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    // The links fold into a menu on narrow screens.
    let menu_open = RwSignal::new(false);
    view! {
        <header class="site-header">
            <a href="/" class="brand">
                <IconSvg icon=Icon::Brand class="brand-mark" />
                "Chef Galaxy"
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let user = session.user.await.ok().flatten();
                    let unread = session.unread.await.unwrap_or(0);
                    user.map(|_| view! { <NotificationBell unread /> })
                })}
            </Transition>
            <button type="button" class="menu-toggle" data-testid="menu-toggle"
                aria-controls="site-nav" aria-expanded=move || menu_open.get().to_string()
                aria-label=move || if menu_open.get() { "Close the menu" } else { "Open the menu" }
                on:click=move |_| menu_open.update(|open| *open = !*open)>
                {move || if menu_open.get() {
                    view! { <IconSvg icon=Icon::Close /> }
                } else {
                    view! { <IconSvg icon=Icon::Menu /> }
                }}
            </button>
            // A link followed from the open menu closes it (the next page starts tidy).
            <nav id="site-nav" class="site-nav" class:open=move || menu_open.get() aria-label="Main"
                on:click=move |ev| {
                    let on_link = event_target::<leptos::web_sys::Element>(&ev).closest("a").ok().flatten().is_some();
                    if on_link {
                        menu_open.set(false);
                    }
                }>
                <a href="/search">"Find a chef"</a>
                <a href="/feed" data-testid="nav-feed">"Feed"</a>
                <a href="/knowledge" data-testid="nav-knowledge">"Questions"</a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match session.user.await {
                            Ok(Some(user)) => view! {
                                <a href="/bookings" data-testid="nav-bookings">"Bookings"</a>
                                <a href="/requests" data-testid="nav-requests">"Requests"</a>
                                {(user.role != domain::account::Role::Customer).then(|| view! {
                                    <a href="/kitchen" data-testid="nav-kitchen">"Your kitchen"</a>
                                    <a href="/kitchen/earnings" data-testid="nav-earnings">"Earnings"</a>
                                })}
                                {(user.role == domain::account::Role::Admin).then(|| view! {
                                    <a href="/admin" data-testid="nav-admin">"Admin"</a>
                                })}
                                <a href="/account" class="nav-user" data-testid="nav-user">
                                    {user.display_name}
                                </a>
                            }.into_any(),
                            _ => view! {
                                <a href="/login">"Log in"</a>
                                <a href="/signup" class="button button-small">"Sign up"</a>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}
