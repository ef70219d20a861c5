//! Working hours and blocked dates. Hours are in the chef's home-city time; a blocked date
//! covers the whole day there. The server refuses a block that overlaps another.

use chrono::NaiveDate;
use domain::{
    availability::{CalendarBlock, WeeklySchedule, WorkingHours, WEEKDAY_NAMES},
    FieldError,
};
use leptos::prelude::*;

use super::{on_result, use_kitchen, FieldMessage, FormErrors, Saved};
use crate::api::workspace::{BlockDays, RemoveBlock, SaveWeeklyHours};

#[component]
pub fn CalendarManager(hours: Vec<WorkingHours>, blocks: Vec<CalendarBlock>) -> impl IntoView {
    view! {
        <section class="kitchen-card" id="calendar">
            <h2>"Calendar"</h2>
            <WeeklyHoursEditor hours />
            <BlockDaysForm />
            <h3>"Blocked"</h3>
            <BlockList blocks />
        </section>
    }
    .into_any()
}

#[component]
fn WeeklyHoursEditor(hours: Vec<WorkingHours>) -> impl IntoView {
    let kitchen = use_kitchen();
    let rows = RwSignal::new(hours);
    let local = Memo::new(move |_| {
        rows.with(|rows| {
            WeeklySchedule::parse(rows)
                .err()
                .into_iter()
                .collect::<Vec<FieldError>>()
        })
    });
    let errors = FormErrors::new(local);
    let save = ServerAction::<SaveWeeklyHours>::new();
    on_result(
        move || save.value().get(),
        errors,
        move |_| kitchen.saved("hours", "Working hours saved."),
    );
    let edit = move |change: &dyn Fn(&mut Vec<WorkingHours>)| {
        errors.edited();
        rows.update(|r| change(r));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.ready_to_send() {
            save.dispatch(SaveWeeklyHours {
                hours: rows.get_untracked(),
            });
        }
    };
    view! {
        <form on:submit=submit novalidate data-testid="hours-form">
            <h3>"Working hours"</h3>
            <p class="hint">"When you take events, in your city's local time. With no hours set, guests may ask for any time."</p>
            {move || (0..rows.with(Vec::len)).map(|i| view! {
                <div class="row-entry" data-testid="hours-row">
                    <select aria-label="Day" on:change=move |ev| {
                        let day = event_target_value(&ev).parse().unwrap_or(1);
                        edit(&|r| if let Some(row) = r.get_mut(i) { row.weekday = day });
                    }>
                        {(1..=7u8).map(|day| view! {
                            <option value=day.to_string() selected=move || rows.with(|r| r.get(i).map(|row| row.weekday) == Some(day))>
                                {WEEKDAY_NAMES[usize::from(day - 1)]}
                            </option>
                        }).collect_view()}
                    </select>
                    <input type="time" aria-label="From" prop:value=move || rows.with(|r| r.get(i).map(|row| row.starts.clone()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| if let Some(row) = r.get_mut(i) { row.starts = v.clone() }); } />
                    <input type="time" aria-label="Until" prop:value=move || rows.with(|r| r.get(i).map(|row| row.ends.clone()).unwrap_or_default())
                        on:change=move |ev| {
                            // The time picker cannot say 24:00; 00:00 as an end means midnight.
                            let v = event_target_value(&ev);
                            let v = if v == "00:00" { "24:00".to_owned() } else { v };
                            edit(&|r| if let Some(row) = r.get_mut(i) { row.ends = v.clone() });
                        } />
                    <button type="button" class="link-button" on:click=move |_| edit(&|r| { if i < r.len() { r.remove(i); } })>"Remove"</button>
                    <FieldMessage errors field=format!("weekly_hours[{i}].starts") />
                    <FieldMessage errors field=format!("weekly_hours[{i}].ends") />
                </div>
            }).collect_view()}
            <FieldMessage errors field="weekly_hours".into() />
            <p class="form-error" role="alert">{move || errors.general()}</p>
            <div class="button-row">
                <button type="button" class="button button-secondary" data-testid="add-hours"
                    on:click=move |_| edit(&|r| {
                        let weekday = r.last().map(|row| row.weekday % 7 + 1).unwrap_or(1);
                        r.push(WorkingHours { weekday, starts: "12:00".into(), ends: "23:00".into() });
                    })>
                    "Add a shift"
                </button>
                <div class="form-actions">
                    <button type="submit" class="button" data-testid="save-hours">"Save hours"</button>
                    <Saved place="hours" />
                </div>
            </div>
        </form>
    }
}

#[component]
fn BlockDaysForm() -> impl IntoView {
    let kitchen = use_kitchen();
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let local = Memo::new(move |_| {
        let mut problems = Vec::new();
        let first_day: Option<NaiveDate> = first.with(|d| d.parse().ok());
        let last_day: Option<NaiveDate> = last.with(|d| d.parse().ok());
        match (first_day, last_day) {
            (None, _) => problems.push(FieldError::new("first_day", "Choose the first day.")),
            (Some(first), Some(last)) if last < first => problems.push(FieldError::new(
                "last_day",
                "The last day cannot be before the first.",
            )),
            (Some(first), _) if first < crate::clock::today() => {
                problems.push(FieldError::new("first_day", "Choose today or a later day."))
            }
            _ => {}
        }
        if reason.with(|r| r.trim().chars().count() > 200) {
            problems.push(FieldError::new(
                "reason",
                "Keep the note to 200 characters.",
            ));
        }
        problems
    });
    let errors = FormErrors::new(local);
    let block = ServerAction::<BlockDays>::new();
    on_result(
        move || block.value().get(),
        errors,
        move |_| kitchen.saved("blocks", "Dates blocked."),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.ready_to_send() {
            let Ok(first_day) = first.get_untracked().parse() else {
                return;
            };
            let last_day = last.get_untracked().parse().unwrap_or(first_day);
            block.dispatch(BlockDays {
                first_day,
                last_day,
                reason: reason.get_untracked(),
            });
        }
    };
    view! {
        <form on:submit=submit novalidate data-testid="block-form">
            <h3>"Block dates"</h3>
            <div class="field-row">
                <div class="field">
                    <label for="block-first">"First day"</label>
                    <input id="block-first" type="date" name="first_day" prop:value=move || first.get()
                        on:input=move |ev| { errors.edited(); first.set(event_target_value(&ev)); }
                        on:blur=move |_| errors.touch("first_day") />
                    <FieldMessage errors field="first_day".into() />
                </div>
                <div class="field">
                    <label for="block-last">"Last day (optional)"</label>
                    <input id="block-last" type="date" name="last_day" prop:value=move || last.get()
                        on:input=move |ev| { errors.edited(); last.set(event_target_value(&ev)); }
                        on:blur=move |_| errors.touch("last_day") />
                    <FieldMessage errors field="last_day".into() />
                </div>
                <div class="field">
                    <label for="block-reason">"Note (only you see it)"</label>
                    <input id="block-reason" name="reason" prop:value=move || reason.get()
                        on:input=move |ev| { errors.edited(); reason.set(event_target_value(&ev)); } />
                    <FieldMessage errors field="reason".into() />
                </div>
            </div>
            <FieldMessage errors field="starts_at".into() />
            <FieldMessage errors field="ends_at".into() />
            <p class="form-error" role="alert">{move || errors.general()}</p>
            <div class="form-actions">
                <button type="submit" class="button" data-testid="block-dates" disabled=move || block.pending().get()>"Block"</button>
                <Saved place="blocks" />
            </div>
        </form>
    }
}

#[component]
fn BlockList(blocks: Vec<CalendarBlock>) -> impl IntoView {
    let kitchen = use_kitchen();
    let remove = ServerAction::<RemoveBlock>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            kitchen.saved("block-list", "Block removed.");
        }
    });
    if blocks.is_empty() {
        return view! { <p class="muted">"Nothing blocked yet."</p> }.into_any();
    }
    view! {
        <ul class="kitchen-list">
            {blocks.into_iter().map(|block| {
                let id = block.id;
                view! {
                    <li data-testid="kitchen-block">
                        <span>
                            {block.label.clone()}
                            {(!block.reason.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", block.reason)}</span> })}
                        </span>
                        {(block.kind == domain::availability::BlockKind::Blocked).then(|| view! {
                            <button type="button" class="link-button danger" on:click=move |_| { remove.dispatch(RemoveBlock { block_id: id }); }>"Remove"</button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
