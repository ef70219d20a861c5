//! The site header, and the session state every page shares: who is logged in, and the
//! log-in, sign-up and log-out actions whose completion refreshes it.

use domain::account::CurrentUser;
use leptos::prelude::*;

use super::bell::NotificationBell;
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
    let user = Resource::new(who_changed, |_| fetch_current_user());
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
    view! {
        <header class="site-header">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"✦"</span>
                "Chef Galaxy"
            </a>
            <nav class="site-nav">
                <a href="/search">"Find a chef"</a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = session.user.await;
                        let unread = session.unread.await.unwrap_or(0);
                        match user {
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
                                <NotificationBell unread />
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
