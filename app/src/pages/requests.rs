//! Posted requests. `/requests`: post an event for nearby chefs, with the events you posted
//! and the invitations you received. `/requests/:id`: the customer compares the proposals
//! side by side and accepts one; an invited chef writes or edits their proposal while its
//! quote follows every change, computed by the calculator the server charges with.

use chrono::Duration;
use domain::{
    booking::{BookingEvent, BookingView, PostedRequestView, ProposalForm, RequestStatus},
    catalog::{Allergen, ChefProfile, DietaryFlag},
    events::{EventKind, EventRequestForm},
    money::{minor_units_typed, Money},
    places::{city_named, CITIES},
    pricing::price_for_chef,
    words::plural,
    FieldError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeSet;

use super::ErrorNotice;
use crate::{
    api::{
        bookings::TakeStep,
        requests::{
            list_requests, load_request, PostRequest, RequestPage, SendProposal, WithdrawRequest,
        },
    },
    clock::today,
    components::{
        bell::use_live_notifications,
        drafts::Drafts,
        form::chips,
        quote_builder::{DishChoices, PricedQuote, QuoteLines},
        quote_inputs::TypedEvent,
    },
};

fn budget_text(request: &PostedRequestView) -> Option<String> {
    let currency = city_named(&request.city)?.currency;
    request
        .budget_minor
        .map(|budget| format!("Budget {}", Money::new(budget, currency)))
}

fn summary(request: &PostedRequestView) -> String {
    format!(
        "{} · {} in {} · {} guests",
        request.kind_label, request.local_start, request.city, request.guests
    )
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let lists = Resource::new(|| (), |_| list_requests());
    view! {
        <Title text="Event requests" />
        <section class="requests">
            <h1>"Event requests"</h1>
            <p class="lede">"Describe your event once: chefs nearby who are free that day and cook for your guests are invited, and the first four proposals are yours to compare."</p>
            <PostRequestForm />
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(page) => view! {
                            <RequestList title="Events you posted" testid="posted-requests" items=page.posted />
                            <RequestList title="Invitations to propose" testid="invitations" items=page.invitations />
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestList(
    title: &'static str,
    testid: &'static str,
    items: Vec<PostedRequestView>,
) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h2>{title}</h2>
            <ul class="booking-list" data-testid=testid>
                {items.into_iter().map(|r| view! {
                    <li>
                        <a href=format!("/requests/{}", r.id)>{summary(&r)}</a>
                        <span class="muted">{format!(" · {}", plural(r.proposals.len(), "proposal", "proposals"))}</span>
                        <span class=format!("state state-{}", r.status.code())>{r.status_label.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn PostRequestForm() -> impl IntoView {
    let kind = RwSignal::new(EventKind::Dinner.code().to_owned());
    let date = RwSignal::new((today() + Duration::days(21)).to_string());
    let time = RwSignal::new("19:00".to_owned());
    let hours = RwSignal::new("4".to_owned());
    let guests = RwSignal::new("10".to_owned());
    let city = RwSignal::new(CITIES[0].name.to_owned());
    let budget = RwSignal::new(String::new());
    let diets = RwSignal::new(BTreeSet::<DietaryFlag>::new());
    let allergens = RwSignal::new(BTreeSet::<Allergen>::new());
    let notes = RwSignal::new(String::new());
    let post = ServerAction::<PostRequest>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = post.value().get() {
            navigate(&format!("/requests/{id}"), Default::default());
        }
    });
    // What the browser cannot read is said at once, each field by name; the rest is sent typed.
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let (date, time, hours, guests, city) = (
            date.get_untracked(),
            time.get_untracked(),
            hours.get_untracked(),
            guests.get_untracked(),
            city.get_untracked(),
        );
        let event = TypedEvent {
            date: &date,
            time: &time,
            hours: &hours,
            guests: &guests,
            city: &city,
        }
        .read(&mut found);
        let budget_minor = match budget.get_untracked().trim() {
            "" => None,
            typed => {
                let read = minor_units_typed(typed);
                if read.is_none() {
                    found.push(FieldError::new(
                        "budget_minor",
                        "Write the budget as a number, e.g. 1500.",
                    ));
                }
                read
            }
        };
        problems.set(found);
        let Some(event) = event.filter(|_| problems.with_untracked(Vec::is_empty)) else {
            return;
        };
        post.dispatch(PostRequest {
            form: EventRequestForm {
                kind: kind.get_untracked(),
                starts_at: event.starts_at.to_utc(),
                duration_hours: event.duration_hours,
                guests: event.guests,
                city: event.city.name.to_owned(),
                lat: event.city.lat,
                lng: event.city.lng,
                budget_minor,
                dietary_needs: diets.get_untracked().into_iter().collect(),
                allergens: allergens.get_untracked().into_iter().collect(),
                notes: notes.get_untracked(),
            },
        });
    };
    let text = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <form class="post-request" on:submit=submit data-testid="post-request">
            <h2>"Post an event"</h2>
            <div class="quote-fields">
                <label>"Occasion"
                    <select data-testid="request-kind" prop:value=move || kind.get() on:change=text(kind)>
                        {EventKind::ALL.iter().map(|k| view! {
                            <option value=k.code() selected=move || kind.with(|c| c == k.code())>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Date"
                    <input type="date" data-testid="request-date" prop:value=move || date.get() on:input=text(date) />
                </label>
                <label>"Starts at"
                    <input type="time" data-testid="request-time" prop:value=move || time.get() on:input=text(time) />
                </label>
                <label>"Hours"
                    <input type="number" min="0.5" max="16" step="0.5" data-testid="request-hours"
                        prop:value=move || hours.get() on:input=text(hours) />
                </label>
                <label>"Guests"
                    <input type="number" min="1" data-testid="request-guests" prop:value=move || guests.get() on:input=text(guests) />
                </label>
                <label>"Where"
                    <select data-testid="request-city" prop:value=move || city.get() on:change=text(city)>
                        {CITIES.iter().map(|c| {
                            let name = c.name;
                            view! { <option value=name selected=move || city.with(|v| v == name)>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Budget (optional)"
                    <input inputmode="decimal" data-testid="request-budget" prop:value=move || budget.get() on:input=text(budget) />
                </label>
            </div>
            <fieldset class="booking-allergens">
                <legend>"Diets to cater for"</legend>
                {chips(DietaryFlag::ALL, DietaryFlag::label, diets, "request-diet")}
            </fieldset>
            <fieldset class="booking-allergens">
                <legend>"Allergies among the guests"</legend>
                {chips(Allergen::ALL, Allergen::label, allergens, "request-allergen")}
            </fieldset>
            <label>"About the event"
                <textarea rows="3" maxlength="2000" data-testid="request-notes"
                    prop:value=move || notes.get() on:input=text(notes)></textarea>
            </label>
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <ul class="notice notice-error" role="alert" data-testid="request-problems">
                    {problems.get().into_iter().map(|problem| view! { <li>{problem.message}</li> }).collect_view()}
                </ul>
            })}
            {move || post.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <button type="submit" class="button" data-testid="request-submit" disabled=move || post.pending().get()>
                {move || if post.pending().get() { "Posting…" } else { "Invite chefs" }}
            </button>
        </form>
    }
    .into_any()
}

#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    // Every proposal, acceptance and withdrawal bumps this, and the page reloads; so does a
    // notification about this request, through the live stream.
    let version = RwSignal::new(0u32);
    // A proposal being written survives the page reloading around it.
    Drafts::provide();
    use_live_notifications().on_arrival_about(
        move || id().map(|id| format!("/requests/{id}")),
        move || version.update(|v| *v += 1),
    );
    let page = Resource::new(
        move || (id(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_request(id).await,
                None => Err(domain::AppError::not_found("Request").into()),
            }
        },
    );
    view! {
        <Title text="Event request" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <RequestDetail page version /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestDetail(page: RequestPage, version: RwSignal<u32>) -> impl IntoView {
    let RequestPage { request, chef } = page;
    let needs: Vec<String> = request
        .dietary_needs
        .iter()
        .map(|d| d.label().to_owned())
        .chain(
            request
                .allergens
                .iter()
                .map(|a| format!("no {}", a.label().to_lowercase())),
        )
        .collect();
    view! {
        <section class="request" data-testid="request">
            <h1>{format!("{} · request #{}", request.kind_label, request.id)}</h1>
            <p class="booking-when">{summary(&request)}</p>
            <p class=format!("state state-{}", request.status.code()) data-testid="request-status">{request.status_label.clone()}</p>
            <p class="muted" data-testid="request-invited">{format!("{} invited · {}", plural(request.invited as usize, "chef", "chefs"), plural(request.proposals.len(), "proposal", "proposals"))}</p>
            {budget_text(&request).map(|text| view! { <p>{text}</p> })}
            {(!needs.is_empty()).then(|| view! { <p>{format!("Guests: {}", needs.join(", "))}</p> })}
            {(!request.notes.is_empty()).then(|| view! { <blockquote class="request-notes">{request.notes.clone()}</blockquote> })}
            {if request.yours {
                view! { <Compare request version /> }.into_any()
            } else {
                view! { <Propose request chef version /> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// The customer's side: every proposal in a column, cheapest first, to accept one.
#[component]
fn Compare(request: PostedRequestView, version: RwSignal<u32>) -> impl IntoView {
    let accept = ServerAction::<TakeStep>::new();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(_)))
            || matches!(withdraw.value().get(), Some(Ok(_)))
        {
            version.update(|v| *v += 1);
        }
    });
    let request_id = request.id;
    let may_withdraw = matches!(request.status, RequestStatus::Open | RequestStatus::Full);
    let column = move |proposal: BookingView| {
        let id = proposal.id;
        let seen_total_minor = Some(proposal.quote.total_minor);
        let may_accept = proposal.steps.contains(&BookingEvent::Accept);
        let may_decline = proposal.steps.contains(&BookingEvent::Decline);
        view! {
            <article class="proposal" data-testid="proposal">
                <h2><a href=format!("/chefs/{}", proposal.chef_id) data-testid="proposal-chef">{proposal.chef_name.clone()}</a></h2>
                <p class=format!("state state-{}", proposal.state.code()) data-testid="proposal-state">{proposal.state_label.clone()}</p>
                {(!proposal.message.is_empty()).then(|| view! { <blockquote>{proposal.message.clone()}</blockquote> })}
                {proposal.allergen_warnings.iter().map(|w| view! {
                    <p class="notice notice-warning" data-testid="allergen-warning">{w.message.clone()}</p>
                }).collect_view()}
                <QuoteLines quote=proposal.quote.clone() />
                <div class="booking-steps">
                    {may_accept.then(|| view! {
                        <button type="button" class="button" data-testid="proposal-accept"
                            disabled=move || accept.pending().get()
                            on:click=move |_| { accept.dispatch(TakeStep { id, step: "accept".into(), seen_total_minor }); }>
                            "Accept this proposal"
                        </button>
                    })}
                    {may_decline.then(|| view! {
                        <button type="button" class="button button-secondary" data-testid="proposal-decline"
                            disabled=move || accept.pending().get()
                            on:click=move |_| { accept.dispatch(TakeStep { id, step: "decline".into(), seen_total_minor }); }>
                            "Decline"
                        </button>
                    })}
                    {proposal.state.holds_calendar().then(|| view! {
                        <a class="button" href=format!("/bookings/{id}") data-testid="proposal-booking">"Go to the booking"</a>
                    })}
                </div>
            </article>
        }
    };
    view! {
        {if request.proposals.is_empty() {
            view! { <p class="empty-state" data-testid="no-proposals">"No proposals yet: invited chefs have been told, and you will be notified when one answers."</p> }.into_any()
        } else {
            view! {
                <div class="proposal-grid" data-testid="proposals">
                    {request.proposals.into_iter().map(column).collect_view()}
                </div>
            }.into_any()
        }}
        {move || accept.value().get().and_then(Result::err).or_else(|| withdraw.value().get().and_then(Result::err))
            .map(|error| view! { <ErrorNotice error /> })}
        {may_withdraw.then(|| view! {
            <button type="button" class="button button-secondary" data-testid="request-withdraw"
                disabled=move || withdraw.pending().get()
                on:click=move |_| { withdraw.dispatch(WithdrawRequest { id: request_id }); }>
                "Withdraw this request"
            </button>
        })}
    }
    .into_any()
}

/// An invited chef's side: pick dishes for the event and watch the quote, then send (or
/// edit) the proposal.
#[component]
fn Propose(
    request: PostedRequestView,
    chef: Option<ChefProfile>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let mine = request.proposals.first().cloned();
    let Some(chef) = chef else {
        return view! { <p class="notice">"Only chefs with a profile can propose."</p> }.into_any();
    };
    let chosen = RwSignal::new(
        mine.as_ref()
            .map(|p| p.dish_ids.iter().copied().collect::<BTreeSet<i64>>())
            .unwrap_or_default(),
    );
    let drafts = Drafts::of_page();
    let special_diets = drafts.field("proposal-special-diets", "0");
    let message = drafts.field(
        "proposal-message",
        mine.as_ref().map(|p| p.message.clone()).unwrap_or_default(),
    );
    let send = ServerAction::<SendProposal>::new();
    Effect::new(move |_| {
        if matches!(send.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    let event = request.event();
    let offset = request.utc_offset();
    let form = move || ProposalForm {
        dish_ids: chosen.with(|set| set.iter().copied().collect()),
        special_diet_guests: special_diets.with(|s| s.trim().parse().unwrap_or(0)),
        message: message.get(),
    };
    let dishes = chef.dishes.clone();
    let chef = StoredValue::new(chef);
    // The same pricing the server runs when the proposal arrives.
    let priced = Memo::new(move |_| {
        let choice = form().quote_choice(chef.with_value(|c| c.card.id), &event, offset);
        chef.with_value(|c| price_for_chef(c, &choice).map(|(_, priced)| priced))
    });
    let request_id = request.id;
    view! {
        {mine.map(|p| view! {
            <p data-testid="my-proposal-state">{format!("Your proposal: {}", p.state_label)}</p>
            {p.state.holds_calendar().then(|| view! {
                <a class="button" href=format!("/bookings/{}", p.id) data-testid="proposal-booking">"Go to the booking"</a>
            })}
        })}
        {request.may_propose.then(|| view! {
            <form class="proposal-form" data-testid="proposal-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send.dispatch(SendProposal { id: request_id, form: form() });
            }>
                <h2>"Your proposal"</h2>
                <div class="quote-layout">
                    <div class="quote-inputs">
                        <DishChoices legend="Your menu" testid="proposal-dish" dishes
                            chosen=Signal::derive(move || chosen.get())
                            on_toggle=Callback::new(move |(id, on): (i64, bool)| chosen.update(|set| {
                                if on { set.insert(id); } else { set.remove(&id); }
                            })) />
                        <label>"Guests with special diets"
                            <input type="number" min="0" prop:value=move || special_diets.get()
                                on:input=move |ev| special_diets.set(event_target_value(&ev)) />
                        </label>
                        <label>"A word to the customer"
                            <textarea rows="3" maxlength="4000" data-testid="proposal-message"
                                prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        </label>
                    </div>
                    <div class="quote-result" aria-live="polite">
                        <PricedQuote priced=priced.into() />
                        {move || send.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                        <button type="submit" class="button" data-testid="proposal-send"
                            disabled=move || send.pending().get() || priced.with(Result::is_err)>
                            "Send proposal"
                        </button>
                    </div>
                </div>
            </form>
        })}
    }
    .into_any()
}
