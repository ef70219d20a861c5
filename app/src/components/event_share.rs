//! On a booking that has taken place: "Show this event on posts". Each side agrees for
//! themselves; posts carry the "from a real event" badge only while both agree.

use leptos::prelude::*;

use crate::api::social::{load_event_sharing, ShareEvent};

#[component]
pub fn EventShare(booking_id: i64, other_side: &'static str) -> impl IntoView {
    let share = ServerAction::<ShareEvent>::new();
    let sharing = Resource::new(
        move || share.version().get(),
        move |_| load_event_sharing(booking_id),
    );
    view! {
        <section class="event-share card" data-testid="event-share">
            <h2>"Show this event on posts"</h2>
            <p class="hint">
                "Posts about this event can carry a “from a real event” badge once you and "
                {other_side}" both agree. Either of you can take it back at any time."
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(state) = sharing.await else {
                        return view! { <p class="field-error">"Could not load who agreed."</p> }.into_any();
                    };
                    let status = match (state.you_agreed, state.other_agreed) {
                        (true, true) => "Shown: you both agreed.".to_owned(),
                        (true, false) => format!("You agreed; waiting for {other_side}."),
                        (false, true) => format!("{} agreed; it is shown once you do.", capitalised(other_side)),
                        (false, false) => "Not shown.".to_owned(),
                    };
                    let agree = !state.you_agreed;
                    view! {
                        <p class="event-share-status" data-testid="event-share-status">{status}</p>
                        <button type="button" data-testid="event-share-toggle"
                            class=if agree { "button button-small" } else { "button button-small button-secondary" }
                            disabled=move || share.pending().get()
                            on:click=move |_| { share.dispatch(ShareEvent { booking_id, agree }); }>
                            {if agree { "Agree to show it" } else { "Stop showing it" }}
                        </button>
                        {move || share.value().get().and_then(Result::err).map(|error| view! {
                            <p class="field-error" role="alert">{error.to_string()}</p>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
    .into_any()
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
