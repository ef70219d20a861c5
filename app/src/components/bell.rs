//! The header's bell: the unread count, rendered on the server and then kept live in the
//! browser by an EventSource on `/api/v1/notifications/stream`. EventSource reconnects by
//! itself and sends the last id it saw, and the server replays from the database, so the
//! count and the feed catch up after a network drop.

use leptos::prelude::*;

use super::icon::{Icon, IconSvg};

/// Live notification state every page can read: the count, how many have arrived since
/// the page loaded (the feed page reloads when that changes) and the links of the latest
/// (a booking's page reloads when one points at it).
#[derive(Clone, Copy)]
pub struct LiveNotifications {
    pub unread: RwSignal<u64>,
    pub arrivals: RwSignal<u64>,
    recent_links: RwSignal<Vec<String>>,
    /// Posts published since the page loaded that the reader may see, with whether they
    /// belong in their Following feed: the feed offers "N new posts".
    pub new_posts: RwSignal<Vec<AnnouncedPost>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct AnnouncedPost {
    pub post_id: i64,
    pub following: bool,
}

impl LiveNotifications {
    /// Calls `reload` whenever a notification arrives whose link is `page` or a part of it
    /// (`/bookings/7#messages` for `/bookings/7`): the page then shows what the other side
    /// did, without polling and without a reload of the browser's page.
    pub fn on_arrival_about(
        self,
        page: impl Fn() -> Option<String> + 'static,
        reload: impl Fn() + 'static,
    ) {
        let seen = StoredValue::new(self.arrivals.get_untracked());
        Effect::new(move |_| {
            let arrivals = self.arrivals.get();
            let new = arrivals.saturating_sub(seen.get_value()) as usize;
            seen.set_value(arrivals);
            let Some(page) = page() else {
                return;
            };
            let about_page = self.recent_links.with_untracked(|links| {
                links.iter().rev().take(new).any(|link| {
                    link.strip_prefix(page.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
                })
            });
            if about_page {
                reload();
            }
        });
    }
}

/// Made once for the whole app, so pages (not only the bell) see arrivals.
pub fn provide_live_notifications() {
    provide_context(LiveNotifications {
        unread: RwSignal::new(0),
        arrivals: RwSignal::new(0),
        recent_links: RwSignal::new(Vec::new()),
        new_posts: RwSignal::new(Vec::new()),
    });
}

pub fn use_live_notifications() -> LiveNotifications {
    expect_context::<LiveNotifications>()
}

/// `unread`: the count when the page was rendered; the stream keeps it current from then on.
#[component]
pub fn NotificationBell(unread: u64) -> impl IntoView {
    let live = use_live_notifications();
    live.unread.set(unread);
    #[cfg(feature = "hydrate")]
    listen(live);

    let label = move || match live.unread.get() {
        0 => "Notifications".to_owned(),
        1 => "Notifications: 1 unread".to_owned(),
        n => format!("Notifications: {n} unread"),
    };
    view! {
        <a href="/notifications" class="bell" data-testid="bell" aria-label=label title=label>
            <IconSvg icon=Icon::Bell />
            {move || {
                let unread = live.unread.get();
                (unread > 0).then(|| view! {
                    <span class="badge" data-testid="unread-count">{unread}</span>
                })
            }}
        </a>
    }
}

#[cfg(feature = "hydrate")]
fn listen(live: LiveNotifications) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    #[derive(serde::Deserialize)]
    struct Unread {
        unread: u64,
    }

    /// How many recent links are kept: more than can arrive between two renders.
    const RECENT_LINKS: usize = 32;

    #[derive(serde::Deserialize)]
    struct Arrived {
        notification: Linked,
    }

    #[derive(serde::Deserialize)]
    struct Linked {
        link: Option<String>,
    }

    let Ok(source) = EventSource::new("/api/v1/notifications/stream") else {
        return;
    };
    let count_from = |event: &MessageEvent| {
        event
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<Unread>(&data).ok())
            .map(|parsed| parsed.unread)
    };
    let on_unread = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(unread) = count_from(&event) {
            live.unread.set(unread);
        }
    });
    let on_notification = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(unread) = count_from(&event) {
            live.unread.set(unread);
        }
        let link = event
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<Arrived>(&data).ok())
            .and_then(|arrived| arrived.notification.link)
            .unwrap_or_default();
        live.recent_links.update(|links| {
            links.push(link);
            if links.len() > RECENT_LINKS {
                links.remove(0);
            }
        });
        live.arrivals.update(|n| *n += 1);
    });
    let on_post = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let announced = event
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<AnnouncedPost>(&data).ok());
        if let Some(post) = announced {
            live.new_posts.update(|posts| {
                if !posts.contains(&post) {
                    posts.push(post);
                }
            });
        }
    });
    let _ = source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("post", on_post.as_ref().unchecked_ref());
    let _ = source
        .add_event_listener_with_callback("notification", on_notification.as_ref().unchecked_ref());
    // The listeners live as long as the bell; closing first stops the browser calling them.
    let connection = SendWrapper::new((source, on_unread, on_notification, on_post));
    on_cleanup(move || connection.0.close());
}
