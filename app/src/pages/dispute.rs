//! The dispute part of a booking page: report a problem (within the window, in the
//! categories open to the viewer's side), answer a claim, take or refuse an offer, appeal a
//! ruling; the ruling with its reason and the audit trail for both sides.

use domain::{
    booking::Party,
    disputes::{
        AnswerForm, DisputeCategory, DisputeEvent, DisputeStatus, DisputeView, OpenDisputeForm,
        Ruling,
    },
    money::{Currency, Money},
    places::{event_clock, ClockStyle},
};
use leptos::prelude::*;

use super::ErrorNotice;
use crate::api::disputes::{AnswerDispute, AppealRuling, DecideOffer, OpenDispute};
use crate::components::{drafts::Drafts, guest_needs::GuestNeedsNotice};

fn money(amount_minor: i64, currency: &str) -> String {
    Money::new(
        amount_minor,
        Currency::parse(currency).unwrap_or(Currency::EUR),
    )
    .to_string()
}

fn percent(bp: u32) -> String {
    format!("{}%", bp / 100)
}

/// A time on the dispute, in the event's clock with the city named.
fn when(city: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    event_clock(city, at, ClockStyle::Full)
}

/// Reloads the page once an action succeeded.
fn reload_after<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, crate::error::ServerError>>>,
    version: RwSignal<u32>,
) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
}

#[component]
pub fn DisputeSection(
    booking_id: i64,
    viewer: Party,
    dispute: Option<DisputeView>,
    categories: Vec<DisputeCategory>,
    version: RwSignal<u32>,
) -> impl IntoView {
    match dispute {
        Some(dispute) => view! { <DisputeCase dispute version /> }.into_any(),
        None if categories.is_empty() => ().into_any(),
        None => view! { <ReportProblem booking_id viewer categories version /> }.into_any(),
    }
}

#[component]
fn ReportProblem(
    booking_id: i64,
    viewer: Party,
    categories: Vec<DisputeCategory>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let open = ServerAction::<OpenDispute>::new();
    reload_after(open.value().into(), version);
    let drafts = Drafts::of_page();
    let first = categories[0];
    let chosen_code = drafts.field("dispute-category", first.code());
    let category = Signal::derive(move || {
        chosen_code
            .with(|code| DisputeCategory::parse(code))
            .unwrap_or(first)
    });
    let description = drafts.field("dispute-description", "");
    let refund = drafts.field("dispute-refund", "100");
    let count = drafts.field("dispute-count", "");
    let unfolded = drafts.flag("dispute-form-open");
    let details = NodeRef::<leptos::html::Details>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let counted = count.get_untracked().trim().parse().ok();
        let chosen = category.get_untracked();
        open.dispatch(OpenDispute {
            booking_id,
            form: OpenDisputeForm {
                category: chosen,
                description: description.get_untracked(),
                refund_percent: (viewer == Party::Customer)
                    .then(|| refund.get_untracked().trim().parse().unwrap_or(u32::MAX)),
                message_ids: Vec::new(),
                dishes_missing: (chosen == DisputeCategory::MenuNotAsAgreed)
                    .then_some(counted)
                    .flatten(),
                guests_counted: (chosen == DisputeCategory::GuestCountExceeded)
                    .then_some(counted)
                    .flatten(),
            },
        });
    };
    let count_label = move || match category.get() {
        DisputeCategory::MenuNotAsAgreed => {
            Some("How many agreed dishes were missing or replaced?")
        }
        DisputeCategory::GuestCountExceeded => Some("How many guests did you count?"),
        _ => None,
    };
    view! {
        <details class="dispute-open" data-testid="dispute-open" node_ref=details prop:open=move || unfolded.get()
            on:toggle=move |_| {
                if let Some(details) = details.get_untracked() {
                    unfolded.set(details.open());
                }
            }>
            <summary>"Report a problem"</summary>
            <p class="hint">
                "The other side has 48 hours to answer; the payment stays held meanwhile. "
                "Disputes are decided by "<a href="/disputes">"published rules"</a>"."
            </p>
            <form on:submit=submit class="dispute-form">
                <label>"What went wrong"
                    <select data-testid="dispute-category" prop:value=move || chosen_code.get()
                        on:change=move |ev| chosen_code.set(event_target_value(&ev))>
                        {categories.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || category.get() == c>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"What happened"
                    <textarea rows="4" data-testid="dispute-description" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                {(viewer == Party::Customer).then(|| view! {
                    <label>"Share of the payment to get back (%)"
                        <input type="number" min="0" max="100" data-testid="dispute-refund" prop:value=move || refund.get()
                            on:input=move |ev| refund.set(event_target_value(&ev)) />
                    </label>
                })}
                {move || count_label().map(|label| view! {
                    <label>{label}
                        <input type="number" min="1" data-testid="dispute-count" prop:value=move || count.get()
                            on:input=move |ev| count.set(event_target_value(&ev)) />
                    </label>
                })}
                {move || open.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                <button type="submit" class="button" data-testid="dispute-submit"
                    disabled=move || open.pending().get()>"Open a dispute"</button>
            </form>
        </details>
    }
}

fn ruling_box(ruling: &Ruling, currency: &str, testid: &'static str) -> impl IntoView {
    let refund = if ruling.refund_minor > 0 {
        format!(
            "{} back to the customer",
            money(ruling.refund_minor, currency)
        )
    } else {
        "Nothing refunded".to_owned()
    };
    let penalty = ruling.penalised.map(|party| {
        format!(
            "Counts against {}.",
            match party {
                Party::Chef => "the chef's reliability",
                _ => "the customer's record",
            }
        )
    });
    view! {
        <div class="dispute-ruling" data-testid=testid>
            <strong data-testid="dispute-refund-amount">{refund}</strong>
            <p>{ruling.reason.clone()}</p>
            <p class="muted"><code>{ruling.rule.clone()}</code>" "{penalty}</p>
        </div>
    }
}

fn trail_line(city: &str, event: DisputeEvent) -> impl IntoView {
    let who = match (event.by, event.admin.clone()) {
        (Party::System, Some(admin)) => format!("Admin {admin}"),
        (party, _) => party.label().to_owned(),
    };
    view! {
        <li data-testid="dispute-event">
            <span class="muted">{when(city, event.at)}</span>" · "<strong>{who}</strong>" · "{event.kind_label.clone()}
            {(!event.text.is_empty()).then(|| view! { <p>{event.text.clone()}</p> })}
            {(!event.message_ids.is_empty()).then(|| view! {
                <p class="muted">{format!("Points to messages {:?}", event.message_ids)}</p>
            })}
            {event.photo_urls.into_iter().map(|url| {
                let href = url.clone();
                view! { <a href=href target="_blank"><img class="evidence" src=url alt="Evidence photo" /></a> }
            }).collect_view()}
        </li>
    }
}

/// The dispute's audit trail, oldest first.
pub fn dispute_trail(city: &str, events: Vec<DisputeEvent>) -> impl IntoView {
    view! {
        <ol class="dispute-trail" data-testid="dispute-trail">
            {events.into_iter().map(|event| trail_line(city, event)).collect_view()}
        </ol>
    }
}

#[component]
fn DisputeCase(dispute: DisputeView, version: RwSignal<u32>) -> impl IntoView {
    let id = dispute.id;
    let answer = ServerAction::<AnswerDispute>::new();
    let offer = ServerAction::<DecideOffer>::new();
    let appeal = ServerAction::<AppealRuling>::new();
    reload_after(answer.value().into(), version);
    reload_after(offer.value().into(), version);
    reload_after(appeal.value().into(), version);
    let drafts = Drafts::of_page();
    let statement = drafts.field("dispute-statement", "");
    // A counter-offer meets the claim halfway until the chef types their own.
    let counter = drafts.field(
        "dispute-counter",
        (dispute.claimed_refund_bp / 200).to_string(),
    );
    let reason = drafts.field("dispute-appeal-reason", "");
    let currency = dispute.currency.clone();
    let claim = if dispute.opened_by == Party::Customer {
        format!(
            "{} asks {} of the payment back.",
            dispute.opened_by.label(),
            percent(dispute.claimed_refund_bp)
        )
    } else {
        format!(
            "{} asks that the payment go to the chef.",
            dispute.opened_by.label()
        )
    };
    let deadline = dispute.answer_due_at.map(|due| match dispute.status {
        DisputeStatus::CounterOffered => {
            format!(
                "The offer stands unless refused by {}.",
                when(&dispute.city, due)
            )
        }
        _ => format!(
            "An answer is due by {}; silence loses.",
            when(&dispute.city, due)
        ),
    });
    let error = move || {
        answer
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| offer.value().get().and_then(Result::err))
            .or_else(|| appeal.value().get().and_then(Result::err))
            .map(|error| view! { <ErrorNotice error /> })
    };
    view! {
        <section class="dispute" data-testid="dispute">
            <h2>"Dispute: "{dispute.category_label.clone()}</h2>
            <p class=format!("state state-dispute-{}", dispute.status.code()) data-testid="dispute-status">
                {dispute.status_label.clone()}
            </p>
            <blockquote>{dispute.description.clone()}</blockquote>
            <p>{claim}</p>
            <GuestNeedsNotice needs=dispute.guest_needs.clone() />
            {deadline.map(|text| view! { <p class="muted" data-testid="dispute-deadline">{text}</p> })}
            {dispute.counter_offer_bp.map(|bp| view! {
                <p data-testid="dispute-offer">{format!("Offer on the table: {} back.", percent(bp))}</p>
            })}
            {dispute.ruling.as_ref().map(|ruling| ruling_box(ruling, &currency, "dispute-ruling"))}
            {dispute.appeal_closes_at.filter(|_| dispute.may_appeal).map(|closes| view! {
                <p class="muted">{format!("Either side may appeal once, until {}.", when(&dispute.city, closes))}</p>
            })}
            {dispute.may_answer.then(|| view! {
                <div class="dispute-answer" data-testid="dispute-answer">
                    <h3>"Your answer"</h3>
                    <button type="button" class="button" data-testid="dispute-accept"
                        disabled=move || answer.pending().get()
                        on:click=move |_| { answer.dispatch(AnswerDispute { id, form: AnswerForm::Accept }); }>
                        "Accept the claim"
                    </button>
                    <label>"Offer back (%)"
                        <input type="number" min="0" max="100" data-testid="dispute-counter-percent" prop:value=move || counter.get()
                            on:input=move |ev| counter.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" class="button button-secondary" data-testid="dispute-counter"
                        disabled=move || answer.pending().get()
                        on:click=move |_| {
                            answer.dispatch(AnswerDispute { id, form: AnswerForm::CounterOffer {
                                refund_percent: counter.get_untracked().trim().parse().unwrap_or(u32::MAX),
                                statement: statement.get_untracked(),
                            }});
                        }>
                        "Offer part back"
                    </button>
                    <label>"Your side of it"
                        <textarea rows="3" data-testid="dispute-statement" prop:value=move || statement.get()
                            on:input=move |ev| statement.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="button" class="button button-secondary" data-testid="dispute-contest"
                        disabled=move || answer.pending().get()
                        on:click=move |_| {
                            answer.dispatch(AnswerDispute { id, form: AnswerForm::Contest {
                                statement: statement.get_untracked(),
                                message_ids: Vec::new(),
                            }});
                        }>
                        "Contest it"
                    </button>
                </div>
            })}
            {dispute.may_decide_offer.then(|| view! {
                <div class="dispute-offer-decision">
                    <button type="button" class="button" data-testid="dispute-take-offer"
                        on:click=move |_| { offer.dispatch(DecideOffer { id, take: true }); }>"Take the offer"</button>
                    <button type="button" class="button button-secondary" data-testid="dispute-refuse-offer"
                        on:click=move |_| { offer.dispatch(DecideOffer { id, take: false }); }>"Refuse it"</button>
                </div>
            })}
            {dispute.may_appeal.then(|| view! {
                <details class="dispute-appeal">
                    <summary>"Appeal this ruling"</summary>
                    <label>"Why the ruling is wrong"
                        <textarea rows="3" data-testid="dispute-appeal-reason" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="button" class="button" data-testid="dispute-appeal"
                        on:click=move |_| { appeal.dispatch(AppealRuling { id, reason: reason.get_untracked() }); }>
                        "Appeal to an admin"
                    </button>
                </details>
            })}
            {error}
            {dispute.may_add_evidence.then(|| view! { <EvidenceUpload dispute_id=id version /> })}
            <h3>"What happened so far"</h3>
            {dispute_trail(&dispute.city, dispute.events)}
        </section>
    }
}

/// A photo as evidence, sent to the JSON API with its caption.
#[component]
fn EvidenceUpload(dispute_id: i64, version: RwSignal<u32>) -> impl IntoView {
    let drafts = Drafts::of_page();
    let caption = drafts.field("evidence-caption", "");
    // The file's name, shown when the input was rebuilt empty around a kept choice.
    let chosen_name = drafts.field("evidence-file", "");
    let error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = drafts.chosen_file("evidence") else {
                error.set(Some("Choose a photo first.".to_owned()));
                return;
            };
            let encoded = String::from(js_sys::encode_uri_component(&caption.get_untracked()));
            let url = format!("/api/v1/disputes/{dispute_id}/evidence?caption={encoded}");
            uploading.set(true);
            leptos::task::spawn_local(async move {
                let outcome = crate::components::upload::post_photo(&url, file).await;
                uploading.set(false);
                match outcome {
                    Ok(()) => {
                        drafts.choose_file("evidence", None);
                        chosen_name.set(String::new());
                        caption.set(String::new());
                        version.update(|v| *v += 1);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (dispute_id, uploading, version, caption, drafts);
    };
    view! {
        <form class="upload dispute-evidence" on:submit=upload>
            <label>"A photo as evidence"
                <input type="file" accept=domain::photos::ACCEPTED_TYPES.join(",") node_ref=file_input data-testid="dispute-photo"
                    on:change=move |_| {
                        #[cfg(feature = "hydrate")]
                        {
                            let file = file_input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
                            chosen_name.set(file.as_ref().map(|f| f.name()).unwrap_or_default());
                            drafts.choose_file("evidence", file);
                        }
                    } />
            </label>
            {move || chosen_name.with(|name| (!name.is_empty()).then(|| view! {
                <p class="hint" data-testid="dispute-photo-chosen">{format!("Chosen: {name}")}</p>
            }))}
            <label>"What it shows"
                <input type="text" maxlength="500" data-testid="dispute-photo-caption" prop:value=move || caption.get()
                    on:input=move |ev| caption.set(event_target_value(&ev)) />
            </label>
            <p class="form-error" role="alert" data-testid="dispute-photo-error">{move || error.get()}</p>
            <button type="submit" class="button button-secondary" data-testid="dispute-add-photo" disabled=move || uploading.get()>
                {move || if uploading.get() { "Uploading…" } else { "Add the photo" }}
            </button>
        </form>
    }
}
