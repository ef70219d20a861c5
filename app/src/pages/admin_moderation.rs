//! The admins' moderation queue: open reports grouped by what they are about, each with the
//! reported words, the reasons given and a decision form (hide, remove, warn, suspend or
//! dismiss, with the reason the author will read); and the appeals waiting for an answer.

use domain::social::moderation::{
    AppealAnswer, Decision, DecisionForm, ModerationAction, QueueItem, ReportTarget,
};
use leptos::prelude::*;

use super::ErrorNotice;
use crate::{
    api::moderation::{load_moderation_queue, AnswerAppeal, Decide},
    components::post_card::posted_at,
};

#[component]
pub fn ModerationQueue() -> impl IntoView {
    let decide = ServerAction::<Decide>::new();
    let answer = ServerAction::<AnswerAppeal>::new();
    let queue = Resource::new(
        move || (decide.version().get(), answer.version().get()),
        |_| load_moderation_queue(),
    );
    view! {
        <h2>"Reports"</h2>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! {
                        {if queue.reports.is_empty() {
                            view! { <p data-testid="no-reports">"No open reports."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="moderation-queue" data-testid="moderation-queue">
                                    {queue.reports.into_iter().map(|item| view! { <Reported item decide /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2>"Appeals"</h2>
                        {if queue.appeals.is_empty() {
                            view! { <p data-testid="no-appeals">"No appeals waiting."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="moderation-queue" data-testid="appeals">
                                    {queue.appeals.into_iter().map(|decision| view! { <Appealed decision answer /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        {move || decide.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        {move || answer.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
    }
    .into_any()
}

#[component]
fn Reported(item: QueueItem, decide: ServerAction<Decide>) -> impl IntoView {
    let target = item.target;
    let target_id = item.target_id;
    let actions: Vec<ModerationAction> = ModerationAction::ALL
        .iter()
        .copied()
        .filter(|action| action.applies_to(target))
        .collect();
    let action = RwSignal::new(actions[0]);
    let reason = RwSignal::new(String::new());
    view! {
        <li class="card moderation-item" data-testid="report-item" data-target=target.code() data-target-id=target_id.to_string()>
            <p class="meta">
                <span>{target.label()}</span>
                <span><a href=format!("/u/{}", item.subject.handle)>{format!("@{}", item.subject.handle)}</a></span>
                <span>{format!("{} report{}", item.report_count, if item.report_count == 1 { "" } else { "s" })}</span>
                <span>{format!("since {}", posted_at(item.first_reported_at))}</span>
            </p>
            <blockquote data-testid="reported-excerpt">{item.excerpt.clone()}</blockquote>
            <p><a href=item.link.clone()>"See it in context"</a></p>
            <ul class="reasons">
                {item.reasons.iter().map(|r| view! { <li>{format!("{} × {}", r.count, r.reason.label())}</li> }).collect_view()}
            </ul>
            {item.details.iter().map(|d| view! { <p class="hint">{format!("“{d}”")}</p> }).collect_view()}
            <form class="decision-form" on:submit=move |ev| {
                ev.prevent_default();
                decide.dispatch(Decide { form: DecisionForm {
                    target,
                    target_id,
                    action: action.get_untracked(),
                    reason: reason.get_untracked(),
                }});
            }>
                <label>
                    "Decision"
                    <select data-testid="decision-action" on:change=move |ev| {
                        if let Some(chosen) = ModerationAction::parse(&event_target_value(&ev)) {
                            action.set(chosen);
                        }
                    }>
                        {actions.iter().map(|a| view! { <option value=a.code()>{a.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Reason the author will read"
                    <textarea rows="2" data-testid="decision-reason" required
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit" class="button button-small" data-testid="decide">"Decide"</button>
            </form>
        </li>
    }
    .into_any()
}

#[component]
fn Appealed(decision: Decision, answer: ServerAction<AnswerAppeal>) -> impl IntoView {
    let id = decision.id;
    let response = RwSignal::new(String::new());
    let send = move |reverse: bool| {
        answer.dispatch(AnswerAppeal {
            id,
            answer: AppealAnswer {
                reverse,
                response: response.get_untracked(),
            },
        });
    };
    let appeal = decision.appeal.clone().map(|a| a.text).unwrap_or_default();
    view! {
        <li class="card moderation-item" data-testid="appeal-item">
            <p class="meta">
                <span>{decision.headline.clone()}</span>
                <span>{format!("@{}", decision.subject.handle)}</span>
            </p>
            {(decision.target != ReportTarget::Person).then(|| view! { <blockquote>{decision.excerpt.clone()}</blockquote> })}
            <p><strong>"Reason given: "</strong>{decision.reason.clone()}</p>
            <p><strong>"Appeal: "</strong>{appeal}</p>
            <label>
                "Answer the author will read"
                <textarea rows="2" data-testid="appeal-response"
                    on:input=move |ev| response.set(event_target_value(&ev))></textarea>
            </label>
            <div class="button-row">
                <button type="button" class="button button-small" data-testid="reverse" on:click=move |_| send(true)>"Undo the decision"</button>
                <button type="button" class="button button-secondary button-small" data-testid="uphold" on:click=move |_| send(false)>"Keep it"</button>
            </div>
        </li>
    }
    .into_any()
}
