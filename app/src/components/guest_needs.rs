//! The guests' declared allergies and diets, shown wherever a chef decides what to cook or
//! someone judges what was cooked: a booking, a dispute.

use domain::events::GuestNeeds;
use leptos::prelude::*;

/// A notice listing what the customer declared; allergies stand out as a warning. A
/// booking with nothing declared says so, so the chef knows it was asked.
#[component]
pub fn GuestNeedsNotice(needs: GuestNeeds) -> impl IntoView {
    if needs.is_empty() {
        return view! {
            <p class="muted" data-testid="guest-needs">"No allergies or special diets declared."</p>
        }
        .into_any();
    }
    let allergies = needs.allergies_line();
    let diets = needs.diets_line();
    let plates = needs.plates_line();
    let class = if needs.allergens.is_empty() {
        "notice notice-info guest-needs"
    } else {
        "notice notice-warning guest-needs"
    };
    view! {
        <div class=class role="note" aria-label="Guests' allergies and diets" data-testid="guest-needs">
            <strong>"Guests' allergies and diets"</strong>
            {(!allergies.is_empty()).then(|| view! { <p data-testid="guest-allergies">{allergies}</p> })}
            {(!diets.is_empty()).then(|| view! { <p data-testid="guest-diets">{diets}</p> })}
            {(!plates.is_empty()).then(|| view! { <p data-testid="guest-plates">{plates}</p> })}
        </div>
    }
    .into_any()
}
