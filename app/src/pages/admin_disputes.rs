//! The admins' dispute queue: each dispute no rule decided (or appealed) with its claim,
//! evidence, audit trail and the table's recommended ruling, and the form that rules.

use domain::{
    booking::Party,
    disputes::{AdminRulingForm, DisputeView},
    money::{Currency, Money},
};
use leptos::prelude::*;

use super::{dispute::dispute_trail, ErrorNotice};
use crate::api::disputes::{load_dispute_queue, RuleDispute};
use crate::components::guest_needs::GuestNeedsNotice;

fn money(amount_minor: i64, currency: &str) -> String {
    Money::new(
        amount_minor,
        Currency::parse(currency).unwrap_or(Currency::EUR),
    )
    .to_string()
}

#[component]
pub fn DisputeQueue() -> impl IntoView {
    let rule = ServerAction::<RuleDispute>::new();
    let queue = Resource::new(move || rule.version().get(), |_| load_dispute_queue(false));
    view! {
        <h2>"Disputes waiting for an admin"</h2>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(list) if list.is_empty() => view! {
                        <p data-testid="no-disputes">"None: every dispute was decided by the rules or is waiting for an answer."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="dispute-queue" data-testid="dispute-queue">
                            {list.into_iter().map(|dispute| view! { <QueuedDispute dispute rule /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        {move || rule.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
    }
}

#[component]
fn QueuedDispute(dispute: DisputeView, rule: ServerAction<RuleDispute>) -> impl IntoView {
    let id = dispute.id;
    let currency = dispute.currency.clone();
    let recommended = dispute.recommended.clone();
    // The form starts from the recommendation.
    let refund = RwSignal::new(
        recommended
            .as_ref()
            .map_or(0, |r| r.refund_minor)
            .to_string(),
    );
    let penalised = RwSignal::new(
        recommended
            .as_ref()
            .and_then(|r| r.penalised)
            .map_or(String::new(), |p| p.code().to_owned()),
    );
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let refund_minor = refund.get_untracked().trim().parse().unwrap_or(-1);
        rule.dispatch(RuleDispute {
            id,
            form: AdminRulingForm {
                refund_minor,
                penalised: Party::parse(&penalised.get_untracked()),
                reason: reason.get_untracked(),
            },
        });
    };
    let heading = format!(
        "#{} · booking #{} · {} · {}",
        dispute.id, dispute.booking_id, dispute.category_label, dispute.status_label
    );
    view! {
        <li class="queued-dispute" data-testid="queued-dispute">
            <h3>{heading}</h3>
            <p>{format!("Opened by {} on {}; paid {}.",
                dispute.opened_by.label().to_lowercase(),
                dispute.opened_at.format("%-d %b %Y %H:%M UTC"),
                money(dispute.paid_minor, &currency))}</p>
            <blockquote>{dispute.description.clone()}</blockquote>
            <GuestNeedsNotice needs=dispute.guest_needs.clone() />
            {dispute.ruling.as_ref().map(|ruling| view! {
                <p data-testid="ruling-appealed">{format!(
                    "Ruling under appeal: {} back — {}", money(ruling.refund_minor, &currency), ruling.reason
                )}</p>
            })}
            {recommended.as_ref().map(|r| view! {
                <p class="notice" data-testid="recommended-ruling">
                    {format!("Recommended: {} back{}. {}",
                        money(r.refund_minor, &currency),
                        r.penalised.map(|p| format!(", against {}", p.label().to_lowercase())).unwrap_or_default(),
                        r.reason)}
                </p>
            })}
            <details>
                <summary>"Evidence and audit trail"</summary>
                {dispute_trail(&dispute.city, dispute.events.clone())}
            </details>
            <form class="ruling-form" on:submit=submit data-testid="ruling-form">
                <label>{format!("Refund to the customer ({}, minor units)", currency)}
                    <input type="number" min="0" max=dispute.paid_minor data-testid="ruling-refund" prop:value=move || refund.get()
                        on:input=move |ev| refund.set(event_target_value(&ev)) />
                </label>
                {dispute.ruling.is_some().then(|| view! {
                    <p class="hint" data-testid="appeal-refund-rule">{format!(
                        "Up to the whole payment ({}) can go back: more than the first ruling comes out of the chef's share still held, then out of the platform's fee. Once the chef has been paid, only what is left can.",
                        money(dispute.paid_minor, &currency)
                    )}</p>
                })}
                <label>"Counts against"
                    <select data-testid="ruling-penalised" prop:value=move || penalised.get()
                        on:change=move |ev| penalised.set(event_target_value(&ev))>
                        <option value="">"Nobody"</option>
                        <option value="chef">"The chef"</option>
                        <option value="customer">"The customer"</option>
                    </select>
                </label>
                <label>"Reason, shown to both sides"
                    <textarea rows="2" data-testid="ruling-reason" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit" class="button" data-testid="ruling-submit"
                    disabled=move || rule.pending().get()>"Rule"</button>
            </form>
        </li>
    }
}
