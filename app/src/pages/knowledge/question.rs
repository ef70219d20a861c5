//! `/knowledge/q/{id}`: a question with its answers (accepted first, then by votes), their
//! comments and each author's reputation; a chef's answer carries their marketplace record and
//! a link to book them. The page listens on the question's live stream and reads it again when
//! it changes, so new answers, votes and acceptances appear without a reload — except while the
//! reader is typing a comment, when a notice offers them instead of pulling the page away.

use domain::{
    knowledge::{
        questions::{VoteDirection, VoteTarget},
        views::{AnswerView, Author, KnowledgeComment, QuestionPage},
    },
    social::moderation::ReportTarget,
    social::posts::PersonRef,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    super::ErrorNotice,
    closing::CloseControls,
    editing::{EditAnswerForm, EditQuestionForm},
};
use crate::{
    api::knowledge::{load_question, AcceptAnswer, CastVote, CommentOn, PostAnswer},
    components::{
        chef_card::ChefAvatar,
        header::use_session,
        post_card::{posted_at, PhotoGrid, ReportMenu},
    },
    error::ServerError,
};

#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let question_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let reloads = RwSignal::new(0_u32);
    // Changes that arrived while the reader was typing, shown as a notice until they look.
    let waiting = RwSignal::new(false);
    let question = Resource::new(
        move || (question_id(), reloads.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_question(id).await,
                None => Err(ServerError::from(domain::AppError::not_found("Question"))),
            }
        },
    );
    let reload = move || {
        waiting.set(false);
        reloads.update(|n| *n += 1);
    };
    #[cfg(feature = "hydrate")]
    live::follow(question_id, move || {
        if live::reader_is_typing() {
            waiting.set(true);
        } else {
            reload();
        }
    });
    view! {
        <div class="question-page">
            {move || waiting.get().then(|| view! {
                <button type="button" class="new-posts" data-testid="question-news" on:click=move |_| reload()>
                    "New activity on this question · Show it"
                </button>
            })}
            <Transition fallback=|| view! { <p class="loading">"Loading the question…"</p> }>
                {move || Suspend::new(async move {
                    match question.await {
                        Ok(view) => view! { <QuestionBody question=view.question me=view.me reload /> }.into_any(),
                        Err(error) => {
                            super::super::set_status(error.error.code.http_status());
                            view! { <Title text="Question not found" /><ErrorNotice error /> }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || question_id().map(|id| view! { <AnswerForm question_id=id reload /> })}
        </div>
    }
}

#[component]
fn QuestionBody(
    question: QuestionPage,
    me: Option<PersonRef>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let me_id = me.as_ref().map(|me| me.id);
    let asker_id = question.author.person.id;
    let question_id = question.id;
    let answer_count = question.answers.len();
    let closure = question.closure.clone();
    let is_closed = closure.is_some();
    let (edit_title, edit_body, edit_tags) = (
        question.title.clone(),
        question.body.clone(),
        question.tags.clone(),
    );
    view! {
        <Title text=question.title.clone() />
        <p class="breadcrumb"><a href="/knowledge">"Questions & answers"</a></p>
        <h1 class="question-heading" data-testid="question-heading">{question.title.clone()}</h1>
        {question.asked_of.clone().map(|chef| view! {
            <p class="notice" data-testid="asked-of">
                "Asked of "<a href=format!("/u/{}", chef.handle)>{chef.display_name}</a>
                ", who was told at once. Anyone may answer too."
            </p>
        })}
        {closure.map(|closure| view! {
            <div class="notice notice-warning" role="status" data-testid="question-closed">
                {format!("Closed as {} on {}. ", closure.reason.label().to_lowercase(), posted_at(closure.closed_at))}
                {closure.duplicate_of.map(|original| view! {
                    "See "<a href=format!("/knowledge/q/{}", original.id)>{original.title}</a>"."
                })}
            </div>
        })}
        <article class="post-block question-block" data-testid="question">
            <VoteBox on=VoteTarget::Question id=question_id score=question.score
                your_vote=question.your_vote own=me_id == Some(asker_id) signed_in=me.is_some() />
            <div class="post-block-main">
                <div class="rich-text" inner_html=question.body_html></div>
                <PhotoGrid photos=question.photos />
                <ul class="question-tags">
                    {question.tags.into_iter().map(|tag| view! {
                        <li><a class="tag-link" href=format!("/knowledge/t/{tag}")>{format!("#{tag}")}</a></li>
                    }).collect_view()}
                </ul>
                <div class="post-block-footer">
                    {question.edited_at.map(|at| view! {
                        <a class="byline-meta" href=format!("/knowledge/revisions/question/{question_id}")>
                            {format!("Edited {}", posted_at(at))}
                        </a>
                    })}
                    <AuthorCard author=question.author at=question.created_at verb="asked" />
                </div>
                {(me_id == Some(asker_id)).then(|| view! {
                    <EditQuestionForm question_id title=edit_title.clone() body=edit_body.clone() tags=edit_tags.clone() reload />
                })}
                <Comments on=VoteTarget::Question id=question_id comments=question.comments me_id reload />
                {me.is_some().then(|| view! {
                    <div class="question-tools">
                        <CloseControls question_id closed=is_closed pending=question.pending_close_votes reload />
                        {(me_id != Some(asker_id)).then(|| view! { <ReportMenu target=ReportTarget::Question target_id=question_id /> })}
                    </div>
                })}
            </div>
        </article>
        <h2 class="answers-heading" data-testid="answer-count">
            {match answer_count { 0 => "No answers yet".to_owned(), 1 => "1 answer".to_owned(), n => format!("{n} answers") }}
        </h2>
        <ol class="answer-list" data-testid="answers">
            {question.answers.into_iter().map(|answer| {
                let can_accept = me_id == Some(asker_id) && answer.author.person.id != asker_id;
                view! {
                    <AnswerBlock answer me_id can_accept reload />
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn AnswerBlock(
    answer: AnswerView,
    me_id: Option<i64>,
    /// The reader asked the question (and did not write this answer).
    can_accept: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let accept = ServerAction::<AcceptAnswer>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            reload();
        }
    });
    let accept_error = move || {
        accept
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    let id = answer.id;
    let question_id = answer.question_id;
    let accepted = answer.accepted;
    let own = me_id == Some(answer.author.person.id);
    view! {
        <li class="post-block answer-block" class:accepted=accepted id=format!("answer-{id}") data-testid="answer">
            <div class="vote-column">
                <VoteBox on=VoteTarget::Answer id score=answer.score your_vote=answer.your_vote
                    own signed_in=me_id.is_some() />
                {accepted.then(|| view! {
                    <span class="accepted-mark" data-testid="accepted" title="The asker accepted this answer">"✓ Accepted"</span>
                })}
            </div>
            <div class="post-block-main">
                <div class="rich-text" inner_html=answer.body_html data-testid="answer-body"></div>
                {(can_accept && !accepted).then(|| view! {
                    <ActionForm action=accept attr:class="accept-form">
                        <input type="hidden" name="question_id" value=question_id />
                        <input type="hidden" name="answer_id" value=id />
                        <button type="submit" class="button button-small button-secondary" data-testid="accept-answer"
                            disabled=move || accept.pending().get()>
                            "Accept this answer"
                        </button>
                        {move || accept_error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                    </ActionForm>
                })}
                <div class="post-block-footer">
                    {answer.edited_at.map(|at| view! {
                        <a class="byline-meta" href=format!("/knowledge/revisions/answer/{id}")>
                            {format!("Edited {}", posted_at(at))}
                        </a>
                    })}
                    <AuthorCard author=answer.author at=answer.created_at verb="answered" />
                </div>
                {own.then(|| view! { <EditAnswerForm answer_id=id body=answer.body.clone() reload /> })}
                <Comments on=VoteTarget::Answer id comments=answer.comments me_id reload />
                {(me_id.is_some() && !own).then(|| view! { <ReportMenu target=ReportTarget::Answer target_id=id /> })}
            </div>
        </li>
    }
    .into_any()
}

/// Who wrote it, their reputation and, for a chef, the record the marketplace keeps of them.
#[component]
fn AuthorCard(author: Author, at: chrono::DateTime<chrono::Utc>, verb: &'static str) -> AnyView {
    let person = author.person;
    let profile = format!("/u/{}", person.handle);
    let name = person.display_name.clone();
    view! {
        <div class="author-card" data-testid="author-card">
            <p class="byline-meta">{format!("{verb} {}", posted_at(at))}</p>
            <div class="byline">
                <ChefAvatar name=person.display_name.clone() photo_url=person.photo_url.clone() />
                <div>
                    <a class="byline-name" href=profile>{person.display_name}</a>
                    <p class="byline-meta">
                        <a href="/knowledge/reputation" data-testid="author-reputation">
                            {format!("{} reputation", author.reputation)}
                        </a>
                    </p>
                </div>
            </div>
            {author.verified_chef.map(|chef| {
                let bookings = match chef.completed_bookings { 1 => "1 completed booking".to_owned(), n => format!("{n} completed bookings") };
                let disputes = match (chef.disputes, chef.disputes_lost) {
                    (0, _) => "no disputes".to_owned(),
                    (n, lost) => format!("{n} {} ({lost} lost)", if n == 1 { "dispute" } else { "disputes" }),
                };
                view! {
                    <div class="verified-chef" data-testid="verified-chef">
                        <span class="badge verified-badge">"Verified chef"</span>
                        <span class="badge tier-badge" data-testid="verified-tier">{chef.tier.label()}</span>
                        <p class="byline-meta">{format!("{bookings} · {disputes}")}</p>
                        <a class="button button-small" href=format!("/chefs/{}", chef.chef_id) data-testid="book-answerer">
                            {format!("Book {name}")}
                        </a>
                    </div>
                }
            })}
        </div>
    }
    .into_any()
}

/// Up and down arrows around the score. The server decides (own posts, the downvote
/// privilege); its refusal is shown beside the arrows and the score goes back.
#[component]
fn VoteBox(
    on: VoteTarget,
    id: i64,
    score: i32,
    your_vote: Option<VoteDirection>,
    own: bool,
    signed_in: bool,
) -> AnyView {
    let vote = ServerAction::<CastVote>::new();
    let shown = RwSignal::new(score);
    let mine = RwSignal::new(your_vote);
    let before = StoredValue::new((score, your_vote));
    Effect::new(move |_| match vote.value().get() {
        Some(Ok(score)) => {
            shown.set(score);
            before.set_value((score, mine.get_untracked()));
        }
        Some(Err(_)) => {
            let (score, vote) = before.get_value();
            shown.set(score);
            mine.set(vote);
        }
        None => {}
    });
    let error = move || {
        vote.value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    let press = move |direction: VoteDirection| {
        let now = if mine.get_untracked() == Some(direction) {
            None
        } else {
            Some(direction)
        };
        mine.set(now);
        vote.dispatch(CastVote {
            on,
            id,
            value: now.map_or(0, VoteDirection::value),
        });
    };
    let what = on.label();
    let disabled = own || !signed_in;
    let why = if own {
        format!("You cannot vote on your own {what}")
    } else if !signed_in {
        "Log in to vote".to_owned()
    } else {
        String::new()
    };
    view! {
        <div class="vote-box" data-testid=format!("{what}-votes") title=why>
            <button type="button" class="vote-button" data-testid="vote-up" disabled=disabled
                aria-label=format!("This {what} is useful") aria-pressed=move || (mine.get() == Some(VoteDirection::Up)).to_string()
                on:click=move |_| press(VoteDirection::Up)>"▲"</button>
            <span class="vote-score" data-testid="score">{move || shown.get()}</span>
            <button type="button" class="vote-button" data-testid="vote-down" disabled=disabled
                aria-label=format!("This {what} is not useful") aria-pressed=move || (mine.get() == Some(VoteDirection::Down)).to_string()
                on:click=move |_| press(VoteDirection::Down)>"▼"</button>
            {move || error().map(|message| view! { <p class="field-error vote-error" role="alert">{message}</p> })}
        </div>
    }
    .into_any()
}

#[component]
fn Comments(
    on: VoteTarget,
    id: i64,
    comments: Vec<KnowledgeComment>,
    me_id: Option<i64>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let signed_in = me_id.is_some();
    let comment = ServerAction::<CommentOn>::new();
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = comment.value().get() {
            text.set(String::new());
            open.set(false);
            reload();
        }
    });
    let error = move || {
        comment
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    let field = format!("comment-{}-{id}", on.code());
    view! {
        <section class="knowledge-comments" aria-label="Comments">
            <ul class="knowledge-comment-list">
                {comments.into_iter().map(|c| { let author_id = c.author.id; view! {
                    <li class="knowledge-comment" data-testid="knowledge-comment">
                        <span class="comment-text">{c.text}</span>
                        " – "<a href=format!("/u/{}", c.author.handle)>{c.author.display_name}</a>
                        <time class="byline-meta" datetime=c.created_at.to_rfc3339()>{format!(" {}", posted_at(c.created_at))}</time>
                        {(signed_in && me_id != Some(author_id)).then(|| view! {
                            <ReportMenu target=ReportTarget::KnowledgeComment target_id=c.id />
                        })}
                    </li>
                }}).collect_view()}
            </ul>
            {signed_in.then(|| view! {
                <button type="button" class="link-button" data-testid="add-comment"
                    on:click=move |_| open.update(|o| *o = !*o) aria-expanded=move || open.get().to_string()>
                    "Add a comment"
                </button>
                <Show when=move || open.get()>
                    <form class="comment-form" on:submit=move |ev| {
                        ev.prevent_default();
                        comment.dispatch(CommentOn { on, id, text: text.get_untracked() });
                    }>
                        <label class="visually-hidden" for=field.clone()>"Your comment"</label>
                        <textarea id=field.clone() rows="2" maxlength="600" data-testid="comment-text"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        {move || error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                        <button type="submit" class="button button-small" data-testid="send-comment"
                            disabled=move || comment.pending().get()>"Comment"</button>
                    </form>
                </Show>
            })}
        </section>
    }
    .into_any()
}

/// The reader's answer. It lives outside the part that reloads, so what they type stays
/// whatever arrives meanwhile.
#[component]
fn AnswerForm(question_id: i64, reload: impl Fn() + Copy + Send + Sync + 'static) -> AnyView {
    let session = use_session();
    let answer = ServerAction::<PostAnswer>::new();
    let body = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = answer.value().get() {
            body.set(String::new());
            reload();
        }
    });
    let error = move || {
        answer
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let reader = session.user.await.ok().flatten();
                match reader {
                    Some(_) => view! {
                        <form class="answer-form card" data-testid="answer-form" on:submit=move |ev| {
                            ev.prevent_default();
                            answer.dispatch(PostAnswer { question_id, body: body.get_untracked() });
                        }>
                            <h2><label for="answer-body">"Your answer"</label></h2>
                            <p class="hint">"Markdown works: **bold**, *italic*, lists and links. 20 characters at least."</p>
                            <textarea id="answer-body" rows="8" maxlength="10000" data-testid="answer-text"
                                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                            {move || error().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                            <button type="submit" class="button" data-testid="post-answer"
                                disabled=move || answer.pending().get() || body.read().trim().is_empty()>
                                {move || if answer.pending().get() { "Posting…" } else { "Post your answer" }}
                            </button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <p class="card login-prompt"><a href="/login">"Log in"</a>" or "<a href="/signup">"sign up"</a>" to answer."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The question's live stream, in the browser.
#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;

    /// Whether the reader is in a text box: reloading now would take it from under them.
    pub fn reader_is_typing() -> bool {
        document().active_element().is_some_and(|element| {
            matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT")
                && element.closest(".question-page").ok().flatten().is_some()
        })
    }

    /// Calls `changed` whenever the open question changes, and after a dropped connection
    /// comes back (changes may have passed meanwhile).
    pub fn follow(
        question_id: impl Fn() -> Option<i64> + Send + Sync + 'static,
        changed: impl Fn() + Copy + 'static,
    ) {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{closure::Closure, JsCast};
        use web_sys::{Event, EventSource};

        let changed = SendWrapper::new(changed);
        Effect::new(move |_| {
            let Some(id) = question_id() else {
                return;
            };
            let Ok(source) = EventSource::new(&format!("/api/v1/questions/{id}/live")) else {
                return;
            };
            let on_change = *changed;
            let on_changed = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_change());
            let mut opened_before = false;
            let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                if opened_before {
                    on_change();
                }
                opened_before = true;
            });
            let _ = source
                .add_event_listener_with_callback("changed", on_changed.as_ref().unchecked_ref());
            let _ =
                source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref());
            let kept = SendWrapper::new((source, on_changed, on_open));
            on_cleanup(move || kept.0.close());
        });
    }
}
