//! A post as every list shows it: author, the server-cleaned text, photos, tags, the dish or
//! event it comes from, likes and comments (live: a like or comment notification about it
//! refreshes its counts), save, share, report, and for For you "Why am I seeing this?".

use domain::social::{
    feed::FeedScore,
    moderation::{ReportForm, ReportReason, ReportTarget},
    posts::{PersonRef, Post},
};
use leptos::prelude::*;

use super::{
    bell::use_live_notifications,
    chef_card::ChefAvatar,
    icon::{Icon, IconSvg},
};
use crate::api::social::{file_report, load_post, LikePost, SavePost};

/// "6 Dec, 14:05": the same on the server and in the browser, so hydration agrees.
pub fn posted_at(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// The author line: portrait or initials, name, handle, and the chef badge.
#[component]
pub fn Byline(person: PersonRef, at: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let profile = format!("/u/{}", person.handle);
    view! {
        <div class="byline">
            <ChefAvatar name=person.display_name.clone() photo_url=person.photo_url.clone() />
            <div>
                <a class="byline-name" href=profile.clone() data-testid="post-author">{person.display_name.clone()}</a>
                {person.is_chef.then(|| view! { <span class="badge chef-badge">"Chef"</span> })}
                <p class="byline-meta">
                    <a href=profile>{format!("@{}", person.handle)}</a>
                    " · "
                    <time datetime=at.to_rfc3339()>{posted_at(at)}</time>
                </p>
            </div>
        </div>
    }
    .into_any()
}

#[component]
pub fn PostCard(
    post: Post,
    /// The For-you score's terms, when the post came from For you.
    why: Option<FeedScore>,
    /// Whether someone is logged in: visitors are sent to log in instead of liking.
    signed_in: bool,
    /// The reader's own id, to leave "Report" off their own posts.
    reader_id: Option<i64>,
) -> impl IntoView {
    let id = post.id;
    let likes = RwSignal::new(post.like_count);
    let comments = RwSignal::new(post.comment_count);
    let liked = RwSignal::new(post.liked);
    let saved = RwSignal::new(post.saved);
    let like = ServerAction::<LikePost>::new();
    let save = ServerAction::<SavePost>::new();
    Effect::new(move |_| {
        if let Some(Ok(count)) = like.value().get() {
            likes.set(count);
        }
    });
    // Someone else's like or comment on this post arrives as a notification to its author:
    // the counts follow without a reload.
    let live = use_live_notifications();
    live.on_arrival_about(
        move || Some(format!("/p/{id}")),
        move || {
            leptos::task::spawn_local(async move {
                if let Ok(view) = load_post(id).await {
                    likes.set(view.post.like_count);
                    comments.set(view.post.comment_count);
                }
            });
        },
    );
    let link = format!("/p/{id}");
    let own = reader_id == Some(post.author.id);
    view! {
        <article class="post-card" data-testid="post" data-post-id=id.to_string()>
            <Byline person=post.author.clone() at=post.created_at />
            {post.from_event.clone().map(|event| view! {
                <p class="event-badge" data-testid="from-event">
                    <IconSvg icon=Icon::Star />
                    {format!("From a real event: {} with ", event.summary)}
                    <a href=format!("/chefs/{}", event.chef_id)>{event.chef_name}</a>
                </p>
            })}
            <div class="post-text" data-testid="post-text" inner_html=post.html.clone()></div>
            {post.edited_at.map(|at| view! {
                <p class="byline-meta" data-testid="post-edited">
                    <a href=format!("/p/{id}")>{format!("Edited {}", posted_at(at))}</a>
                </p>
            })}
            <PhotoGrid photos=post.photos.clone() />
            {post.dish.clone().map(|dish| view! {
                <p class="post-dish">"Dish: "<a href=format!("/chefs/{}", dish.chef_id)>{dish.name}</a></p>
            })}
            {(!post.tags.is_empty()).then(|| view! {
                <p class="tags">
                    {post.tags.iter().map(|tag| view! {
                        <a class="tag" href=format!("/t/{tag}")>{format!("#{tag}")}</a>
                    }).collect_view()}
                </p>
            })}
            <footer class="post-actions">
                {if signed_in {
                    view! {
                        <button type="button" class="post-action" data-testid="like"
                            aria-pressed=move || liked.get().to_string()
                            on:click=move |_| {
                                let now = !liked.get_untracked();
                                liked.set(now);
                                like.dispatch(LikePost { post_id: id, like: now });
                            }>
                            {move || if liked.get() {
                                view! { <IconSvg icon=Icon::Heart /> }
                            } else {
                                view! { <IconSvg icon=Icon::HeartOutline /> }
                            }}
                            <span data-testid="like-count">{move || likes.get()}</span>
                            <span class="visually-hidden">" likes"</span>
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <a class="post-action" href="/login" data-testid="like">
                            <IconSvg icon=Icon::HeartOutline />
                            <span data-testid="like-count">{move || likes.get()}</span>
                            <span class="visually-hidden">" likes: log in to like"</span>
                        </a>
                    }.into_any()
                }}
                <a class="post-action" href=format!("{link}#comments") data-testid="comments-link">
                    <span data-testid="comment-count">{move || comments.get()}</span>
                    {move || if comments.get() == 1 { " comment" } else { " comments" }}
                </a>
                {signed_in.then(|| view! {
                    <button type="button" class="post-action" data-testid="save"
                        aria-pressed=move || saved.get().to_string()
                        on:click=move |_| {
                            let now = !saved.get_untracked();
                            saved.set(now);
                            save.dispatch(SavePost { post_id: id, save: now });
                        }>
                        {move || if saved.get() { "Saved" } else { "Save" }}
                    </button>
                })}
                <ShareLink link=link.clone() />
                {(signed_in && !own).then(|| view! { <ReportMenu target=ReportTarget::Post target_id=id /> })}
            </footer>
            {why.map(|why| view! { <WhyThisPost why /> })}
        </article>
    }
    .into_any()
}

/// The post's address, copied in the browser (or shown to copy by hand).
#[component]
fn ShareLink(link: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let href = link.clone();
    view! {
        <a class="post-action" href=href data-testid="share"
            on:click=move |ev| {
                #[cfg(feature = "hydrate")]
                {
                    ev.prevent_default();
                    let origin = window().location().origin().unwrap_or_default();
                    let clipboard = window().navigator().clipboard();
                    let _ = clipboard.write_text(&format!("{origin}{link}"));
                    copied.set(true);
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }>
            {move || if copied.get() { "Link copied" } else { "Share" }}
        </a>
    }
    .into_any()
}

/// "Why am I seeing this?": each term of the published formula with its value and weight.
#[component]
pub fn WhyThisPost(why: FeedScore) -> impl IntoView {
    view! {
        <details class="why" data-testid="why">
            <summary>"Why am I seeing this?"</summary>
            <table class="why-terms">
                <thead><tr><th scope="col">"Term"</th><th scope="col">"Because"</th><th scope="col">"Value × weight"</th></tr></thead>
                <tbody>
                    {why.terms.into_iter().map(|term| view! {
                        <tr data-testid="why-term" data-term=term.name.clone()>
                            <th scope="row">{term.name.clone()}</th>
                            <td>{term.reason}</td>
                            <td>{format!("{:.3} × {:.1}", term.value, term.weight)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="why-score">
                {format!("Score {:.4}. ", why.score)}
                <a href="/feed/how-it-works">"How the feed ranks posts"</a>
            </p>
        </details>
    }
    .into_any()
}

/// Reporting a post, comment or person: a reason, optional words, one report each.
#[component]
pub fn ReportMenu(target: ReportTarget, target_id: i64) -> impl IntoView {
    let reason = RwSignal::new(ReportReason::Spam);
    let details = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let send = Action::new(move |form: &ReportForm| {
        let form = form.clone();
        async move {
            let result = file_report(form)
                .await
                .map(|_| ())
                .map_err(|e| e.error.message);
            outcome.set(Some(result));
        }
    });
    view! {
        <details class="report" data-testid="report">
            <summary>"Report"</summary>
            {move || match outcome.get() {
                Some(Ok(())) => view! {
                    <p class="notice" role="status" data-testid="report-sent">"Thank you. A moderator will look at it."</p>
                }.into_any(),
                other => view! {
                    <form class="report-form" on:submit=move |ev| {
                        ev.prevent_default();
                        send.dispatch(ReportForm {
                            target,
                            target_id,
                            reason: reason.get_untracked(),
                            details: details.get_untracked(),
                        });
                    }>
                        <label>
                            "What is wrong?"
                            <select data-testid="report-reason" on:change=move |ev| {
                                if let Some(chosen) = ReportReason::parse(&event_target_value(&ev)) {
                                    reason.set(chosen);
                                }
                            }>
                                {ReportReason::ALL.iter().map(|r| view! {
                                    <option value=r.code() selected=move || reason.get() == *r>{r.label()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>
                            "Anything the moderators should know (optional)"
                            <textarea rows="2" maxlength="1000" data-testid="report-details"
                                prop:value=move || details.get()
                                on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                        </label>
                        {other.and_then(Result::err).map(|message| view! {
                            <p class="field-error" role="alert">{message}</p>
                        })}
                        <button type="submit" class="button button-small" data-testid="send-report">"Send report"</button>
                    </form>
                }.into_any(),
            }}
        </details>
    }
    .into_any()
}

/// Photos of a post or a question: thumbnails in a grid, each a link to the full photo.
#[component]
pub fn PhotoGrid(photos: Vec<domain::social::posts::PostPhoto>) -> impl IntoView {
    let count = photos.len();
    (count > 0).then(|| {
        view! {
            <div class=format!("post-photos photos-{}", count.min(4))>
                {photos.into_iter().map(|photo| view! {
                    <a href=photo.url.clone() class="post-photo">
                        <img src=photo.thumbnail_url alt=photo.alt width=photo.width height=photo.height
                            loading="lazy" data-testid="post-photo" />
                    </a>
                }).collect_view()}
            </div>
        }
    })
}
