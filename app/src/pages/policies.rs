//! Rules customers and chefs agree to, published from the very constants the code applies.

use domain::booking::{CANCELLATION_POLICY, COMPLAINT_WINDOW};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CancellationPolicyPage() -> impl IntoView {
    view! {
        <Title text="Cancellation policy" />
        <article class="policy">
            <h1>"Cancellation policy"</h1>
            <p>"Your payment waits in escrow until after your event. If a booking is cancelled, this is what comes back to your card:"</p>
            <table class="policy-table" data-testid="cancellation-policy">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Refund"</th></tr></thead>
                <tbody>
                    {CANCELLATION_POLICY.iter().map(|(when, refund)| view! {
                        <tr><td>{*when}</td><td>{*refund}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{format!(
                "After the event you have {} hours to tell us if something went wrong; then the chef is paid.",
                COMPLAINT_WINDOW.num_hours()
            )}</p>
        </article>
    }
}

/// How disputes are decided: the rule table as the code reads it, in order.
#[component]
pub fn DisputeRulesPage() -> impl IntoView {
    use domain::disputes::{DisputeCategory, ANSWER_DEADLINE, APPEAL_WINDOW, RULES};
    view! {
        <Title text="How disputes are decided" />
        <article class="policy">
            <h1>"How disputes are decided"</h1>
            <p>{format!(
                "Either side may open a dispute about a booking from the start of the event until {} hours after it ends. \
                 Its money stays held. The other side has {} hours to accept the claim, offer part of the payment back, \
                 or contest it; silence loses.",
                COMPLAINT_WINDOW.num_hours(),
                ANSWER_DEADLINE.num_hours()
            )}</p>
            <h2>"What a dispute can be about"</h2>
            <ul data-testid="dispute-categories">
                {DisputeCategory::ALL.iter().map(|c| view! {
                    <li>{c.label()}" — raised by "{c.opened_by().label().to_lowercase()}</li>
                }).collect_view()}
            </ul>
            <h2>"The rules, in the order they are read"</h2>
            <p>"The first rule that applies decides, from what the platform recorded: check-in times, the accepted quote, the thread, reviews."</p>
            <table class="policy-table" data-testid="dispute-rules">
                <thead><tr><th scope="col">"Rule"</th><th scope="col">"What it decides"</th></tr></thead>
                <tbody>
                    {RULES.iter().map(|rule| view! {
                        <tr><td><code>{rule.name}</code></td><td>{rule.reason}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{format!(
                "Where no rule decides, an admin rules, starting from the system's recommendation. \
                 Either side may appeal a ruling once, within {} hours; an admin decides it for good. \
                 The chef's share is paid out after that.",
                APPEAL_WINDOW.num_hours()
            )}</p>
        </article>
    }
}
