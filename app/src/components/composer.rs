//! Writing a post: text with #tags and @mentions, up to six photos each with a description,
//! sent to the JSON API as multipart (the media pipeline checks and re-encodes each photo).
//! Nothing is lost on a refusal: the text and the chosen photos stay for another try. An
//! event both sides agreed to show can be linked ("from a real event").

use domain::social::text::{MAX_PHOTOS_PER_POST, MAX_POST_CHARS};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use super::photo_picker::ChosenPhotos;
use super::photo_picker::PhotoPicker;
use crate::api::social::load_shown_events;

#[component]
pub fn Composer(
    /// Called once a post is published, to show it.
    on_posted: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let photos = PhotoPicker::new(MAX_PHOTOS_PER_POST, "composer");
    let sending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let event = RwSignal::new(String::new());
    // Only in the browser: the composer's server-rendered form needs no list of events.
    let events = LocalResource::new(load_shown_events);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        problem.set(None);
        #[cfg(not(feature = "hydrate"))]
        let _ = on_posted;
        #[cfg(feature = "hydrate")]
        {
            let picked = photos.chosen();
            leptos::task::spawn_local(async move {
                let sent = publish(&text.get_untracked(), picked, &event.get_untracked()).await;
                sending.set(false);
                match sent {
                    Ok(()) => {
                        text.set(String::new());
                        photos.clear();
                        event.set(String::new());
                        on_posted();
                    }
                    Err(message) => problem.set(Some(message)),
                }
            });
        }
    };
    view! {
        <form class="composer card" data-testid="composer" on:submit=submit>
            <label for="composer-text" class="visually-hidden">"Your post"</label>
            <textarea id="composer-text" name="text" rows="3" maxlength=MAX_POST_CHARS.to_string()
                placeholder="What did you cook or eat? Use #tags and @mentions."
                data-testid="composer-text"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {photos.view("Photos (up to six)")}
            {move || {
                let events = events.get().and_then(Result::ok).unwrap_or_default();
                (!events.is_empty()).then(|| view! {
                    <label class="composer-event">
                        "From a real event"
                        <select data-testid="composer-event" prop:value=move || event.get()
                            on:change=move |ev| event.set(event_target_value(&ev))>
                            <option value="">"None"</option>
                            {events.into_iter().map(|shown| view! {
                                <option value=shown.booking_id.to_string()>
                                    {format!("{} with {}", shown.summary, shown.chef_name)}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                })
            }}
            {move || problem.get().map(|message| view! {
                <p class="field-error" role="alert" data-testid="composer-error">{message}</p>
            })}
            <div class="composer-actions">
                <span class="char-count">{move || format!("{} / {MAX_POST_CHARS}", text.get().chars().count())}</span>
                <button type="submit" class="button" data-testid="publish"
                    disabled=move || sending.get() || text.get().trim().is_empty()>
                    {move || if sending.get() { "Publishing…" } else { "Publish" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// Sends the post; the API's message when it refuses it.
#[cfg(feature = "hydrate")]
async fn publish(text: &str, photos: Option<ChosenPhotos>, booking_id: &str) -> Result<(), String> {
    let form =
        web_sys::FormData::new().map_err(|_| "This browser cannot send files.".to_owned())?;
    form.append_with_str("text", text)
        .map_err(|_| "The post could not be read.".to_owned())?;
    if !booking_id.is_empty() {
        form.append_with_str("booking_id", booking_id)
            .map_err(|_| "The event could not be read.".to_owned())?;
    }
    if let Some(photos) = photos {
        photos.append_to(&form)?;
    }
    super::upload::send_form(
        "/api/v1/posts",
        form,
        "The post could not be sent.",
        "The post was not published",
    )
    .await
}
