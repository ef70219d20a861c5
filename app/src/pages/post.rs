//! `/p/{id}`: one post with its comments, two levels deep. New comments and likes on it
//! arrive live for its author (their notifications name this page). Its author edits it here
//! within a day of writing it; anyone can read the earlier versions.

use domain::social::{
    moderation::ReportTarget,
    posts::{Comment, PersonRef, EDIT_WINDOW_HOURS},
    text::MAX_POST_CHARS,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{
    api::social::{load_post, AddComment, DeletePost, EditPost, LikeComment},
    components::{
        bell::use_live_notifications,
        post_card::{posted_at, Byline, PostCard, ReportMenu},
    },
    error::ServerError,
};

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let post_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let add_comment = ServerAction::<AddComment>::new();
    let delete = ServerAction::<DeletePost>::new();
    let edit = ServerAction::<EditPost>::new();
    let reloads = RwSignal::new(0_u32);
    let post = Resource::new(
        move || {
            (
                post_id(),
                reloads.get(),
                add_comment.version().get(),
                edit.version().get(),
            )
        },
        |(id, _, _, _)| async move {
            match id {
                Some(id) => load_post(id).await,
                None => Err(ServerError::from(domain::AppError::not_found("Post"))),
            }
        },
    );
    let live = use_live_notifications();
    live.on_arrival_about(
        move || post_id().map(|id| format!("/p/{id}")),
        move || reloads.update(|n| *n += 1),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the post…"</p> }>
            {move || Suspend::new(async move {
                if matches!(delete.value().get(), Some(Ok(()))) {
                    return view! {
                        <p class="notice" role="status" data-testid="post-deleted">"Your post is deleted. "<a href="/feed">"Back to the feed"</a></p>
                    }.into_any();
                }
                match post.await {
                    Ok(view) => {
                        let id = view.post.id;
                        let me = view.me.clone();
                        let own = me.as_ref().is_some_and(|me| me.id == view.post.author.id);
                        let title = format!("{}'s post", view.post.author.display_name);
                        let text = view.post.text.clone();
                        view! {
                            <Title text=title />
                            <div class="post-page">
                                <PostCard post=view.post signed_in=me.is_some() why=None reader_id=me.as_ref().map(|m| m.id) />
                                {view.editable.then(|| view! { <EditPostForm post_id=id text edit /> })}
                                <EditHistory history=view.history />
                                {own.then(|| view! {
                                    <ActionForm action=delete>
                                        <input type="hidden" name="post_id" value=id />
                                        <button type="submit" class="button button-secondary button-small" data-testid="delete-post">"Delete this post"</button>
                                    </ActionForm>
                                })}
                                <Comments post_id=id comments=view.comments me add_comment />
                            </div>
                        }.into_any()
                    }
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <Title text="Post not found" /><ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The author's edit of the text; a refusal keeps what they typed.
#[component]
fn EditPostForm(post_id: i64, text: String, edit: ServerAction<EditPost>) -> impl IntoView {
    let draft = RwSignal::new(text);
    let error = move || {
        edit.value()
            .get()
            .and_then(Result::err)
            .map(|error| error.to_string())
    };
    view! {
        <details class="edit-post card" data-testid="edit-post">
            <summary>{format!("Edit (possible for {EDIT_WINDOW_HOURS} hours after posting)")}</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                edit.dispatch(EditPost { post_id, text: draft.get_untracked() });
            }>
                <label for="edit-post-text" class="visually-hidden">"The post's text"</label>
                <textarea id="edit-post-text" rows="4" maxlength=MAX_POST_CHARS.to_string() data-testid="edit-post-text"
                    prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                {move || error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                <button type="submit" class="button button-small" data-testid="save-edit"
                    disabled=move || edit.pending().get() || draft.get().trim().is_empty()>
                    {move || if edit.pending().get() { "Saving…" } else { "Save the edit" }}
                </button>
            </form>
        </details>
    }
}

/// Earlier versions of an edited post, as plain text.
#[component]
fn EditHistory(history: Vec<(chrono::DateTime<chrono::Utc>, String)>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        let count = history.len();
        view! {
            <details class="post-history card" data-testid="post-history">
                <summary>{format!("Edited · {count} earlier {}", if count == 1 { "version" } else { "versions" })}</summary>
                <ol>
                    {history.into_iter().map(|(replaced_at, text)| view! {
                        <li>
                            <p class="byline-meta">{format!("Until {}", posted_at(replaced_at))}</p>
                            <p class="history-text">{text}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </details>
        }
    })
}

#[component]
fn Comments(
    post_id: i64,
    comments: Vec<Comment>,
    me: Option<PersonRef>,
    add_comment: ServerAction<AddComment>,
) -> impl IntoView {
    let signed_in = me.is_some();
    let my_id = me.map(|me| me.id);
    let error = move || {
        add_comment
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    view! {
        <section class="comments" id="comments" data-testid="comments">
            <h2>"Comments"</h2>
            {comments.is_empty().then(|| view! { <p class="empty-state">"No comments yet."</p> })}
            <ol class="comment-list">
                {comments.into_iter().map(|comment| view! {
                    <CommentItem comment post_id signed_in my_id add_comment />
                }).collect_view()}
            </ol>
            {if signed_in {
                view! {
                    <ActionForm action=add_comment attr:class="comment-form">
                        <input type="hidden" name="post_id" value=post_id />
                        <label for="new-comment">"Add a comment"</label>
                        <textarea id="new-comment" name="text" rows="2" maxlength="1000" required data-testid="comment-text"></textarea>
                        {move || error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                        <button type="submit" class="button button-small" data-testid="send-comment">"Comment"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p><a href="/login">"Log in"</a>" to comment."</p> }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn CommentItem(
    comment: Comment,
    post_id: i64,
    signed_in: bool,
    my_id: Option<i64>,
    add_comment: ServerAction<AddComment>,
) -> AnyView {
    let like = ServerAction::<LikeComment>::new();
    let likes = RwSignal::new(comment.like_count);
    let liked = RwSignal::new(comment.liked);
    Effect::new(move |_| {
        if let Some(Ok(count)) = like.value().get() {
            likes.set(count);
        }
    });
    let id = comment.id;
    let first_level = comment.parent_id.is_none();
    let own = my_id == Some(comment.author.id);
    view! {
        <li class="comment" id=format!("comment-{id}") data-testid="comment">
            <Byline person=comment.author at=comment.created_at />
            <div class="comment-text" inner_html=comment.html></div>
            <div class="comment-actions">
                {if signed_in {
                    view! {
                        <button type="button" class="post-action" data-testid="like-comment"
                            aria-pressed=move || liked.get().to_string()
                            on:click=move |_| {
                                let now = !liked.get_untracked();
                                liked.set(now);
                                like.dispatch(LikeComment { comment_id: id, like: now });
                            }>
                            {move || format!("{} {}", if liked.get() { "Liked" } else { "Like" }, likes.get())}
                        </button>
                    }.into_any()
                } else {
                    view! { <span class="post-action">{move || format!("{} likes", likes.get())}</span> }.into_any()
                }}
                {(signed_in && first_level).then(|| view! {
                    <details class="reply">
                        <summary data-testid="reply">"Reply"</summary>
                        <ActionForm action=add_comment>
                            <input type="hidden" name="post_id" value=post_id />
                            <input type="hidden" name="reply_to" value=id />
                            <label class="visually-hidden" for=format!("reply-{id}")>"Your reply"</label>
                            <textarea id=format!("reply-{id}") name="text" rows="2" maxlength="1000" required data-testid="reply-text"></textarea>
                            <button type="submit" class="button button-small" data-testid="send-reply">"Reply"</button>
                        </ActionForm>
                    </details>
                })}
                {(signed_in && !own).then(|| view! { <ReportMenu target=ReportTarget::Comment target_id=id /> })}
            </div>
            {(!comment.replies.is_empty()).then(|| view! {
                <ol class="comment-list replies">
                    {comment.replies.into_iter().map(|reply| view! {
                        <CommentItem comment=reply post_id signed_in my_id add_comment />
                    }).collect_view()}
                </ol>
            })}
        </li>
    }
    .into_any()
}
