//! `/rank`: how the chef rank is computed, printed from the very constants the rank
//! function uses, so the page and the score can never disagree.

use domain::rank::{
    Component, Tier, ACTIVITY_DECAY_DAYS, ACTIVITY_SCALE, ANSWER_ACTIVITY, BOOKING_ACTIVITY,
    EXPERIENCE_SCALE_YEARS, FAST_RESPONSE_HOURS, FULL_LANGUAGES, POST_ACTIVITY, PRIOR_RATING,
    PRIOR_REVIEWS, SLOW_RESPONSE_HOURS, TIERS, WEIGHTS,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// What a component measures, in words, with its constants.
fn explanation(component: Component) -> String {
    match component {
        Component::Feedback => format!(
            "Customers' overall ratings (1 to 5 stars), averaged together with {PRIOR_REVIEWS:.0} imaginary reviews of {PRIOR_RATING:.1} stars, so a handful of perfect reviews counts for less than many very good ones. Reviews count once both sides have written theirs, or 14 days after the event."
        ),
        Component::Reliability => format!(
            "Mostly the share of accepted bookings you completed rather than cancelled; then how fast you answer requests (full points within {FAST_RESPONSE_HOURS:.0} hours, none after {SLOW_RESPONSE_HOURS:.0}); then disputes you lost."
        ),
        Component::Experience => format!(
            "Your professional years: points rise quickly at first and level off (about two thirds of the points at {EXPERIENCE_SCALE_YEARS:.0} years)."
        ),
        Component::Activity => format!(
            "Completed bookings count {BOOKING_ACTIVITY}, answers to food questions that people voted up (a score above zero) {ANSWER_ACTIVITY}, posts {POST_ACTIVITY}; each fades with time (an event {ACTIVITY_DECAY_DAYS:.0} days old counts about a third), and about {ACTIVITY_SCALE:.0} fresh bookings give two thirds of the points."
        ),
        Component::Education => "Your highest culinary qualification: a certificate, diploma, degree or master's.".to_owned(),
        Component::Languages => format!(
            "The languages you can work in, weighted by level (native counts 1, C1 0.8, B1 0.4…); {FULL_LANGUAGES:.0} in total give full points."
        ),
    }
}

fn tier_range(tier: Tier) -> String {
    let from = TIERS
        .iter()
        .find(|(t, _)| *t == tier)
        .map_or(0.0, |(_, f)| *f);
    let below = TIERS
        .iter()
        .filter(|(_, f)| *f > from)
        .map(|(_, f)| *f)
        .fold(None, |lowest: Option<f64>, f| {
            Some(lowest.map_or(f, |l| l.min(f)))
        });
    match below {
        Some(next) => format!("{from:.0} to under {next:.0}"),
        None => format!("{from:.0} and above"),
    }
}

#[component]
pub fn RankPage() -> impl IntoView {
    view! {
        <Title text="How chef ranks work" />
        <section class="policy rank-explained" data-testid="rank-explained">
            <h1>"How chef ranks work"</h1>
            <p class="lede">"Every chef's rank is a score from 0 to 100, computed by the same published rules for everyone, every night and after anything that changes it. Each part below gives up to its points; chefs see their own breakdown and what would raise it on their page."</p>
            <table class="policy-table">
                <thead><tr><th scope="col">"Part"</th><th scope="col">"Up to"</th><th scope="col">"How it is measured"</th></tr></thead>
                <tbody>
                    {WEIGHTS.iter().map(|(component, weight)| view! {
                        <tr data-testid="rank-weight">
                            <th scope="row">{component.label()}</th>
                            <td>{format!("{weight:.0} points")}</td>
                            <td>{explanation(*component)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"Tiers"</h2>
            <table class="policy-table">
                <tbody>
                    {TIERS.iter().map(|(tier, _)| view! {
                        <tr data-testid="rank-tier"><th scope="row">{tier.label()}</th><td>{tier_range(*tier)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>"Equal scores are ordered by completed bookings, then by the older account."</p>
        </section>
    }
}
