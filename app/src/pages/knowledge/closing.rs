//! The question page's close and reopen controls: a vote with a reason (naming the original
//! for a duplicate), how many votes the round has, and the server's refusal in words (the
//! reputation it takes, a vote already cast).

use domain::knowledge::questions::{CloseReason, CLOSE_VOTES_NEEDED};
use leptos::prelude::*;

use crate::api::knowledge::{CloseQuestion, ReopenQuestion};

#[component]
pub fn CloseControls(
    question_id: i64,
    closed: bool,
    pending: u32,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let close = ServerAction::<CloseQuestion>::new();
    let reopen = ServerAction::<ReopenQuestion>::new();
    let reason = RwSignal::new(CloseReason::Duplicate);
    let original = RwSignal::new(String::new());
    Effect::new(move |_| {
        let done = matches!(close.value().get(), Some(Ok(())))
            || matches!(reopen.value().get(), Some(Ok(())));
        if done {
            reload();
        }
    });
    let refusal = move || {
        close
            .value()
            .get()
            .or_else(|| reopen.value().get())
            .and_then(Result::err)
            .map(|error| view! { <p class="field-error" role="alert" data-testid="close-error">{error.error.message}</p> })
    };
    let tally = (pending > 0).then(|| {
        let toward = if closed { "reopen" } else { "close" };
        view! {
            <p class="byline-meta" data-testid="close-votes">
                {format!("{pending} of {CLOSE_VOTES_NEEDED} votes to {toward}")}
            </p>
        }
    });
    if closed {
        return view! {
            <div class="close-controls">
                {tally}
                <button type="button" class="link-button" data-testid="reopen-question"
                    disabled=move || reopen.pending().get()
                    on:click=move |_| { reopen.dispatch(ReopenQuestion { question_id }); }>
                    "Vote to reopen"
                </button>
                {refusal}
            </div>
        }
        .into_any();
    }
    view! {
        <details class="close-controls">
            <summary data-testid="close-question">"Close…"</summary>
            {tally}
            <form class="close-form" on:submit=move |ev| {
                ev.prevent_default();
                close.dispatch(CloseQuestion {
                    question_id,
                    reason: reason.get_untracked(),
                    duplicate_of: original.get_untracked(),
                });
            }>
                <fieldset>
                    <legend>"Why should it close?"</legend>
                    {CloseReason::ALL.iter().map(|choice| {
                        let choice = *choice;
                        view! {
                            <label class="check">
                                <input type="radio" name=format!("close-reason-{question_id}") value=choice.code()
                                    prop:checked=move || reason.get() == choice
                                    on:change=move |_| reason.set(choice) />
                                {choice.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <Show when=move || reason.get() == CloseReason::Duplicate>
                    <label for=format!("duplicate-of-{question_id}")>"The earlier question (its address or number)"</label>
                    <input id=format!("duplicate-of-{question_id}") data-testid="duplicate-of"
                        prop:value=move || original.get() on:input=move |ev| original.set(event_target_value(&ev)) />
                </Show>
                {refusal}
                <button type="submit" class="button button-small" data-testid="send-close"
                    disabled=move || close.pending().get()>"Vote to close"</button>
            </form>
        </details>
    }
    .into_any()
}
