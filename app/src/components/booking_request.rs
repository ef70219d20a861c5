//! "Request booking" under the live quote on a chef's page: the event's kind, the guests'
//! allergies and a word to the chef, sent with the quote builder's priced choice as the
//! API's typed booking form. The server prices the booking with the same calculator, so the
//! total shown is the total asked.

use domain::{
    booking::BookingRequestForm,
    catalog::{Allergen, DietaryFlag},
    events::{EventKind, EventRequestForm},
    pricing::QuoteChoice,
    ErrorCode,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeSet;

use super::{
    form::{chips, with_next},
    header::use_session,
    quote_inputs::QuoteInputs,
};
use crate::api::bookings::RequestBooking;

/// Everything a visitor chose on a chef's page, kept in the browser's session storage while
/// they sign up or log in, and put back when they return to the page.
#[derive(serde::Serialize, serde::Deserialize)]
struct BookingDraft {
    inputs: QuoteInputs,
    kind: String,
    allergens: BTreeSet<Allergen>,
    diets: BTreeSet<DietaryFlag>,
    message: String,
}

#[cfg(feature = "hydrate")]
fn draft_key(chef_id: i64) -> String {
    format!("booking-draft:{chef_id}")
}

#[cfg(feature = "hydrate")]
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn keep_draft(chef_id: i64, draft: &BookingDraft) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(json)) = (session_storage(), serde_json::to_string(draft)) {
        let _ = storage.set_item(&draft_key(chef_id), &json);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (chef_id, draft);
}

/// The draft kept for `chef_id`, once: it is removed as it is read.
fn take_draft(chef_id: i64) -> Option<BookingDraft> {
    #[cfg(feature = "hydrate")]
    {
        let storage = session_storage()?;
        let json = storage.get_item(&draft_key(chef_id)).ok().flatten()?;
        let _ = storage.remove_item(&draft_key(chef_id));
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = chef_id;
        None
    }
}

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
    let diets = RwSignal::new(BTreeSet::<DietaryFlag>::new());
    let message = RwSignal::new(String::new());
    let request = ServerAction::<RequestBooking>::new();
    let navigate = use_navigate();
    let session = use_session();
    // Back from signing up or logging in mid-booking: the choices as they were left.
    Effect::new(move |_| {
        if let Some(draft) = take_draft(chef_id) {
            inputs.set(draft.inputs);
            kind.set(draft.kind);
            allergens.set(draft.allergens);
            diets.set(draft.diets);
            message.set(draft.message);
        }
    });
    let to_sign_up = {
        let navigate = navigate.clone();
        move || {
            keep_draft(
                chef_id,
                &BookingDraft {
                    inputs: inputs.get_untracked(),
                    kind: kind.get_untracked(),
                    allergens: allergens.get_untracked(),
                    diets: diets.get_untracked(),
                    message: message.get_untracked(),
                },
            );
            navigate(
                &with_next("/signup", &format!("/chefs/{chef_id}#book")),
                Default::default(),
            );
        }
    };
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
        if matches!(session.user.get_untracked(), Some(Ok(None))) {
            to_sign_up();
            return;
        }
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
                    dietary_needs: diets.get_untracked().into_iter().collect(),
                    allergens: allergens.get_untracked().into_iter().collect(),
                    notes: String::new(),
                },
                message: message.get_untracked(),
                expected_total_minor: Some(total_minor),
            },
        });
    };
    view! {
        <form class="booking-request" id="book" on:submit=submit data-testid="booking-request">
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
                {chips(Allergen::ALL, Allergen::label, allergens, "booking-allergen")}
            </fieldset>
            <fieldset class="booking-allergens">
                <legend>"Diets to cater for"</legend>
                {chips(DietaryFlag::ALL, DietaryFlag::label, diets, "booking-diet")}
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
            <p class="hint">"Nothing is charged until the chef accepts. New here? You sign up next, and come back to these choices. "
                <a href="/cancellation-policy">"Cancellation policy"</a></p>
        </form>
    }
    .into_any()
}
