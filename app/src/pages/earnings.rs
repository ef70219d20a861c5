//! A chef's earnings (`/kitchen/earnings`): what is owed, paid out and still held for coming
//! events, a chart of payouts over time, and the button that pays out what is owed.

use domain::{booking::Payout, money::Money};
use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorNotice;
use crate::api::bookings::{load_earnings, EarningsPage, RequestPayout};

#[component]
pub fn EarningsRoute() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let page = Resource::new(move || version.get(), |_| load_earnings());
    view! {
        <Title text="Your earnings" />
        <section class="earnings" data-testid="earnings">
            <h1>"Your earnings"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Earnings page version /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Earnings(page: EarningsPage, version: RwSignal<u32>) -> impl IntoView {
    let EarningsPage {
        earnings,
        payout_key,
    } = page;
    let currency = earnings.currency;
    let show = move |minor: i64| Money::new(minor, currency).to_string();
    let payout = ServerAction::<RequestPayout>::new();
    Effect::new(move |_| {
        if matches!(payout.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    let owed = earnings.owed_minor;
    view! {
        <dl class="earnings-summary">
            <dt>"Owed to you"</dt><dd data-testid="earnings-owed">{show(owed)}</dd>
            <dt>"Paid out"</dt><dd data-testid="earnings-paid-out">{show(earnings.paid_out_minor)}</dd>
            <dt>"Yours from coming events"</dt>
            <dd data-testid="earnings-held-share">{show(earnings.held.chef_share_minor)}</dd>
        </dl>
        <p class="hint" data-testid="earnings-held-split">{format!(
            "Customers have paid {} for your coming events: {} is yours once each is released (VAT of {} included, which you declare), and {} is the platform's fee.",
            show(earnings.in_escrow_minor),
            show(earnings.held.chef_share_minor),
            show(earnings.held.vat_minor),
            show(earnings.held.fee_minor),
        )}</p>
        <p class="hint">"Payments are released 24 hours after each event, once the complaint window has closed."</p>
        <button type="button" class="button" data-testid="payout"
            disabled=move || owed <= 0 || payout.pending().get()
            on:click=move |_| { payout.dispatch(RequestPayout { key: payout_key.clone() }); }>
            {format!("Pay out {}", show(owed))}
        </button>
        {move || payout.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <h2>"Payouts over time"</h2>
        <PayoutChart payouts=earnings.payouts currency />
    }
    .into_any()
}

const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 200.0;

/// One bar per payout, oldest on the left, scaled to the largest.
#[component]
fn PayoutChart(payouts: Vec<Payout>, currency: domain::money::Currency) -> impl IntoView {
    if payouts.is_empty() {
        return view! { <p class="muted" data-testid="payout-chart-empty">"No payouts yet."</p> }
            .into_any();
    }
    let largest = payouts
        .iter()
        .map(|p| p.amount_minor)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let slot = CHART_WIDTH / payouts.len() as f64;
    let bar_width = (slot * 0.7).min(60.0);
    view! {
        <svg class="payout-chart" data-testid="payout-chart" role="img"
            viewBox=format!("0 0 {CHART_WIDTH} {}", CHART_HEIGHT + 40.0)
            aria-label="Payouts over time">
            {payouts.into_iter().enumerate().map(|(i, payout)| {
                let height = payout.amount_minor as f64 / largest * CHART_HEIGHT;
                let x = i as f64 * slot + (slot - bar_width) / 2.0;
                let amount = Money::new(payout.amount_minor, currency).to_string();
                view! {
                    <g data-testid="payout-bar">
                        <rect x=x y=CHART_HEIGHT - height width=bar_width height=height>
                            <title>{format!("{amount} on {}", payout.paid_at.format("%-d %b %Y"))}</title>
                        </rect>
                        <text x=x + bar_width / 2.0 y=CHART_HEIGHT + 16.0 text-anchor="middle">
                            {payout.paid_at.format("%-d %b").to_string()}
                        </text>
                        <text x=x + bar_width / 2.0 y=CHART_HEIGHT + 32.0 text-anchor="middle">{amount}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}
