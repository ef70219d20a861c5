//! Writing a post: text with #tags and @mentions, up to six photos each with a description,
//! sent to the JSON API as multipart (the media pipeline checks and re-encodes each photo).
//! Nothing is lost on a refusal: the text and the chosen photos stay for another try. An
//! event both sides agreed to show can be linked ("from a real event").

use domain::social::text::{MAX_PHOTOS_PER_POST, MAX_POST_CHARS};
use leptos::prelude::*;

use crate::api::social::load_shown_events;

#[component]
pub fn Composer(
    /// Called once a post is published, to show it.
    on_posted: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let photo_names = RwSignal::new(Vec::<String>::new());
    let alts = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let files = NodeRef::<leptos::html::Input>::new();
    let event = RwSignal::new(String::new());
    // Only in the browser: the composer's server-rendered form needs no list of events.
    let events = LocalResource::new(load_shown_events);
    let chosen = move |_| {
        #[cfg(feature = "hydrate")]
        let names: Vec<String> = files
            .get_untracked()
            .and_then(|input| input.files())
            .map(|list| {
                (0..list.length())
                    .filter_map(|i| list.get(i))
                    .map(|file| file.name())
                    .collect()
            })
            .unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        let names: Vec<String> = Vec::new();
        if names.len() > MAX_PHOTOS_PER_POST {
            problem.set(Some(format!(
                "A post holds at most {MAX_PHOTOS_PER_POST} photos; choose fewer."
            )));
        } else {
            problem.set(None);
        }
        alts.set(vec![String::new(); names.len()]);
        photo_names.set(names);
    };
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
            let picked = files.get_untracked().and_then(|input| input.files());
            leptos::task::spawn_local(async move {
                let sent = publish(
                    &text.get_untracked(),
                    picked,
                    &alts.get_untracked(),
                    &event.get_untracked(),
                )
                .await;
                sending.set(false);
                match sent {
                    Ok(()) => {
                        text.set(String::new());
                        alts.set(Vec::new());
                        photo_names.set(Vec::new());
                        event.set(String::new());
                        if let Some(input) = files.get_untracked() {
                            input.set_value("");
                        }
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
            <div class="composer-photos">
                <label class="file-label">
                    "Photos (up to six)"
                    <input type="file" accept="image/jpeg,image/png,image/webp" multiple node_ref=files
                        data-testid="composer-photos" on:change=chosen />
                </label>
                <For each=move || photo_names.get().into_iter().enumerate() key=|(i, name)| (*i, name.clone()) let:photo>
                    <label class="alt-field">
                        {format!("What does {} show?", photo.1)}
                        <input type="text" maxlength="300" data-testid="composer-alt"
                            placeholder="e.g. A bowl of ramen with a soft egg"
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                alts.update(|alts| if let Some(alt) = alts.get_mut(photo.0) { *alt = value; });
                            } />
                    </label>
                </For>
            </div>
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
async fn publish(
    text: &str,
    photos: Option<web_sys::FileList>,
    alts: &[String],
    booking_id: &str,
) -> Result<(), String> {
    let form =
        web_sys::FormData::new().map_err(|_| "This browser cannot send files.".to_owned())?;
    form.append_with_str("text", text)
        .map_err(|_| "The post could not be read.".to_owned())?;
    if !booking_id.is_empty() {
        form.append_with_str("booking_id", booking_id)
            .map_err(|_| "The event could not be read.".to_owned())?;
    }
    if let Some(photos) = photos {
        for i in 0..photos.length() {
            let Some(file) = photos.get(i) else { continue };
            domain::photos::check_upload_size(file.size() as usize)
                .map_err(|too_big| format!("{}: {}", file.name(), too_big.message))?;
            form.append_with_blob_and_filename("photo", &file, &file.name())
                .map_err(|_| "A photo could not be read.".to_owned())?;
            let alt = alts.get(i as usize).cloned().unwrap_or_default();
            form.append_with_str("alt", &alt)
                .map_err(|_| "A description could not be read.".to_owned())?;
        }
    }
    super::upload::send_form(
        "/api/v1/posts",
        form,
        "The post could not be sent.",
        "The post was not published",
    )
    .await
}
