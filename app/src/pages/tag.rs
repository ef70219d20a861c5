//! `/t/{tag}`: every post tagged `#tag`, newest first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{
    api::social::{load_tag, PostList},
    components::{header::use_session, post_stream::PostStream},
};

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let tag = move || params.read().get("tag").unwrap_or_default();
    let page = Resource::new(tag, load_tag);
    let session = use_session();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let reader = session.user.await.ok().flatten();
                match page.await {
                    Ok(view) => view! {
                        <Title text=format!("#{}", view.tag) />
                        <section class="tag-page">
                            <h1 data-testid="tag-title">{format!("#{}", view.tag)}</h1>
                            <PostStream list=PostList::Tag(view.tag.clone()) first=view.page
                                signed_in=reader.is_some() reader_id=reader.map(|r| r.id)
                                empty="No posts with this tag yet." />
                        </section>
                    }.into_any(),
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <Title text="Tag not found" /><ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}
