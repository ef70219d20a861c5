//! `/moderation/{id}`: a moderator's decision about what you wrote — what, why, and your
//! appeal (once, within 30 days) with its answer.

use domain::social::moderation::{AppealStatus, APPEAL_WINDOW};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorNotice;
use crate::{
    api::moderation::{load_decision, AppealDecision},
    components::post_card::posted_at,
    error::ServerError,
};

#[component]
pub fn DecisionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let appeal = ServerAction::<AppealDecision>::new();
    let decision = Resource::new(
        move || (id(), appeal.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_decision(id).await,
                None => Err(ServerError::from(domain::AppError::not_found("Decision"))),
            }
        },
    );
    let refused = move || {
        appeal
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.error.message)
    };
    view! {
        <Title text="A moderator's decision" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match decision.await {
                    Ok(decision) => view! {
                        <article class="policy decision" data-testid="decision">
                            <h1>{decision.headline.clone()}</h1>
                            <p class="meta">{posted_at(decision.created_at)}</p>
                            {(!decision.excerpt.is_empty()).then(|| view! { <blockquote>{decision.excerpt.clone()}</blockquote> })}
                            <h2>"Why"</h2>
                            <p data-testid="decision-reason">{decision.reason.clone()}</p>
                            {decision.appeal.clone().map(|appeal| view! {
                                <h2>"Your appeal"</h2>
                                <p>{appeal.text}</p>
                                <p data-testid="appeal-status"><strong>{appeal.status.label()}</strong></p>
                                {appeal.response.map(|response| view! { <p>{response}</p> })}
                                {(appeal.status == AppealStatus::Pending).then(|| view! {
                                    <p class="hint">"A moderator will answer it; you will be told."</p>
                                })}
                            })}
                            {decision.can_appeal.then(|| view! {
                                <h2>"Appeal"</h2>
                                <p class="hint">{format!("You may appeal once, within {} days. Say why the decision should change.", APPEAL_WINDOW.num_days())}</p>
                                <ActionForm action=appeal>
                                    <input type="hidden" name="id" value=decision.id />
                                    <label for="appeal-text" class="visually-hidden">"Your appeal"</label>
                                    <textarea id="appeal-text" name="text" rows="4" maxlength="2000" required data-testid="appeal-text"></textarea>
                                    {move || refused().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                                    <button type="submit" class="button" data-testid="send-appeal">"Send the appeal"</button>
                                </ActionForm>
                            })}
                            <p><a href="/notifications">"Back to your notifications"</a></p>
                        </article>
                    }.into_any(),
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}
