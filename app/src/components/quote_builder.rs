//! "Price your event" on a chef's page: pick dishes, guests, date, hours and place, and the
//! itemised quote follows every change. It runs the domain's calculator in the browser, the
//! very function `POST /api/v1/quote` (and, at booking, the charge) runs on the server.

use chrono::Duration;
use domain::{
    availability::schedule_problems,
    catalog::{ChefProfile, Dish},
    events::parse_duration_hours,
    money::Money,
    places::CITIES,
    pricing::{bookable_quote, Quote, QuoteChoice},
    FieldError,
};
use leptos::prelude::*;
use std::collections::BTreeSet;

use super::{booking_request::BookingRequest, quote_inputs::QuoteInputs};
use crate::clock::today;

/// The visitor's choice as the calculator takes it, and its quote; every problem at once
/// (the chef's limits and calendar included) when it cannot be booked.
fn price(
    chef: &ChefProfile,
    inputs: &QuoteInputs,
) -> Result<(QuoteChoice, Quote), Vec<FieldError>> {
    let choice = inputs.choice(chef.card.id)?;
    bookable_quote(chef, &choice).map(|(_, priced)| (choice, priced))
}

/// `inputs` on the first day from three weeks out on which the chef can take that evening,
/// so a visitor starts from a quote they could book.
fn first_bookable_evening(chef: &ChefProfile, mut inputs: QuoteInputs) -> QuoteInputs {
    let first = today() + Duration::days(21);
    for later in 0..120 {
        inputs.date = (first + Duration::days(later)).to_string();
        let free = inputs.choice(chef.card.id).is_ok_and(|choice| {
            let minutes = parse_duration_hours(choice.duration_hours).unwrap_or(240);
            schedule_problems(
                &chef.card.display_name,
                &chef.weekly_hours,
                &chef.busy,
                choice.starts_at,
                minutes,
            )
            .is_empty()
        });
        if free {
            return inputs;
        }
    }
    inputs.date = first.to_string();
    inputs
}

#[component]
pub fn QuoteBuilder(chef: ChefProfile) -> impl IntoView {
    let inputs = RwSignal::new(first_bookable_evening(
        &chef,
        QuoteInputs {
            dishes: BTreeSet::new(),
            guests: chef.min_guests.max(10).min(chef.max_guests).to_string(),
            special_diets: "0".into(),
            date: String::new(),
            time: "19:00".into(),
            hours: "4".into(),
            city: chef.card.city.clone(),
        },
    ));
    let dishes = chef.dishes.clone();
    let chef_id = chef.card.id;
    let base_rate = chef.card.base_rate;
    let chef = StoredValue::new(chef);
    let priced =
        Memo::new(move |_| chef.with_value(|chef| inputs.with(|inputs| price(chef, inputs))));
    view! {
        <section class="quote-builder" id="price" data-testid="quote-builder">
            <h2>"Price your event"</h2>
            <div class="quote-layout">
                <div class="quote-inputs">
                    <DishChoices legend="Dishes" testid="quote-dish" dishes
                        chosen=Signal::derive(move || inputs.with(|i| i.dishes.clone()))
                        on_toggle=Callback::new(move |(id, on): (i64, bool)| inputs.update(|i| {
                            if on { i.dishes.insert(id); } else { i.dishes.remove(&id); }
                        })) />
                    <QuoteFields inputs />
                </div>
                <div class="quote-result" aria-live="polite">
                    <PricedQuote priced=Signal::derive(move || priced.get().map(|(_, quote)| quote)) />
                    <BookingRequest chef_id inputs
                        priced=Signal::derive(move || priced.with(|priced| {
                            priced.as_ref().ok().map(|(choice, quote)| (choice.clone(), quote.total_minor))
                        })) />
                </div>
            </div>
            // Always in reach on a long page: the price so far and the way to the form.
            <div class="quote-bar" data-testid="quote-bar">
                <p class="quote-bar-price" data-testid="quote-bar-price">
                    {move || priced.with(|priced| match priced {
                        Ok((choice, quote)) => format!(
                            "{} for {} guests",
                            Money::new(quote.total_minor, quote.currency),
                            choice.guests
                        ),
                        Err(_) => format!("From {base_rate}/hour"),
                    })}
                </p>
                <a href="#price" class="button">"Price and book"</a>
            </div>
        </section>
    }
    .into_any()
}

/// A checkbox per dish, with its price per guest.
#[component]
pub fn DishChoices(
    legend: &'static str,
    testid: &'static str,
    dishes: Vec<Dish>,
    chosen: Signal<BTreeSet<i64>>,
    on_toggle: Callback<(i64, bool)>,
) -> impl IntoView {
    view! {
        <fieldset class="quote-dishes">
            <legend>{legend}</legend>
            {dishes.into_iter().map(|dish| {
                let id = dish.id;
                view! {
                    <label class="quote-dish">
                        <input type="checkbox" data-testid=testid value=id.to_string()
                            prop:checked=move || chosen.with(|set| set.contains(&id))
                            on:change=move |event| on_toggle.run((id, event_target_checked(&event))) />
                        <span>{dish.name}</span>
                        <span class="price">{format!("{}/guest", dish.price_per_guest)}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The live quote, or what keeps the event from being priced yet.
#[component]
pub fn PricedQuote(priced: Signal<Result<Quote, Vec<FieldError>>>) -> impl IntoView {
    move || match priced.get() {
        Ok(quote) => view! { <QuoteLines quote /> }.into_any(),
        Err(problems) => view! {
            <ul class="quote-problems" data-testid="quote-problems">
                {problems.into_iter().map(|p| view! { <li>{p.message}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// A quote's lines, each with the formula that made it, and its total.
#[component]
pub fn QuoteLines(quote: Quote) -> impl IntoView {
    let currency = quote.currency;
    view! {
        <table class="quote-lines">
            <tbody>
                {quote.lines.into_iter().map(|line| view! {
                    <tr data-testid="quote-line">
                        <th scope="row">{line.label}<small>{line.formula}</small></th>
                        <td>{Money::new(line.amount_minor, currency).to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">"Total"</th>
                    <td data-testid="quote-total">{Money::new(quote.total_minor, currency).to_string()}</td>
                </tr>
            </tfoot>
        </table>
    }
    .into_any()
}

/// Guests, diets, date, time, hours and place.
#[component]
fn QuoteFields(inputs: RwSignal<QuoteInputs>) -> impl IntoView {
    let set = move |change: fn(&mut QuoteInputs, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            inputs.update(|inputs| change(inputs, value));
        }
    };
    view! {
        <div class="quote-fields">
            <label>"Guests"
                <input type="number" min="1" data-testid="quote-guests"
                    prop:value=move || inputs.with(|i| i.guests.clone())
                    on:input=set(|i, v| i.guests = v) />
            </label>
            <label>"With special diets"
                <input type="number" min="0" data-testid="quote-special-diets"
                    prop:value=move || inputs.with(|i| i.special_diets.clone())
                    on:input=set(|i, v| i.special_diets = v) />
            </label>
            <label>"Date"
                <input type="date" data-testid="quote-date"
                    prop:value=move || inputs.with(|i| i.date.clone())
                    on:input=set(|i, v| i.date = v) />
            </label>
            <label>"Starts at"
                <input type="time" data-testid="quote-time"
                    prop:value=move || inputs.with(|i| i.time.clone())
                    on:input=set(|i, v| i.time = v) />
            </label>
            <label>"Hours"
                <input type="number" min="0.5" max="16" step="0.5" data-testid="quote-hours"
                    prop:value=move || inputs.with(|i| i.hours.clone())
                    on:input=set(|i, v| i.hours = v) />
            </label>
            <label>"Where"
                <select data-testid="quote-city" prop:value=move || inputs.with(|i| i.city.clone())
                    on:change=set(|i, v| i.city = v)>
                    {CITIES.iter().map(|city| {
                        let name = city.name;
                        view! { <option value=name selected=move || inputs.with(|i| i.city == name)>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
    .into_any()
}
