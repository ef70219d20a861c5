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
