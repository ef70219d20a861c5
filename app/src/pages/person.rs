//! `/u/{handle}`: a person's page — bio, followers and following, their posts, follow and
//! block; for chefs, their rank tier and a link to their chef page. Across a block, or for a
//! suspended account, there is no such page.

use domain::{
    social::{moderation::ReportTarget, posts::Profile},
    words::plural,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{
    api::social::{load_profile, BlockPerson, FollowPerson, PostList},
    components::{chef_card::ChefAvatar, post_card::ReportMenu, post_stream::PostStream},
    error::ServerError,
};

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let handle = move || params.read().get("handle").unwrap_or_default();
    let follow = ServerAction::<FollowPerson>::new();
    let block = ServerAction::<BlockPerson>::new();
    let page = Resource::new(
        move || (handle(), follow.version().get(), block.version().get()),
        |(handle, _, _)| async move {
            if handle.is_empty() {
                Err(ServerError::from(domain::AppError::not_found("Person")))
            } else {
                load_profile(handle).await
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                if matches!(block.value().get(), Some(Ok(true))) {
                    return view! {
                        <Title text="Blocked" />
                        <p class="notice" role="status" data-testid="blocked">
                            "Blocked. You will not see each other's posts, comments or pages. "
                            <a href="/feed">"Back to the feed"</a>
                        </p>
                    }.into_any();
                }
                match page.await {
                    Ok(view) => {
                        let me = view.me.clone();
                        let signed_in = me.is_some();
                        let reader_id = me.as_ref().map(|m| m.id);
                        let handle = view.profile.person.handle.clone();
                        view! {
                            <Title text=view.profile.person.display_name.clone() />
                            <article class="person-page">
                                <PersonHeader profile=view.profile reader_id follow block />
                                <h2>"Posts"</h2>
                                <PostStream list=PostList::Author(handle) first=view.posts signed_in reader_id
                                    empty="No posts yet." />
                            </article>
                        }.into_any()
                    }
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <Title text="Not found" /><ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn PersonHeader(
    profile: Profile,
    reader_id: Option<i64>,
    follow: ServerAction<FollowPerson>,
    block: ServerAction<BlockPerson>,
) -> impl IntoView {
    let person = profile.person.clone();
    let own = reader_id == Some(person.id);
    let others = reader_id.is_some() && !own;
    let follow_handle = person.handle.clone();
    let block_handle = person.handle.clone();
    let block_label = format!("Block @{}", person.handle);
    let following = profile.followed_by_you;
    view! {
        <header class="profile-header person-header" data-testid="person">
            <ChefAvatar name=person.display_name.clone() photo_url=person.photo_url.clone() />
            <div>
                <h1 data-testid="person-name">{person.display_name.clone()}</h1>
                <p class="byline-meta">{format!("@{}", person.handle)}</p>
                {person.is_chef.then(|| view! {
                    <p class="chef-line">
                        {profile.chef_tier.map(|tier| view! {
                            <span class=format!("badge tier-{}", tier.code()) data-testid="person-tier">{tier.label()}</span>
                            " "
                        })}
                        <a href=format!("/chefs/{}", person.id) data-testid="chef-page-link">"Chef page: menus and booking"</a>
                    </p>
                })}
                {(!profile.bio.is_empty()).then(|| view! { <p class="bio">{profile.bio.clone()}</p> })}
                <p class="meta">
                    <span data-testid="followers">{plural(profile.followers as usize, "follower", "followers")}</span>
                    <span data-testid="following">{format!("{} following", profile.following)}</span>
                </p>
                <p class="meta person-knowledge" data-testid="person-knowledge">
                    <a href=format!("/knowledge?asked_by={}", person.id)>"Questions asked"</a>
                    <a href=format!("/knowledge?answered_by={}", person.id)>"Answers"</a>
                    {person.is_chef.then(|| view! {
                        <a href=format!("/knowledge?asked_of={}", person.id)>"Questions asked of them"</a>
                    })}
                </p>
                {others.then(move || view! {
                    <div class="person-actions">
                        <ActionForm action=follow>
                            <input type="hidden" name="handle" value=follow_handle />
                            <input type="hidden" name="follow" value=(!following).to_string() />
                            <button type="submit" class=if following { "button button-secondary" } else { "button" }
                                data-testid="follow">{if following { "Following · Unfollow" } else { "Follow" }}</button>
                        </ActionForm>
                        <details class="more-actions">
                            <summary>"More"</summary>
                            <ActionForm action=block>
                                <input type="hidden" name="handle" value=block_handle />
                                <input type="hidden" name="block" value="true" />
                                <button type="submit" class="button button-secondary button-small" data-testid="block">
                                    {block_label}
                                </button>
                            </ActionForm>
                            <ReportMenu target=ReportTarget::Person target_id=person.id />
                        </details>
                    </div>
                })}
            </div>
        </header>
    }
    .into_any()
}
