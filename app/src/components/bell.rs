//! The header's bell: the unread count, rendered on the server and then kept live in the
//! browser by an EventSource on `/api/v1/notifications/stream`. EventSource reconnects by
//! itself and sends the last id it saw, and the server replays from the database, so the
//! count and the feed catch up after a network drop.

use leptos::prelude::*;

/// Live notification state every page can read: the count and how many have arrived since
/// the page loaded (the feed page reloads when that changes).
#[derive(Clone, Copy)]
pub struct LiveNotifications {
    pub unread: RwSignal<u64>,
    pub arrivals: RwSignal<u64>,
}

/// Made once for the whole app, so pages (not only the bell) see arrivals.
pub fn provide_live_notifications() {
    provide_context(LiveNotifications {
        unread: RwSignal::new(0),
        arrivals: RwSignal::new(0),
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
            <span aria-hidden="true">"🔔"</span>
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
        live.arrivals.update(|n| *n += 1);
    });
    let _ = source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
    let _ = source
        .add_event_listener_with_callback("notification", on_notification.as_ref().unchecked_ref());
    // The listeners live as long as the bell; closing first stops the browser calling them.
    let connection = SendWrapper::new((source, on_unread, on_notification));
    on_cleanup(move || connection.0.close());
}
