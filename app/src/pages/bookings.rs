//! A person's bookings (`/bookings`) and one booking (`/bookings/:id`): where it stands and
//! what happens next, the quote agreed, the steps the viewer may take (accept, pay, cancel),
//! the message thread, and the reviews once the event is done.

use domain::{
    booking::{BookingEvent, BookingMessage, BookingState, BookingView, CardForm, Checkout, Party},
    money::Money,
    places::{event_clock, ClockStyle},
    reviews::{BookingReviews, ReviewForm},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{dispute::DisputeSection, ErrorNotice};
use crate::api::bookings::{
    list_bookings, load_booking, BookingPage, CancelBooking, PayBooking, SendMessage, TakeStep,
    WriteReview,
};
use crate::components::stripe_card::{create_payment_method, mount_card};
use crate::components::{
    bell::use_live_notifications, drafts::Drafts, event_share::EventShare,
    guest_needs::GuestNeedsNotice, review::ReviewCard,
};

fn money(amount_minor: i64, booking: &BookingView) -> String {
    Money::new(amount_minor, booking.quote.currency).to_string()
}

#[component]
pub fn BookingsPage() -> impl IntoView {
    let bookings = Resource::new(|| (), |_| list_bookings());
    view! {
        <Title text="Your bookings" />
        <section class="bookings">
            <h1>"Your bookings"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match bookings.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty-state">"No bookings yet. "<a href="/search">"Find a chef"</a></p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="booking-list" data-testid="booking-list">
                                {list.into_iter().map(|b| view! {
                                    <li>
                                        <a href=format!("/bookings/{}", b.id)>
                                            {format!("#{} · {} · {}", b.id, b.kind_label, b.local_start)}
                                        </a>
                                        <span class="muted">{match b.viewer {
                                            Party::Chef => format!(" for {}", b.customer_name),
                                            _ => format!(" with {}", b.chef_name),
                                        }}</span>
                                        <span class=format!("state state-{}", b.state.code())>{b.state_label.clone()}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn BookingDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    // Every step and message bumps this, and the page reloads what changed; so does a
    // notification about this booking (the other side acted), through the live stream.
    let version = RwSignal::new(0u32);
    use_live_notifications().on_arrival_about(
        move || id().map(|id| format!("/bookings/{id}")),
        move || version.update(|v| *v += 1),
    );
    // What is being typed (a message, a claim, a card) survives the page reloading around it.
    Drafts::provide();
    let page = Resource::new(
        move || (id(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_booking(id).await,
                None => Err(domain::AppError::not_found("Booking").into()),
            }
        },
    );
    view! {
        <Title text="Booking" />
        // A reload keeps the page on screen until the new one is ready.
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <BookingDetail page version /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BookingDetail(page: BookingPage, version: RwSignal<u32>) -> impl IntoView {
    let BookingPage {
        booking,
        messages,
        reviews,
        pay_key,
        cancel_key,
        checkout,
        dispute,
        dispute_categories,
    } = page;
    let other = match booking.viewer {
        Party::Chef => format!("for {}", booking.customer_name),
        _ => format!("with {}", booking.chef_name),
    };
    let deadline = booking.deadline.map(|at| {
        let what = match booking.deadline_step {
            Some(BookingEvent::Expire) => "Expires if nobody acts",
            Some(BookingEvent::Confirm) => "Confirmed automatically",
            Some(BookingEvent::Complete) => "Marked done",
            Some(BookingEvent::Release) => "The chef is paid",
            _ => "Next step",
        };
        format!(
            "{what} on {}",
            event_clock(&booking.city, at, ClockStyle::Full)
        )
    });
    let booking = StoredValue::new(booking);
    view! {
        <section class="booking" data-testid="booking">
            <h1>{booking.with_value(|b| format!("{} {} · booking #{}", b.kind_label, other, b.id))}</h1>
            <p class="booking-when">{booking.with_value(|b| format!("{} · {} guests in {}", b.local_start, b.guests, b.city))}</p>
            <p class=booking.with_value(|b| format!("state state-{}", b.state.code())) data-testid="booking-state">
                {booking.with_value(|b| b.state_label.clone())}
            </p>
            {deadline.map(|text| view! { <p class="muted" data-testid="booking-deadline">{text}</p> })}
            <GuestNeedsNotice needs=booking.with_value(|b| b.guest_needs.clone()) />
            {booking.with_value(|b| b.allergen_warnings.clone()).into_iter().map(|w| view! {
                <p class="notice notice-warning" data-testid="allergen-warning">{w.message}</p>
            }).collect_view()}
            <QuoteTable booking=booking.get_value() />
            <MoneySummary booking=booking.get_value() />
            <Steps booking=booking.get_value() version pay_key cancel_key checkout />
            <DisputeSection booking_id=booking.with_value(|b| b.id) viewer=booking.with_value(|b| b.viewer)
                dispute categories=dispute_categories version />
            <Thread booking_id=booking.with_value(|b| b.id) city=booking.with_value(|b| b.city.clone()) messages version />
            <Reviews booking_id=booking.with_value(|b| b.id) reviews version />
            {booking.with_value(|b| {
                let took_place = matches!(b.state, BookingState::Completed | BookingState::Released);
                let other_side = if b.viewer == Party::Chef { "the customer" } else { "the chef" };
                took_place.then(|| view! { <EventShare booking_id=b.id other_side /> })
            })}
        </section>
    }
    .into_any()
}

#[component]
fn QuoteTable(booking: BookingView) -> impl IntoView {
    let total = money(booking.quote.total_minor, &booking);
    view! {
        <table class="quote-lines">
            <tbody>
                {booking.quote.lines.iter().map(|line| view! {
                    <tr>
                        <th scope="row">{line.label.clone()}<small>{line.formula.clone()}</small></th>
                        <td>{money(line.amount_minor, &booking)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th scope="row">"Total"</th><td data-testid="booking-total">{total}</td></tr></tfoot>
        </table>
    }
    .into_any()
}

#[component]
fn MoneySummary(booking: BookingView) -> impl IntoView {
    let m = &booking.money;
    let rows = [
        ("Paid", m.paid_minor),
        ("Held until after the event", m.in_escrow_minor),
        ("Refunded", m.refunded_minor),
        ("Released to the chef", m.released_to_chef_minor),
    ];
    let shown: Vec<_> = rows
        .into_iter()
        .filter(|(_, amount)| *amount != 0)
        .collect();
    (!shown.is_empty()).then(|| {
        view! {
            <dl class="booking-money" data-testid="booking-money">
                {shown.into_iter().map(|(label, amount)| view! {
                    <dt>{label}</dt><dd>{money(amount, &booking)}</dd>
                }).collect_view()}
            </dl>
        }
    })
}

/// The buttons for the steps the viewer may take, and the payment form.
#[component]
fn Steps(
    booking: BookingView,
    version: RwSignal<u32>,
    pay_key: String,
    cancel_key: String,
    checkout: Checkout,
) -> impl IntoView {
    let step = ServerAction::<TakeStep>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    Effect::new(move |_| {
        if matches!(step.value().get(), Some(Ok(_))) || matches!(cancel.value().get(), Some(Ok(_)))
        {
            version.update(|v| *v += 1);
        }
    });
    let id = booking.id;
    let seen_total_minor = Some(booking.quote.total_minor);
    let may = |event| booking.steps.contains(&event);
    let refund = booking
        .refund_if_cancelled_minor
        .map(|amount| format!("Cancelling now refunds {}.", money(amount, &booking)));
    let (state, viewer) = (booking.state, booking.viewer);
    let button = move |event: BookingEvent| {
        let label = event.button_label(state, viewer);
        view! {
            <button type="button" class="button" data-testid=format!("step-{}", event.code())
                disabled=move || step.pending().get()
                on:click=move |_| { step.dispatch(TakeStep { id, step: event.code().to_owned(), seen_total_minor }); }>
                {label}
            </button>
        }
    };
    view! {
        <div class="booking-steps">
            {may(BookingEvent::Accept).then(|| button(BookingEvent::Accept))}
            {may(BookingEvent::Decline).then(|| button(BookingEvent::Decline))}
            {may(BookingEvent::Confirm).then(|| button(BookingEvent::Confirm))}
            {booking.may_check_in.then(|| view! {
                <button type="button" class="button" data-testid="check-in"
                    disabled=move || step.pending().get()
                    on:click=move |_| { step.dispatch(TakeStep { id, step: "check_in".to_owned(), seen_total_minor }); }>
                    "I have arrived"
                </button>
            })}
            {booking.chef_checked_in_at.map(|at| view! {
                <span class="muted" data-testid="checked-in">{format!("The chef checked in at {}.", event_clock(&booking.city, at, ClockStyle::Short))}</span>
            })}
            {may(BookingEvent::Cancel).then(|| view! {
                <button type="button" class="button button-secondary" data-testid="step-cancel"
                    disabled=move || cancel.pending().get()
                    on:click=move |_| { cancel.dispatch(CancelBooking { id, key: cancel_key.clone() }); }>
                    {BookingEvent::Cancel.button_label(state, viewer)}
                </button>
                {refund.clone().map(|text| view! { <span class="muted">" "{text}</span> })}
            })}
            {move || step.value().get().and_then(Result::err).or_else(|| cancel.value().get().and_then(Result::err))
                .map(|error| view! { <ErrorNotice error /> })}
        </div>
        {may(BookingEvent::Pay).then(|| view! { <PaymentForm booking_id=id total=money(booking.quote.total_minor, &booking) version pay_key checkout /> })}
    }
    .into_any()
}

/// The card form: the sandbox's own fields, or Stripe's card field when Stripe takes the
/// payments. Either way the payment goes out under the page's idempotency key.
#[component]
fn PaymentForm(
    booking_id: i64,
    total: String,
    version: RwSignal<u32>,
    pay_key: String,
    checkout: Checkout,
) -> impl IntoView {
    let drafts = Drafts::of_page();
    let number = drafts.field("card-number", "");
    let expiry = drafts.field("card-expiry", "12/30");
    let cvc = drafts.field("card-cvc", "");
    let pay = ServerAction::<PayBooking>::new();
    // What Stripe's card field said (it fails before anything reaches our server).
    let card_problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if matches!(pay.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    // A declined card gets a new key: the next attempt is a new payment, not a replay.
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(pay.value().get(), Some(Err(_))) {
            attempt.update(|a| *a += 1);
        }
    });
    let key = move || format!("{pay_key}-{}", attempt.get_untracked());
    let stripe_key = match &checkout {
        Checkout::Stripe { publishable_key } => Some(publishable_key.clone()),
        Checkout::Sandbox => None,
    };
    if let Some(publishable_key) = stripe_key.clone() {
        // Runs once, in the browser, after the form is on the page.
        Effect::new(move |_| {
            let publishable_key = publishable_key.clone();
            leptos::task::spawn_local(async move {
                if let Err(problem) = mount_card(&publishable_key, "#stripe-card").await {
                    card_problem.set(Some(problem));
                }
            });
        });
    }
    let uses_stripe = stripe_key.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        card_problem.set(None);
        if uses_stripe {
            let key = key();
            leptos::task::spawn_local(async move {
                match create_payment_method().await {
                    Ok(payment_method) => {
                        pay.dispatch(PayBooking {
                            id: booking_id,
                            card: CardForm {
                                number: payment_method,
                                exp_month: 0,
                                exp_year: 0,
                                cvc: String::new(),
                            },
                            key,
                        });
                    }
                    Err(problem) => card_problem.set(Some(problem)),
                }
            });
            return;
        }
        let (month, year) = expiry.with_untracked(|e| {
            let mut parts = e.split('/').map(|p| p.trim().parse::<i32>().unwrap_or(0));
            (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
        });
        let year = if year < 100 { 2000 + year } else { year };
        pay.dispatch(PayBooking {
            id: booking_id,
            card: CardForm {
                number: number.get_untracked(),
                exp_month: u32::try_from(month).unwrap_or(0),
                exp_year: year,
                cvc: cvc.get_untracked(),
            },
            key: key(),
        });
    };
    let fields = if uses_stripe {
        view! {
            <p class="hint">"Held safely until 24 hours after the event. Your card goes straight to Stripe; Chef Galaxy never sees its number."</p>
            <div id="stripe-card" class="stripe-card" data-testid="stripe-card"></div>
        }
        .into_any()
    } else {
        view! {
            <p class="hint">"Held safely until 24 hours after the event. Sandbox test cards: 4242 4242 4242 4242 (paid), 4000 0000 0000 0002 (declined)."</p>
            <label>"Card number"
                <input inputmode="numeric" autocomplete="cc-number" data-testid="card-number"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
            </label>
            <label>"Expiry (MM/YY)"
                <input autocomplete="cc-exp" data-testid="card-expiry"
                    prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
            </label>
            <label>"CVC"
                <input inputmode="numeric" autocomplete="cc-csc" data-testid="card-cvc"
                    prop:value=move || cvc.get() on:input=move |ev| cvc.set(event_target_value(&ev)) />
            </label>
        }
        .into_any()
    };
    view! {
        <form class="payment-form" on:submit=submit data-testid="payment-form">
            <h2>{format!("Pay {total}")}</h2>
            {fields}
            {move || card_problem.get()
                .or_else(|| pay.value().get().and_then(Result::err).map(|error| error.error.message))
                .map(|message| view! {
                    <div class="notice notice-error" role="alert" data-testid="payment-error">{message}</div>
                })}
            <button type="submit" class="button" data-testid="pay" disabled=move || pay.pending().get()>
                {move || if pay.pending().get() { "Paying…" } else { "Pay now" }}
            </button>
        </form>
    }
    .into_any()
}

#[component]
fn Thread(
    booking_id: i64,
    city: String,
    messages: Vec<BookingMessage>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let body = Drafts::of_page().field("message", "");
    let send = ServerAction::<SendMessage>::new();
    Effect::new(move |_| {
        if matches!(send.value().get(), Some(Ok(_))) {
            body.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    view! {
        <section class="booking-thread" id="messages">
            <h2>"Messages"</h2>
            <ol class="messages" data-testid="messages">
                {messages.into_iter().map(|m| view! {
                    <li>
                        <strong>{m.sender_name}</strong>" "
                        <time datetime=m.sent_at.to_rfc3339()>{event_clock(&city, m.sent_at, ClockStyle::Short)}</time>
                        <p>{m.body}</p>
                    </li>
                }).collect_view()}
            </ol>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send.dispatch(SendMessage { id: booking_id, body: body.get_untracked() });
            }>
                <label for="message-body" class="visually-hidden">"Your message"</label>
                <textarea id="message-body" rows="2" placeholder="Write a message…" data-testid="message-body" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                {move || send.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                <button type="submit" class="button button-secondary" data-testid="message-send">"Send"</button>
            </form>
        </section>
    }
    .into_any()
}

fn review_aspect_label(name: &str) -> &'static str {
    match name {
        "food" => "Food",
        "communication" => "Communication",
        "punctuality" => "Punctuality",
        _ => "Value for money",
    }
}

#[component]
fn Reviews(booking_id: i64, reviews: BookingReviews, version: RwSignal<u32>) -> impl IntoView {
    let write = ServerAction::<WriteReview>::new();
    Effect::new(move |_| {
        if matches!(write.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    let drafts = Drafts::of_page();
    let stars = ["food", "communication", "punctuality", "value"]
        .map(|aspect| (aspect, drafts.field(format!("review-{aspect}"), "5")));
    let text = drafts.field("review-text", "");
    let mark = move |at: usize| stars[at].1.get_untracked().parse::<u8>().unwrap_or(5);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        write.dispatch(WriteReview {
            id: booking_id,
            form: ReviewForm {
                food: mark(0),
                communication: mark(1),
                punctuality: mark(2),
                value: mark(3),
                text: text.get_untracked(),
            },
        });
    };
    let nothing_yet = reviews.mine.is_none()
        && reviews.theirs.is_none()
        && !reviews.may_review
        && !reviews.theirs_hidden;
    (!nothing_yet).then(|| view! {
        <section class="booking-reviews" data-testid="reviews">
            <h2>"Reviews"</h2>
            {reviews.mine.map(|r| view! { <ReviewCard review=r testid="my-review" /> })}
            {reviews.theirs.map(|r| view! { <ReviewCard review=r testid="their-review" /> })}
            {reviews.theirs_hidden.then(|| view! {
                <p class="muted" data-testid="review-hidden">"The other side has written their review. It shows once you write yours (or 14 days after the event)."</p>
            })}
            {reviews.may_review.then(|| view! {
                <form class="review-form" on:submit=submit data-testid="review-form">
                    <div class="review-stars">
                        {stars.into_iter().map(|(name, value)| view! {
                            <label class="control">{review_aspect_label(name)}
                                <select data-testid=format!("review-{name}") prop:value=move || value.get()
                                    on:change=move |ev| value.set(event_target_value(&ev))>
                                    {(1..=5u8).rev().map(|n| view! {
                                        <option value=n.to_string() selected=move || value.get() == n.to_string()>
                                            {domain::words::plural(usize::from(n), "star", "stars")}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </label>
                        }).collect_view()}
                    </div>
                    <label class="control">"In your words"
                        <textarea rows="3" data-testid="review-text" placeholder="What went well, what could be better…"
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || write.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                    <button type="submit" class="button" data-testid="review-submit">"Publish review"</button>
                </form>
            })}
        </section>
    })
    .into_any()
}
