//! The chef's kitchen: where a chef edits their profile, photos, dishes, menus and calendar.
//! Every field is checked in the browser with the domain rules as the chef types; the
//! server checks again when a form is sent. Each saved change reloads the kitchen, so what
//! the page shows is what is stored.

mod calendar;
mod dishes;
mod photos;
mod profile;

use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::HashSet;

use super::ErrorNotice;
use crate::{
    api::workspace::{load_kitchen, Kitchen},
    error::ServerError,
};
use domain::{catalog::ChefProfile, FieldError};

/// Shared by the kitchen's sections: reload after a change, and say what happened beside
/// the control that did it (`place`), where the chef is looking.
#[derive(Clone, Copy)]
struct KitchenContext {
    reload: RwSignal<u32>,
    flash: RwSignal<Option<(&'static str, String)>>,
    section: RwSignal<&'static str>,
}

impl KitchenContext {
    fn saved(&self, place: &'static str, message: &str) {
        self.flash.set(Some((place, message.to_owned())));
        self.reload.update(|n| *n += 1);
    }
}

/// The kitchen's sections, one shown at a time: `(id, tab label)`.
const SECTIONS: [(&str, &str); 5] = [
    ("profile", "Profile"),
    ("photos", "Photos"),
    ("dishes", "Dishes"),
    ("menus", "Menus"),
    ("calendar", "Calendar"),
];

/// What the last change at `place` did, beside its button; announced to screen readers.
#[component]
fn Saved(place: &'static str) -> impl IntoView {
    let kitchen = use_kitchen();
    let here = move || {
        kitchen.flash.with(|flash| {
            flash
                .as_ref()
                .filter(|(at, _)| *at == place)
                .map(|(_, m)| m.clone())
        })
    };
    view! {
        <p class="flash" role="status" data-testid=move || here().map(|_| "flash")>{here}</p>
    }
}

fn use_kitchen() -> KitchenContext {
    expect_context::<KitchenContext>()
}

#[component]
pub fn KitchenPage() -> impl IntoView {
    let context = KitchenContext {
        reload: RwSignal::new(0),
        flash: RwSignal::new(None),
        section: RwSignal::new("profile"),
    };
    provide_context(context);
    let kitchen = Resource::new(move || context.reload.get(), |_| load_kitchen());
    view! {
        <Title text="Your kitchen" />
        <section class="kitchen">
            <header class="kitchen-header">
                <h1>"Your kitchen"</h1>
            </header>
            <Transition fallback=|| view! { <p class="loading">"Loading your kitchen…"</p> }>
                {move || Suspend::new(async move {
                    match kitchen.await {
                        Ok(kitchen) => view! { <KitchenView kitchen /> }.into_any(),
                        Err(error) => view! { <KitchenRefusal error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn KitchenRefusal(error: ServerError) -> impl IntoView {
    match error.error.code {
        domain::ErrorCode::Unauthorized => {
            super::set_status(401);
            view! {
                <div class="empty-state">
                    <p>"Log in to manage your chef profile."</p>
                    <p><a href="/login" class="button">"Log in"</a></p>
                </div>
            }
            .into_any()
        }
        domain::ErrorCode::Forbidden => view! {
            <div class="empty-state">
                <p>{error.error.message}</p>
                <p><a href="/account" class="button">"Become a chef"</a></p>
            </div>
        }
        .into_any(),
        _ => view! { <ErrorNotice error /> }.into_any(),
    }
}

#[component]
fn KitchenView(kitchen: Kitchen) -> impl IntoView {
    let Kitchen {
        chef_id,
        display_name,
        profile,
        blocks,
    } = kitchen;
    let public_link = format!("/chefs/{chef_id}");
    match profile {
        None => view! {
            <p class="lead">{format!("Welcome, {display_name}! Start with your profile; dishes, photos and your calendar come next.")}</p>
            <profile::ProfileEditor form=domain::chef_profile::ChefProfileForm {
                city: "Lisbon".into(),
                lat: 38.7223,
                lng: -9.1393,
                years_experience: 0,
                service_radius_km: 25,
                min_guests: 2,
                max_guests: 30,
                ..Default::default()
            } />
        }
        .into_any(),
        Some(profile) => {
            let form = profile.to_form();
            let currency = profile.card.base_rate.currency;
            let ChefProfile { photo, gallery, dishes, menus, weekly_hours, .. } = profile;
            let menu_dishes = dishes.clone();
            view! {
            <p class="lead">"Your public page: "<a href=public_link.clone() data-testid="public-link">{public_link.clone()}</a></p>
            <KitchenTabs />
            <KitchenPanel id="profile"><profile::ProfileEditor form /></KitchenPanel>
            <KitchenPanel id="photos">
                <photos::PhotoManager chef_id photo gallery />
            </KitchenPanel>
            <KitchenPanel id="dishes">
                <dishes::DishManager dishes currency />
            </KitchenPanel>
            <KitchenPanel id="menus">
                <dishes::MenuManager dishes=menu_dishes menus />
            </KitchenPanel>
            <KitchenPanel id="calendar">
                <calendar::CalendarManager hours=weekly_hours blocks />
            </KitchenPanel>
            }
            .into_any()
        }
    }
}

/// One tab per section; the chosen one is shown, the others keep their unsaved input hidden.
#[component]
fn KitchenTabs() -> impl IntoView {
    let kitchen = use_kitchen();
    view! {
        <div class="kitchen-tabs" role="tablist" aria-label="Sections of your kitchen">
            {SECTIONS.iter().map(|&(id, label)| view! {
                <button type="button" role="tab" id=format!("tab-{id}") aria-controls=format!("panel-{id}")
                    data-testid=format!("kitchen-tab-{id}")
                    aria-selected=move || (kitchen.section.get() == id).to_string()
                    on:click=move |_| kitchen.section.set(id)>
                    {label}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn KitchenPanel(id: &'static str, children: Children) -> impl IntoView {
    let kitchen = use_kitchen();
    view! {
        <div role="tabpanel" id=format!("panel-{id}") aria-labelledby=format!("tab-{id}")
            hidden=move || kitchen.section.get() != id>
            {children()}
        </div>
    }
}

/// A form's problems as the browser sees them, shown once a field was left or the form
/// was sent; the server's verdict on a field wins until the chef edits the form again.
#[derive(Clone, Copy)]
struct FormErrors {
    local: Memo<Vec<FieldError>>,
    touched: RwSignal<HashSet<String>>,
    submitted: RwSignal<bool>,
    server: RwSignal<Option<ServerError>>,
}

impl FormErrors {
    fn new(local: Memo<Vec<FieldError>>) -> Self {
        Self {
            local,
            touched: RwSignal::new(HashSet::new()),
            submitted: RwSignal::new(false),
            server: RwSignal::new(None),
        }
    }

    fn message(&self, field: &str) -> Option<String> {
        if let Some(message) = self
            .server
            .with(|e| e.as_ref().and_then(|e| e.field(field)))
        {
            return Some(message);
        }
        let shown = self.submitted.get() || self.touched.with(|t| t.contains(field));
        if !shown {
            return None;
        }
        self.local.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    }

    /// A server error that names no field, or every field error once the form was sent.
    fn general(&self) -> Option<String> {
        self.server.with(|e| {
            e.as_ref()
                .filter(|e| e.error.field.is_none() && e.fields.is_empty())
                .map(|e| e.error.message.clone())
        })
    }

    fn touch(&self, field: &str) {
        let field = field.to_owned();
        self.touched.update(|t| {
            t.insert(field);
        });
    }

    fn edited(&self) {
        if self.server.with_untracked(Option::is_some) {
            self.server.set(None);
        }
    }

    /// Marks the form sent; true when the browser found nothing to fix.
    fn ready_to_send(&self) -> bool {
        self.submitted.set(true);
        self.server.set(None);
        self.local.with_untracked(Vec::is_empty)
    }
}

/// The message under a field.
#[component]
fn FieldMessage(errors: FormErrors, field: String) -> impl IntoView {
    let test_id = format!("error-{field}");
    view! {
        <p class="field-error" data-testid=test_id>{move || errors.message(&field)}</p>
    }
}

/// Watches an action: a success runs `on_success`, a failure goes to the form's errors.
fn on_result<T: 'static>(
    value: impl Fn() -> Option<Result<T, ServerError>> + 'static,
    errors: FormErrors,
    on_success: impl Fn(T) + 'static,
) {
    Effect::new(move |_| match value() {
        Some(Ok(saved)) => on_success(saved),
        Some(Err(error)) => errors.server.set(Some(error)),
        None => {}
    });
}

fn major_units(minor: i64) -> String {
    if minor <= 0 {
        return String::new();
    }
    format!("{}.{:02}", minor / 100, minor % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_show_in_major_units_with_two_decimals() {
        assert_eq!(major_units(6550), "65.50");
        assert_eq!(major_units(0), "", "no price yet shows an empty box");
    }
}
