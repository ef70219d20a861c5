//! "Request booking" under the live quote on a chef's page: the event's kind, the guests'
//! allergies and a word to the chef, sent with the quote builder's priced choice as the
//! API's typed booking form. The server prices the booking with the same calculator, so the
//! total shown is the total asked.

use domain::{
    booking::BookingRequestForm,
    catalog::Allergen,
    events::{EventKind, EventRequestForm},
    pricing::QuoteChoice,
    ErrorCode,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeSet;

use super::quote_inputs::QuoteInputs;
use crate::api::bookings::RequestBooking;

#[component]
pub fn BookingRequest(
    chef_id: i64,
    inputs: RwSignal<QuoteInputs>,
    /// The choice the quote above priced and its total, once it can be priced (a request for
    /// an unpriceable event would fail); the total is sent along, so the booking is made at
    /// the price shown or not at all.
    #[prop(into)]
    priced: Signal<Option<(QuoteChoice, i64)>>,
) -> impl IntoView {
    let kind = RwSignal::new(EventKind::Dinner.code().to_owned());
    let allergens = RwSignal::new(BTreeSet::<Allergen>::new());
    let message = RwSignal::new(String::new());
    let request = ServerAction::<RequestBooking>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = request.value().get() {
            navigate(&format!("/bookings/{id}"), Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((choice, total_minor)) = priced.get_untracked() else {
            return;
        };
        request.dispatch(RequestBooking {
            form: BookingRequestForm {
                chef_id,
                dish_ids: choice.dish_ids,
                special_diet_guests: choice.special_diet_guests,
                event: EventRequestForm {
                    kind: kind.get_untracked(),
                    starts_at: choice.starts_at.to_utc(),
                    duration_hours: choice.duration_hours,
                    guests: choice.guests,
                    city: inputs.with_untracked(|typed| typed.city.clone()),
                    lat: choice.lat,
                    lng: choice.lng,
                    budget_minor: None,
                    dietary_needs: vec![],
                    allergens: allergens.get_untracked().into_iter().collect(),
                    notes: String::new(),
                },
                message: message.get_untracked(),
                expected_total_minor: Some(total_minor),
            },
        });
    };
    view! {
        <form class="booking-request" on:submit=submit data-testid="booking-request">
            <h3>"Request this booking"</h3>
            <label>"Occasion"
                <select data-testid="booking-kind" prop:value=move || kind.get()
                    on:change=move |ev| kind.set(event_target_value(&ev))>
                    {EventKind::ALL.iter().map(|k| view! {
                        <option value=k.code() selected=move || kind.with(|c| c == k.code())>{k.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <fieldset class="booking-allergens">
                <legend>"Allergies among the guests"</legend>
                {Allergen::ALL.iter().copied().map(|allergen| view! {
                    <label class="chip">
                        <input type="checkbox" value=allergen.code()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                allergens.update(|set| { if on { set.insert(allergen); } else { set.remove(&allergen); } });
                            } />
                        {allergen.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <label>"A word to the chef"
                <textarea data-testid="booking-message" rows="3" maxlength="4000"
                    prop:value=move || message.get()
                    on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            </label>
            {move || request.value().get().and_then(Result::err).map(|error| {
                let log_in = error.error.code == ErrorCode::Unauthorized;
                view! {
                    <div class="notice notice-error" role="alert" data-testid="booking-error">
                        {if log_in { "Log in or sign up to book a chef.".to_owned() } else { error.error.message.clone() }}
                        {log_in.then(|| view! { " " <a href="/login">"Log in"</a> })}
                    </div>
                }
            })}
            <button type="submit" class="button" data-testid="booking-submit"
                disabled=move || priced.with(Option::is_none) || request.pending().get()>
                {move || if request.pending().get() { "Sending…" } else { "Request booking" }}
            </button>
            <p class="hint">"Nothing is charged until the chef accepts. "
                <a href="/cancellation-policy">"Cancellation policy"</a></p>
        </form>
    }
    .into_any()
}
