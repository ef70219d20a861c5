//! `/knowledge/revisions/{question|answer}/{id}`: every version of a question or an answer,
//! newest first, each with what changed from the one before it, word by word.

use domain::knowledge::{
    questions::VoteTarget,
    revisions::{word_diff, Change},
    views::Revision,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::super::ErrorNotice;
use crate::{
    api::knowledge::{load_revisions, RevisionHistory},
    components::post_card::posted_at,
    error::ServerError,
};

#[component]
pub fn RevisionsPage() -> impl IntoView {
    let params = use_params_map();
    let target = move || {
        let params = params.read();
        let kind = params
            .get("kind")
            .and_then(|kind| VoteTarget::parse(&kind))?;
        let id = params.get("id").and_then(|id| id.parse::<i64>().ok())?;
        Some((kind, id))
    };
    let revisions = Resource::new(target, |target| async move {
        match target {
            Some((kind, id)) => load_revisions(kind, id)
                .await
                .map(|found| (kind, id, found)),
            None => Err(ServerError::from(domain::AppError::not_found(
                "Revision history",
            ))),
        }
    });
    view! {
        <Title text="Revisions" />
        <section class="revisions-page">
            <Transition fallback=|| view! { <p class="loading">"Loading the history…"</p> }>
                {move || Suspend::new(async move {
                    match revisions.await {
                        Ok((kind, id, history)) => view! { <History kind id history /> }.into_any(),
                        Err(error) => {
                            super::super::set_status(error.error.code.http_status());
                            view! { <ErrorNotice error /> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn History(kind: VoteTarget, id: i64, history: RevisionHistory) -> impl IntoView {
    let question = history.question_id;
    let back = match kind {
        VoteTarget::Question => format!("/knowledge/q/{question}"),
        VoteTarget::Answer => format!("/knowledge/q/{question}#answer-{id}"),
    };
    let revisions = history.revisions;
    let count = revisions.len();
    let mut shown: Vec<(Revision, Option<Revision>)> = Vec::new();
    let mut earlier: Option<Revision> = None;
    for revision in revisions {
        shown.push((revision.clone(), earlier.replace(revision)));
    }
    shown.reverse();
    view! {
        <p class="breadcrumb"><a href=back>{format!("Back to the {}", kind.label())}</a></p>
        <h1>{format!("{count} {} of this {}", if count == 1 { "version" } else { "versions" }, kind.label())}</h1>
        <ol class="revision-list" data-testid="revisions">
            {shown.into_iter().map(|(revision, before)| view! { <RevisionItem revision before /> }).collect_view()}
        </ol>
    }
}

#[component]
fn RevisionItem(revision: Revision, before: Option<Revision>) -> impl IntoView {
    let heading = match revision.number {
        1 => "Original".to_owned(),
        n => format!("Revision {n}"),
    };
    let title_change = match (&before, &revision.title) {
        (Some(before), Some(title)) if before.title.as_ref() != Some(title) => Some(diff_view(
            before.title.as_deref().unwrap_or_default(),
            title,
        )),
        _ => None,
    };
    let tags_changed = before
        .as_ref()
        .is_some_and(|before| before.tags != revision.tags);
    let body = match &before {
        Some(before) => diff_view(&before.body, &revision.body),
        None => view! { <span>{revision.body.clone()}</span> }.into_any(),
    };
    view! {
        <li class="revision card" data-testid="revision">
            <h2>{heading}</h2>
            <p class="byline-meta">
                {format!("{} · ", posted_at(revision.created_at))}
                <a href=format!("/u/{}", revision.editor.handle)>{revision.editor.display_name.clone()}</a>
            </p>
            {title_change.map(|diff| view! { <p class="revision-title"><strong>"Title: "</strong>{diff}</p> })}
            {revision.title.clone().filter(|_| before.is_none()).map(|title| view! { <p class="revision-title"><strong>{title}</strong></p> })}
            <pre class="revision-body">{body}</pre>
            {(tags_changed || before.is_none()).then(|| (!revision.tags.is_empty()).then(|| view! {
                <p class="byline-meta">{format!("Tags: {}", revision.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "))}</p>
            }))}
        </li>
    }
}

fn diff_view(before: &str, after: &str) -> AnyView {
    word_diff(before, after)
        .into_iter()
        .map(|part| match part.change {
            Change::Kept => view! { <span>{part.text}</span> }.into_any(),
            Change::Added => view! { <ins data-testid="added">{part.text}</ins> }.into_any(),
            Change::Removed => view! { <del data-testid="removed">{part.text}</del> }.into_any(),
        })
        .collect_view()
        .into_any()
}
