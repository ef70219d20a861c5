//! A list of posts that pages on by cursor as the reader scrolls: the first page comes
//! rendered by the server, later ones are asked for when the end of the list comes into view
//! (with a "Show more" button for keyboards and for browsers without JavaScript yet).

use domain::social::feed::FeedPage;
use leptos::prelude::*;

use super::post_card::PostCard;
use crate::api::social::{more_posts, PostList};

#[component]
pub fn PostStream(
    list: PostList,
    first: FeedPage,
    signed_in: bool,
    reader_id: Option<i64>,
    /// Said when the list is empty.
    empty: &'static str,
) -> impl IntoView {
    let items = RwSignal::new(first.items);
    let cursor = RwSignal::new(first.next_cursor);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let list = StoredValue::new(list);
    let load_more = move || {
        let Some(next) = cursor.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            match more_posts(list.get_value(), next).await {
                Ok(page) => {
                    items.update(|shown| {
                        // A post can move up between two For-you pages; show it once.
                        let seen: std::collections::HashSet<i64> =
                            shown.iter().map(|item| item.post.id).collect();
                        shown.extend(
                            page.items
                                .into_iter()
                                .filter(|item| !seen.contains(&item.post.id)),
                        );
                    });
                    cursor.set(page.next_cursor);
                    failed.set(None);
                }
                Err(error) => failed.set(Some(error.error.message)),
            }
            loading.set(false);
        });
    };
    let sentinel = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    watch_end_of_list(sentinel, load_more);
    view! {
        <div class="post-stream" data-testid="post-stream">
            {move || items.with(Vec::is_empty).then(|| view! { <p class="empty-state">{empty}</p> })}
            <For each=move || items.get() key=|item| item.post.id let:item>
                <PostCard post=item.post why=item.why signed_in reader_id />
            </For>
            <div node_ref=sentinel class="stream-end" aria-hidden="true"></div>
            {move || failed.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            {move || cursor.get().is_some().then(|| view! {
                <button type="button" class="button button-secondary load-more" data-testid="load-more"
                    disabled=move || loading.get() on:click=move |_| load_more()>
                    {move || if loading.get() { "Loading…" } else { "Show more" }}
                </button>
            })}
        </div>
    }
    .into_any()
}

/// Calls `load_more` each time the end of the list scrolls into view.
#[cfg(feature = "hydrate")]
fn watch_end_of_list(sentinel: NodeRef<leptos::html::Div>, load_more: impl Fn() + Clone + 'static) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

    Effect::new(move |_| {
        let Some(end) = sentinel.get() else {
            return;
        };
        let load_more = load_more.clone();
        let seen = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|entry| {
                entry
                    .dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|entry| entry.is_intersecting())
            });
            if visible {
                load_more();
            }
        });
        let options = IntersectionObserverInit::new();
        // Start loading a little before the reader reaches the end.
        options.set_root_margin("600px");
        let Ok(observer) =
            IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options)
        else {
            return;
        };
        observer.observe(&end);
        let kept = SendWrapper::new((observer, seen));
        on_cleanup(move || kept.0.disconnect());
    });
}
