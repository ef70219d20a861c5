//! Photo uploads from the kitchen. The browser checks the size first; the upload goes to the
//! JSON API (`POST /api/v1/chefs/{id}/photos`), which sniffs, cleans and stores it.

use domain::photos::{Photo, PhotoKind, ACCEPTED_TYPES};
use leptos::prelude::*;

use super::{use_kitchen, Saved};
use crate::api::workspace::DeletePhoto;

#[component]
pub fn PhotoManager(chef_id: i64, photo: Option<Photo>, gallery: Vec<Photo>) -> impl IntoView {
    let kitchen = use_kitchen();
    let kind = RwSignal::new(if photo.is_none() {
        PhotoKind::Profile
    } else {
        PhotoKind::Gallery
    });
    let error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let delete = ServerAction::<DeletePhoto>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            kitchen.saved("photo-list", "Photo removed.");
        }
    });

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = file_input
                .get()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                error.set(Some("Choose a photo first.".to_owned()));
                return;
            };
            if let Err(too_big) = domain::photos::check_upload_size(file.size() as usize) {
                error.set(Some(too_big.message));
                return;
            }
            let kind = kind.get_untracked();
            uploading.set(true);
            leptos::task::spawn_local(async move {
                let url = format!("/api/v1/chefs/{chef_id}/photos?kind={}", kind.code());
                let outcome = crate::components::upload::post_photo(&url, file).await;
                uploading.set(false);
                match outcome {
                    Ok(()) => kitchen.saved(
                        "photo",
                        match kind {
                            PhotoKind::Profile => "Profile photo updated.",
                            PhotoKind::Gallery => "Photo added to your gallery.",
                        },
                    ),
                    Err(message) => error.set(Some(message)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (chef_id, file_input, uploading);
    };

    view! {
        <section class="kitchen-card" id="photos">
            <h2>"Photos"</h2>
            <Saved place="photo-list" />
            <div class="photo-strip">
                {photo.map(|photo| view! {
                    <figure class="photo-tile">
                        <img src=photo.thumbnail_url alt="Your profile photo" data-testid="kitchen-profile-photo" />
                        <figcaption>"Profile photo"</figcaption>
                    </figure>
                })}
                {gallery.into_iter().map(|photo| {
                    let id = photo.id;
                    view! {
                        <figure class="photo-tile">
                            <img src=photo.thumbnail_url alt="" />
                            <button type="button" class="link-button" on:click=move |_| { delete.dispatch(DeletePhoto { photo_id: id }); }>"Remove"</button>
                        </figure>
                    }
                }).collect_view()}
            </div>
            <form class="upload" on:submit=upload>
                <div class="field">
                    <label for="photo-file">"Photo (JPEG, PNG or WebP, up to 8 MB)"</label>
                    <input id="photo-file" name="photo" type="file" accept=ACCEPTED_TYPES.join(",") node_ref=file_input data-testid="photo-file" />
                </div>
                <div class="field">
                    <label for="photo-kind">"Use it as"</label>
                    <select id="photo-kind" name="kind" on:change=move |ev| {
                        kind.set(PhotoKind::parse(&event_target_value(&ev)).unwrap_or(PhotoKind::Gallery));
                    }>
                        <option value="profile" selected=move || kind.get() == PhotoKind::Profile>"My profile photo"</option>
                        <option value="gallery" selected=move || kind.get() == PhotoKind::Gallery>"A gallery photo"</option>
                    </select>
                </div>
                <p class="form-error" role="alert" data-testid="error-photo">{move || error.get()}</p>
                <div class="form-actions">
                    <button type="submit" class="button" data-testid="upload-photo" disabled=move || uploading.get()>
                        {move || if uploading.get() { "Uploading…" } else { "Upload" }}
                    </button>
                    <Saved place="photo" />
                </div>
            </form>
        </section>
    }
    .into_any()
}
